"""The 2025 组织生活会 held in February 2026 is 2025's: compliance, the heat map and the plan agree."""

import datetime

import pytest
from django.test import Client

from plans.models import Occurrence
from plans.tests.factories import add_item, make_plan

JULY = datetime.date(2026, 7, 15)


@pytest.fixture
def in_july(monkeypatch):
    monkeypatch.setattr("plans.api._today", lambda: JULY)


def file_org_life_meeting(client, world, **over):
    data = {
        "org": world.branch_a.id,
        "type": "org_life_meeting",
        "also_counts_as": ["democratic_review"],
        "title": "2025年度组织生活会",
        "date": "2026-02-24",
        "content": "对照检视，开展批评和自我批评，并开展民主评议党员。",
    }
    data.update(over)
    r = client.post("records", data)
    assert r.status_code == 201, r.content
    return r.json()


def _cells(client, world, year):
    body = client.get("compliance", {"org": world.committee.id, "year": year}).json()
    return {(i["org"]["id"], i["obligation"], i["period"]): i for i in body["items"]}


def test_a_february_record_for_last_year_meets_last_years_duties_not_this_years(
    world, branch_secretary, committee_admin, api, in_july
):
    record = file_org_life_meeting(api(branch_secretary), world)
    assert record["for_year"] == 2025  # first quarter: last year's by default
    a = world.branch_a.id
    client = api(committee_admin)
    last_year = _cells(client, world, 2025)
    for duty in ("org_life_meeting", "democratic_review"):
        assert last_year[(a, duty, "2025")]["status"] == "done"
        assert last_year[(a, duty, "2025")]["record"] == record["id"]
    this_year = _cells(client, world, 2026)
    for duty in ("org_life_meeting", "democratic_review"):
        assert this_year[(a, duty, "2026")]["status"] == "due"
        assert this_year[(a, duty, "2026")]["record"] is None


def test_a_record_said_to_be_this_years_meets_this_years_duty(world, branch_secretary, committee_admin, api, in_july):
    record = file_org_life_meeting(api(branch_secretary), world, title="2026年度组织生活会", for_year=2026)
    assert record["for_year"] == 2026
    cells = _cells(api(committee_admin), world, 2026)
    assert cells[(world.branch_a.id, "org_life_meeting", "2026")]["record"] == record["id"]
    assert _cells(api(committee_admin), world, 2025)[(world.branch_a.id, "org_life_meeting", "2025")]["status"] == (
        "missing"
    )


def test_the_heat_map_shows_the_record_in_the_year_it_is_for(world, branch_secretary, committee_admin, api):
    record = file_org_life_meeting(api(branch_secretary), world)
    c = Client()
    c.force_login(committee_admin)
    link = f'href="/records/{record["id"]}/"'
    assert link in c.get("/plans/compliance/", {"org": world.committee.id, "year": 2025}).content.decode()
    assert link not in c.get("/plans/compliance/", {"org": world.committee.id, "year": 2026}).content.decode()


def test_filing_it_completes_last_years_plan_occurrence_and_leaves_this_years_open(world, branch_secretary, api):
    items = {}
    for year in (2025, 2026):
        plan = make_plan(branch_secretary, world.branch_a, year=year)
        items[year] = add_item(
            branch_secretary,
            plan,
            "召开组织生活会",
            category="组织建设",
            recurrence="yearly",
            month=12,
            day=28,
            record_type="org_life_meeting",
        )
    client = api(branch_secretary)
    record = file_org_life_meeting(client, world)
    last = Occurrence.objects.get(item=items[2025], period="2025")
    assert last.record_id == record["id"] and last.completed_on == datetime.date(2026, 2, 24)
    this = Occurrence.objects.get(item=items[2026], period="2026")
    assert this.completed_on is None
    # Linking it by hand to this year's is refused with the reason.
    r = client.post(f"occurrences/{this.id}/complete", {"record": record["id"]})
    assert r.status_code == 422
    assert r.json()["detail"] == "所选记录是2025年度的组织生活会，不计入2026年度。"
    # The page offers it among the records for last year's occurrence, not this year's.
    c = Client()
    c.force_login(branch_secretary)
    Occurrence.objects.filter(pk=last.pk).update(completed_on=None, record=None)
    assert "2025年度组织生活会" in c.get(f"/plans/occurrences/{last.id}/").content.decode()
    assert "2025年度组织生活会" not in c.get(f"/plans/occurrences/{this.id}/").content.decode()


def test_changing_the_year_it_is_for_moves_it_between_years(world, branch_secretary, committee_admin, api, in_july):
    client = api(branch_secretary)
    record = file_org_life_meeting(client, world)
    r = client.patch(f"records/{record['id']}", {"for_year": 2026})
    assert r.status_code == 200 and r.json()["for_year"] == 2026
    cells = _cells(api(committee_admin), world, 2026)
    assert cells[(world.branch_a.id, "org_life_meeting", "2026")]["status"] == "done"
