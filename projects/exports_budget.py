"""Expense exports (.xlsx, core.excel): one project's 经费支出明细 and the 经费支出台账 of many projects."""

from core.excel import Column, Ledger, scope_name

from . import budget, queries
from .models import Expense

EXPENSE_COLUMNS = [
    Column("支出日期", "date"),
    Column("支出事项", "long"),
    Column("经费来源"),
    Column("金额（元）", "number"),
    Column("凭证", "long"),
    Column("备注", "long"),
    Column("确认超支登记"),
]


def _expense_row(e):
    return [
        e.date,
        e.item,
        e.get_source_display(),
        e.amount,
        "、".join(r.name for r in e.receipts.all()),
        e.note,
        "是" if e.overspend_confirmed else "",
    ]


def expense_sheets(project, user):
    expenses = list(queries.expenses(project))
    s = budget.summary(project, list(project.fundings.all()), expenses)
    note = f"项目经费{budget.money(s.budget)}元，已支出{budget.money(s.spent)}元，结余{budget.money(s.remaining)}元"
    if s.funded:
        note += "；" + "；".join(
            f"{x.label}到位{budget.money(x.funded)}元、支出{budget.money(x.spent)}元" for x in s.sources
        )
    return [
        Ledger(
            name="经费支出明细",
            title=f"{project.title}经费支出明细",
            columns=EXPENSE_COLUMNS,
            rows=[_expense_row(e) for e in expenses],
            org=project.org.name,
            note=note,
            totals=["合计", f"{len(expenses)}笔", "", s.spent, "", "", ""],
        )
    ]


ALL_COLUMNS = [Column("党组织"), Column("项目名称", "long"), *EXPENSE_COLUMNS]


def all_expense_sheets(projects_qs, user):
    expenses = list(
        Expense.objects.filter(project__in=projects_qs.values("pk"))
        .select_related("project__org")
        .prefetch_related("receipts")
        .order_by("project__org__path", "project_id", "date", "id")
    )
    total = sum((e.amount for e in expenses), budget.ZERO)
    return [
        Ledger(
            name="经费支出台账",
            title=f"{scope_name(user)}党建项目经费支出台账",
            columns=ALL_COLUMNS,
            rows=[[e.project.org.name, e.project.title, *_expense_row(e)] for e in expenses],
            org=scope_name(user),
            note=f"共{len(expenses)}笔支出",
            totals=["合计", "", "", f"{len(expenses)}笔", "", total, "", "", ""],
        )
    ]
