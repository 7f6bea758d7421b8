"""进度表: the tasks as an .xlsx sheet (core.excel) and as the static Gantt of the A4 print."""

import datetime

from core.excel import Column, Ledger

COLUMNS = [
    Column("序号", "int"),
    Column("任务名称", "long"),
    Column("上级任务"),
    Column("负责人"),
    Column("开始日期", "date"),
    Column("结束日期", "date"),
    Column("工期（天）", "int"),
    Column("进度（%）", "int"),
    Column("里程碑"),
    Column("前置任务", "long"),
    Column("基线开始", "date"),
    Column("基线结束", "date"),
    Column("偏差（天）", "int"),
    Column("关键路径"),
    Column("可延后（天）", "int"),
]


def predecessors_text(row, titles):
    return "、".join(
        f"{titles.get(p, p)}（间隔{lag}天）" if lag else str(titles.get(p, p)) for p, lag in row.depends_on
    )


def duration(task):
    return 0 if task.milestone else (task.end - task.start).days + 1


def _row(n, row, titles):
    t = row.task
    return [
        n,
        ("　" * row.depth) + t.title,
        titles.get(t.parent_id, "") if t.parent_id else "",
        t.owner.name if t.owner_id else "",
        t.start,
        t.end,
        duration(t),
        row.progress,
        "是" if t.milestone else "",
        predecessors_text(row, titles),
        t.baseline_start,
        t.baseline_end,
        row.slip,
        "是" if row.critical else "",
        row.float,
    ]


def task_sheets(project, rows, user):
    titles = {r.task.pk: r.task.title for r in rows}
    late = sum(1 for r in rows if r.late)
    return [
        Ledger(
            name="任务进度表",
            title=f"{project.title}任务进度表",
            columns=COLUMNS,
            rows=[_row(n, r, titles) for n, r in enumerate(rows, start=1)],
            org=project.org.name,
            note=f"共{len(rows)}项任务" + (f"，{late}项较基线延误" if late else ""),
        )
    ]


def _months(first, last):
    out = []
    d = first.replace(day=1)
    while d <= last:
        nxt = (d.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        out.append((d, nxt))
        d = nxt
    return out


def print_chart(project, rows):
    """What the print template draws: month columns and, per row, bars as percentages of the span."""
    days = [r.task.start for r in rows] + [r.task.end for r in rows]
    days += [d for r in rows for d in (r.task.baseline_start, r.task.baseline_end) if d]
    if project.start and project.end:
        days += [project.start, project.end]
    if not days:
        return {"rows": [], "months": [], "span": None}
    first, last = min(days), max(days)
    months = _months(first, last)
    origin, stop = months[0][0], months[-1][1]
    total = (stop - origin).days

    def pct(d):
        return round((d - origin).days * 100 / total, 3)

    titles = {r.task.pk: r.task.title for r in rows}
    drawn = []
    for n, r in enumerate(rows, start=1):
        t = r.task
        end_point = t.end + datetime.timedelta(days=0 if t.milestone else 1)
        bar = {"left": pct(t.start), "width": max(pct(end_point) - pct(t.start), 0.6)}
        base = None
        if t.baseline_start and t.baseline_end:
            b_end = t.baseline_end + datetime.timedelta(days=0 if t.milestone else 1)
            base = {"left": pct(t.baseline_start), "width": max(pct(b_end) - pct(t.baseline_start), 0.6)}
        drawn.append(
            {
                "n": n,
                "row": r,
                "task": t,
                "bar": bar,
                "base": base,
                "duration": duration(t),
                "predecessors": predecessors_text(r, titles),
            }
        )
    month_cols = [
        {"label": f"{a.month}月", "year": a.year, "width": round((b - a).days * 100 / total, 3)} for a, b in months
    ]
    return {"chart": drawn, "months": month_cols, "span": (origin, stop - datetime.timedelta(days=1))}
