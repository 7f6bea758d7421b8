"""The demo's 群众测评: Q3's satisfaction survey closed with votes (the measure has a value for Q3), the 星级党支部
群众评议 of Q3's star branches closed, and the 明星党员群众评议 open with its printed codes."""

import pytest

from assessments import actions_results, demo_mass, sources
from assessments.models_mass import MassCode, MassVote
from assessments.tests import results_world

pytestmark = pytest.mark.django_db


def test_the_demo_builds_the_three_surveys(world, committee_admin):
    sw = results_world.build(world)
    q3 = results_world.make_round(sw.scheme, list(sw.branches.values()), sw.assessors, period="2026Q3", title="三季度")
    for key in "abcd":
        results_world.grid(
            q3, sw.branches[key], sw.items, sw.assessors, {"A": (40, 39, 38), "B": (30, 30, 30), "C": (28, 28, 28)}
        )
    actions_results.compute_results(q3, by=committee_admin)
    sat, star, members = demo_mass.build(
        {"assessment_rounds": [sw.round, q3], "users": {"committee": committee_admin}, "committee": world.committee}
    )
    assert (sat.state, star.state, members.state) == ("closed", "closed", "open")
    assert sat.subjects.count() == 4 and MassVote.objects.filter(survey=sat).count() > 4 * 20
    m = sources.get("assessments.satisfaction")(sw.branches["a"], q3.starts, q3.ends)
    assert m.value is not None and m.parts["total"] >= 20
    assert star.subjects.count() == 4  # every branch reached four stars in this Q3
    assert MassCode.objects.filter(survey=members, used_on=None).count() == 42
    assert members.subjects.exists()
