"""Reads of supervision and mentors shared by pages, the API and the export (always through visible_to)."""

from django.db.models import Prefetch, Q

from core.dates import today

from .choices_superv import RectificationState
from .models import Finding, Inspection, MentorComment, MentorProfile, SupervisionGroup


def _findings():
    return Prefetch("findings", queryset=Finding.objects.order_by("id"))


def inspections(user, *, project=None, kind=None, under=None, overdue=False, pending=None):
    """督查台账: the inspections the user reads, newest first, with their findings (constant queries)."""
    qs = (
        Inspection.objects.visible_to(user)
        .select_related("project__org", "inspector", "sample")
        .prefetch_related(_findings())
        .order_by("-date", "-id")
    )
    if project is not None:
        qs = qs.filter(project=project)
    if kind:
        qs = qs.filter(kind=kind)
    if under is not None:
        qs = qs.filter(project__org__path__startswith=under.path)
    if pending is not None:
        qs = qs.filter(state="pending" if pending else "done")
    if overdue:
        qs = qs.filter(findings__state=RectificationState.OPEN, findings__deadline__lt=today()).distinct()
    return qs


def rectifications(user, *, state=None, overdue=False, under=None):
    """整改台账: findings that demand rectification, the earliest deadline first."""
    qs = (
        Finding.objects.visible_to(user)
        .exclude(state=RectificationState.NONE)
        .select_related("inspection__project__org")
        .order_by("deadline", "id")
    )
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.filter(state=RectificationState.OPEN, deadline__lt=today())
    if under is not None:
        qs = qs.filter(inspection__project__org__path__startswith=under.path)
    return qs


def groups(user):
    return (
        SupervisionGroup.objects.visible_to(user)
        .select_related("committee", "leader__org")
        .prefetch_related("projects__org")
    )


def mentors(user, *, kind=None):
    qs = MentorProfile.objects.visible_to(user).filter(active=True).select_related("committee", "person__org")
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def comments(project, user):
    return MentorComment.objects.visible_to(user).filter(project=project).select_related("author__person")


def is_overdue(finding, on=None):
    return bool(finding.state == RectificationState.OPEN and finding.deadline and finding.deadline < (on or today()))


def overdue_q(prefix=""):
    return Q(**{f"{prefix}state": RectificationState.OPEN, f"{prefix}deadline__lt": today()})
