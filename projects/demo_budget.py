"""Demo budget: funding lines and expenses (with a receipt) of the demo's running and finished projects.

Running projects (立项后、验收前) get theirs through the actions, one with a confirmed overspend; the history of
projects already accepted or not accepted is seeded as it was recorded before their acceptance.
"""

import datetime
from decimal import Decimal

from core.dates import today

from . import actions_budget, budget
from .models import Expense, Funding, Project

# (item, share of the budget)
LINES = [
    ("印制宣传资料和服务台账", Decimal("0.25")),
    ("志愿服务物资", Decimal("0.3")),
    ("专题培训场地和资料", Decimal("0.2")),
]
# A tiny valid PDF as the receipt (凭证) of each first expense line.
RECEIPT = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def _day(project, n):
    start = project.start or today()
    return min(start + datetime.timedelta(days=20 * (n + 1)), today())


def _admin(project):
    from accounts.models import RoleAssignment

    grant = RoleAssignment.objects.filter(role="org_admin", org=project.org).select_related("user").first()
    return grant.user if grant else None


def _link_records(project, by):
    """The project's meetings and activities (活动记录) of its organisation since it started: the latest two."""
    from records.models import Record

    since = project.start or today()
    for record in Record.objects.filter(org=project.org, date__gte=since).order_by("-date", "-id")[:2]:
        actions_budget.link_record(project, record, by=by)


def build(world):
    projects = Project.objects.select_related("org", "category").filter(budget__isnull=False).order_by("id")
    overspent_done = False
    for index, project in enumerate(projects):  # by position, not by id: the same demo on every database
        by = _admin(project)
        if by is None or project.state in ("draft", "rejected", "returned"):
            continue
        if project.state in ("submitted",):
            if budget.innovation_allowed(project):
                actions_budget.add_funding(
                    project, by=by, data={"source": "innovation", "amount": "3000", "note": "区直机关工委创新资助"}
                )
            continue
        amount = project.budget
        if project.state in budget.OPEN_FOR_EXPENSES:
            actions_budget.add_funding(
                project, by=by, data={"source": "own", "amount": str(amount), "note": "支部党建工作经费"}
            )
            if budget.innovation_allowed(project):
                actions_budget.add_funding(
                    project, by=by, data={"source": "innovation", "amount": "2000", "note": "创新资助"}
                )
            for n, (item, share) in enumerate(LINES[: 1 + index % 3]):
                files = [("发票.pdf", len(RECEIPT), lambda _n: RECEIPT)] if n == 0 else []
                data = {
                    "date": _day(project, n).isoformat(),
                    "item": item,
                    "source": "own",
                    "amount": str((amount * share).quantize(Decimal("0.01"))),
                }
                actions_budget.add_expense(project, by=by, data=data, files=files)
            if not overspent_done and project.state == "in_progress":
                data = {
                    "date": _day(project, 4).isoformat(),
                    "item": "成果展板制作（超出预算，经支委会研究同意）",
                    "source": "own",
                    "amount": str(amount),
                    "confirm_overspend": "on",
                }
                actions_budget.add_expense(project, by=by, data=data)
                overspent_done = True
            _link_records(project, by)
        else:  # accepted / not accepted: the lines recorded while it ran
            Funding.objects.create(project=project, source="own", amount=amount, note="支部党建工作经费", created_by=by)
            for n, (item, share) in enumerate(LINES[:2]):
                Expense.objects.create(
                    project=project,
                    date=_day(project, n),
                    item=item,
                    source="own",
                    amount=(amount * share).quantize(Decimal("0.01")),
                    created_by=by,
                )
