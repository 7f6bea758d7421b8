"""Results from the panel's scores: means, sums, ranks with ties, stars, veto caps and quotas."""

from decimal import Decimal
from fractions import Fraction

import pytest

from assessments import actions_results, results
from assessments.models import Result
from assessments.tests import results_world
from core.errors import Conflict, Forbidden, Invalid

pytestmark = pytest.mark.django_db


def by_org(outcomes):
    return {o.org.name: o for o in outcomes}


def test_three_assessors_give_means_sums_tied_ranks_and_stars_with_a_veto(world):
    sw = results_world.build(world)
    out = by_org(results.compute(sw.round))
    a, b, c, d = (out[sw.branches[k].name] for k in "abcd")
    assert [a.score, b.score, c.score, d.score] == [
        Decimal("97.00"),
        Decimal("97.00"),
        Decimal("82.00"),
        Decimal("60.33"),
    ]
    assert [a.rank, b.rank, c.rank, d.rank] == [1, 1, 3, 4]
    assert [a.stars, c.stars, d.stars] == [5, 4, 2]
    # b reached five stars by its score, but an assessor deducted a point on the veto item: two stars at most.
    assert (b.stars_uncapped, b.stars, b.capped_by) == (5, 2, [sw.items["B"].pk])
    assert a.capped_by == [] and a.demoted_by_quota == 0
    assert b.items[str(sw.items["B"].pk)] == "29.67"
    assert b.categories == [
        {"id": sw.items["A"].category_id, "name": "党建", "score": "69.67", "max": "70.00"},
        {"id": sw.items["C"].category_id, "name": "宣传", "score": "27.33", "max": "30.00"},
    ]


def test_the_score_is_rounded_once_from_exact_means_half_up():
    assert results.to_decimal(Fraction(1, 200)) == Decimal("0.01")  # 0.005 → 0.01
    assert results.to_decimal(Fraction(89, 3) + Fraction(82, 3)) == Decimal("57.00")  # not 29.67 + 27.33 rounded twice
    assert results.to_decimal(Fraction(2, 3)) == Decimal("0.67")


def test_ranks_share_on_ties_and_skip_after_them():
    assert results.competition_ranks([Decimal(90), Decimal(85), Decimal(90), Decimal(70)]) == [1, 3, 1, 4]


def test_a_veto_item_scored_full_by_every_assessor_caps_nothing(world):
    sw = results_world.build(world)
    a = by_org(results.compute(sw.round))[sw.branches["a"].name]
    assert (a.stars, a.capped_by) == (5, [])


def test_a_veto_cap_at_or_above_the_earned_level_lowers_nothing_and_is_not_recorded(world):
    sw = results_world.build(world)
    sw.items["B"].veto_cap = 4
    sw.items["B"].save()
    sw.round.scores.filter(org=sw.branches["c"], item=sw.items["B"], assessor=sw.assessors[0]).update(
        points=29, reason="有一起违纪线索"
    )
    out = by_org(results.compute(sw.round))
    c, b = out[sw.branches["c"].name], out[sw.branches["b"].name]
    assert (c.score, c.stars, c.capped_by) == (Decimal("81.67"), 4, [])
    assert (b.stars, b.capped_by) == (4, [sw.items["B"].pk])


def test_an_unscored_item_counts_zero_and_is_reported(world):
    sw = results_world.build(world)
    sw.round.scores.filter(org=sw.branches["d"], item=sw.items["C"]).delete()
    d = by_org(results.compute(sw.round))[sw.branches["d"].name]
    assert (d.score, d.unscored, d.stars) == (Decimal("50.33"), 1, 1)


def test_the_mean_is_over_the_assessors_who_scored_the_item(world):
    sw = results_world.build(world)
    sw.round.scores.filter(org=sw.branches["d"], item=sw.items["A"], assessor=sw.assessors[2]).delete()
    d = by_org(results.compute(sw.round))[sw.branches["d"].name]
    assert d.items[str(sw.items["A"].pk)] == "20.00" and d.score == Decimal("60.00")


def test_a_quota_of_one_five_star_demotes_the_second_by_rank(world):
    sw = results_world.build(world, quotas={"5": 1})
    # e: 40 + 30 + 25 = 95 → five stars by its score, ranked below a (97).
    e = world.committee.add_child(name="审计局第一党支部", kind="branch", unit="测试区审计局")
    sw.round.targets.add(e)
    results_world.grid(sw.round, e, sw.items, sw.assessors, {"A": (40, 40, 40), "B": (30, 30, 30), "C": (25, 25, 25)})
    out = by_org(results.compute(sw.round))
    a, ee = out[sw.branches["a"].name], out[e.name]
    assert (a.rank, a.stars, a.demoted_by_quota) == (1, 5, 0)
    assert (ee.rank, ee.stars_uncapped, ee.stars, ee.demoted_by_quota) == (3, 5, 4, 1)


def test_a_demoted_organisation_drops_again_when_the_next_level_is_full(world):
    sw = results_world.build(world, quotas={"5": 1, "4": "20%"})  # five targets: 20 % → one four-star
    e = world.committee.add_child(name="审计局第一党支部", kind="branch", unit="测试区审计局")
    sw.round.targets.add(e)
    results_world.grid(sw.round, e, sw.items, sw.assessors, {"A": (40, 40, 40), "B": (30, 30, 30), "C": (25, 25, 25)})
    out = by_org(results.compute(sw.round))
    # e (95, rank 3) drops to four stars and takes the only four-star place ahead of c (82, rank 4).
    assert (out[e.name].stars, out[e.name].demoted_by_quota) == (4, 1)
    c = out[sw.branches["c"].name]
    assert (c.stars_uncapped, c.stars, c.demoted_by_quota) == (4, 3, 1)


def test_organisations_tied_at_the_quota_boundary_share_their_fate(world):
    sw = results_world.build(world, quotas={"2": 1})
    # b (vetoed to 2★, rank 1) and d (2★, rank 4): b keeps the place, d drops to one star.
    out = by_org(results.compute(sw.round))
    assert (out[sw.branches["b"].name].stars, out[sw.branches["d"].name].stars) == (2, 1)
    sw.round.quotas = {"5": 1}
    sw.items["B"].veto = False
    sw.items["B"].save()
    out = by_org(results.compute(sw.round))
    # a and b tie at 97 for the one five-star place: a maximum is a maximum, neither keeps it.
    assert [out[sw.branches[k].name].stars for k in "ab"] == [4, 4]


@pytest.mark.parametrize(
    ("quotas", "message"),
    [
        ({"6": 1}, "星级应为1至5"),
        ({"5": "abc"}, "应为个数"),
        ({"5": "120%"}, "不超过100%"),
        ({"x": 1}, "不是星级"),
        ({"5": -1}, "不能为负数"),
    ],
)
def test_bad_quotas_are_refused_in_chinese(quotas, message):
    with pytest.raises(ValueError, match=message):
        results.parse_quotas(quotas)


def test_the_committee_computes_and_stores_the_results_in_review(world, committee_admin):
    sw = results_world.build(world)
    actions_results.compute_results(sw.round, by=committee_admin)
    stored = {r.org_id: r for r in Result.objects.filter(round=sw.round)}
    b = stored[sw.branches["b"].pk]
    assert (b.score, b.rank, b.stars, b.stars_uncapped, b.capped_by) == (Decimal("97.00"), 1, 2, 5, [sw.items["B"].pk])
    assert b.vetoed
    # Recomputing after a corrected score replaces the rows.
    sw.round.scores.filter(org=sw.branches["b"], item=sw.items["B"]).update(points=30, reason="")
    actions_results.compute_results(sw.round, by=committee_admin)
    b = Result.objects.get(round=sw.round, org=sw.branches["b"])
    assert (b.score, b.stars, b.capped_by) == (Decimal("97.33"), 5, [])
    assert Result.objects.filter(round=sw.round).count() == 4


def test_only_the_committee_computes_results(world, branch_secretary, sysadmin):
    sw = results_world.build(world)
    with pytest.raises(Forbidden, match="只有制定该考核方案的党务管理员"):
        actions_results.compute_results(sw.round, by=branch_secretary)
    with pytest.raises(Forbidden, match="三员分立"):
        actions_results.compute_results(sw.round, by=sysadmin)
    with pytest.raises(Forbidden):
        actions_results.compute_results(sw.round, by=sw.assessors[0])
    assert not Result.objects.exists()


@pytest.mark.parametrize("state", ["scoring", "publicity", "published"])
def test_results_are_computed_only_in_review(world, committee_admin, state):
    sw = results_world.build(world, state=state)
    with pytest.raises(Conflict, match="只有审核中"):
        actions_results.compute_results(sw.round, by=committee_admin)


def test_bad_stored_quotas_give_a_clear_message(world, committee_admin):
    sw = results_world.build(world, quotas={"5": "lots"})
    with pytest.raises(Invalid, match="5星名额"):
        actions_results.compute_results(sw.round, by=committee_admin)
