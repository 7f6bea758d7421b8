"""The 路径化 module's to-dos: my items due or late, claims waiting for me, items nobody has claimed."""

import datetime

from django.test import Client

from accounts import scope
from accounts.models import RoleAssignment
from core import todos as inbox
from plans import actions, todos
from plans.tests.factories import add_item, make_plan

TODAY = datetime.date(2026, 5, 10)


def _mine(user, kind=None):
    entries = todos.items(user, TODAY)
    return [e for e in entries if kind is None or e.kind == kind]


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_a_member_sees_her_items_due_within_a_week_or_overdue(world, branch_secretary, branch_member):
    plan = make_plan(branch_secretary, world.branch_a, year=2026)
    mine = [world.people["member"].id]
    add_item(
        branch_secretary, plan, "报送四月党建信息", category="宣传报道", due=datetime.date(2026, 5, 1), owners=mine
    )
    add_item(branch_secretary, plan, "准备主题党日", category="主题党日", due=datetime.date(2026, 5, 15), owners=mine)
    add_item(branch_secretary, plan, "年终总结", category="组织建设", due=datetime.date(2026, 12, 20), owners=mine)
    add_item(branch_secretary, plan, "别人的事项", due=datetime.date(2026, 5, 12))
    entries = _mine(branch_member)
    assert [(e.text, e.timing(TODAY)[1]) for e in entries] == [
        ("报送四月党建信息", "逾期9天"),
        ("准备主题党日", "5天后到期"),
    ]
    assert {e.kind for e in entries} == {"plans.occurrence"}
    assert todos.count(branch_member, TODAY) == 2
    # The entry leads to the occurrence, where it is completed.
    page = _client(branch_member).get(entries[0].url)
    assert page.status_code == 200 and "报送四月党建信息" in page.content.decode()
    # Nobody else answers for these items.
    assert _mine(branch_secretary, "plans.occurrence") == []


def test_a_completed_occurrence_leaves_the_inbox(world, branch_secretary, branch_member):
    plan = make_plan(branch_secretary, world.branch_a, year=2026)
    item = add_item(
        branch_secretary, plan, "报送党建信息", due=datetime.date(2026, 5, 1), owners=[world.people["member"].id]
    )
    occ = item.occurrences.get()
    actions.complete_occurrence(occ, by=branch_member, data={"note": "已报送", "completed_on": "2026-05-02"})
    assert _mine(branch_member) == []
    assert todos.count(branch_member, TODAY) == 0


def test_a_claim_waits_in_the_inbox_of_the_admins_of_its_branch_only(
    world, branch_secretary, branch_member, committee_admin, outsider
):
    plan = make_plan(branch_secretary, world.branch_a, year=2026)
    item = add_item(branch_secretary, plan, "更新党建宣传栏", category="宣传报道", month=6)
    actions.claim_item(item, by=branch_member, data={"note": "会排版"})
    [entry] = _mine(branch_secretary, "plans.claim")
    assert entry.text == "李娜 认领“更新党建宣传栏”"
    assert entry.label == "认领待确认"
    assert entry.note == "统计局第一党支部 · 会排版"
    page = _client(branch_secretary).get(entry.url).content.decode()
    assert "李娜</strong> 认领 “更新党建宣传栏”" in page and 'id="pending-claims"' in page
    assert [e.text for e in _mine(committee_admin, "plans.claim")] == ["李娜 认领“更新党建宣传栏”"]
    assert _mine(branch_member, "plans.claim") == []
    assert _mine(outsider, "plans.claim") == []
    assert todos.count(outsider, TODAY) == 0


def test_an_admins_own_claim_waits_for_another_admin(world, branch_secretary, committee_admin):
    plan = make_plan(branch_secretary, world.branch_a, year=2026)
    item = add_item(branch_secretary, plan, "书记讲党课", month=6)
    RoleAssignment.objects.create(user=branch_secretary, role="member", org=world.branch_a)  # she claims as a member
    scope.clear_cache(branch_secretary)
    actions.claim_item(item, by=branch_secretary, data={})
    assert _mine(branch_secretary, "plans.claim") == []
    assert [e.text for e in _mine(committee_admin, "plans.claim")] == ["王秀英 认领“书记讲党课”"]


def test_unclaimed_items_are_counted_per_plan_and_a_waiting_claim_is_not_unclaimed(
    world, branch_secretary, branch_member, outsider
):
    plan = make_plan(branch_secretary, world.branch_a, year=2026)
    add_item(branch_secretary, plan, "档案整理归档", category="档案管理", month=12)
    add_item(branch_secretary, plan, "年度总结", category="组织建设", month=12)
    claimed = add_item(branch_secretary, plan, "更新党建宣传栏", category="宣传报道", month=6)
    add_item(branch_secretary, plan, "有人负责", month=6, owners=[world.people["secretary"].id])
    actions.claim_item(claimed, by=branch_member, data={})
    [entry] = _mine(branch_secretary, "plans.unclaimed")
    assert entry.text == "统计局第一党支部：2 个事项无人认领"
    assert entry.count == 2
    assert entry.url == f"/plans/{plan.id}/division/"
    assert _client(branch_secretary).get(entry.url).status_code == 200
    assert todos.count(branch_secretary, TODAY) == 3  # two unclaimed items and one claim to confirm
    assert _mine(outsider) == [] and _mine(branch_member, "plans.unclaimed") == []


def test_last_years_plan_has_no_unclaimed_todos(world, branch_secretary):
    plan = make_plan(branch_secretary, world.branch_a, year=2025)
    add_item(branch_secretary, plan, "旧事项", month=12)
    assert _mine(branch_secretary, "plans.unclaimed") == []


def test_many_due_items_are_listed_up_to_the_limit_and_the_rest_summed(world, branch_secretary, branch_member):
    plan = make_plan(branch_secretary, world.branch_a, year=2026)
    mine = [world.people["member"].id]
    for n in range(inbox.LIMIT + 3):
        add_item(branch_secretary, plan, f"事项{n:02d}", due=datetime.date(2026, 4, 1 + n % 28), owners=mine)
    entries = _mine(branch_member)
    assert len(entries) == inbox.LIMIT + 1
    assert entries[-1].text == "另有 3 个到期事项" and entries[-1].count == 3
    assert sum(e.count for e in entries) == todos.count(branch_member, TODAY) == inbox.LIMIT + 3


def test_system_accounts_get_no_plan_todos(world, sysadmin, auditor):
    assert _mine(sysadmin) == [] and _mine(auditor) == []
    assert todos.count(sysadmin, TODAY) == 0
