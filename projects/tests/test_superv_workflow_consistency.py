"""Every persona × every state of the rectification workflow: `run()` succeeds exactly when `available()` lists
the transition, and the 整改台账 offers (data-transition) exactly those buttons."""

import pytest
from django.test import Client

from core.testing import make_person, make_user, workflow_mismatches
from projects import actions_superv
from projects.choices_superv import RectificationState as R
from projects.models import Finding, SupervisionGroup
from projects.tests.factories import mentor
from projects.tests.superv_factories import days, inspect, running
from projects.workflows_superv import RECTIFICATION

PATHS = {R.NONE: None, R.OPEN: [], R.REPORTED: ["report"], R.CLOSED: ["report", "close"]}


@pytest.fixture
def personas(world):
    u = world.users
    return {
        "branch_admin": u["branch_secretary"],
        "committee_admin": u["committee_admin"],
        "leader": make_user("leader", person=make_person(world.committee, "赵督导", seq=21)),
        "member": u["branch_member"],
        "mentor": mentor(world),
        "other_admin": u["outsider"],
        "sysadmin": u["sysadmin"],
        "auditor": u["auditor"],
    }


def maker(world, personas):
    def make(state):
        project = running(world)
        project.mentors.add(personas["mentor"].person)
        SupervisionGroup.objects.create(
            committee=world.committee, name=f"片区{project.pk}", kind="area", leader=personas["leader"].person
        ).projects.add(project)
        deadline = None if state == R.NONE else days(5)
        finding = inspect(world, project, findings=[("台账不全", deadline)]).findings.get()
        for step in PATHS[state] or []:
            by = personas["branch_admin"] if step == "report" else personas["committee_admin"]
            actions_superv.transition_finding(finding, step, by=by, data={"report": "已整改", "comment": "同意"})
            finding = Finding.objects.get(pk=finding.pk)
        return Finding.objects.select_related("inspection__project__org").get(pk=finding.pk)

    return make


def page(obj, user):
    c = Client()
    c.force_login(user)
    return c.get(f"/projects/rectifications/?project={obj.inspection.project_id}").content.decode()


def test_the_rectification_workflow_is_consistent_everywhere(world, personas):
    problems = workflow_mismatches(
        RECTIFICATION,
        states=list(R),
        make=maker(world, personas),
        personas=personas,
        data=lambda name, f: {"report": "已整改", "comment": "同意", "reason": "不到位"},
        page=page,
    )
    assert problems == []


def test_who_may_do_what(world, personas):
    make = maker(world, personas)

    def listed(state):
        finding = make(state)
        return {
            w: names for w, u in personas.items() if (names := [t.name for t in RECTIFICATION.available(finding, u)])
        }

    assert listed(R.OPEN) == {"branch_admin": ["report"]}
    assert listed(R.REPORTED) == {"committee_admin": ["close", "reopen"], "leader": ["close", "reopen"]}
    assert listed(R.CLOSED) == {}
