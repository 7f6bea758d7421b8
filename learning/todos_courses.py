"""To-dos of 在线学习 (joined into the module's to-dos by learning/todos.py): each required course offered to the
learner's organisation, meant for her (her category, or 党务干部 while she holds a post) and not yet completed,
due by its deadline (the inbox shows it overdue once past)."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from accounts import scope
from core.todos import TodoItem, capped
from orgs.models import Person, Position

from .choices import CourseState
from .models_courses import Course, CourseProgress

GROUP = "learning"


def _required_open(user, today):
    """One query: the published required courses she still has to complete (no query at all for a non-learner)."""
    if not user.person_id or scope.is_system_user(user) or not scope.business_paths(user):
        return Course.objects.none()
    me = Person.objects.filter(pk=user.person_id, status="active")
    offered = Exists(me.filter(org__path__startswith=OuterRef("org__path")))
    meant = Q(pk__in=[])
    for cat in ("full", "probationary", "candidate"):
        meant |= Q(audience__contains=f",{cat},") & Exists(me.filter(category=cat))
    start, end = datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31)
    held = Position.objects.filter(person_id=user.person_id).filter(
        Q(started_on__isnull=True) | Q(started_on__lte=end), Q(ended_on__isnull=True) | Q(ended_on__gte=start)
    )
    meant |= Q(audience__contains=",cadre,") & Exists(held)
    done = CourseProgress.objects.filter(course=OuterRef("pk"), person_id=user.person_id, completed_at__isnull=False)
    return (
        Course.objects.filter(state=CourseState.PUBLISHED, required=True)
        .filter(offered)
        .filter(meant)
        .exclude(Exists(done))
    )


def items(user, today):
    qs = _required_open(user, today).select_related("org").order_by("due", "id")

    def make(c):
        return TodoItem(
            group=GROUP,
            kind="learning.course_required",
            label="必修课程待学习",
            text=f"学习必修课程《{c.title}》",
            url=reverse("learning:course_detail", args=[c.pk]),
            due=c.due,
            note=f"{c.org.name}发布",
        )

    def more(n):
        return TodoItem(
            group=GROUP,
            kind="learning.course_required",
            label="必修课程待学习",
            text=f"另有{n}门必修课程待学习",
            url=reverse("learning:courses"),
            count=n,
        )

    return capped(qs, make, total=lambda: qs.count(), more=more)


def counted(user, today):
    return [_required_open(user, today)]
