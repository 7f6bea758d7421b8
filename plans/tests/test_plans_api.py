import datetime

import pytest

from core.models import AuditEvent
from plans.models import Claim, ItemOwner, Occurrence, Plan, PlanItem
from plans.tests.factories import add_item, make_plan


@pytest.fixture
def plan(world, branch_secretary):
    return make_plan(branch_secretary, world.branch_a)


def test_branch_admin_creates_a_plan_with_its_source_document(world, branch_secretary, api):
    r = api(branch_secretary).post(
        "plans",
        {
            "org": world.branch_a.id,
            "year": 2026,
            "title": "2026年度党建工作清单",
            "source": "《2026年度钢城区直部门单位党组（党委）履行机关党建主体责任清单》",
        },
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["org"] == world.branch_a.id and body["year"] == 2026
    assert "主体责任清单" in body["source"]
    assert AuditEvent.objects.filter(action="plans.plan.create", object_id=str(body["id"])).exists()
    listed = api(branch_secretary).get("plans").json()
    assert [p["id"] for p in listed["items"]] == [body["id"]]


def test_a_second_plan_for_the_same_org_and_year_is_refused(world, branch_secretary, api, plan):
    r = api(branch_secretary).post("plans", {"org": world.branch_a.id, "year": 2026, "title": "重复"})
    assert r.status_code == 422
    assert "已有2026年度" in r.json()["detail"]
    assert Plan.objects.count() == 1


def test_member_cannot_create_a_plan(world, branch_member, api):
    r = api(branch_member).post("plans", {"org": world.branch_a.id, "year": 2026, "title": "清单"})
    assert r.status_code == 403
    assert not Plan.objects.exists()


def test_dated_and_monthly_items_expand_into_occurrences(world, branch_secretary, api, plan):
    client = api(branch_secretary)
    r = client.post(
        f"plans/{plan.id}/items",
        {
            "category": "党员教育",
            "title": "赴章丘区三涧溪村开展党员教育",
            "when": {"due": "2026-04-16"},
            "method": "集体参观学习",
            "standard": "形成图文记录",
            "owners": [world.people["member"].id],
        },
    )
    assert r.status_code == 201, r.content
    dated = r.json()
    assert dated["when"] == {"due": "2026-04-16"}
    assert dated["owners"] == [world.people["member"].id]
    r = client.post(
        f"plans/{plan.id}/items",
        {
            "category": "三会一课",
            "title": "召开支部委员会会议",
            "when": {"recurrence": "monthly", "day": 31},
            "record_type": "committee_meeting",
        },
    )
    assert r.status_code == 201, r.content
    monthly = r.json()
    assert monthly["when"] == {"recurrence": "monthly", "day": 31}
    dues = list(Occurrence.objects.filter(item_id=monthly["id"]).values_list("due", flat=True))
    assert len(dues) == 12
    assert dues[1] == datetime.date(2026, 2, 28) and dues[3] == datetime.date(2026, 4, 30)
    assert Occurrence.objects.get(item_id=dated["id"]).due == datetime.date(2026, 4, 16)
    items = client.get(f"plans/{plan.id}/items").json()
    assert [i["title"] for i in items["items"]] == ["赴章丘区三涧溪村开展党员教育", "召开支部委员会会议"]


def test_quarterly_and_yearly_items_fall_on_the_given_day(world, branch_secretary, plan):
    q = add_item(branch_secretary, plan, "召开支部党员大会", recurrence="quarterly", day=20)
    y = add_item(branch_secretary, plan, "召开组织生活会", recurrence="yearly", day=25, month=12)
    assert [o.due for o in q.occurrences.all()] == [datetime.date(2026, m, 20) for m in (3, 6, 9, 12)]
    assert [o.period for o in q.occurrences.all()] == ["2026Q1", "2026Q2", "2026Q3", "2026Q4"]
    assert [o.due for o in y.occurrences.all()] == [datetime.date(2026, 12, 25)]


@pytest.mark.parametrize(
    ("when", "field", "message"),
    [
        ({"due": "2027-01-05"}, "due", "截止日期须在计划年度（2026年）内。"),
        ({"recurrence": "monthly", "day": 32}, "day", "日应在1到31之间。"),
        ({"recurrence": "monthly"}, "day", "周期事项须填写在哪一天（1到31）。"),
        ({}, "due", "请填写时间要求：截止日期、月份或周期三选一。"),
        ({"month": 13}, "month", "月份应在1到12之间。"),
    ],
)
def test_bad_when_is_refused_in_chinese_and_nothing_changes(world, branch_secretary, api, plan, when, field, message):
    r = api(branch_secretary).post(f"plans/{plan.id}/items", {"category": "三会一课", "title": "事项", "when": when})
    assert r.status_code == 422, r.content
    assert r.json()["errors"][field] == [message]
    assert not PlanItem.objects.exists() and not Occurrence.objects.exists()


def test_owner_from_another_branch_is_refused(world, branch_secretary, api, plan):
    r = api(branch_secretary).post(
        f"plans/{plan.id}/items",
        {"category": "宣传报道", "title": "报送信息", "when": {"month": 5}, "owners": [world.people["outsider"].id]},
    )
    assert r.status_code == 422
    assert "owners" in r.json()["errors"]
    assert not PlanItem.objects.exists()


def test_member_claims_cannot_confirm_her_own_claim_and_the_admin_confirms(
    world, branch_secretary, branch_member, api, plan
):
    item = add_item(branch_secretary, plan, "宣传报道信息报送", category="宣传报道", month=6)
    member = api(branch_member)
    r = member.post(f"plan-items/{item.id}/claims", {"note": "我熟悉信息写作"})
    assert r.status_code == 201, r.content
    claim_id = r.json()["id"]
    assert r.json()["state"] == "pending"
    assert member.post(f"plan-items/{item.id}/claims").status_code == 409  # already pending
    r = member.post(f"claims/{claim_id}/confirm")
    assert r.status_code == 403
    assert Claim.objects.get(pk=claim_id).state == "pending"
    r = api(branch_secretary).post(f"claims/{claim_id}/confirm")
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "confirmed"
    assert api(branch_secretary).post(f"claims/{claim_id}/confirm").status_code == 409
    division = member.get(f"plans/{plan.id}/division").json()
    me = next(m for m in division["members"] if m["id"] == world.people["member"].id)
    assert me["items"] == [item.id]
    assert item.id not in division["unclaimed_items"]
    assert world.people["member"].id not in division["members_without_items"]
    assert world.people["secretary"].id in division["members_without_items"]


def test_an_admin_cannot_confirm_her_own_claim_either(world, branch_secretary, committee_admin, api, plan):
    from accounts.models import RoleAssignment

    # Claiming is a member's right: the secretary claims as a party member, with the `member` grant.
    RoleAssignment.objects.create(user=branch_secretary, role="member", org=world.branch_a)
    item = add_item(branch_secretary, plan, "档案整理", category="档案管理", month=12)
    claim_id = api(branch_secretary).post(f"plan-items/{item.id}/claims").json()["id"]
    r = api(branch_secretary).post(f"claims/{claim_id}/confirm")
    assert r.status_code == 403
    assert "自己的认领" in r.json()["detail"]
    assert api(committee_admin).post(f"claims/{claim_id}/confirm").status_code == 200


def test_admin_rejects_a_claim_with_a_reason(world, branch_secretary, branch_member, api, plan):
    item = add_item(branch_secretary, plan, month=6)
    claim_id = api(branch_member).post(f"plan-items/{item.id}/claims").json()["id"]
    r = api(branch_secretary).post(f"claims/{claim_id}/reject", {"reason": "该项由组织委员负责"})
    assert r.status_code == 200
    assert r.json()["state"] == "rejected" and r.json()["reason"] == "该项由组织委员负责"
    assert not ItemOwner.objects.exists()


def test_claim_on_another_branchs_item_is_404_and_changes_nothing(world, branch_secretary, outsider, api, plan):
    item = add_item(branch_secretary, plan, month=6)
    r = api(outsider).post(f"plan-items/{item.id}/claims")
    assert r.status_code == 404
    assert r.json()["detail"] == "未找到该对象，或您无权访问。"
    assert not Claim.objects.exists()


def test_admin_assigns_directly(world, branch_secretary, api, plan):
    item = add_item(branch_secretary, plan, month=6)
    r = api(branch_secretary).post(f"plan-items/{item.id}/owners", {"person": world.people["secretary"].id})
    assert r.status_code == 201
    assert (
        api(branch_secretary).post(f"plan-items/{item.id}/owners", {"person": world.people["secretary"].id}).status_code
        == 409
    )
    r = api(branch_secretary).post(f"plan-items/{item.id}/owners", {"person": world.people["outsider"].id})
    assert r.status_code == 422
    assert list(ItemOwner.objects.values_list("person_id", flat=True)) == [world.people["secretary"].id]


def test_another_branch_gets_404_on_the_plan_and_its_views(world, branch_secretary, outsider, api, plan):
    client = api(outsider)
    for path in ("", "/items", "/division", "/memo?month=2026-03", "/progress", "/timeline"):
        assert client.get(f"plans/{plan.id}{path}").status_code == 404, path
    assert client.get("plans").json()["count"] == 0


def test_system_accounts_see_no_plans(world, branch_secretary, sysadmin, api, plan):
    assert api(sysadmin).get(f"plans/{plan.id}").status_code == 404


def test_memo_progress_and_timeline_answer(world, branch_secretary, api, plan, monkeypatch):
    monkeypatch.setattr("plans.api._today", lambda: datetime.date(2026, 5, 10))
    add_item(branch_secretary, plan, "赴三涧溪村党员教育", category="党员教育", due=datetime.date(2026, 4, 16))
    monthly = add_item(
        branch_secretary,
        plan,
        "支部委员会会议",
        recurrence="monthly",
        day=10,
        start_time="15:00",
        owners=[world.people["secretary"].id],
    )
    first = monthly.occurrences.get(period="2026-01")
    first.completed_on = datetime.date(2026, 1, 9)
    first.save()
    second = monthly.occurrences.get(period="2026-02")
    second.completed_on = datetime.date(2026, 2, 20)
    second.save()
    client = api(branch_secretary)
    memo = client.get(f"plans/{plan.id}/memo", {"month": "2026-04"}).json()
    assert [(e["title"], e["due"]) for e in memo["entries"]] == [
        ("支部委员会会议", "2026-04-10"),
        ("赴三涧溪村党员教育", "2026-04-16"),
    ]
    assert memo["entries"][0]["time"] == "15:00" and memo["entries"][0]["owners"] == ["王秀英"]
    bad = client.get(f"plans/{plan.id}/memo", {"month": "2026-13"})
    assert bad.status_code == 422 and "YYYY-MM" in bad.json()["detail"]
    progress = client.get(f"plans/{plan.id}/progress").json()
    cats = {c["category"]: c for c in progress["categories"]}
    assert cats["三会一课"]["planned"] == [1] * 12
    assert cats["三会一课"]["done"][:3] == [1, 1, 0]
    assert cats["党员教育"]["planned"][3] == 1
    timeline = client.get(f"plans/{plan.id}/timeline").json()["items"]
    statuses = {(t["title"], t["period"]): t["status"] for t in timeline}
    assert statuses[("支部委员会会议", "2026-01")] == "done"
    assert statuses[("支部委员会会议", "2026-02")] == "late"
    assert statuses[("支部委员会会议", "2026-03")] == "missed"
    assert statuses[("支部委员会会议", "2026-05")] == "due"
    assert statuses[("支部委员会会议", "2026-12")] == "upcoming"
    assert statuses[("赴三涧溪村党员教育", "2026-04-16")] == "missed"


@pytest.mark.parametrize(
    "body",
    [
        {"category": "三会一课", "title": "x", "when": {"recurrence": "weekly", "day": 3}},
        {"category": "三会一课", "title": "x", "when": "every month"},
        {"category": "三会一课", "title": "x", "when": {"due": "2026-02-30"}},
        {"category": "三会一课", "title": "x" * 201, "when": {"month": 3}},
        {"category": "三会一课", "title": "x", "when": {"month": 3}, "owners": [999999]},
        {"category": "三会一课", "title": "x", "when": {"month": 3}, "record_type": "party"},
    ],
)
def test_malformed_items_get_422_in_chinese_never_500(world, branch_secretary, api, plan, body):
    r = api(branch_secretary).post(f"plans/{plan.id}/items", body)
    assert r.status_code == 422, r.content
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["detail"])
    assert not PlanItem.objects.exists()
