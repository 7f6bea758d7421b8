"""Every persona × every stage of the 民主评议 and 限期改正 workflows: `run()` succeeds exactly when `available()`
lists the transition, and the pages offer (data-transition) exactly those."""

import datetime

import pytest
from django.test import Client

from assessments import actions_appraisal as actions
from assessments.choices_appraisal import AppraisalState, FollowUpState
from assessments.tests.appraisal_world import advance, nine_member_branch, open_for, people
from assessments.workflows_appraisal import APPRAISAL, FOLLOWUP
from core.dates import today as local_today
from core.testing import make_person, make_user, workflow_mismatches

STEPS = {
    AppraisalState.MUTUAL: ["start_mutual"],
    AppraisalState.APPRAISAL: ["start_mutual", "start_appraisal"],
    AppraisalState.DECISION: ["start_mutual", "start_appraisal", "start_decision"],
    "graded": ["start_mutual", "start_appraisal", "start_decision"],
    AppraisalState.CLOSED: ["start_mutual", "start_appraisal", "start_decision"],
}
DEADLINE = (local_today() + datetime.timedelta(days=30)).isoformat()


@pytest.fixture
def personas(world):
    u = world.users
    b = world.branch_b
    return {
        "member": u["branch_member"],
        "branch_admin": u["branch_secretary"],
        "committee_admin": u["committee_admin"],
        "other_admin": u["outsider"],
        "other_member": make_user("member_b", person=make_person(b, "孙强", seq=14), roles=[("member", b)]),
        "sysadmin": u["sysadmin"],
        "secadmin": u["secadmin"],
        "auditor": u["auditor"],
    }


def page(url):
    def render(obj, user):
        c = Client()
        c.force_login(user)
        return c.get(url(obj)).content.decode()

    return render


def _graded(world, appraisal):
    ids = people(appraisal)
    entries = [{"person": pid, "grade": "qualified"} for pid in ids.values()]
    entries[0].update(grade="unqualified", reason="长期不参加组织生活。", rectify_by=DEADLINE)
    actions.save_grades(appraisal, by=world.users["branch_secretary"], entries=entries)


def appraisal_maker(world):
    admin = world.users["branch_secretary"]

    def make(state):
        a = open_for(world)
        a = advance(a, *STEPS.get(state, []), by=admin)
        if state in ("graded", AppraisalState.CLOSED):
            _graded(world, a)
        if state == AppraisalState.CLOSED:
            a = actions.transition(a, "close", by=admin)
        a.refresh_from_db()
        return a

    return make


def test_the_appraisal_workflow_is_consistent_with_its_page(world, personas):
    nine_member_branch(world)
    problems = workflow_mismatches(
        APPRAISAL,
        states=[*AppraisalState.values, "graded"],
        make=appraisal_maker(world),
        personas=personas,
        page=page(lambda a: f"/assessments/appraisals/{a.pk}/"),
    )
    assert problems == []


def test_the_followup_workflow_is_consistent_with_its_page(world, personas):
    nine_member_branch(world)
    make_appraisal = appraisal_maker(world)
    admin = world.users["branch_secretary"]

    def make(state):
        a = make_appraisal(AppraisalState.CLOSED)
        f = a.participants.get(followup__isnull=False).followup
        if state != FollowUpState.OPEN:
            f = actions.transition_followup(
                f, "rectify" if state == FollowUpState.RECTIFIED else "dispose", by=admin, data={"outcome": "已处理"}
            )
        return f

    problems = workflow_mismatches(
        FOLLOWUP,
        states=list(FollowUpState.values),
        make=make,
        personas=personas,
        data=lambda name, obj: {"outcome": "按期改正，表现良好。"},
        page=page(lambda f: f"/assessments/followups/{f.pk}/"),
    )
    assert problems == []
