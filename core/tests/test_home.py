"""The home page: one to-do inbox fed by every module, the user's own things, an administrator's overview."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core import todos
from plans import actions as plan_actions
from plans.tests.factories import add_item, make_plan
from points.tests.conftest import declare

D = datetime.date


def _client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def fake_providers(monkeypatch):
    """Replace the registered providers for one test."""
    monkeypatch.setattr(todos, "PROVIDERS", [])
    return todos


def _item(text, due=None, kind="x.a", group="x", count=1):
    return todos.TodoItem(group=group, kind=kind, label=kind, text=text, url="/", due=due, count=count)


def test_the_inbox_puts_overdue_first_then_today_soon_waiting_and_later(fake_providers):
    today = D(2026, 5, 10)
    fake_providers.register(
        "x",
        items=lambda user, day: [
            _item("later", D(2026, 6, 30)),
            _item("waiting"),
            _item("soon", D(2026, 5, 14)),
            _item("long overdue", D(2026, 3, 1)),
            _item("today", D(2026, 5, 10)),
            _item("overdue", D(2026, 5, 9)),
        ],
    )
    fake_providers.register("y", items=lambda user, day: [_item("queue", kind="y.b", group="y", count=4)])

    class U:
        is_authenticated = is_active = True
        must_change_password = False

    box = fake_providers.inbox(U(), today)
    assert [e.item.text for e in box.entries] == [
        "long overdue",
        "overdue",
        "today",
        "soon",
        "waiting",
        "queue",
        "later",
    ]
    assert [e.badge for e in box.entries] == ["逾期70天", "逾期1天", "今天到期", "4天后到期", "", "", "6月30日前"]
    assert box.counts == {"x": 6, "y": 4, "total": 10}
    assert box.kinds == [("x.a", "x.a", 6), ("y.b", "y.b", 4)]
    assert [e.item.text for e in box.of_kind("y.b")] == ["queue"]
    assert box.overdue == 2
    # Without a counting function the items are summed; registering again replaces.
    assert fake_providers.counts(U(), today) == box.counts
    items = fake_providers.PROVIDERS[0].items
    fake_providers.register("x", items=items, count=lambda user, day: 99)
    assert fake_providers.counts(U(), today) == {"x": 99, "y": 4, "total": 103}


@pytest.fixture
def busy(world, scheme, api, branch_secretary, branch_member, committee_admin, reviewers):
    """Something for everyone: items due, a claim to confirm, items nobody has claimed, declarations."""
    today = timezone.localdate()
    plan = make_plan(branch_secretary, world.branch_a, year=today.year)
    member = [world.people["member"].id]
    add_item(branch_secretary, plan, "报送党建信息", due=today - datetime.timedelta(days=3), owners=member)
    add_item(branch_secretary, plan, "开展主题党日", due=today + datetime.timedelta(days=2), owners=member)
    add_item(branch_secretary, plan, "年终总结", due=D(today.year, 12, 31), owners=member)
    claimed = add_item(branch_secretary, plan, "更新党建宣传栏", due=D(today.year, 12, 30))
    plan_actions.claim_item(claimed, by=branch_member, data={})
    add_item(branch_secretary, plan, "档案整理归档", due=D(today.year, 12, 30))
    for day in ("2026-03-01", "2026-03-02"):
        declare(api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on=day)
    pk = declare(api(branch_member), item=scheme["member_item"], subject_person=member[0], occurred_on="2026-03-03")
    api(reviewers[1]).post(f"points/declarations/{pk}/review", {"decision": "return", "comment": "请补充照片"})
    # 网络学院 extras: a yearly requirement of 0 学时, so nobody here has the "学时未达标" to-do of her own.
    from learning.models import HourRule

    HourRule.objects.create(org=world.committee, year=today.year, member_hours=0, cadre_hours=0)
    return plan


def _texts(html_page):
    return html_page.content.decode()


def test_the_member_sees_her_own_things_and_no_admin_counts(busy, branch_member, django_assert_max_num_queries):
    c = _client(branch_member)
    # +2: 我的学时 (her hours with her post, the rule); +4: 网络学院's to-dos (必修课程, 学时未达标, 需求调查, 待参加考试);
    # +2: 通知公告's to-dos (通知待签收, 督促签收)
    with django_assert_max_num_queries(27):
        r = c.get("/")
    html = _texts(r)
    texts = [e.item.text for e in r.context["todo_entries"]]
    assert texts[:2] == ["报送党建信息", "开展主题党日"]  # the overdue one first
    assert "参加志愿服务 · 李娜" in texts  # her returned declaration
    assert "更新党建宣传栏" not in " ".join(texts)  # her own claim is not her to-do …
    assert 'data-testid="my-claim"' in html and "已认领，等待党务管理员确认" in html  # … it shows as hers
    assert 'data-testid="my-items"' in html and "年终总结" in html
    assert 'data-testid="my-points"' in html
    assert 'data-testid="org-count"' not in html and "在册党员" not in html
    assert r.context["todo_counts"]["total"] == r.context["inbox"].total == 3


def test_the_secretary_leads_with_the_inbox_and_keeps_her_overview(
    busy, branch_secretary, django_assert_max_num_queries
):
    c = _client(branch_secretary)
    # The inbox asks each module for its to-dos: feedback once; projects once for approvals and returns, once for
    # late tasks and once for rectifications (three kinds of object, three tables); 考核评星 once per part and once
    # per 表彰 review level, twice for 年终总评, and once for the badge; 我的学时 twice; 网络学院's to-dos eight times
    # (必修课程, 补录 and 学历 to approve, 学时未达标, 需求调查, 资料征订, 待参加考试, 答卷待阅卷); 通知公告's twice
    # (通知待签收, 督促签收); 党建动态 twice (items waiting for her review, items returned to her branch).
    with django_assert_max_num_queries(59):
        r = c.get("/")
    html = _texts(r)
    kinds = {e.item.kind for e in r.context["todo_entries"]}
    assert kinds == {"plans.claim", "plans.unclaimed"}
    assert "李娜 认领“更新党建宣传栏”" in html
    assert "统计局第一党支部：1 个事项无人认领" in html
    assert html.index('data-testid="inbox"') < html.index('data-testid="overview"')
    assert 'data-testid="org-count"' in html and 'data-testid="compliance-overview"' in html


def test_the_committee_and_a_reviewer_get_their_queues(
    busy,
    committee_admin,
    reviewers,
    django_assert_max_num_queries,
):
    c = _client(committee_admin)
    # The inbox asks each module for its to-dos: feedback once; projects once for approvals and returns, once for
    # late tasks and once for rectifications (three kinds of object, three tables); 考核评星 once per part and once
    # per 表彰 review level, twice for 年终总评, and once for the badge; 我的学时 twice; 网络学院's to-dos seven times
    # (必修课程, 补录 and 学历 to approve, 学时未达标, 需求调查, 待参加考试, 答卷待阅卷; a committee offers 资料征订);
    # 通知公告's twice (通知待签收, 督促签收); 党建动态 twice (items waiting for review, items returned).
    with django_assert_max_num_queries(57):
        r = c.get("/")
    assert {e.item.kind for e in r.context["todo_entries"]} == {"plans.claim", "plans.unclaimed"}
    c = _client(reviewers[1])
    with django_assert_max_num_queries(14):
        r = c.get("/")
    [entry] = r.context["todo_entries"]
    assert entry.item.text == "2 件积分申报待一级审核（科长）"
    assert 'data-testid="my-items"' not in _texts(r)  # no empty personal panels for a reviewer


def test_the_inbox_filters_by_kind(busy, branch_secretary):
    c = _client(branch_secretary)
    r = c.get("/", {"todo": "plans.claim"})
    assert [e.item.kind for e in r.context["todo_entries"]] == ["plans.claim"]
    html = _texts(r)
    assert 'aria-current="true">认领待确认 1</a>' in html
    r = c.get("/", {"todo": "nonsense"})
    assert len(r.context["todo_entries"]) == 2 and r.context["todo_kind"] == ""


def test_nav_counts_match_the_inbox_for_every_persona(busy, world, reviewers):
    users = [world.users[k] for k in ("committee_admin", "branch_secretary", "branch_member", "outsider")]
    for user in [*users, *reviewers.values()]:
        box = todos.inbox(user)
        assert todos.counts(user) == box.counts, user.username
        assert set(box.counts) >= {"plans", "points", "total"}
    assert todos.counts(world.users["outsider"])["total"] == 0


def test_every_page_gets_the_counts_keyed_by_navigation(busy, branch_secretary):
    r = _client(branch_secretary).get("/plans/")
    counts = r.context["todo_counts"]
    assert (counts["plans"], counts["points"], counts["total"]) == (2, 0, 2)


def test_system_accounts_see_no_inbox(world, sysadmin, auditor):
    for user in (sysadmin, auditor):
        r = _client(user).get("/")
        html = _texts(r)
        assert r.status_code == 200 and 'data-testid="inbox"' not in html
        assert r.context["todo_counts"]["total"] == 0


def test_a_user_without_roles_is_told_to_ask_for_one(world):
    from core.testing import make_user

    r = _client(make_user("nobody")).get("/")
    assert "尚未授予任何角色" in _texts(r)
