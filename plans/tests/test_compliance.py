import datetime

import pytest

from core.testing import make_user
from plans import compliance
from plans.models import ObligationRule
from plans.tests.factories import make_record

JULY = datetime.date(2026, 7, 15)


@pytest.fixture
def filed(world):
    a = world.branch_a
    for month in (1, 2, 4):
        make_record(a, "committee_meeting", datetime.date(2026, month, 12))
    make_record(a, "general_meeting", datetime.date(2026, 3, 20), title="一季度支部党员大会")
    lesson = make_record(
        a, "theme_day", datetime.date(2026, 4, 28), title="四月主题党日暨专题党课", also=["party_lesson"]
    )
    return {"lesson": lesson}


def _cells(body):
    return {(i["org"]["id"], i["obligation"], i["period"]): i for i in body["items"]}


@pytest.fixture
def in_july(monkeypatch):
    monkeypatch.setattr("plans.api._today", lambda: JULY)


def test_compliance_for_the_committee_shows_done_and_missing_periods(world, committee_admin, api, filed, in_july):
    r = api(committee_admin).get("compliance", {"org": world.committee.id, "year": 2026})
    assert r.status_code == 200, r.content
    cells = _cells(r.json())
    a = world.branch_a.id
    assert cells[(a, "committee_meeting", "2026-01")]["status"] == "done"
    assert cells[(a, "committee_meeting", "2026-03")]["status"] == "missing"
    assert cells[(a, "committee_meeting", "2026-07")]["status"] == "due"
    assert cells[(a, "committee_meeting", "2026-08")]["status"] == "upcoming"
    assert cells[(a, "general_meeting", "2026Q1")]["status"] == "done"
    assert cells[(a, "general_meeting", "2026Q2")]["status"] == "missing"
    q2_lesson = cells[(a, "party_lesson", "2026Q2")]
    assert q2_lesson["status"] == "done" and q2_lesson["record"] == filed["lesson"].id
    assert cells[(a, "theme_day", "2026-04")]["record"] == filed["lesson"].id
    assert cells[(a, "general_meeting", "2026Q1")]["due"] == "2026-03-31"
    assert cells[(a, "org_life_meeting", "2026")]["status"] == "due"
    branches = {i["org"]["id"] for i in r.json()["items"] if i["obligation"] != "group_meeting"}
    assert branches == {world.branch_a.id, world.branch_b.id}


def test_group_meetings_are_checked_per_party_group(world, committee_admin, api, filed, in_july):
    make_record(world.group_a1, "group_meeting", datetime.date(2026, 5, 8))
    cells = _cells(api(committee_admin).get("compliance", {"org": world.committee.id, "year": 2026}).json())
    g = world.group_a1.id
    assert cells[(g, "group_meeting", "2026-05")]["status"] == "done"
    assert cells[(g, "group_meeting", "2026-06")]["status"] == "missing"
    assert cells[(g, "group_meeting", "2026-05")]["org"]["name"] == "统计局第一党小组"
    # branch B has no party group, so it has no group-meeting obligation
    assert not any(k[1] == "group_meeting" and k[0] == world.branch_b.id for k in cells)


def test_a_branch_admin_sees_only_her_branch(world, branch_secretary, api, filed, in_july):
    client = api(branch_secretary)
    body = client.get("compliance", {"org": world.committee.id, "year": 2026}).json()
    assert {i["branch"]["id"] for i in body["items"]} == {world.branch_a.id}
    assert client.get("compliance", {"org": world.branch_b.id, "year": 2026}).status_code == 404
    own = client.get("compliance", {"year": 2026}).json()
    assert {i["branch"]["id"] for i in own["items"]} == {world.branch_a.id}


def test_deleted_records_and_other_years_do_not_count(world, committee_admin, api, in_july):
    r = make_record(world.branch_a, "committee_meeting", datetime.date(2026, 1, 5))
    r.deleted_at = datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    r.save()
    make_record(world.branch_a, "committee_meeting", datetime.date(2025, 1, 5))
    cells = _cells(api(committee_admin).get("compliance", {"org": world.committee.id, "year": 2026}).json())
    assert cells[(world.branch_a.id, "committee_meeting", "2026-01")]["status"] == "missing"


def test_bad_compliance_queries_are_refused_in_chinese(world, committee_admin, api):
    client = api(committee_admin)
    assert client.get("compliance", {"year": 1900}).status_code == 422
    assert client.get("compliance", {"obligation": "dance"}).json()["detail"] == "组织生活类型不存在。"
    assert client.get("compliance", {"org": 999999}).status_code == 404


def test_a_committee_can_require_a_party_lesson_every_month(world, committee_admin, api, filed, in_july):
    r = api(committee_admin).post(
        "obligation-rules",
        {
            "org": world.committee.id,
            "obligation": "party_lesson",
            "frequency": "monthly",
            "source": "区直机关工委2026年组织生活安排：党课每月1次",
        },
    )
    assert r.status_code == 201, r.content
    cells = _cells(
        api(committee_admin)
        .get("compliance", {"org": world.committee.id, "year": 2026, "obligation": "party_lesson"})
        .json()
    )
    assert cells[(world.branch_a.id, "party_lesson", "2026-04")]["status"] == "done"
    assert cells[(world.branch_a.id, "party_lesson", "2026-05")]["status"] == "missing"
    assert all(k[1] == "party_lesson" for k in cells)


def test_a_branch_admin_cannot_change_the_committees_rules(world, branch_secretary, api):
    r = api(branch_secretary).post(
        "obligation-rules",
        {"org": world.committee.id, "obligation": "party_lesson", "frequency": "monthly", "source": "x"},
    )
    assert r.status_code == 422
    assert not ObligationRule.objects.filter(org__isnull=False).exists()


def test_default_rules_cite_the_branch_work_regulations(db):
    compliance.ensure_default_rules()
    rules = {r.obligation: r for r in ObligationRule.objects.filter(org=None, org_kind="branch")}
    assert {k: r.frequency for k, r in rules.items()} == {
        "general_meeting": "quarterly",
        "committee_meeting": "monthly",
        "group_meeting": "monthly",
        "party_lesson": "quarterly",
        "theme_day": "monthly",
        "org_life_meeting": "yearly",
        "democratic_review": "yearly",
        "talk": "yearly",
    }
    assert rules["group_meeting"].per_group
    assert all("中国共产党支部工作条例（试行）" in r.source for r in rules.values())


def test_compute_takes_today_as_a_parameter(world, filed):
    may = compliance.compute(world.committee, 2026, today=datetime.date(2026, 5, 10))
    cell = next(
        c for c in may if c.org == world.branch_a and c.obligation == "general_meeting" and c.period == "2026Q2"
    )
    assert cell.status == "due"
    later = compliance.compute(world.committee, 2026, today=JULY)
    cell = next(
        c for c in later if c.org == world.branch_a and c.obligation == "general_meeting" and c.period == "2026Q2"
    )
    assert cell.status == "missing"


def test_heat_map_query_count_does_not_grow_with_branches(world, committee_admin, api, in_july):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def add_branches(n, start):
        for i in range(n):
            world.committee.refresh_from_db()
            b = world.committee.add_child(name=f"新增第{start + i}党支部", kind="branch")
            b.add_child(name=f"新增第{start + i}党小组", kind="group")
            make_record(b, "committee_meeting", datetime.date(2026, 2, 3))
            make_record(b, "general_meeting", datetime.date(2026, 3, 3))

    def count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return len(ctx.captured_queries)

    client = api(committee_admin)
    page = Client()
    page.force_login(make_user("heat", roles=[("org_admin", world.committee)]))
    api_call = lambda: client.get("compliance", {"org": world.committee.id, "year": 2026})  # noqa: E731
    page_call = lambda: page.get(f"/plans/compliance/?org={world.committee.id}&year=2026")  # noqa: E731
    assert api_call().status_code == 200 and page_call().status_code == 200
    add_branches(2, 1)
    small_api, small_page = count(api_call), count(page_call)
    add_branches(6, 3)
    assert count(api_call) == small_api <= 16
    assert (
        count(page_call) == small_page <= 29
    )  # the sidebar's to-do counts add up to 9 (网络学院, 通知公告: one query each)
    body = api_call().json()
    assert len({i["branch"]["id"] for i in body["items"]}) == 10
    html = page_call().content.decode()
    assert html.count('data-org="') == 19  # 10 branches + 9 party groups (branch B has none)
