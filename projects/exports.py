"""项目管理台账: the projects as a printable .xlsx ledger (core.excel)."""

from core.excel import Column, Ledger, scope_name

COLUMNS = [
    Column("党组织"),
    Column("项目名称", "long"),
    Column("口号", "long"),
    Column("类别"),
    Column("层级"),
    Column("责任人"),
    Column("包联领导"),
    Column("工作队伍", "long"),
    Column("导师"),
    Column("项目经费（元）", "number"),
    Column("已支出（元）", "number"),
    Column("结余（元）", "number"),
    Column("开始日期", "date"),
    Column("完成时限", "date"),
    Column("预期目标", "long"),
    Column("考核机制", "long"),
    Column("破解的问题清单", "long"),
    Column("状态"),
]


def _row(p):
    return [
        p.org.name,
        p.title,
        p.slogan,
        p.category.name if p.category_id else "",
        p.get_tier_display(),
        p.owner.name if p.owner_id else "",
        p.liaison_leader.name if p.liaison_leader_id else "",
        "、".join(x.name for x in p.team.all()),
        "、".join(x.name for x in p.mentors.all()),
        p.budget,
        p.spent,
        (p.budget or 0) - p.spent,
        p.start,
        p.end,
        p.expected_goal,
        "；".join(f"{c.name}{c.weight}%" for c in p.criteria.all()),
        "；".join(x.title for x in p.problems.all()),
        p.state_label,
    ]


def project_sheets(qs, user):
    from .queries import with_spent

    projects = list(with_spent(qs))
    total = sum((p.budget or 0) for p in projects)
    spent = sum((p.spent or 0) for p in projects)
    return [
        Ledger(
            name="项目管理台账",
            title=f"{scope_name(user)}党建项目管理台账",
            columns=COLUMNS,
            rows=[_row(p) for p in projects],
            org=scope_name(user),
            note=f"共{len(projects)}个项目",
            totals=[
                "合计",
                f"{len(projects)}个项目",
                "",
                "",
                "",
                "",
                "",
                "",
                "",
                total,
                spent,
                total - spent,
                None,
                None,
                "",
                "",
                "",
                "",
            ],
        )
    ]
