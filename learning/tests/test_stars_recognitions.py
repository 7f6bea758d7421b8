"""学习之星 offered to 表彰: the year's stars named by the committee are suggested for a personal award (the most
titles first, with the periods), nominated in one click with the source kept, and never to a reader who does not
see the member, nor for a collective award."""

import datetime

import pytest

from core.testing import make_person
from learning import hours
from learning.models import StudyStar

from .extras_helpers import page_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def named(world, api, committee_admin):
    """甲 star of March and of the first quarter, 李娜 of March, in 2026; 乙 of March 2025."""
    a = make_person(world.branch_a, "甲", seq=60)
    b = make_person(world.branch_a, "乙", seq=61)
    member = world.people["member"]
    for ref, (person, day) in enumerate(
        ((a, datetime.date(2026, 3, 10)), (member, datetime.date(2026, 3, 11)), (b, datetime.date(2025, 3, 10))),
        start=1,
    ):
        hours.credit(person, source="lesson", ref=ref, hours=6, date=day, note="在线学习")
    for kind, year, period, people in (
        ("month", 2026, 3, [a, member]),
        ("quarter", 2026, 1, [a]),
        ("month", 2025, 3, [b]),
    ):
        body = {"org": world.committee.pk, "period_kind": kind, "year": year, "period": period}
        r = api(committee_admin).post("learning/study-stars", {**body, "people": [p.pk for p in people]})
        assert r.status_code == 201, r.content
    return a, b


@pytest.fixture
def types(world, api, committee_admin):
    r = api(committee_admin).post("assessments/award-types/common", {"committee": world.committee.pk})
    assert r.status_code == 201, r.content
    return {t["name"]: t for t in r.json()}


def _stars(client, award_type, year=2026):
    r = client.get("assessments/award-candidates", {"award_type": award_type, "year": year})
    assert r.status_code == 200, r.content
    return [
        (c["person"]["name"], c["note"], c["source_label"]) for c in r.json()["items"] if c["source"] == "study_star"
    ]


def test_the_years_stars_are_suggested_for_a_personal_award(world, api, committee_admin, named, types):
    client = api(committee_admin)
    assert _stars(client, types["四优共产党员"]["id"]) == [
        ("甲", "2026年2次评为学习之星（3月、第1季度）", "学习之星"),
        ("李娜", "2026年1次评为学习之星（3月）", "学习之星"),
    ]
    assert _stars(client, types["四优共产党员"]["id"], 2025) == [("乙", "2025年1次评为学习之星（3月）", "学习之星")]
    assert _stars(client, types["四强党支部"]["id"]) == []  # a collective award: no person suggested


def test_a_star_who_left_or_whom_the_reader_does_not_see_is_not_suggested(world, api, named, types, outsider):
    a, _b = named
    a.status = "transferred_out"
    a.save(update_fields=["status"])
    from core.testing import make_user

    admin = make_user("committee2", roles=[("org_admin", world.committee)])
    assert [n for n, *_ in _stars(api(admin), types["四优共产党员"]["id"])] == ["李娜"]
    r = api(outsider).get("assessments/award-candidates", {"award_type": types["四优共产党员"]["id"], "year": 2026})
    assert r.status_code == 404 or not [c for c in r.json()["items"] if c["source"] == "study_star"]


def test_nominating_from_the_suggestion_keeps_its_source(world, api, committee_admin, named, types):
    a, _b = named
    award = types["四优共产党员"]["id"]
    page = page_client(committee_admin).get(f"/assessments/awards/nominations/new/?award_type={award}&year=2026")
    html = page.content.decode()
    assert page.status_code == 200 and "学习之星：2026年2次评为学习之星（3月、第1季度）" in html
    assert f"person={a.pk}&source=study_star" in html
    r = api(committee_admin).post(
        "assessments/nominations",
        {
            "award_type": award,
            "year": 2026,
            "person": a.pk,
            "reason": "学习刻苦，学时领先。",
            "source": "study_star",
            "source_note": "2026年2次评为学习之星（3月、第1季度）",
        },
    )
    assert r.status_code == 201, r.content
    assert r.json()["source"] == "study_star" and r.json()["source_note"].startswith("2026年2次")
    assert StudyStar.objects.filter(person=a).count() == 2
