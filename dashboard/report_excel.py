"""The monthly report's .xlsx annex (core/excel.py 台账): the figures, the warnings per branch, the rankings
and the committee's comments, all read from the report's frozen snapshot."""

from core.excel import Column, Ledger

from .checks import STATUS_LABELS
from .models_warnings import REPORT_SECTIONS


def _status(code):
    return STATUS_LABELS.get(code or "", "—")


def sheets(obj):
    snap = obj.snapshot or {}
    data = snap.get("sections", {})
    warnings = snap.get("warnings", {})
    org = snap.get("org", {}).get("name", obj.org.name)
    figures = Ledger(
        name="主要指标",
        title=f"{obj.title} · 主要指标",
        org=org,
        columns=[Column("指标"), Column("数值", "number"), Column("单位"), Column("状态"), Column("说明", "long")],
        rows=[
            [d["title"], d.get("value"), d.get("unit", ""), _status(d.get("status")), d.get("note", "")]
            for d in data.get("done", [])
        ],
    )
    checks = warnings.get("checks", [])
    grid = Ledger(
        name="三会一课预警",
        title=f"{obj.title} · 各党支部预警",
        org=org,
        columns=[Column("党支部"), *[Column(c["label"]) for c in checks], Column("红"), Column("黄"), Column("绿")],
        rows=[
            [
                r["org"]["name"],
                *[
                    (
                        f"{_status(r['findings'][c['code']]['status'])}：{r['findings'][c['code']]['text']}"
                        if c["code"] in r["findings"]
                        else "—"
                    )
                    for c in checks
                ],
                r["red"],
                r["amber"],
                r["green"],
            ]
            for r in warnings.get("rows", [])
        ],
        totals=[
            "合计",
            *["" for _c in checks],
            *(sum(r[k] for r in warnings.get("rows", [])) for k in ("red", "amber", "green")),
        ],
    )
    late = Ledger(
        name="逾期与预警",
        title=f"{obj.title} · 逾期与预警",
        org=org,
        columns=[Column("党支部"), Column("事项"), Column("状态"), Column("说明", "long")],
        rows=[[x["org"]["name"], x["check"], _status(x["status"]), x["text"]] for x in data.get("late", [])],
    )
    ranks = Ledger(
        name="排名",
        title=f"{obj.title} · 排名",
        org=org,
        columns=[Column("排名表"), Column("名次", "int"), Column("党组织"), Column("数值")],
        rows=[
            [t["title"], r["rank"], r["org"]["name"], r["value"]] for t in data.get("rankings", []) for r in t["rows"]
        ],
    )
    comments = Ledger(
        name="党委评语",
        title=f"{obj.title} · 党委评语",
        org=org,
        columns=[Column("部分"), Column("评语", "long")],
        rows=[[label, obj.comments.get(key, "")] for key, label in REPORT_SECTIONS],
    )
    return [figures, grid, late, ranks, comments]
