"""学习之星: the ranking by hours of a month or a quarter (ties share a rank), the committee names the stars of
an ended period (recorded with their hours and rank, audited), shown in the list and on the person's page."""

import datetime

import pytest

from core import dates
from core.models import AuditEvent
from core.testing import make_person
from learning import hours, stars
from learning.models import StudyStar

from .extras_helpers import page_client

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 10)


@pytest.fixture
def people(world):
    a, b, c = (make_person(world.branch_a, n, seq=60 + i) for i, n in enumerate(("甲", "乙", "丙")))
    for person, h, ref in ((a, 6, 1), (b, 6, 2), (c, 4, 3), (world.people["member"], 2, 4)):
        hours.credit(person, source="lesson", ref=ref, hours=h, date=MARCH, note="在线学习")
    hours.credit(c, source="exam", ref=9, hours=1, date=datetime.date(2026, 4, 2), note="考试")  # April: other month
    return a, b, c


def test_the_ranking_shares_ranks_and_counts_only_the_period(world, api, people, committee_admin):
    r = api(committee_admin).get(
        "learning/study-stars/ranking", {"org": world.committee.pk, "period_kind": "month", "year": 2026, "period": 3}
    )
    rows = [(i["rank"], i["person"]["name"], i["hours"]) for i in r.json()["items"]]
    assert rows == [(1, "乙", "6.0"), (1, "甲", "6.0"), (3, "丙", "4.0"), (4, "李娜", "2.0")]  # ties by name
    q = (
        api(committee_admin)
        .get(
            "learning/study-stars/ranking",
            {"org": world.committee.pk, "period_kind": "quarter", "year": 2026, "period": 2},
        )
        .json()
    )
    assert [(i["person"]["name"], i["hours"]) for i in q["items"]] == [("丙", "1.0")] and q["label"] == "2026年第2季度"
    bad = api(committee_admin).get(
        "learning/study-stars/ranking", {"org": world.committee.pk, "period_kind": "quarter", "year": 2026, "period": 7}
    )
    assert bad.status_code == 422 and "季度" in bad.json()["detail"]


def test_the_committee_names_stars_once_and_they_show(world, api, people, committee_admin, branch_member):
    a, b, _c = people
    body = {
        "org": world.committee.pk,
        "period_kind": "month",
        "year": 2026,
        "period": 3,
        "people": [a.pk, b.pk],
        "note": "学时领先",
    }
    r = api(committee_admin).post("learning/study-stars", body)
    assert r.status_code == 201, r.content
    made = sorted((s["person"]["name"], s["rank"], s["hours"]) for s in r.json()["items"])
    assert made == [("乙", 1, "6.0"), ("甲", 1, "6.0")]
    again = api(committee_admin).post("learning/study-stars", {**body, "people": [a.pk]})
    assert again.status_code == 409 and "已是该周期的学习之星" in again.json()["detail"]
    assert StudyStar.objects.count() == 2 and AuditEvent.objects.filter(action="learning.star.name").count() == 2
    listed = api(branch_member).get("learning/study-stars").json()
    assert {s["person"]["name"] for s in listed["items"]} == {"甲", "乙"}
    page = page_client(committee_admin).get(f"/people/{a.pk}/").content.decode()
    assert "学习之星" in page and "2026年3月学习之星" in page


def test_refusals(world, api, people, branch_secretary, branch_member, committee_admin):
    a, _b, _c = people
    body = {"org": world.committee.pk, "period_kind": "month", "year": 2026, "period": 3, "people": [a.pk]}
    assert api(branch_secretary).post("learning/study-stars", body).status_code == 422  # not her committee
    r = api(committee_admin).post("learning/study-stars", {**body, "people": [world.people["outsider"].pk]})
    assert r.status_code == 422 and "未找到该人员" in r.json()["detail"]  # not in the ranking
    today = dates.today()
    r = api(committee_admin).post("learning/study-stars", {**body, "year": today.year, "period": today.month})
    assert r.status_code in (409, 422)  # the current month has not ended (and has no ranked people)
    assert api(branch_member).get("learning/study-stars/ranking", {"org": world.committee.pk}).status_code == 404
    assert api(branch_member).get("learning/study-stars/ranking", {"org": world.branch_a.pk}).status_code == 403
    assert not StudyStar.objects.exists()


def test_last_period_and_bounds():
    assert stars.last_period("month", datetime.date(2026, 1, 15)) == (2025, 12)
    assert stars.last_period("quarter", datetime.date(2026, 2, 1)) == (2025, 4)
    assert stars.last_period("quarter", datetime.date(2026, 8, 1)) == (2026, 2)
    assert stars.period_bounds("quarter", 2026, 1) == (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    assert stars.period_bounds("month", 2024, 2)[1] == datetime.date(2024, 2, 29)


def test_the_ranking_page_names_stars_with_pinned_queries(
    world, people, committee_admin, django_assert_max_num_queries
):
    for i in range(6):
        p = make_person(world.branch_a, f"党员{i}", seq=80 + i)
        hours.credit(p, source="lesson", ref=20 + i, hours=1, date=MARCH, note="在线学习")
    c = page_client(committee_admin)
    url = f"/learning/stars/ranking/?org={world.committee.pk}&period_kind=month&year=2026&period=3"
    with django_assert_max_num_queries(24):
        page = c.get(url).content.decode()
    assert page.count("data-person=") == 10 and 'name="people"' in page
    r = c.post(
        "/learning/stars/new/",
        {"org": world.committee.pk, "period_kind": "month", "year": 2026, "period": 3, "people": [people[0].pk]},
    )
    assert r.status_code == 302 and StudyStar.objects.filter(person=people[0]).exists()
    with django_assert_max_num_queries(20):
        assert "甲" in c.get("/learning/stars/").content.decode()


def test_equal_hours_rank_by_the_exams_passed_in_the_period(world, api, people, committee_admin):
    """甲 and 乙 both have 6 学时 in March; 乙 passed an exam handed in on 31 March (Beijing time), 甲's pass of
    1 April does not count for March: 乙 ranks first, alone."""
    from django.utils import timezone

    from learning.models import Attempt, Exam

    from .test_exams_api import exam_body, make_bank

    a, b, _c = people
    make_bank(world.committee)
    exam = Exam.objects.get(pk=api(committee_admin).post("learning/exams", exam_body(world.committee)).json()["id"])

    def passed(person, when):
        at = datetime.datetime.combine(when, datetime.time(23, 30), dates.SHANGHAI)
        Attempt.objects.create(
            exam=exam,
            person=person,
            number=1,
            state="done",
            started_at=at,
            deadline=at,
            submitted_at=at,
            score=9,
            passed=True,
        )

    passed(b, datetime.date(2026, 3, 31))
    passed(a, datetime.date(2026, 4, 1))
    r = api(committee_admin).get(
        "learning/study-stars/ranking", {"org": world.committee.pk, "period_kind": "month", "year": 2026, "period": 3}
    )
    rows = [(i["rank"], i["person"]["name"], i["hours"], i["exams_passed"]) for i in r.json()["items"]]
    assert rows[:2] == [(1, "乙", "6.0", 1), (2, "甲", "6.0", 0)]
    assert timezone.is_aware(Attempt.objects.get(person=b).submitted_at)
