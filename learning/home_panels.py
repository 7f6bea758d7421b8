"""Home-page panel of 网络学院 (declared in LearningConfig.home_panels; see core/home_panels.py)."""

from django.urls import reverse

from accounts import scope
from core.home_panels import Panel
from orgs.models import Person

from . import hours


def my_hours(user, today):
    """我的学时: this year's hours of the user's person against her requirement."""
    if not user.person_id or scope.is_system_user(user) or not scope.business_paths(user):
        return None
    person = hours.with_hours(Person.objects.filter(pk=user.person_id).party_members(), today.year).first()
    if person is None:
        return None
    required = hours.requirement(person.org, today.year).for_person(person.cadre)
    h = {"earned": person.earned, "required": required, "missing": max(required - person.earned, hours.ZERO)}
    percent = min(100, int(person.earned * 100 / required)) if required else 100
    return Panel(
        title="我的学时",
        template="learning/_home_my_hours.html",
        url=reverse("learning:hours"),
        data={"h": h, "percent": percent, "months_left": hours.months_left(today.year, today)},
    )
