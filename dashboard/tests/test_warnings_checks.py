"""The meeting checks plans contributes (Interface 2) and the red-amber-green table built from them."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.modules import contributions
from dashboard import checks
from plans import checks as plan_checks

from .warnings_helpers import TODAY, file_meeting, quarters_held

GM = "plans.general_meeting"


def _finding(world, code, day=TODAY, org=None):
    t = checks.table(world.committee, day)
    row = next(r for r in t.rows if r.org.pk == (org or world.branch_a).pk)
    return row.findings.get(code)


def test_plans_offers_the_four_meeting_checks_with_their_articles(world):
    offered = [c for _m, provider in contributions("dashboard.checks") for c in provider()]
    meetings = [c for c in offered if c["code"].startswith("plans.")]
    assert [c["code"] for c in meetings] == [GM, "plans.committee_meeting", "plans.group_meeting", "plans.party_lesson"]
    for c in meetings:
        assert "《中国共产党支部工作条例（试行）》第十八条" in c["citation"]
        assert c["params"] == {"amber_days": 5}


def test_a_quarter_without_a_general_meeting_is_red_until_the_meeting_is_filed(world, branch_secretary):
    quarters_held(branch_secretary, world.branch_a, "general_meeting", upto=2)
    f = _finding(world, GM)
    assert f["status"] == "red"
    assert "2026年第3季度未召开支部党员大会" in f["text"]
    assert f["url"] == f"/plans/compliance/?org={world.branch_a.pk}&year=2026&obligation=general_meeting"
    file_meeting(branch_secretary, world.branch_a, "general_meeting", datetime.date(2026, 8, 20))
    f = _finding(world, GM)
    assert f["status"] == "green", f  # Q4 is still 34 days from its end
    assert "8月20日" in f["text"]


def test_the_current_period_turns_amber_within_n_days_and_green_once_held(world, branch_secretary, monkeypatch):
    from core import dates

    late_december = datetime.date(2026, 12, 28)
    monkeypatch.setattr(dates, "today", lambda: late_december)
    quarters_held(branch_secretary, world.branch_a, "general_meeting", upto=3)
    f = _finding(world, GM, late_december)
    assert f["status"] == "amber"
    assert "本季度支部党员大会尚未召开，距截止（12月31日）还有 3 天" in f["text"]
    assert _finding(world, GM, datetime.date(2026, 12, 25))["status"] == "green"  # 6 days: beyond the default 5
    file_meeting(branch_secretary, world.branch_a, "general_meeting", datetime.date(2026, 12, 27))
    assert _finding(world, GM, late_december)["status"] == "green"


def test_the_amber_window_is_the_committees_param(world, branch_secretary, committee_admin):
    from dashboard import actions_warnings as actions

    quarters_held(branch_secretary, world.branch_a, "general_meeting", upto=3)
    assert _finding(world, GM)["status"] == "green"
    actions.save_setting(world.committee, GM, by=committee_admin, data={"enabled": "on", "amber_days": "40"})
    assert _finding(world, GM)["status"] == "amber"


def test_party_group_meetings_are_checked_per_group(world, branch_secretary):
    f = _finding(world, "plans.group_meeting")
    assert f["status"] == "red" and "有 1 个党小组未召开党小组会" in f["text"]
    # branch_b has no party group: the per-group rule has nothing to check there
    assert _finding(world, "plans.group_meeting", org=world.branch_b) is None


def test_a_disabled_check_is_absent(world, committee_admin):
    from dashboard import actions_warnings as actions

    actions.save_setting(world.committee, GM, by=committee_admin, data={"amber_days": "5"})
    t = checks.table(world.committee, TODAY)
    assert GM not in [r.code for r in t.rules]
    assert all(GM not in row.findings for row in t.rows)


def test_evaluate_costs_the_same_queries_for_two_branches_or_eight(world, branch_secretary):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            checks.table(world.committee, TODAY)
        return len(ctx.captured_queries)

    checks.table(world.committee, TODAY)  # the default rules are installed once
    few = count()
    committee = world.committee
    for i in range(6):
        committee.refresh_from_db()
        b = committee.add_child(name=f"第{i}党支部", kind="branch")
        b.add_child(name=f"第{i}党小组", kind="group")
    file_meeting(branch_secretary, world.branch_a, "general_meeting", datetime.date(2026, 3, 1))
    assert count() == few


def test_the_checks_say_nothing_for_no_branches(world):
    for c in plan_checks.checks():
        assert c["evaluate"]([], TODAY, c["params"]) == {}
        assert c["evaluate"]([world.committee], TODAY, c["params"]) == {}


def test_the_widget_counts_branches_per_colour(world, branch_secretary, committee_admin):
    quarters_held(branch_secretary, world.branch_a, "general_meeting", upto=4)
    w = checks.widget(committee_admin, world.committee, TODAY)
    assert w["key"] == "warnings" and w["status"] == "red"
    assert sum(w["counts"].values()) == 2 and w["value"] == w["counts"]["red"]
    assert {i["org"]["id"] for i in w["items"]} == {world.branch_a.pk, world.branch_b.pk}
    assert all(i["url"].startswith("/") and i["status"] in ("red", "amber", "green") for i in w["items"])


@pytest.mark.parametrize("code", ["plans.committee_meeting", "plans.party_lesson"])
def test_every_meeting_check_answers_each_branch(world, code):
    t = checks.table(world.committee, TODAY)
    assert {r.org.pk for r in t.rows if code in r.findings} == {world.branch_a.pk, world.branch_b.pk}
