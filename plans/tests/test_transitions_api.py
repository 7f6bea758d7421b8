"""What the API says a caller may do next (`actions`), and the audit events the plan workflows write."""

import pytest

from core.models import AuditEvent
from plans.models import Claim
from plans.tests.factories import add_item, make_plan


@pytest.fixture
def plan(world, branch_secretary):
    return make_plan(branch_secretary, world.branch_a)


def test_a_claim_tells_each_caller_what_she_may_do_with_it(world, branch_secretary, branch_member, api, plan):
    item = add_item(branch_secretary, plan, "宣传报道信息报送", category="宣传报道", month=6)
    assert api(branch_member).get(f"plans/{plan.id}/items").json()["items"][0]["actions"] == ["claim"]
    assert api(branch_secretary).get(f"plan-items/{item.id}").json()["actions"] == ["assign"]
    claim = api(branch_member).post(f"plan-items/{item.id}/claims", {"note": "我熟悉信息写作"}).json()
    assert claim["state"] == "pending" and claim["actions"] == []  # she waits for an admin
    division = api(branch_secretary).get(f"plans/{plan.id}/division").json()
    row = next(i for i in division["items"] if i["id"] == item.id)
    assert row["pending_claims"][0]["actions"] == ["confirm", "reject"]
    assert row["actions"] == ["assign"]
    mine = api(branch_member).get(f"plans/{plan.id}/division").json()
    assert next(i for i in mine["items"] if i["id"] == item.id)["actions"] == []  # claimed already
    confirmed = api(branch_secretary).post(f"claims/{claim['id']}/confirm").json()
    assert confirmed["state"] == "confirmed" and confirmed["actions"] == []


def test_an_occurrence_tells_the_owner_and_the_admin_apart(world, branch_secretary, branch_member, api, plan):
    item = add_item(branch_secretary, plan, "报送党建信息", month=5, owners=[world.people["member"].id])
    occ = item.occurrences.get()
    before = api(branch_member).get(f"plan-items/{item.id}").json()["occurrences"][0]
    assert before["id"] == occ.id and before["actions"] == ["complete"]
    done = api(branch_member).post(f"occurrences/{occ.id}/complete", {"note": "已报送"}).json()
    assert done["actions"] == []  # the owner cannot take her completion back
    timeline = api(branch_secretary).get(f"plans/{plan.id}/timeline").json()["items"]
    assert [t["actions"] for t in timeline] == [["reopen"]]
    memo = api(world.users["committee_admin"]).get(f"plans/{plan.id}/memo", {"month": "2026-05"}).json()
    assert memo["entries"][0]["actions"] == ["reopen"]


def test_the_openapi_document_types_the_outputs(world, branch_secretary, api):
    doc = api(branch_secretary).get("openapi.json").json()
    schemas = doc["components"]["schemas"]
    assert {"ClaimOut", "OccurrenceOut", "ItemOut"} <= set(schemas)
    assert schemas["ClaimOut"]["properties"]["actions"]["type"] == "array"


def test_the_workflows_write_one_audit_code_each(world, branch_secretary, branch_member, committee_admin, api, plan):
    item = add_item(branch_secretary, plan, "档案整理归档", category="档案管理", month=12)
    claim_id = api(branch_member).post(f"plan-items/{item.id}/claims", {"note": "我来"}).json()["id"]
    event = AuditEvent.objects.get(action="plans.planitem.claim")
    assert event.object_id == str(item.id) and event.after["claim"] == claim_id
    assert event.org_id == world.branch_a.id
    # Assigning her directly answers her pending claim too, and the event says which.
    r = api(branch_secretary).post(f"plan-items/{item.id}/owners", {"person": world.people["member"].id})
    assert r.status_code == 201 and r.json() == {
        "item": item.id,
        "person": world.people["member"].id,
        "source": "assigned",
    }
    assert Claim.objects.get(pk=claim_id).state == "confirmed"
    assert AuditEvent.objects.get(action="plans.planitem.assign").after["confirmed_claims"] == [claim_id]
    occ = item.occurrences.get()
    api(branch_member).post(f"occurrences/{occ.id}/complete", {"note": "已整理"})
    assert api(committee_admin).post(f"occurrences/{occ.id}/complete", {"note": "再来"}).status_code == 409
    codes = list(AuditEvent.objects.filter(action__startswith="plan").values_list("action", flat=True))
    assert all(c.startswith("plans.") for c in codes), codes
    assert "plans.occurrence.complete" in codes


def test_a_decided_claim_says_how_it_was_decided(world, branch_secretary, branch_member, api, plan):
    item = add_item(branch_secretary, plan, month=6)
    claim_id = api(branch_member).post(f"plan-items/{item.id}/claims").json()["id"]
    api(branch_secretary).post(f"claims/{claim_id}/reject", {"reason": "该项由组织委员负责"})
    r = api(branch_secretary).post(f"claims/{claim_id}/confirm")
    assert r.status_code == 409 and r.json()["detail"] == "该认领已驳回，不能重复处理。"
