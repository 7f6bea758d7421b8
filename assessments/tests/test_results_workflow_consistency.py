"""The results transitions of the round (publicize, announce): for every persona and state, `run()` succeeds
exactly when `available()` lists the transition, and the results page offers exactly those buttons."""

import datetime

import pytest
from django.test import Client

from assessments import actions_results, demo_results, workflows_results
from assessments.tests import results_world
from core import workflow
from core.testing import make_user, workflow_mismatches

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(world, monkeypatch):
    monkeypatch.setattr(workflows_results, "today", lambda: datetime.date(2026, 4, 20))
    sw = results_world.build(world)
    u = world.users
    personas = {
        "committee_admin": u["committee_admin"],
        "branch_admin": u["branch_secretary"],
        "member": u["branch_member"],
        "other_admin": u["outsider"],
        "assessor": sw.assessors[0],
        "stranger": make_user("stranger"),
        "sysadmin": u["sysadmin"],
        "secadmin": u["secadmin"],
        "auditor": u["auditor"],
    }
    return sw, personas


def test_results_transitions_are_consistent_with_the_page(setup):
    sw, personas = setup
    admin = personas["committee_admin"]

    def make(state):
        r = type(sw.round).objects.get(pk=sw.round.pk)
        if state in ("publicity", "published"):
            with demo_results._on(datetime.date(2026, 4, 1)):
                r = actions_results.publicize(r, by=admin, data={"objection_days": 3})
        if state == "published":
            r = actions_results.announce(r, by=admin)
        if state == "scoring":
            r.state = "scoring"
            r.save(update_fields=["state"])
        return r

    def page(obj, user):
        c = Client()
        c.force_login(user)
        return c.get(f"/assessments/rounds/{obj.pk}/results/").content.decode()

    wf = workflow.of(sw.round)
    problems = workflow_mismatches(
        wf,
        states=["scoring", "review", "publicity", "published"],
        make=make,
        personas=personas,
        data=lambda name, obj: {"publicize": {"objection_days": 3}, "withdraw": {"reason": "更正评分"}}.get(name, {}),
        page=page,
    )
    assert problems == []
