"""网站汇总: each measure counted exactly on planted data, the committee's formula turning it into points (two
decimals, half up, clamped), the sentence that explains it, and the API that shows it to whom it may."""

import datetime
from decimal import Decimal

import pytest

from assessments import sources
from assessments.models import Item
from assessments.tests.factories_schemes import add_items, make_scheme

pytestmark = pytest.mark.django_db
Q1 = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))


@pytest.fixture
def april(monkeypatch):
    """Today is 10 April 2026: the first quarter is over."""
    monkeypatch.setattr("core.dates.today", lambda: datetime.date(2026, 4, 10))


def _item(max_points=10, source="plans.compliance", **formula):
    return Item(max_points=Decimal(max_points), source=source, formula={k: str(v) for k, v in formula.items()})


# ---------------------------------------------------------------- the formula


@pytest.mark.parametrize(
    "value, formula, points",
    [
        ("87.5", {"zero": 60, "full": 100}, "6.88"),  # 27.5 / 40 × 10 = 6.875 → 6.88 (half up)
        ("50", {"zero": 60, "full": 100}, "0.00"),  # below zero: clamped
        ("100", {}, "10.00"),  # the measure's defaults: 0 → 0, 100 → full
        ("33.333", {}, "3.33"),
        ("120", {"zero": 0, "full": 100}, "10.00"),  # above full: clamped
        ("2", {"zero": 10, "full": 0}, "8.00"),  # fewer is better (e.g. overdue items)
    ],
)
def test_points_follow_the_committees_formula(value, formula, points):
    m = sources.Measure(Decimal(value), "")
    assert sources.points_for(_item(**formula), m) == Decimal(points)


def test_a_measure_without_data_gives_no_points_and_says_so():
    item = _item()
    m = sources.Measure(None, "期内没有到期的三会一课")
    assert sources.points_for(item, m) is None
    assert sources.explain(item, m) == "三会一课完成率：本期无数据（期内没有到期的三会一课），由考核组评分。"


def test_the_formula_in_words():
    assert sources.formula_sentence(_item(max_points="2.5", zero=60, full=100)) == (
        "三会一课完成率60%及以下得0分，100%及以上得满分2.5分，其间按比例计分（保留两位小数，四舍五入）"
    )


# ---------------------------------------------------------------- the measures on planted data


def _three_meetings_one_lesson(world):
    """Branch A in Q1 2026 owes 8: 党员大会 1, 支委会 3, 党小组会 3 (its one group), 党课 1. It held 7: the March
    支委会 is missing. A 主题党日 (not one of 三会一课) and a 支委会 of April count for nothing."""
    from plans.tests.factories import make_record

    a, group = world.branch_a, world.group_a1
    make_record(a, "general_meeting", datetime.date(2026, 2, 10))
    make_record(a, "committee_meeting", datetime.date(2026, 1, 8))
    make_record(a, "committee_meeting", datetime.date(2026, 2, 9))
    make_record(a, "committee_meeting", datetime.date(2026, 4, 2))
    for month in (1, 2, 3):
        make_record(group, "group_meeting", datetime.date(2026, month, 20))
    make_record(a, "party_lesson", datetime.date(2026, 3, 25))
    make_record(a, "theme_day", datetime.date(2026, 3, 5))


def test_compliance_counts_the_quarters_three_meetings_and_one_lesson(world, april):
    _three_meetings_one_lesson(world)
    m = sources.get("plans.compliance")(world.branch_a, *Q1)
    assert m.value == Decimal("87.5") and m.detail == "应开8次，已开7次"
    assert m.parts["by_obligation"]["支委会"] == {"due": 3, "held": 2}
    assert m.evidence_url == f"/plans/compliance/?org={world.branch_a.pk}&year=2026"
    item = _item(zero=60, full=100)
    assert sources.explain(item, m) == "三会一课完成率 87.5%（应开8次，已开7次）→ 6.88分"


def test_compliance_of_a_running_quarter_counts_only_what_is_due(world, monkeypatch):
    _three_meetings_one_lesson(world)
    monkeypatch.setattr("core.dates.today", lambda: datetime.date(2026, 3, 15))
    m = sources.get("plans.compliance")(world.branch_a, *Q1)
    # January and February are due: 支委会 2 + 党小组会 2, all held; the March ones and the quarterly ones that
    # are held already count as held.
    assert (m.parts["due"], m.parts["held"]) == (7, 7) and m.value == 100


def test_plan_items_done_on_time(world, april):
    from plans.models import Occurrence
    from plans.tests.factories import add_item, make_plan

    plan = make_plan(world.users["branch_secretary"], world.branch_a)
    secretary = world.users["branch_secretary"]
    due = {
        "准时": "2026-01-20",
        "提前": "2026-02-20",
        "逾期": "2026-03-10",
        "未做": "2026-03-20",
        "二季度": "2026-05-10",
    }
    for title, day in due.items():
        add_item(secretary, plan, title=title, due=day)
    done = {"准时": "2026-01-20", "提前": "2026-02-01", "逾期": "2026-03-12"}
    for title, day in done.items():
        Occurrence.objects.filter(item__title=title).update(completed_on=datetime.date.fromisoformat(day))
    m = sources.get("plans.on_time")(world.branch_a, *Q1)
    assert m.value == Decimal(50) and m.detail == "应完成4项，按期完成2项，逾期完成1项，未完成1项"


def test_points_ranking_normalised(world, april):
    from points import actions as points_actions
    from points.models import LedgerEntry

    admin = world.users["committee_admin"]
    scheme = points_actions.create_scheme(
        by=admin,
        data={"org": world.committee.pk, "year": 2026, "name": "积分办法", "full_marks": 100, "linkage_every": 10,
              "linkage_mode": "per_person"},
    )  # fmt: skip
    item = points_actions.add_item(
        scheme, by=admin, data={"dimension": "基础", "name": "主题党日", "points": 10, "subject_type": "org"}
    )
    for org, pts, day in ((world.branch_a, 30, "2026-03-01"), (world.branch_b, 60, "2026-02-01"),
                          (world.branch_a, 40, "2026-04-05")):  # fmt: skip
        LedgerEntry.objects.create(
            scheme=scheme, item=item, subject_type="org", subject_org=org, points=pts,
            occurred_on=datetime.date.fromisoformat(day), posted_by=admin,
        )  # fmt: skip
    m = sources.get("points.normalized")(world.branch_a, *Q1)  # until 31 March: 30 against 60
    assert m.value == Decimal(50) and m.parts["rank"] == 2
    assert m.detail == "积分30分，第2名/共2个组织，折合50分（满分100分）"
    assert sources.points_for(_item(source="points.normalized"), m) == Decimal("5.00")


def test_project_acceptance_and_satisfaction(world, april):
    from projects.tests.factories_public import advance, enter, project_in

    accepted = project_in(world, "in_progress", title="党员先锋岗")
    enter(world, accepted, satisfied=7, basically_satisfied=1, dissatisfied=2)
    advance(world, accepted, "accepted")
    project_in(world, "not_accepted", title="档案数字化")
    project_in(world, "accepted", title="结对帮扶")
    project_in(world, "in_progress", title="在办项目")
    m = sources.get("projects.acceptance")(world.branch_a, *Q1)
    assert m.value.quantize(Decimal("0.01")) == Decimal("66.67")
    assert m.detail == "2026年项目4个，验收通过2个，未通过1个"
    s = sources.get("projects.satisfaction")(world.branch_a, *Q1)
    assert s.value == Decimal(80)


def test_feedback_answered_within_the_limit(world, april):
    from feedback import actions as feedback_actions
    from feedback.models import Feedback

    secretary = world.users["branch_secretary"]

    def accepted(n, day):
        item = feedback_actions.submit_feedback(
            data={"org": world.branch_a.pk, "content": f"第{n}条建议：楼道灯坏了，请协调维修。"},
            client_address=f"192.0.2.{n}",
        )
        feedback_actions.transition_feedback(item, "accept", by=secretary)
        at = datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(9), datetime.UTC)
        Feedback.objects.filter(pk=item.pk).update(accepted_at=at)
        return Feedback.objects.get(pk=item.pk)

    def answered(item, day):
        feedback_actions.transition_feedback(item, "answer", by=secretary, data={"answer": "已维修。"})
        at = datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(9), datetime.UTC)
        Feedback.objects.filter(pk=item.pk).update(answered_at=at)

    answered(accepted(1, "2026-03-02"), "2026-03-04")  # within 10 working days
    answered(accepted(2, "2026-02-02"), "2026-03-30")  # long after its limit
    late = accepted(3, "2026-03-02")  # still open, its limit passed in March
    Feedback.objects.filter(pk=late.pk).update(due_on=datetime.date(2026, 3, 16))
    waiting = accepted(4, "2026-03-30")  # still open, within its limit on 10 April
    Feedback.objects.filter(pk=waiting.pk).update(due_on=datetime.date(2026, 4, 14))
    m = sources.get("feedback.on_time")(world.branch_a, datetime.date(2026, 3, 1), datetime.date(2026, 3, 31))
    assert m.detail == "期内办结2件，其中限期内办结1件；到期未办结1件"
    assert m.value.quantize(Decimal("0.01")) == Decimal("33.33")


def test_what_a_score_keeps_of_the_measure(world, april):
    _three_meetings_one_lesson(world)
    item = _measured_scheme(world)
    kept = sources.computed(item, world.branch_a, *Q1)
    assert kept["value"] == "87.5" and kept["points"] == "6.88" and kept["parts"]["due"] == 8
    assert kept["explain"] == "三会一课完成率 87.5%（应开8次，已开7次）→ 6.88分"
    (plain,) = add_items(item.scheme, world, [5], category="宣传")
    assert sources.computed(plain, world.branch_a, *Q1) is None


# ---------------------------------------------------------------- the API


def _measured_scheme(world):
    scheme = make_scheme(world)
    (item,) = add_items(
        scheme, world, [10], method="platform", source="plans.compliance", formula_zero="60", formula_full="100"
    )
    return item


def test_the_api_shows_the_computed_value_and_its_evidence(api, world, committee_admin, branch_secretary, april):
    _three_meetings_one_lesson(world)
    item = _measured_scheme(world)
    for user in (committee_admin, branch_secretary):
        r = api(user).get(
            f"assessments/items/{item.pk}/measure",
            {"org": world.branch_a.pk, "start": "2026-01-01", "end": "2026-03-31"},
        )
        assert r.status_code == 200, r.content
        body = r.json()
        assert (body["value"], body["points"], body["max_points"]) == (87.5, 6.88, 10)
        assert body["explain"] == "三会一课完成率 87.5%（应开8次，已开7次）→ 6.88分"
        assert body["evidence_url"].startswith("/plans/compliance/")


def test_another_branchs_measure_answers_like_a_missing_organisation(api, world, branch_secretary, april):
    item = _measured_scheme(world)
    client = api(branch_secretary)
    period = {"start": "2026-01-01", "end": "2026-03-31"}
    foreign = client.get(f"assessments/items/{item.pk}/measure", {"org": world.branch_b.pk, **period})
    missing = client.get(f"assessments/items/{item.pk}/measure", {"org": 999999, **period})
    assert foreign.status_code == missing.status_code == 404 and foreign.json() == missing.json()


def test_an_assessor_named_in_a_round_reads_its_targets_measures(api, world, april):
    from assessments.tests.factories_schemes import open_round
    from core.testing import make_user

    _three_meetings_one_lesson(world)
    item = _measured_scheme(world)
    assessor = make_user("kaohe", roles=[("assessor", world.committee)])
    period = {"org": world.branch_a.pk, "start": "2026-01-01", "end": "2026-03-31"}
    assert api(assessor).get(f"assessments/items/{item.pk}/measure", period).status_code == 404
    round_ = open_round(item.scheme, world, state="scoring")
    round_.assessors.add(assessor)
    r = api(assessor).get(f"assessments/items/{item.pk}/measure", period)
    assert r.status_code == 200 and r.json()["points"] == 6.88
    other = {**period, "org": world.branch_b.pk}  # not a target of her round
    assert api(assessor).get(f"assessments/items/{item.pk}/measure", other).status_code == 404


def test_bad_periods_and_items_without_a_source(api, world, committee_admin):
    item = _measured_scheme(world)
    (plain,) = add_items(item.scheme, world, [5], category="宣传")
    client = api(committee_admin)
    url = f"assessments/items/{item.pk}/measure"
    r = client.get(url, {"org": world.branch_a.pk, "start": "2026-03-31", "end": "2026-01-01"})
    assert r.status_code == 422 and r.json()["detail"] == "开始日期不能晚于结束日期。"
    r = client.get(url, {"org": world.branch_a.pk, "start": "2025-01-01", "end": "2026-03-31"})
    assert r.status_code == 422 and "最长一年" in r.json()["detail"]
    r = client.get(url, {"org": world.branch_a.pk, "start": "2026-02-30", "end": "2026-03-31"})
    assert r.status_code == 422
    r = client.get(
        f"assessments/items/{plain.pk}/measure", {"org": world.branch_a.pk, "start": "2026-01-01", "end": "2026-03-31"}
    )
    assert r.status_code == 409 and "没有设置数据来源" in r.json()["detail"]


def test_the_measure_page_shows_the_sentence_and_the_evidence_link(client, world, committee_admin, april):
    _three_meetings_one_lesson(world)
    item = _measured_scheme(world)
    client.force_login(committee_admin)
    r = client.get(f"/assessments/items/{item.pk}/measure/?org={world.branch_a.pk}&start=2026-01-01&end=2026-03-31")
    page = r.content.decode()
    assert "三会一课完成率 87.5%（应开8次，已开7次）→ 6.88分" in page and 'data-testid="measure-evidence"' in page
