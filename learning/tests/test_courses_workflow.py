"""The course workflow for every persona and state: `run()` succeeds exactly when `available()` lists the
transition, and the course page offers (data-transition) exactly those — the committee admin manages the
committee's course; the branch admin, a member, another branch's admin and the system roles do not."""

import pytest
from django.test import Client

from core.testing import workflow_mismatches
from learning.choices import CourseState
from learning.models_courses import Course
from learning.tests.factories_courses import add_article, make_course
from learning.workflows_courses import COURSE

pytestmark = pytest.mark.django_db


def test_the_course_workflow_is_consistent_for_every_persona(world):
    u = world.users
    admin = u["committee_admin"]
    personas = {
        name: u[name]
        for name in (
            "committee_admin",
            "branch_secretary",
            "branch_member",
            "outsider",
            "sysadmin",
            "secadmin",
            "auditor",
        )
    }

    def make(state):
        course = make_course(admin, world.committee)
        add_article(course, admin)
        Course.objects.filter(pk=course.pk).update(state=state)
        return Course.objects.select_related("org").get(pk=course.pk)

    def page(course, user):
        c = Client()
        c.force_login(user)
        return c.get(f"/learning/courses/{course.pk}/").content.decode()

    assert workflow_mismatches(COURSE, states=list(CourseState), make=make, personas=personas, page=page) == []


def test_a_course_is_published_withdrawn_and_archived(world, committee_admin, branch_member):
    course = make_course(committee_admin, world.committee)
    add_article(course, committee_admin)
    assert [t.name for t in COURSE.available(course, committee_admin)] == ["publish"]
    assert COURSE.available(course, branch_member) == []
    course = COURSE.run(course, "publish", by=committee_admin)
    assert course.published_at is not None
    assert [t.name for t in COURSE.available(course, committee_admin)] == ["withdraw", "archive"]
    course = COURSE.run(course, "withdraw", by=committee_admin)
    assert not Course.objects.visible_to(branch_member).filter(pk=course.pk).exists()
    course = COURSE.run(course, "archive", by=committee_admin)
    assert Course.objects.visible_to(branch_member).filter(pk=course.pk).exists()  # read-only history
