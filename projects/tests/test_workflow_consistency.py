"""Every persona × every state of the project workflow: `run()` succeeds exactly when `available()` lists the
transition, and the project page offers (data-transition) exactly those buttons."""

import pytest
from django.test import Client

from core.testing import make_person, make_user, workflow_mismatches
from projects import actions
from projects.choices import ProjectState as S
from projects.models import Project
from projects.tests.factories import make_project, mentor, settings
from projects.workflows import PROJECT

PATHS = {
    S.DRAFT: [],
    S.SUBMITTED: ["submit"],
    S.REVIEWING_L2: ["submit", "approve"],
    S.REVIEWING_L3: ["submit", "approve", "approve2"],
    S.RETURNED: ["submit", "return"],
    S.REJECTED: ["submit", "reject"],
    S.APPROVED: ["submit", "approve"],
    S.IN_PROGRESS: ["submit", "approve", "start"],
    S.CLOSING_REQUESTED: ["submit", "approve", "start", "request_closing"],
    S.ACCEPTED: ["submit", "approve", "start", "request_closing", "accept"],
    S.NOT_ACCEPTED: ["submit", "approve", "start", "request_closing", "fail"],
}


@pytest.fixture
def personas(world):
    u = world.users
    return {
        "branch_admin": u["branch_secretary"],
        "committee_admin": u["committee_admin"],
        "deputy": make_user(
            "committee2", person=make_person(world.committee, "陈静", seq=13), roles=[("org_admin", world.committee)]
        ),
        "member": u["branch_member"],
        "mentor": mentor(world),
        "other_admin": u["outsider"],
        "sysadmin": u["sysadmin"],
        "secadmin": u["secadmin"],
        "auditor": u["auditor"],
    }


def maker(world, personas, tier="general"):
    secretary, committee, deputy = personas["branch_admin"], personas["committee_admin"], personas["deputy"]

    def make(state):
        if state in (S.REVIEWING_L2, S.REVIEWING_L3):
            settings(world, approval_tiers=["key", "general"], approval_levels=3)
        project = make_project(world, tier=tier, mentors=[personas["mentor"].person_id])
        for step in PATHS[state]:
            by = secretary if step in ("submit", "start", "request_closing") else committee
            if step == "approve2":
                step, by = "approve", deputy
            elif step == "approve" and tier == "micro":
                step = "file"  # a filed-only tier (备案)
            actions.transition(project, step, by=by, comment="理由")
            project = Project.objects.get(pk=project.pk)
        return Project.objects.select_related("org").get(pk=project.pk)

    return make


def page(obj, user):
    c = Client()
    c.force_login(user)
    return c.get(f"/projects/{obj.pk}/").content.decode()


@pytest.mark.parametrize("tier", ["general", "micro"])
def test_the_project_workflow_is_consistent_everywhere(world, personas, tier):
    if tier == "micro":
        settings(world, approval_tiers=["key", "general"])  # 微项目 only filed
    problems = workflow_mismatches(
        PROJECT,
        states=[s for s in S if tier == "general" or s not in (S.REVIEWING_L2, S.REVIEWING_L3)],
        make=maker(world, personas, tier),
        personas=personas,
        data=lambda name, p: {"comment": "同意", "reason": "请补充材料"},
        page=page,
    )
    assert problems == []


def test_who_may_do_what_in_each_state(world, personas):
    make = maker(world, personas)

    def listed(state):
        project = make(state)
        return {who: names for who, u in personas.items() if (names := [t.name for t in PROJECT.available(project, u)])}

    # The branch's admins run its project; the committee's admins administer the branch too (they may act for it),
    # but only the committee approves and accepts: never the branch itself, nor the mentor or a member.
    admins = ("branch_admin", "committee_admin", "deputy")
    assert listed(S.DRAFT) == {who: ["submit"] for who in admins}
    review = ["approve", "return", "reject"]
    assert listed(S.SUBMITTED) == {"committee_admin": review, "deputy": review}
    assert listed(S.APPROVED) == {who: ["start"] for who in admins}
    assert listed(S.CLOSING_REQUESTED) == {"committee_admin": ["accept", "fail"], "deputy": ["accept", "fail"]}
    assert listed(S.ACCEPTED) == {}
