"""The 驾驶舱 widget of 七彩心桥 (core.modules.CockpitWidget): feedback answered within the working-day limit
(办结时限) over the subtree's handling organisations, per branch.

An answered item was on time when it was answered by the last day of its 办结 period, counted as the workflow
counts it (limits.step_due: working days from the day after it was accepted, or passed on to its handler); an
open item past its current limit is late already. Three queries whatever the subtree's size: the branches, the
year's items, the limit settings at and above the subtree. The item rows are read per request (a subtree's
feedback of a year is counted in dozens or hundreds, not in the records' thousands).
"""

import datetime

from django.urls import reverse
from django.utils import timezone

from core import cockpit
from core.dates import SHANGHAI, add_workdays
from orgs.models import Organisation

from .choices import ANSWERED_STATES, OPEN_STATES
from .limits import Limits
from .models import Feedback, FeedbackSettings, ancestor_paths


def _local(dt):
    return timezone.localtime(dt, SHANGHAI).date() if dt else None


def _limits(org):
    """{org path: Limits} of every setting at, above or below `org` (the nearest above an org applies)."""
    rows = FeedbackSettings.objects.filter(org__path__in=[*ancestor_paths([org.path]), org.path]) | (
        FeedbackSettings.objects.filter(org__path__startswith=org.path)
    )
    return {s.org.path: Limits(s.accept_days, s.answer_days, s.org) for s in rows.select_related("org")}


def limits_at(path, table):
    for n in range(len(path), 0, -Organisation.steplen):
        found = table.get(path[:n])
        if found is not None:
            return found
    return Limits()


def answered_on_time(item, table):
    """True/False for an answered item (on time or not), None for one whose limit is not known."""
    start = _local(item["forwarded_at"] or item["accepted_at"])
    answered = _local(item["answered_at"])
    if start is None or answered is None:
        return None
    due = add_workdays(start + datetime.timedelta(days=1), limits_at(item["handler__path"], table).answer_days)
    return answered <= due


def rows(org, year):
    return list(
        Feedback.objects.filter(handler__path__startswith=org.path, created_at__year=year)
        .order_by()
        .values("id", "handler_id", "handler__path", "state", "accepted_at", "forwarded_at", "answered_at", "due_on")
    )


def feedback_on_time(user, org, today):
    """意见建议按时办结率: of the year's items answered or past their limit, those answered within it."""
    items = rows(org, today.year)
    if not items:
        return None
    table = _limits(org)
    branches = cockpit.Branches(org)
    per = {}
    for it in items:
        if it["state"] in ANSWERED_STATES and it["answered_at"]:
            ok = answered_on_time(it, table)
        elif it["state"] in OPEN_STATES and it["due_on"] and it["due_on"] < today:
            ok = False  # still open past its limit: late whatever happens next
        else:
            continue
        if ok is None:
            continue
        branch = branches.of(it["handler__path"])
        key = branch.id if branch else None
        acc = per.setdefault(key, [branch or org, 0, 0, 0])
        acc[1] += 1
        acc[2] += ok
        acc[3] += it["state"] in OPEN_STATES
    if not per:
        return None
    url = reverse("feedback:feedback_list")
    out = []
    for b, counted, ok, overdue in sorted(per.values(), key=lambda a: (a[2] / a[1], a[0].name)):
        r = cockpit.percent(ok, counted)
        label = f"按时办结 {ok}/{counted} 件" + (f"，{overdue} 件逾期未办结" if overdue else "")
        out.append(
            cockpit.item(
                b, label, r, "red" if overdue else cockpit.rate_status(r), url + ("?overdue=1" if overdue else "")
            )
        )
    counted = sum(a[1] for a in per.values())
    ok = sum(a[2] for a in per.values())
    rate = cockpit.percent(ok, counted)
    return cockpit.widget(
        "feedback_on_time",
        "意见建议按时办结率",
        rate,
        "%",
        cockpit.rate_status(rate),
        out,
        note=f"{today.year}年已办结或已逾期 {counted} 件，按时办结 {ok} 件",
    )
