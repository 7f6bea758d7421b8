"""The modules' cockpit widgets: each figure equals the module's own figure computed independently (from its own
functions, its own API, or the raw rows), and each costs the same number of queries for two branches and eight."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboard.tests.cockpit_world import JULY, add_branches, fill_branch, points_scheme, stars_round


@pytest.fixture
def filled(world):
    item, round_ = points_scheme(world), stars_round(world)
    fill_branch(world, world.branch_a, n=0, item=item, round_=round_, late=True)
    fill_branch(world, world.branch_b, n=1, item=item, round_=round_)
    return {"item": item, "round": round_}


def _widget(dotted, user, org, today=JULY):
    from django.utils.module_loading import import_string

    return import_string(dotted)(user, org, today)


def _count(fn):
    with CaptureQueriesContext(connection) as ctx:
        fn()
    return len(ctx.captured_queries)


WIDGETS = [
    ("plans.cockpit.plan_on_time", 2),
    ("plans.cockpit.compliance_rate", 10),
    ("points.cockpit.points_ranking", 4),
    ("assessments.cockpit.assessment_stars", 2),
    ("learning.cockpit.study_hours", 3),
    ("feedback.cockpit.feedback_on_time", 3),
    # No projects in this world (their figures: projects/tests/test_budget_links.py): one query finds none.
    ("projects.cockpit.overview", 1),
    ("projects.cockpit.satisfaction", 1),
]


@pytest.mark.parametrize("dotted, pinned", WIDGETS)
def test_each_widget_costs_the_same_queries_for_two_branches_and_eight(world, committee_admin, filled, dotted, pinned):
    build = lambda: _widget(dotted, committee_admin, world.committee)  # noqa: E731
    build()  # the rule table is installed on first use
    small = _count(build)
    add_branches(world, 6, start=3, item=filled["item"], round_=filled["round"])
    assert (_count(build), small) == (pinned, pinned)


def test_the_registry_lists_every_widget_with_its_stable_key():
    from core import modules

    keys = [w.key for w in modules.cockpit_widgets()]
    for key in ("plan_on_time", "compliance_rate", "points_ranking", "assessment_stars", "study_hours"):
        assert key in keys
    assert "feedback_on_time" in keys and "projects.overview" in keys


def test_compliance_rate_equals_the_heat_maps_own_figures(world, committee_admin, api, filled, monkeypatch):
    monkeypatch.setattr("plans.api._today", lambda: JULY)
    body = api(committee_admin).get("compliance", {"org": world.committee.id, "year": 2026}).json()
    done = sum(1 for c in body["items"] if c["status"] == "done")
    missing = [c for c in body["items"] if c["status"] == "missing"]
    w = _widget("plans.cockpit.compliance_rate", committee_admin, world.committee)
    assert w["key"] == "compliance_rate" and w["unit"] == "%"
    assert w["value"] == round(100 * done / (done + len(missing)), 1)
    rows = {i["org"]["id"]: i for i in w["items"]}
    assert set(rows) == {world.branch_a.id, world.branch_b.id}
    # Branch A missed the first quarter's 支部党员大会: red, with a link to it on its compliance page.
    a = rows[world.branch_a.id]
    assert a["status"] == "red" and w["status"] == "red"
    missed_a = [c for c in missing if c["branch"]["id"] == world.branch_a.id]
    assert len(a["missing"]) == len(missed_a) and any("支部党员大会 · 2026Q1" in m["label"] for m in a["missing"])
    assert any(m["url"].endswith(f"org={world.branch_a.id}&year=2026&obligation=general_meeting") for m in a["missing"])
    assert a["url"] == f"/plans/compliance/?org={world.branch_a.id}&year=2026"
    # A branch's own cockpit counts its own subtree only.
    own = _widget("plans.cockpit.compliance_rate", world.users["branch_secretary"], world.branch_a)
    assert [i["org"]["id"] for i in own["items"]] == [world.branch_a.id]


def test_plan_completion_on_time_equals_the_occurrences_statuses(world, committee_admin, filled):
    from plans.models import Occurrence

    occs = list(Occurrence.objects.filter(item__plan__org__path__startswith=world.committee.path))
    statuses = [o.status(JULY) for o in occs]
    counted = [s for s in statuses if s in ("done", "late", "missed")]
    w = _widget("plans.cockpit.plan_on_time", committee_admin, world.committee)
    assert w["value"] == round(100 * counted.count("done") / len(counted), 1) == 50
    assert {i["org"]["id"] for i in w["items"]} == {world.branch_a.id, world.branch_b.id}
    assert all(i["url"].startswith("/plans/") and i["url"].endswith("/timeline/") for i in w["items"])


def test_study_hours_equal_the_learning_modules_progress(world, committee_admin, filled):
    from learning import hours

    w = _widget("learning.cockpit.study_hours", committee_admin, world.committee)
    p = hours.progress(world.committee, 2026, JULY)
    assert w["value"] == round(100 * p.on_track / p.people, 1)
    a = next(i for i in w["items"] if i["org"]["id"] == world.branch_a.id)
    pa = hours.progress(world.branch_a, 2026, JULY)
    assert a["value"] == round(100 * pa.on_track / pa.people, 1)
    assert a["url"] == f"/learning/gaps/?org={world.branch_a.id}&year=2026"


def test_points_ranking_shows_the_rankings_own_totals(world, committee_admin, filled):
    from points.rankings import ranking

    rows = ranking(filled["item"].scheme, "org", until=JULY)
    w = _widget("points.cockpit.points_ranking", committee_admin, world.committee)
    assert w["value"] == float(rows[0].total)
    assert [(i["org"]["id"], i["value"]) for i in w["items"]] == [(r.subject_id, float(r.total)) for r in rows]
    # Another branch's admin sees her own subtree's place only.
    mine = _widget("points.cockpit.points_ranking", world.users["outsider"], world.branch_b)
    assert [i["org"]["id"] for i in mine["items"]] == [world.branch_b.id]


def test_assessment_stars_are_the_latest_published_rounds(world, committee_admin, filled):
    from assessments.models import Result, Round

    w = _widget("assessments.cockpit.assessment_stars", committee_admin, world.committee)
    stars = list(Result.objects.filter(round=filled["round"]).values_list("stars", flat=True))
    assert w["value"] == round(sum(stars) / len(stars), 1) and "2026年第一季度考核" in w["note"]
    # A newer round still under review does not count; once published it does.
    newer = Round.objects.create(
        scheme=filled["round"].scheme,
        period="2026Q2",
        title="2026年第二季度考核",
        starts=datetime.date(2026, 4, 1),
        ends=datetime.date(2026, 6, 30),
        state="review",
    )
    Result.objects.create(round=newer, org=world.branch_a, score=60, rank=1, stars=1, stars_uncapped=1)
    assert _widget("assessments.cockpit.assessment_stars", committee_admin, world.committee)["value"] == w["value"]
    Round.objects.filter(pk=newer.pk).update(state="published")
    w2 = _widget("assessments.cockpit.assessment_stars", committee_admin, world.committee)
    assert w2["value"] == 1 and [i["status"] for i in w2["items"]] == ["red"]


def test_feedback_on_time_counts_answers_within_the_working_day_limit(world, committee_admin, filled):
    from django.utils import timezone

    from feedback.limits import step_due
    from feedback.models import Feedback

    expected = []
    for f in Feedback.objects.select_related("handler"):
        due = step_due(f.handler, "answer", timezone.localtime(f.accepted_at).date())
        expected.append(timezone.localtime(f.answered_at).date() <= due)
    w = _widget("feedback.cockpit.feedback_on_time", committee_admin, world.committee)
    assert expected.count(True) == 1 and w["value"] == 50
    rows = {i["org"]["id"]: i["value"] for i in w["items"]}
    assert rows == {world.branch_a.id: 0, world.branch_b.id: 100}
    # An open item within its limit is not counted yet; past its limit it is late already.
    Feedback.objects.filter(handler=world.branch_b).update(state="accepted", answered_at=None, due_on=JULY)
    w = _widget("feedback.cockpit.feedback_on_time", committee_admin, world.committee)
    assert [i["org"]["id"] for i in w["items"]] == [world.branch_a.id]
    late = _widget("feedback.cockpit.feedback_on_time", committee_admin, world.committee, JULY + datetime.timedelta(1))
    b = next(i for i in late["items"] if i["org"]["id"] == world.branch_b.id)
    assert late["value"] == 0 and b["status"] == "red" and b["url"] == "/feedback/?overdue=1"


def test_a_subtree_without_data_has_no_widgets_but_the_meetings_it_owes(world, committee_admin):
    for dotted, _pinned in WIDGETS:
        if dotted not in ("plans.cockpit.compliance_rate", "learning.cockpit.study_hours"):
            assert _widget(dotted, committee_admin, world.committee) is None, dotted
    # No meeting held and no hour studied are figures: nothing of what the regulations require was done.
    assert _widget("learning.cockpit.study_hours", committee_admin, world.committee)["value"] == 0
    w = _widget("plans.cockpit.compliance_rate", committee_admin, world.committee)
    assert w["value"] == 0 and w["status"] == "red" and all(i["status"] == "red" for i in w["items"])
