import datetime

from django.test import Client, RequestFactory

from plans import todos
from plans.tests.factories import add_item, make_plan

TODAY = datetime.date(2026, 5, 10)


def _todos(user):
    request = RequestFactory().get("/")
    request.user = user
    return dict(todos.todos(request, today=TODAY))


def test_a_member_sees_her_items_due_within_a_week_or_overdue(world, branch_secretary, branch_member):
    plan = make_plan(branch_secretary, world.branch_a, year=2026)
    mine = [world.people["member"].id]
    add_item(
        branch_secretary, plan, "报送四月党建信息", category="宣传报道", due=datetime.date(2026, 5, 1), owners=mine
    )
    add_item(branch_secretary, plan, "准备主题党日", category="主题党日", due=datetime.date(2026, 5, 15), owners=mine)
    add_item(branch_secretary, plan, "年终总结", category="组织建设", due=datetime.date(2026, 12, 20), owners=mine)
    add_item(branch_secretary, plan, "别人的事项", due=datetime.date(2026, 5, 12))
    entries = _todos(branch_member)["我负责的党建事项"]
    assert [(t, b) for t, _u, b in entries] == [
        ("05-01 报送四月党建信息", "逾期9天"),
        ("05-15 准备主题党日", "5天后到期"),
    ]
    assert "党建清单待办" not in _todos(branch_member)


def test_a_branch_admin_sees_unclaimed_items_and_missing_obligations(world, branch_secretary):
    plan = make_plan(branch_secretary, world.branch_a, year=2026)
    add_item(branch_secretary, plan, "档案整理归档", category="档案管理", month=12)
    entries = _todos(branch_secretary)["党建清单待办"]
    texts = [t for t, _u, _b in entries]
    assert "统计局第一党支部：档案整理归档" in texts
    assert "统计局第一党支部：2026-01 支部委员会会议无记录" in texts
    assert all(world.branch_b.name not in t for t in texts)


def test_the_home_page_shows_plan_todos(world, branch_secretary):
    c = Client()
    c.force_login(branch_secretary)
    assert "党建清单待办" in c.get("/").content.decode()


def test_system_accounts_get_no_plan_todos(world, sysadmin):
    assert _todos(sysadmin) == {}
