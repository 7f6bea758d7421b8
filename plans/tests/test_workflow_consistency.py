"""Every persona × every state of the plans workflows: `run()` succeeds exactly when `available()` lists the
transition, and the page offers (data-transition) exactly what `available()` lists — so a page can never show
a button its action refuses, nor hide one it allows.

Personas: the claimant (a member), another member of the branch, a branch admin who is also a member and
claims herself, the branch admin, the committee admin, another branch's admin and member, and the three
system roles.
"""

import pytest
from django.test import Client

from core import workflow
from core.testing import make_person, make_user, workflow_mismatches
from plans import actions, workflows
from plans.choices import ClaimState, OccurrenceState, OwnerStatus
from plans.models import Claim, Occurrence
from plans.tests.factories import add_item, make_plan


@pytest.fixture
def personas(world):
    u = world.users
    a, b = world.branch_a, world.branch_b
    return {
        "claimant": u["branch_member"],
        "member": make_user("member_a2", person=make_person(a, "赵敏", seq=12), roles=[("member", a)]),
        "admin_claimant": make_user(
            "deputy_a", person=make_person(a, "陈静", seq=13), roles=[("org_admin", a), ("member", a)]
        ),
        "branch_admin": u["branch_secretary"],
        "committee_admin": u["committee_admin"],
        "other_admin": u["outsider"],
        "other_member": make_user("member_b", person=make_person(b, "孙强", seq=14), roles=[("member", b)]),
        "sysadmin": u["sysadmin"],
        "secadmin": u["secadmin"],
        "auditor": u["auditor"],
    }


@pytest.fixture
def plan(world, branch_secretary):
    return make_plan(branch_secretary, world.branch_a)


def page(*urls):
    """The HTML of the object's pages as `user` sees them (404 pages offer nothing)."""

    def render(obj, user):
        c = Client()
        c.force_login(user)
        return "".join(c.get(url(obj)).content.decode() for url in urls)

    return render


def listed(wf, make, state, personas):
    """{persona: [transition names]} for a fresh object in `state` (rolled back)."""
    from django.db import transaction

    out = {}
    sid = transaction.savepoint()
    obj = make(state)
    for who, user in personas.items():
        out[who] = [t.name for t in wf.available(obj, user)]
    transaction.savepoint_rollback(sid)
    return {who: names for who, names in out.items() if names}


# ---- items: claim and assign -------------------------------------------------------------------------


def item_maker(world, plan, personas):
    admin, claimant = personas["branch_admin"], personas["claimant"]

    def make(state):
        item = add_item(admin, plan, "更新党建宣传栏", category="宣传报道", month=6)
        if state == OwnerStatus.PENDING:
            actions.claim_item(item, by=claimant, data={"note": "会排版"})
        elif state == OwnerStatus.OWNED:
            actions.assign_owner(item, by=admin, data={"person": claimant.person_id})
        return type(item).objects.select_related("plan__org").get(pk=item.pk)

    return make


def test_item_claim_and_assign_are_consistent_everywhere(world, plan, personas):
    make = item_maker(world, plan, personas)
    spare = world.people["secretary"]
    problems = workflow_mismatches(
        workflows.ITEM,
        states=list(OwnerStatus),
        make=make,
        personas=personas,
        data=lambda name, item: {"person": spare.pk} if name == "assign" else {"note": ""},
        page=page(lambda i: f"/plans/{i.plan_id}/", lambda i: f"/plans/{i.plan_id}/division/"),
    )
    assert problems == []


def test_who_may_claim_and_assign_an_item(world, plan, personas):
    make = item_maker(world, plan, personas)
    admins = {"branch_admin": ["assign"], "committee_admin": ["assign"]}
    assert listed(workflows.ITEM, make, OwnerStatus.UNCLAIMED, personas) == {
        "claimant": ["claim"],
        "member": ["claim"],
        "admin_claimant": ["claim", "assign"],
        **admins,
    }
    # Her own claim waits: she cannot claim again; the others still may.
    assert listed(workflows.ITEM, make, OwnerStatus.PENDING, personas) == {
        "member": ["claim"],
        "admin_claimant": ["claim", "assign"],
        **admins,
    }
    assert "claimant" not in listed(workflows.ITEM, make, OwnerStatus.OWNED, personas)


# ---- claims: confirm and reject ------------------------------------------------------------------------


def claim_maker(plan, personas, claimant):
    admin, decider = personas["branch_admin"], personas["committee_admin"]

    def make(state):
        item = add_item(admin, plan, "档案整理归档", category="档案管理", month=12)
        claim = actions.claim_item(item, by=personas[claimant], data={"note": "我来整理"})
        if state == ClaimState.CONFIRMED:
            actions.confirm_claim(claim, by=decider)
        elif state == ClaimState.REJECTED:
            actions.reject_claim(claim, by=decider, data={"reason": "已安排他人"})
        return Claim.objects.select_related("item__plan__org", "person").get(pk=claim.pk)

    return make


@pytest.mark.parametrize("claimant", ["claimant", "admin_claimant"])
def test_claim_confirm_and_reject_are_consistent_everywhere(plan, personas, claimant):
    problems = workflow_mismatches(
        workflows.CLAIM,
        states=list(ClaimState),
        make=claim_maker(plan, personas, claimant),
        personas=personas,
        data=lambda name, claim: {"reason": "该项由组织委员负责"},
        page=page(lambda c: f"/plans/{c.item.plan_id}/division/"),
    )
    assert problems == []


def test_only_another_admin_decides_a_claim(plan, personas):
    decide = ["confirm", "reject"]
    member_claim = claim_maker(plan, personas, "claimant")
    assert listed(workflows.CLAIM, member_claim, ClaimState.PENDING, personas) == {
        "admin_claimant": decide,
        "branch_admin": decide,
        "committee_admin": decide,
    }
    own_claim = claim_maker(plan, personas, "admin_claimant")
    assert listed(workflows.CLAIM, own_claim, ClaimState.PENDING, personas) == {
        "branch_admin": decide,
        "committee_admin": decide,
    }
    assert listed(workflows.CLAIM, member_claim, ClaimState.CONFIRMED, personas) == {}


def test_the_to_do_lists_exactly_the_claims_one_may_decide(plan, personas):
    make = claim_maker(plan, personas, "admin_claimant")
    claim = make(ClaimState.PENDING)
    for who, user in personas.items():
        may = "confirm" in workflow.available_names(claim, user)
        assert Claim.objects.visible_to(user).decidable_by(user).filter(pk=claim.pk).exists() == may, who


# ---- occurrences: complete and reopen ------------------------------------------------------------------


def occurrence_maker(plan, personas):
    admin, owner = personas["branch_admin"], personas["claimant"]

    def make(state):
        item = add_item(admin, plan, "报送党建信息", category="宣传报道", month=5, owners=[owner.person_id])
        occ = item.occurrences.get()
        if state == OccurrenceState.COMPLETED:
            actions.complete_occurrence(occ, by=owner, data={"note": "已报送区直机关工委"})
        return Occurrence.objects.select_related("item__plan__org").get(pk=occ.pk)

    return make


def test_occurrence_complete_and_reopen_are_consistent_everywhere(plan, personas):
    problems = workflow_mismatches(
        workflows.OCCURRENCE,
        states=list(OccurrenceState),
        make=occurrence_maker(plan, personas),
        personas=personas,
        data=lambda name, occ: {"note": "已完成"},
        page=page(lambda o: f"/plans/occurrences/{o.pk}/"),
    )
    assert problems == []


def test_who_may_complete_and_reopen(plan, personas):
    make = occurrence_maker(plan, personas)
    admins = ["branch_admin", "admin_claimant", "committee_admin"]
    assert listed(workflows.OCCURRENCE, make, OccurrenceState.OPEN, personas) == {
        who: ["complete"] for who in ["claimant", *admins]
    }
    # The owner completes; only an admin takes the completion back.
    assert listed(workflows.OCCURRENCE, make, OccurrenceState.COMPLETED, personas) == {
        who: ["reopen"] for who in admins
    }
