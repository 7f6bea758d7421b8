"""Working-day limits of the feedback steps (受理, 办结) and the committee an item belongs to."""

import datetime
from dataclasses import dataclass

from core.dates import add_workdays
from orgs.models import Organisation

from .choices import DEFAULT_ACCEPT_DAYS, DEFAULT_ANSWER_DAYS
from .models import FeedbackSettings, ancestor_paths
from .rules import COMMITTEE_KINDS


@dataclass(frozen=True)
class Limits:
    accept_days: int = DEFAULT_ACCEPT_DAYS
    answer_days: int = DEFAULT_ANSWER_DAYS
    org: Organisation | None = None  # whose setting applies (None: the defaults)


def limits_for(org) -> Limits:
    """The setting of the nearest organisation at or above `org` that has one, else the defaults."""
    found = (
        FeedbackSettings.objects.filter(org__path__in=[*ancestor_paths([org.path]), org.path])
        .select_related("org")
        .order_by("-org__depth")
        .first()
    )
    if found is None:
        return Limits()
    return Limits(found.accept_days, found.answer_days, found.org)


def step_due(org, step, start: datetime.date) -> datetime.date:
    """The last day of the step's limit: counted in working days from the day after `start`."""
    limits = limits_for(org)
    days = limits.accept_days if step == "accept" else limits.answer_days
    return add_workdays(start + datetime.timedelta(days=1), days)


def committee_of(org):
    """The nearest 党委/党工委 at or above `org` (the root when there is none): its subtree is where an item may
    be passed on to."""
    found = (
        Organisation.objects.filter(path__in=[*ancestor_paths([org.path]), org.path], kind__in=COMMITTEE_KINDS)
        .order_by("-depth")
        .first()
    )
    return found or Organisation.objects.filter(path=org.path[: Organisation.steplen]).first() or org


def forward_orgs(item):
    """Where an item may be passed on to: the organisations of its committee's subtree but the current handler."""
    root = committee_of(item.org)
    return Organisation.objects.filter(path__startswith=root.path).exclude(kind="group").exclude(pk=item.handler_id)


def committee_above(org):
    """The committee a 共性问题 of `org` is raised to: the nearest 党委/党工委 strictly above it (else its parent)."""
    above = ancestor_paths([org.path])
    found = Organisation.objects.filter(path__in=above, kind__in=COMMITTEE_KINDS).order_by("-depth").first()
    return found or (Organisation.objects.filter(path=above[-1]).first() if above else None)
