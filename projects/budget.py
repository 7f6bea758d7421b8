"""The project budget's arithmetic: funding per source, spending, remaining, and the overspend warning."""

from dataclasses import dataclass, field
from decimal import Decimal

from .choices import CategoryKind
from .models import FundingSource

ZERO = Decimal("0.00")
OPEN_FOR_EXPENSES = ("approved", "in_progress", "closing_requested")
CLOSED_FOR_FUNDING = ("accepted", "not_accepted", "rejected")


def money(value):
    return f"{Decimal(value or 0):,.2f}"


@dataclass
class SourceLine:
    source: str
    label: str
    funded: Decimal = ZERO
    spent: Decimal = ZERO

    @property
    def remaining(self):
        return self.funded - self.spent


@dataclass
class Summary:
    budget: Decimal | None
    funded: Decimal
    spent: Decimal
    sources: list[SourceLine] = field(default_factory=list)

    @property
    def remaining(self):
        return (self.budget or ZERO) - self.spent

    @property
    def overspent(self):
        return self.spent > (self.budget or ZERO)

    @property
    def percent(self):
        if not self.budget:
            return None
        return int(min(Decimal(999), self.spent * 100 / self.budget))


def innovation_allowed(project):
    """创新资助 goes only to projects of a 试点类 category (seed 001)."""
    return project.category_id is not None and project.category.kind == CategoryKind.PILOT


def summary(project, fundings=None, expenses=None):
    """Totals from the given rows (prefetched on pages) or the project's own."""
    fundings = list(project.fundings.all()) if fundings is None else fundings
    expenses = list(project.expenses.all()) if expenses is None else expenses
    lines = {s: SourceLine(s, label) for s, label in FundingSource.choices}
    for f in fundings:
        lines[f.source].funded += f.amount
    for e in expenses:
        lines[e.source].spent += e.amount
    return Summary(
        budget=project.budget,
        funded=sum((f.amount for f in fundings), ZERO),
        spent=sum((e.amount for e in expenses), ZERO),
        sources=[line for line in lines.values() if line.funded or line.spent],
    )


def overspend_warnings(project, source, amount):
    """What adding an expense of `amount` from `source` would overspend (empty list: nothing)."""
    s = summary(project)
    out = []
    budget = project.budget or ZERO
    after = s.spent + amount
    if after > budget:
        out.append(
            f"登记后支出合计{money(after)}元，超出项目经费{money(budget)}元{money(after - budget)}元"
            if budget
            else f"项目经费尚未填写（为0元），登记后支出合计{money(after)}元"
        )
    line = next((x for x in s.sources if x.source == source), None)
    funded = line.funded if line else ZERO
    spent = line.spent if line else ZERO
    if s.funded and spent + amount > funded:
        label = FundingSource(source).label
        out.append(
            f"{label}已到位{money(funded)}元，登记后该来源支出{money(spent + amount)}元，超出{money(spent + amount - funded)}元"
        )
    return out
