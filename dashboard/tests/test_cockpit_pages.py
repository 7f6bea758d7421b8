"""The 驾驶舱 pages and API: a subtree the user administers, drill-down per branch, full-screen display; another
branch's cockpit answers 404, the 三员 and plain members are refused, bad parameters never give a 500, and the
whole page costs the same queries for two branches and eight."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.permissions import SYSTEM_ROLE_REFUSED
from core.testing import make_user
from dashboard.rules import COCKPIT_MESSAGE
from dashboard.tests.cockpit_world import JULY, add_branches, fill_branch, now_is, points_scheme, stars_round

KEYS = {"key", "title", "value", "unit", "status", "items"}


@pytest.fixture
def filled(world, monkeypatch):
    now_is(monkeypatch)
    item, round_ = points_scheme(world), stars_round(world)
    fill_branch(world, world.branch_a, n=0, item=item, round_=round_, late=True)
    fill_branch(world, world.branch_b, n=1, item=item, round_=round_)
    return {"item": item, "round": round_}


def _page(client, user, url):
    client.force_login(user)
    return client.get(url)


def test_the_committee_sees_every_widget_of_its_subtree(world, client, committee_admin, filled):
    r = _page(client, committee_admin, "/cockpit/")
    html = r.content.decode()
    assert r.status_code == 200 and world.committee.name in html
    for key in ("plan_on_time", "compliance_rate", "points_ranking", "assessment_stars", "study_hours"):
        assert f'data-testid="widget-{key}"' in html
    assert 'id="cockpit-data"' in html and "js/cockpit.js" in html and "<script>" not in html
    # The red branch is listed on the card and leads to the drill-down row.
    assert f'href="/cockpit/compliance_rate/?org={world.committee.id}&amp;year=2026#org-{world.branch_a.id}"' in html


def test_a_branch_admin_gets_her_branch_and_another_branch_answers_404(world, client, api, branch_secretary, filled):
    r = _page(client, branch_secretary, "/cockpit/")
    assert r.status_code == 200 and r.context["org"] == world.branch_a
    assert [o.id for o in r.context["scope"].choices] == [world.branch_a.id]
    for url in (f"/cockpit/?org={world.branch_b.id}", f"/cockpit/?org={world.committee.id}"):
        assert client.get(url).status_code == 404
    assert client.get(f"/cockpit/compliance_rate/?org={world.branch_b.id}").status_code == 404
    assert client.get(f"/cockpit/screen/?org={world.branch_b.id}").status_code == 404
    assert api(branch_secretary).get("cockpit", {"org": world.branch_b.id}).status_code == 404
    assert api(branch_secretary).get("cockpit", {"org": world.committee.id}).status_code == 404


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_the_three_system_roles_are_refused(world, client, api, persona):
    user = world.users[persona]
    r = _page(client, user, "/cockpit/")
    assert r.status_code == 403 and SYSTEM_ROLE_REFUSED in r.content.decode()
    r = api(user).get("cockpit", {"org": world.committee.id})
    assert r.status_code == 403 and r.json()["detail"] == SYSTEM_ROLE_REFUSED


def test_a_member_without_an_administrators_grant_has_no_cockpit(world, client, api, branch_member):
    r = _page(client, branch_member, "/cockpit/")
    assert r.status_code == 403 and COCKPIT_MESSAGE in r.content.decode()
    r = api(branch_member).get("cockpit")
    assert r.status_code == 403 and r.json()["detail"] == COCKPIT_MESSAGE


def test_the_sidebar_offers_the_cockpit_to_administrators_only(world):
    from core.context_processors import build_navigation

    def entries(user):
        return [i["key"] for g in build_navigation(user) if g["key"] == "dashboard" for i in g["items"]]

    assert "cockpit" in entries(world.users["committee_admin"])
    assert "cockpit" in entries(world.users["branch_secretary"])
    assert "cockpit" not in entries(world.users["branch_member"])
    assert "cockpit" not in entries(world.users["sysadmin"])


@pytest.mark.parametrize(
    "query, status",
    [
        ("year=abc", 200),
        ("year=1900", 200),
        ("year=99999999999999999999", 200),
        ("org=999999", 404),
        ("org=abc", 404),
        ("org=-1", 404),
        ("org=99999999999999999999", 404),
    ],
)
def test_bad_parameters_never_give_a_500(world, client, committee_admin, filled, query, status):
    client.force_login(committee_admin)
    for path in ("/cockpit/", "/cockpit/screen/", "/cockpit/compliance_rate/"):
        assert client.get(f"{path}?{query}").status_code == status, (path, query)


@pytest.mark.parametrize(
    "params, status",
    [({"year": "abc"}, 422), ({"year": 1900}, 422), ({"org": 999999}, 404), ({"org": "abc"}, 422), ({"org": 0}, 422)],
)
def test_bad_api_parameters_answer_in_chinese(world, api, committee_admin, params, status):
    r = api(committee_admin).get("cockpit", params)
    assert r.status_code == status and r.json()["detail"]


def test_an_unknown_widget_key_answers_404(world, client, committee_admin):
    assert _page(client, committee_admin, "/cockpit/no_such_widget/").status_code == 404


def test_the_api_returns_exactly_the_contracts_fields_and_the_modules_figures(world, api, committee_admin, filled):
    from plans import cockpit as plans_cockpit

    r = api(committee_admin).get("cockpit", {"org": world.committee.id, "year": 2026})
    assert r.status_code == 200 and list(r.json()) == ["widgets"]
    widgets = {w["key"]: w for w in r.json()["widgets"]}
    assert all(set(w) == KEYS for w in widgets.values())
    assert all(w["status"] in ("red", "amber", "green", None) for w in widgets.values())
    direct = plans_cockpit.compliance_rate(committee_admin, world.committee, JULY)
    assert widgets["compliance_rate"]["value"] == direct["value"]
    assert widgets["compliance_rate"]["items"] == direct["items"]
    assert widgets["plan_on_time"]["value"] == 50
    # The default organisation is her highest; a past year is taken at its 31 December.
    assert api(committee_admin).get("cockpit").json() == r.json()
    last = api(committee_admin).get("cockpit", {"org": world.committee.id, "year": 2025}).json()
    assert "plan_on_time" not in {w["key"] for w in last["widgets"]}


def test_the_drill_down_lists_each_branch_with_its_missing_meeting(world, client, committee_admin, filled):
    r = _page(client, committee_admin, f"/cockpit/compliance_rate/?org={world.committee.id}")
    html = r.content.decode()
    assert r.status_code == 200
    assert f'id="org-{world.branch_a.id}"' in html and f'id="org-{world.branch_b.id}"' in html
    missing = f"/plans/compliance/?org={world.branch_a.id}&amp;year=2026&amp;obligation=general_meeting"
    assert missing in html and "支部党员大会 · 2026Q1" in html
    # From a branch's row to that branch's own cockpit.
    assert f'href="/cockpit/?org={world.branch_a.id}&amp;year=2026"' in html


def test_the_full_screen_display_has_no_sidebar_and_reloads_itself(world, client, committee_admin, filled):
    r = _page(client, committee_admin, f"/cockpit/screen/?org={world.committee.id}")
    html = r.content.decode()
    assert r.status_code == 200 and 'data-testid="cockpit-screen"' in html
    assert 'http-equiv="refresh"' in html and 'data-testid="sidebar-nav"' not in html
    assert 'data-bs-theme="dark"' in html and "<script>" not in html


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        r = fn()
    assert r.status_code == 200
    return len(ctx.captured_queries)


def test_the_pages_and_the_api_cost_the_same_queries_for_two_branches_and_eight(world, client, api, filled):
    admin = make_user("cockpit_pin", roles=[("org_admin", world.committee)])
    client.force_login(admin)
    calls = {
        "page": lambda: client.get(f"/cockpit/?org={world.committee.id}"),
        "screen": lambda: client.get(f"/cockpit/screen/?org={world.committee.id}"),
        "drill": lambda: client.get(f"/cockpit/compliance_rate/?org={world.committee.id}"),
        "api": lambda: api(admin).get("cockpit", {"org": world.committee.id}),
    }
    for fn in calls.values():
        fn()
    small = {k: _count(fn) for k, fn in calls.items()}
    add_branches(world, 6, start=3, item=filled["item"], round_=filled["round"])
    large = {k: _count(fn) for k, fn in calls.items()}
    assert large == small
    # Pinned: the sidebar (to-do counts) and every registered widget's own constant cost. A module registering
    # a widget (or a nav badge) adds its queries here.
    # The notices widget (2 queries), the warnings widget (11: the meeting checks, and 2 for the 谈心谈话 check) and
    # the teams widget (1) joined the registered ones; the sidebar asks once more whether she reviews 党建动态.
    # The points widget asks whether the running totals cover its date (1).
    assert small == {"page": 61, "screen": 50, "drill": 29, "api": 47}, small
