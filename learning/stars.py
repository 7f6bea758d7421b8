"""学习之星: the ranking of a subtree's members by the study hours of a month or a quarter (the ledger's counting
credits dated in the period, exam credits included), then by the exams they passed in it (handed in within the
period, each exam once), ties in both sharing their rank (core.ranking)."""

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Sum

from core.ranking import ranked
from orgs.models import Person

from .choices import StarPeriod
from .forms_extras import StarPeriodForm
from .models import Attempt, HourEntry

PeriodOnly = StarPeriodForm
LIMIT = 30  # rows a ranking page shows (the page says how many more there are)


def period_bounds(kind, year, period):
    if kind == StarPeriod.MONTH:
        first = datetime.date(year, period, 1)
        return first, datetime.date(year, period, calendar.monthrange(year, period)[1])
    first_month = 3 * (period - 1) + 1
    last_month = first_month + 2
    return datetime.date(year, first_month, 1), datetime.date(
        year, last_month, calendar.monthrange(year, last_month)[1]
    )


def period_end(kind, year, period):
    return period_bounds(kind, year, period)[1]


def last_period(kind, today):
    """The period before today's (the month or quarter whose stars may be named now)."""
    if kind == StarPeriod.MONTH:
        first = today.replace(day=1) - datetime.timedelta(days=1)
        return first.year, first.month
    quarter = (today.month - 1) // 3 + 1
    return (today.year, quarter - 1) if quarter > 1 else (today.year - 1, 4)


@dataclass(frozen=True)
class Row:
    rank: int
    person: Person
    hours: Decimal
    exams_passed: int = 0


def ranking(org, kind, year, period):
    """The subtree's active Party members with hours or a passed exam in the period: the most hours first, then
    the most exams passed, ties sharing a rank (three queries: the hours, the passes, and the people)."""
    from core.dates import SHANGHAI

    start, end = period_bounds(kind, year, period)
    sums = dict(
        HourEntry.objects.counting()
        .filter(person__org__path__startswith=org.path, date__gte=start, date__lte=end)
        .values("person")
        .annotate(s=Sum("hours"))
        .values_list("person", "s")
    )
    since = datetime.datetime.combine(start, datetime.time.min, SHANGHAI)
    until = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, SHANGHAI)
    passes = dict(
        Attempt.objects.filter(
            person__org__path__startswith=org.path, passed=True, submitted_at__gte=since, submitted_at__lt=until
        )
        .values("person")
        .annotate(n=Count("exam", distinct=True))
        .values_list("person", "n")
    )
    wanted = {pk for pk, s in sums.items() if s} | set(passes)
    people = Person.objects.filter(pk__in=wanted).active().party_members()
    people = list(people.select_related("org").order_by("org__path", "name", "id"))

    def key(p):
        return (sums.get(p.pk) or 0, passes.get(p.pk, 0))

    return [
        Row(rank, p, Decimal(sums.get(p.pk) or 0).quantize(Decimal("0.1")), passes.get(p.pk, 0))
        for rank, p in ranked(people, key=key)
    ]


def checked_period(kind, year, period):
    """(year, period) when the period exists, else Invalid (a quarter is 1–4, a month 1–12)."""
    from core.errors import Invalid

    top = 12 if kind == StarPeriod.MONTH else 4
    if not 1 <= int(period) <= top:
        message = "月份应为 1 至 12。" if kind == StarPeriod.MONTH else "季度应为 1 至 4。"
        raise Invalid(message, {"period": [message]})
    return int(year), int(period)


def named_ids(org, kind, year, period):
    from .models_extras import StudyStar

    return set(
        StudyStar.objects.filter(org=org, period_kind=kind, year=year, period=period).values_list("person", flat=True)
    )


def period_label(kind, year, period):
    from .models_extras import period_label as label

    return label(kind, year, period)
