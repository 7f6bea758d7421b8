"""督查台账 (.xlsx): every inspection the user reads with its findings and their rectification (core.excel)."""

from core.excel import Column, Ledger, scope_name

from .choices_superv import RectificationState
from .queries_superv import is_overdue

COLUMNS = [
    Column("党组织"),
    Column("项目名称", "long"),
    Column("督查方式"),
    Column("检查日期", "date"),
    Column("检查人"),
    Column("检查情况", "long"),
    Column("发现问题", "long"),
    Column("整改时限", "date"),
    Column("整改状态"),
    Column("是否逾期"),
    Column("整改情况", "long"),
]


def _rows(inspections):
    for i in inspections:
        head = [
            i.project.org.name,
            i.project.title,
            i.get_kind_display(),
            i.date,
            i.inspector.name if i.inspector_id else "",
            i.summary if i.state == "done" else "（已抽中，待检查）",
        ]
        findings = list(i.findings.all())
        if not findings:
            yield [*head, "", None, "", "", ""]
        for f in findings:
            yield [
                *head,
                f.text,
                f.deadline,
                RectificationState(f.state).label,
                "逾期" if is_overdue(f) else "",
                f.report,
            ]


def inspection_sheets(qs, user):
    inspections = list(qs)
    return [
        Ledger(
            name="督查台账",
            title=f"{scope_name(user)}党建项目督查台账",
            columns=COLUMNS,
            rows=list(_rows(inspections)),
            org=scope_name(user),
            note=f"共{len(inspections)}次督查",
        )
    ]
