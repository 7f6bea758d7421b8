"""群众满意度 as a weighted component (the 网站汇总 measure `assessments.satisfaction`), the 双评 panels on the
organisation's and the person's page, and the awards' candidates from 群众评议."""

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from assessments import actions_mass, actions_rounds, sources
from assessments.candidates import candidates
from assessments.choices_awards import AwardSubject
from assessments.models import Item
from assessments.models_mass import MassSurvey
from assessments.tests.factories_rounds import make_assessor, make_round, make_scheme
from assessments.tests.mass_world import make_survey, vote
from core.testing import ApiClient

pytestmark = pytest.mark.django_db

SOURCE = "assessments.satisfaction"


def _closed_on(survey, day):
    MassSurvey.objects.filter(pk=survey.pk).update(state="closed", closed_on=day)


def _satisfaction_survey(world, ratings_a, ratings_b=(), *, closed_on=datetime.date(2026, 3, 20), title="一季度测评"):
    s, codes = make_survey(world, codes=max(len(ratings_a), len(ratings_b), 1), title=title)
    a, b = s.subjects.order_by("position")
    for i, code in enumerate(codes):
        ballot = {}
        if i < len(ratings_a):
            ballot[a] = ratings_a[i]
        if i < len(ratings_b):
            ballot[b] = ratings_b[i]
        if ballot:
            vote(code, ballot)
    if closed_on:
        _closed_on(s, closed_on)
    return s


Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


def test_the_measure_counts_satisfied_and_basic_of_the_closed_surveys_in_the_period(world):
    measure = sources.get(SOURCE)
    # Branch A: 5 + 3 votes in two surveys of Q1 → 6 of 8 satisfied or basic = 75 %.
    _satisfaction_survey(world, ["satisfied", "satisfied", "basic", "dissatisfied", "basic"], ["dissatisfied"] * 5)
    _satisfaction_survey(world, ["satisfied", "dissatisfied", "satisfied"], title="一季度补充测评")
    # Not counted: a survey closed after the period, and one still open.
    _satisfaction_survey(world, ["dissatisfied"] * 5, closed_on=datetime.date(2026, 4, 2), title="二季度测评")
    _satisfaction_survey(world, ["dissatisfied"] * 5, closed_on=None, title="进行中的测评")
    m = measure(world.branch_a, *Q1)
    assert m.value == Decimal(75)
    assert (
        m.parts["total"] == 8 and m.parts["satisfied"] == 4 and m.parts["basic"] == 2 and m.parts["dissatisfied"] == 2
    )
    assert "共8票，满意4票、基本满意2票、不满意2票" in m.detail
    assert m.evidence_url.startswith("/assessments/mass/") and m.evidence_url.endswith("/results/")
    b = measure(world.branch_b, *Q1)
    assert b.value == Decimal(0) and b.parts["total"] == 5
    # The committee's measure takes its subtree: 6 of 13.
    whole = measure(world.committee, *Q1)
    assert whole.parts["total"] == 13
    assert whole.value.quantize(Decimal("0.01")) == Decimal("46.15")


def test_fewer_than_five_votes_give_no_value_and_no_counts(world):
    _satisfaction_survey(world, ["satisfied"] * 4)
    m = sources.get(SOURCE)(world.branch_a, *Q1)
    assert m.value is None and "不足5票" in m.detail and "total" not in m.parts
    assert sources.get(SOURCE)(world.branch_a, datetime.date(2025, 1, 1), datetime.date(2025, 3, 31)).value is None


def test_a_satisfaction_item_takes_its_points_from_the_measure_in_the_grid(world):
    admin = ApiClient(world.users["committee_admin"])
    scheme = make_scheme(
        world,
        items=[
            ("党建", "三会一课", "60", "documents"),
            ("党建", "群众满意度", "10", "satisfaction"),
            ("宣传", "信息", "30", "report"),
        ],
    )
    item = scheme.items.get(name="群众满意度")
    r = admin.patch(
        f"assessments/items/{item.pk}",
        {"source": SOURCE, "formula": {"zero": "60", "full": "100"}, "method": "satisfaction"},
    )
    assert r.status_code == 200, r.content
    wrong = admin.patch(f"assessments/items/{item.pk}", {"source": SOURCE, "method": "report"})
    assert wrong.status_code in (400, 422)
    assert "考核方式应为“满意度测评”或“网站汇总”" in wrong.content.decode()
    item = Item.objects.get(pk=item.pk)
    # 80 % satisfied or basic → (80 − 60) / (100 − 60) × 10 = 5.00 points.
    _satisfaction_survey(world, ["satisfied", "satisfied", "basic", "basic", "dissatisfied"])
    kaohe = make_assessor(world, "kaohe", "何考核", seq=41)
    rnd = make_round(world, scheme, state="scoring", period="2026Q1", assessors=[kaohe])
    computed = sources.computed(item, world.branch_a, rnd.starts, rnd.ends)
    assert computed["value"] == "80" and computed["points"] == "5"
    assert "群众满意度 80%" in computed["explain"] and computed["explain"].endswith("→ 5分")
    refused = pytest.raises(Exception)
    with refused as e:
        actions_rounds.save_score(rnd, by=kaohe, data={"org": world.branch_a.pk, "item": item.pk, "points": "10"})
    assert "按网站汇总计算为5分" in str(e.value)
    score = actions_rounds.save_score(rnd, by=kaohe, data={"org": world.branch_a.pk, "item": item.pk, "points": "5"})
    assert score.computed["points"] == "5" and score.computed["parts"]["total"] == 5


def _star_org_survey(world, ratings, *, org=None, year=2026):
    s, codes = make_survey(world, kind="star_org", subjects=[org or world.branch_a], codes=len(ratings))
    subject = s.subjects.first()
    for code, rating in zip(codes, ratings, strict=True):
        vote(code, {subject: rating})
    _closed_on(s, datetime.date(year, 11, 20))
    MassSurvey.objects.filter(pk=s.pk).update(closes=datetime.date(year, 11, 20))
    return s


def test_the_org_page_shows_its_good_rate_once_five_votes_are_in(world):
    c = Client()
    c.force_login(world.users["branch_secretary"])
    _star_org_survey(world, ["good", "fair", "average", "good"])  # four votes: nothing shown
    assert "群众评议（双评）" not in c.get(f"/orgs/{world.branch_a.pk}/").content.decode()
    _star_org_survey(world, ["good", "fair", "average", "good", "poor"])
    page = c.get(f"/orgs/{world.branch_a.pk}/").content.decode()
    assert "群众评议（双评）" in page and "60.00%" in page


def test_the_person_page_shows_the_members_good_rate(world):
    member = world.people["member"]
    s, codes = make_survey(world, kind="star_member", people=[member], codes=5)
    for code in codes:
        vote(code, {s.subjects.first(): "good"})
    _closed_on(s, datetime.date(2026, 11, 1))
    c = Client()
    c.force_login(world.users["committee_admin"])
    page = c.get(f"/people/{member.pk}/").content.decode()
    assert "明星党员群众评议（双评）" in page and "100.00%" in page


def test_stars_of_the_mass_are_award_candidates_from_ninety_percent(world):
    member, other = world.people["member"], world.people["secretary"]
    s, codes = make_survey(world, kind="star_member", people=[member, other], codes=10)
    a, b = s.subjects.order_by("position")
    for i, code in enumerate(codes):
        vote(code, {a: "good" if i < 9 else "average", b: "good" if i < 8 else "poor"})  # 90 % and 80 %
    _closed_on(s, datetime.date(2026, 11, 1))
    MassSurvey.objects.filter(pk=s.pk).update(closes=datetime.date(2026, 11, 1))
    found = [
        c
        for c in candidates(world.committee, 2026, AwardSubject.PERSON, world.users["committee_admin"])
        if c.source == "mass"
    ]
    assert [(c.person, c.note) for c in found] == [(member, "2026年明星党员群众评议好评率90.00%（10票）")]
    assert found[0].source_label == "群众评议"
    assert not [
        c
        for c in candidates(world.committee, 2025, AwardSubject.PERSON, world.users["committee_admin"])
        if c.source == "mass"
    ]


def test_a_survey_closes_on_the_day_it_is_closed(world):
    s, _ = make_survey(world)
    s = actions_mass.transition(s, "close", by=world.users["committee_admin"])
    from core.dates import today

    assert s.state == "closed" and s.closed_on == today()
