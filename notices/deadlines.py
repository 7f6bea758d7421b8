"""When an unsigned notice becomes a reminder (N working days after publication) and an escalation to the branch
secretary (2N working days), as querysets over the recipient rows — one query whatever the number of notices.

A notice published on day P with N = 3 is due for a reminder on the third working day after P (P itself not
counted): a notice published on a Friday before a weekend is reminded on Wednesday. The working days are
China's (core.dates: public holidays and 调休 make-up days)."""

import datetime

from django.db.models import Q

from core import dates

from .models_notices import NoticeState, Recipient

MAX_DAYS = 30


def _start_of(day):
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=dates.SHANGHAI)


def due_on(published_at, n):
    """The day a notice published then is due after n working days."""
    published = published_at.astimezone(dates.SHANGHAI).date()
    return dates.add_workdays(published + datetime.timedelta(days=1), n)


def workdays_back(today, n):
    """The first n working days counting back from today (today first when it is one)."""
    days, day = [], today
    while len(days) < n:
        if dates.is_workday(day):
            days.append(day)
        day -= datetime.timedelta(days=1)
    return days


def past_q(today, factor=1, prefix="notice__"):
    """Q of notices whose `factor` × remind_days working days have passed by today (published before the day)."""
    q = Q(pk__in=[])
    back = workdays_back(today, MAX_DAYS * factor)
    for n in range(1, MAX_DAYS + 1):
        cut = back[n * factor - 1]
        q |= Q(**{f"{prefix}remind_days": n, f"{prefix}published_at__lt": _start_of(cut)})
    return q


def unsigned():
    """Every unsigned recipient row of a published (not archived) notice."""
    return Recipient.objects.filter(signed_at__isnull=True, notice__state=NoticeState.PUBLISHED)


def overdue(today):
    """Unsigned past N working days: each is a reminder to the recipient."""
    return unsigned().filter(past_q(today))


def escalated(today):
    """Unsigned past 2N working days: each is an escalation to the secretary of the recipient's branch."""
    return unsigned().filter(past_q(today, factor=2))
