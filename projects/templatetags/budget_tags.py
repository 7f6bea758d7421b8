"""The budget and links panel of the project page: what it shows, computed once per page (no view change)."""

from django import template

from .. import budget, queries
from ..models import FundingSource

register = template.Library()


@register.simple_tag
def budget_panel_data(project, user):
    from points.choices import EDITABLE_STATES
    from points.models import Declaration
    from records.models import Record

    fundings = list(project.fundings.all())
    expenses = list(queries.expenses(project))
    may_manage = user.has_perm("projects.manage_budget", project)
    may_link = user.has_perm("projects.link_record", project)
    records = list(queries.linked_records(project, user))
    linked = {r.pk for r in records}
    candidates = []
    if may_link:
        candidates = [
            r
            for r in Record.objects.visible_to(user)
            .filter(org__path__startswith=project.org.path)
            .order_by("-date", "-id")[:60]
            if r.pk not in linked
        ]
    citations = list(queries.citing_declarations(project, user))
    cited = {d.pk for d in citations}
    my_declarations = [
        d
        for d in Declaration.objects.visible_to(user)
        .filter(declared_by=user, state__in=list(EDITABLE_STATES))
        .select_related("item")
        .order_by("-id")[:30]
        if d.pk not in cited
    ]
    innovation = budget.innovation_allowed(project)
    return {
        "summary": budget.summary(project, fundings, expenses),
        "fundings": fundings,
        "expenses": expenses,
        "may_manage": may_manage,
        "expenses_open": project.state in budget.OPEN_FOR_EXPENSES,
        "funding_open": project.state not in budget.CLOSED_FOR_FUNDING,
        "sources": [(s, label) for s, label in FundingSource.choices if innovation or s != FundingSource.INNOVATION],
        "innovation_allowed": innovation,
        "records": records,
        "may_link": may_link,
        "record_candidates": candidates,
        "citations": citations,
        "my_declarations": my_declarations,
        "problems": list(project.problems.all()),
    }


@register.filter(name="money")
def money_filter(value):
    """1234.5 → "1,234.50" (the amounts of the budget, as the messages write them)."""
    if value is None or value == "":
        return ""
    return budget.money(value)
