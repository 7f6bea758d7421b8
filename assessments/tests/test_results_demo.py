"""The demo publishes the rounds in review: results frozen, publicity announced, star history on the org page."""

import datetime

import pytest

from assessments import demo_results
from assessments.models import Result, ResultPublicity
from assessments.queries_results import history
from assessments.tests import results_world

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_each_round_in_review_with_its_history(world, committee_admin, branch_secretary):
    sw = results_world.build(world)
    q2 = results_world.make_round(
        sw.scheme, list(sw.branches.values()), sw.assessors, period="2026Q2", title="2026年第二季度考核"
    )
    for key in "abcd":
        results_world.grid(
            q2, sw.branches[key], sw.items, sw.assessors, {"A": (35, 35, 35), "B": (30, 30, 30), "C": (20, 21, 22)}
        )
    out = demo_results.build({"users": {"committee": committee_admin}}, [sw.round, q2])
    assert [r.state for r in out] == ["published", "published"]
    q1pub, q2pub = (ResultPublicity.objects.get(round=r) for r in out)
    assert q1pub.state == "announced" and q1pub.published_on > sw.round.ends
    assert q1pub.announced_on > q1pub.objection_deadline
    assert q2pub.objections.get().answered_at is not None
    assert Result.objects.count() == 8
    rows = history(branch_secretary, sw.branches["a"])
    assert [(h.result.stars, h.change_label) for h in rows] == [(5, "首次定星"), (4, "降星")]
    assert q2pub.published_on < datetime.date(2026, 12, 31)
