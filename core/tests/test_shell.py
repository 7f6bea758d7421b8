"""The shell: the sidebar offers only what each user may open, page headers and state badges render from
one place, and buttons that would be refused are not shown (or shown disabled with the reason)."""

import datetime

import pytest
from django.template import Context, Template, TemplateSyntaxError
from django.test import Client

from core.context_processors import build_navigation, mark_active
from core.dates import today as local_today
from core.testing import make_user
from plans import actions as plan_actions
from plans.tests.factories import add_item, make_plan
from points import actions as points_actions
from points import publicity


def login(user):
    c = Client()
    c.force_login(user)
    return c


def _keys(user):
    return [i["key"] for g in build_navigation(user) for i in g["items"]]


def _make_scheme(world):
    return points_actions.create_scheme(
        by=world.users["committee_admin"],
        data={
            "org": world.committee.pk,
            "year": 2026,
            "name": "2026年积分制管理办法",
            "full_marks": "100",
            "linkage_every": "10",
            "linkage_mode": "per_person",
        },
    )


@pytest.fixture
def reviewer(world):
    return make_user("reviewer_l1", roles=[("reviewer_l1", world.committee)])


# ---------------------------------------------------------------- navigation


def test_every_sidebar_entry_opens_for_the_user_it_is_offered_to(world, reviewer):
    _make_scheme(world)
    for name, user in [*world.users.items(), ("reviewer", reviewer)]:
        c = login(user)
        for group in build_navigation(user):
            for item in group["items"]:
                assert c.get(item["url"]).status_code == 200, (name, item["url"])


def test_a_member_gets_no_roster_and_no_review_queue(world):
    keys = _keys(world.users["branch_member"])
    assert "people" not in keys and "reviews" not in keys
    assert {"home", "org_tree", "plan_list", "compliance", "record_list", "points_home", "my_points"} <= set(keys)


def test_a_reviewer_gets_the_review_queue_and_the_secretary_the_roster(world, reviewer):
    assert "reviews" in _keys(reviewer)
    assert "people" in _keys(world.users["branch_secretary"])


def test_rankings_and_ledger_appear_once_a_scheme_exists(world):
    member = world.users["branch_member"]
    assert not {"rankings", "ledger"} & set(_keys(member))
    _make_scheme(world)
    assert {"rankings", "ledger"} <= set(_keys(member))


def test_system_accounts_get_only_their_own_groups(world):
    assert [g["key"] for g in build_navigation(world.users["sysadmin"])] == ["home", "orgs", "system"]
    assert _keys(world.users["sysadmin"]) == ["home", "org_tree", "people", "users", "requests"]
    assert _keys(world.users["secadmin"]) == ["home", "users", "member_grant", "requests"]
    assert _keys(world.users["auditor"]) == ["home", "audit"]


def test_the_current_entry_is_the_longest_matching_address(world):
    groups = build_navigation(world.users["branch_secretary"])
    mark_active(groups, "/points/declarations/12/")
    active = [(g["key"], i["key"]) for g in groups if g.get("active") for i in g["items"] if i.get("active")]
    assert active == [("points", "declarations")]
    groups = mark_active(build_navigation(world.users["branch_secretary"]), "/")
    assert [i["key"] for g in groups for i in g["items"] if i.get("active")] == ["home"]


def test_the_sidebar_marks_the_page_being_shown(world, branch_secretary):
    html = login(branch_secretary).get("/plans/compliance/").content.decode()
    assert 'data-nav-key="compliance" aria-current="page"' in html
    assert html.count('aria-current="page"') == 1


def test_the_user_menu_names_the_user_and_her_roles(world, branch_secretary):
    html = login(branch_secretary).get("/").content.decode()
    assert "王秀英" in html and "党务管理员 · 统计局第一党支部" in html
    for entry in ("修改密码", "动态口令", "退出登录"):
        assert entry in html


# ---------------------------------------------------------------- page header and badges


def _render(source, **context):
    return Template("{% load ui %}" + source).render(Context(context))


def test_page_header_puts_the_title_left_and_the_actions_in_one_block_at_its_right():
    html = _render(
        "{% page_header %}{% pretitle %}<a href='/plans/'>路径化管理</a>{% title %}年度清单 {{ n }}"
        "{% subtitle %}说明{% actions %}<a class='btn'>新建</a>{% endpage_header %}",
        n=3,
    )
    assert '<h2 class="page-title">年度清单 3</h2>' in html
    assert "<a href='/plans/'>路径化管理</a>" in html and "说明" in html
    assert (
        '<div class="app-page-actions btn-list d-print-none" data-testid="page-actions"><a class=\'btn\'>新建</a>'
        in html
    )


def test_page_header_without_actions_renders_no_action_block():
    html = _render("{% page_header %}标题{% endpage_header %}")
    assert '<h2 class="page-title">标题</h2>' in html and "page-actions" not in html


def test_page_header_refuses_a_section_given_twice():
    with pytest.raises(TemplateSyntaxError):
        _render("{% page_header %}a{% actions %}b{% actions %}c{% endpage_header %}")


@pytest.mark.parametrize(
    ("code", "css"),
    [
        ("draft", "bg-secondary-lt"),
        ("pending_l2", "bg-yellow-lt"),
        ("awaiting_confirmation", "bg-yellow-lt"),
        ("approved", "bg-green-lt"),
        ("returned", "bg-red-lt"),
        ("rejected", "bg-red-lt"),
        ("published", "bg-yellow-lt"),
        ("missed", "bg-red-lt"),
        ("no-such-state", "bg-secondary-lt"),
    ],
)
def test_state_badges_take_their_colour_from_the_state(code, css):
    html = _render("{% state_badge code '标签' %}", code=code)
    assert f'class="badge {css} state-badge" data-state="{code}"' in html and ">标签</span>" in html


def test_a_declaration_page_shows_its_state_in_the_state_colour(world, branch_secretary):
    scheme = _make_scheme(world)
    item = points_actions.add_item(
        scheme,
        by=world.users["committee_admin"],
        data={"dimension": "基础工作", "name": "主题党日", "points": "5", "subject_type": "org"},
    )
    decl = points_actions.create_declaration(
        by=branch_secretary,
        data={"item": item.pk, "subject_org": world.branch_a.pk, "quantity": "1", "occurred_on": "2026-03-01"},
    )
    html = login(branch_secretary).get(f"/points/declarations/{decl.pk}/").content.decode()
    assert 'class="badge bg-secondary-lt state-badge" data-state="draft"' in html
    points_actions.submit_declaration(decl, by=branch_secretary)
    html = login(branch_secretary).get("/points/declarations/").content.decode()
    assert 'class="badge bg-yellow-lt state-badge" data-state="pending_l1"' in html


# ---------------------------------------------------------------- buttons a user cannot use


@pytest.fixture
def plan(world, branch_secretary):
    p = make_plan(branch_secretary, world.branch_a)
    add_item(branch_secretary, p)
    return p


def test_a_member_sees_no_copy_button_because_copying_would_be_refused(world, plan, branch_member):
    c = login(branch_member)
    assert "复制为新清单" not in c.get(f"/plans/{plan.pk}/").content.decode()
    assert c.get(f"/plans/{plan.pk}/clone/").status_code == 404
    assert "添加事项" not in c.get(f"/plans/{plan.pk}/").content.decode()


def test_the_secretary_sees_the_copy_button_and_it_opens(world, plan, branch_secretary):
    c = login(branch_secretary)
    assert "复制为新清单" in c.get(f"/plans/{plan.pk}/").content.decode()
    assert c.get(f"/plans/{plan.pk}/clone/").status_code == 200


def test_the_roster_link_on_an_organisation_is_only_for_who_may_open_the_roster(world, branch_member, branch_secretary):
    url = f"/orgs/{world.branch_a.pk}/"
    assert "查看本组织人员名册" not in login(branch_member).get(url).content.decode()
    assert login(branch_member).get(f"/people/?org={world.branch_a.pk}").status_code == 403
    assert "查看本组织人员名册" in login(branch_secretary).get(url).content.decode()


def test_declare_button_only_when_there_is_a_scheme_to_declare_under(world, branch_member):
    c = login(branch_member)
    assert "申报积分</a>" not in c.get("/points/declarations/").content.decode()
    _make_scheme(world)
    assert "申报积分</a>" in c.get("/points/declarations/").content.decode()


def test_rankings_link_only_the_organisations_the_user_can_open(world, branch_secretary, committee_admin):
    scheme = _make_scheme(world)
    item = points_actions.add_item(
        scheme, by=committee_admin, data={"dimension": "基础", "name": "主题党日", "points": "5", "subject_type": "org"}
    )
    reviewers = [make_user(f"r{n}", roles=[(f"reviewer_l{n}", world.committee)]) for n in (1, 2, 3)]
    for org, by in ((world.branch_a, branch_secretary), (world.branch_b, world.users["outsider"])):
        decl = points_actions.create_declaration(
            by=by, data={"item": item.pk, "subject_org": org.pk, "quantity": "1", "occurred_on": "2026-03-01"}
        )
        points_actions.submit_declaration(decl, by=by)
        for r in reviewers:
            points_actions.review_declaration(decl, by=r, data={"decision": "approve"})
    url = f"/points/rankings/?scheme={scheme.pk}&type=org"
    html = login(branch_secretary).get(url).content.decode()
    assert f"/points/orgs/{world.branch_a.pk}/" in html and f"/points/orgs/{world.branch_b.pk}/" not in html
    assert login(branch_secretary).get(f"/points/orgs/{world.branch_b.pk}/?scheme={scheme.pk}").status_code == 404
    html = login(committee_admin).get(url).content.decode()
    assert f"/points/orgs/{world.branch_a.pk}/" in html and f"/points/orgs/{world.branch_b.pk}/" in html


def test_announce_is_disabled_with_the_reason_during_the_objection_period(world, committee_admin, monkeypatch):
    scheme = _make_scheme(world)
    monkeypatch.setattr(publicity, "today", lambda: datetime.date(2026, 6, 1))  # a Monday
    pub = publicity.freeze(
        scheme, by=committee_admin, data={"subject_type": "org", "until": "2026-05-31", "objection_days": "5"}
    )
    publicity.publish(pub, by=committee_admin)
    c = login(committee_admin)
    html = c.get(f"/points/publicity/{pub.pk}/").content.decode()
    assert "disabled" in html and "公示期至6月5日结束，期满后可正式公布。" in html
    assert f'action="/points/publicity/{pub.pk}/announce/"' not in html

    monkeypatch.setattr(publicity, "today", lambda: datetime.date(2026, 6, 8))
    html = c.get(f"/points/publicity/{pub.pk}/").content.decode()
    assert f'action="/points/publicity/{pub.pk}/announce/"' in html and "期满后可正式公布" not in html


def test_announce_stays_disabled_while_an_objection_waits_for_an_answer(world, committee_admin, monkeypatch):
    scheme = _make_scheme(world)
    monkeypatch.setattr(publicity, "today", lambda: datetime.date(2026, 6, 1))
    pub = publicity.freeze(
        scheme, by=committee_admin, data={"subject_type": "org", "until": "2026-05-31", "objection_days": "5"}
    )
    publicity.publish(pub, by=committee_admin)
    publicity.raise_objection(pub, by=world.users["branch_secretary"], data={"content": "第3名的积分有误"})
    monkeypatch.setattr(publicity, "today", lambda: datetime.date(2026, 6, 8))
    html = login(committee_admin).get(f"/points/publicity/{pub.pk}/").content.decode()
    assert "还有未答复的异议，答复后才能公布。" in html
    assert f'action="/points/publicity/{pub.pk}/announce/"' not in html


def test_completing_an_occurrence_without_a_record_to_link_is_disabled_with_the_reason(world, branch_secretary):
    p = make_plan(branch_secretary, world.branch_a)
    item = add_item(branch_secretary, p, record_type="committee_meeting", due=datetime.date(2026, 3, 15))
    occ = item.occurrences.get()
    html = login(branch_secretary).get(f"/plans/occurrences/{occ.pk}/").content.decode()
    assert "disabled" in html and "本年度还没有可关联的活动记录" in html


def test_claims_waiting_show_their_confirm_button_only_to_another_admin(world, plan, branch_member, branch_secretary):
    item = plan.items.get()
    plan_actions.claim_item(item, by=branch_member)
    html = login(branch_secretary).get(f"/plans/{plan.pk}/division/").content.decode()
    assert "data-primary-action>确认</button>" in html
    assert "确认</button>" not in login(branch_member).get(f"/plans/{plan.pk}/division/").content.decode()


def test_the_sidebar_shows_to_do_counts_and_the_recycle_bin_for_admins(world, branch_secretary, branch_member):
    plan = make_plan(branch_secretary, world.branch_a, year=local_today().year)
    add_item(branch_secretary, plan, "无人认领的事项", month=12)
    c = Client()
    c.force_login(branch_secretary)
    html = c.get("/records/").content.decode()
    assert 'data-testid="nav-badge-home"' in html and 'data-testid="nav-badge-plans"' in html
    assert 'data-nav-key="recycle_bin"' in html
    c.force_login(branch_member)
    html = c.get("/records/").content.decode()
    assert 'data-nav-key="recycle_bin"' not in html and 'data-testid="nav-badge-plans"' not in html
