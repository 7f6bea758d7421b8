"""A small world for the 年终总评 tests, built from rows directly (published rounds with their Result rows).

Scheme thresholds 5★ 90, 4★ 80, 3★ 70, 2★ 60, 1★ 0. Four branches a–d, three published rounds of 2026 and a points
scheme of the committee; the previous year (2025): an announced annual with a 3★ and d 2★, and a published 2025Q4
round where b had 4★ (b has no 2025 annual row: it is compared with that round).

Weights Q1 30, Q2 30, Q3 20, points 20 give
  a: 0.3·90 + 0.3·80 + 0.2·85 + 0.2·100 = 88.00 → 4★ (2025: 3★ → 升星)
  b: 0.3·85 + 0.3·85 + 0.2·85 + 0.2·50  = 78.00 → 3★ (2025Q4: 4★ → 降星)
  c: 0.3·80 + 0.3·80 + 0.2·80 + 0.2·70  = 78.00 → 3★, tied with b on rank 2 (no previous → 首次)
  d: 0.3·95 + 0.3·95 + 0.2·95 + 0.2·90  = 94.00 → 5★ by score, but its Q2 result carries the veto of
     “党风廉政无违纪” (cap 2★) → 2★ (2025: 2★ → 持平)
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal

from assessments.models import AnnualEvaluation, AnnualResult, Result, Round
from assessments.tests import results_world

POINTS = {"a": 60, "b": 30, "c": 42, "d": 54}  # normalised: 100, 50, 70, 90
SCORES = {  # Q1, Q2, Q3
    "a": (90, 80, 85),
    "b": (85, 85, 85),
    "c": (80, 80, 80),
    "d": (95, 95, 95),
}
WEIGHTS = {"Q1": "30", "Q2": "30", "Q3": "20", "points": "20"}


@dataclass
class AnnualWorld:
    scheme: object
    items: dict
    branches: dict
    rounds: dict
    previous: object
    points_scheme: object


def _round(scheme, period, targets, *, state="published", year=None):
    year = year or scheme.year
    q = int(period[-1])
    r = Round.objects.create(
        scheme=scheme,
        period=period,
        title=f"{year}年第{'一二三四'[q - 1]}季度考核",
        starts=datetime.date(year, 3 * q - 2, 1),
        ends=datetime.date(year, 3 * q, 28),
        state=state,
    )
    r.targets.set(targets)
    return r


def _result(round_, org, score, *, stars=None, capped_by=(), uncapped=None):
    from assessments.results import stars_for

    score = Decimal(score)
    stars_by_score = stars_for(score, list(round_.scheme.thresholds.all()))
    # The category breakdown a computed result carries (the org page's radar draws it): 70 % 党建, 30 % 宣传.
    cats = list(round_.scheme.categories.order_by("position"))
    shares = [Decimal("0.7"), Decimal("0.3")]
    categories = [
        {"id": c.pk, "name": c.name, "score": str((score * share).quantize(Decimal("0.01"))),
         "max": str((100 * share).quantize(Decimal("0.01")))}
        for c, share in zip(cats, shares, strict=False)
    ]  # fmt: skip
    Result.objects.create(
        round=round_,
        org=org,
        score=score,
        rank=1,
        stars=stars_by_score if stars is None else stars,
        stars_uncapped=stars_by_score if uncapped is None else uncapped,
        capped_by=list(capped_by),
        categories=categories,
    )


def points(world, scheme_year=2026, values=POINTS, branches=None):
    from points import actions as points_actions
    from points.models import LedgerEntry

    admin = world.users["committee_admin"]
    ps = points_actions.create_scheme(
        by=admin,
        data={"org": world.committee.pk, "year": scheme_year, "name": "积分办法", "full_marks": 100,
              "linkage_every": 10, "linkage_mode": "per_person"},
    )  # fmt: skip
    item = points_actions.add_item(
        ps, by=admin, data={"dimension": "基础", "name": "主题党日", "points": 10, "subject_type": "org"}
    )
    for key, pts in values.items():
        LedgerEntry.objects.create(
            scheme=ps, item=item, subject_type="org", subject_org=branches[key], points=pts,
            occurred_on=datetime.date(scheme_year, 3, 1), posted_by=admin,
        )  # fmt: skip
    return ps


def build(world, *, previous=True):
    sw = results_world.build(world)  # the scheme, four branches, a 2026Q1 round in review (re-used as Q1)
    scheme, items, branches = sw.scheme, sw.items, sw.branches
    targets = list(branches.values())
    q1 = sw.round
    q1.state = "published"
    q1.save(update_fields=["state"])
    Result.objects.filter(round=q1).delete()
    rounds = {"Q1": q1, "Q2": _round(scheme, "2026Q2", targets), "Q3": _round(scheme, "2026Q3", targets)}
    for key, values in SCORES.items():
        for n, period in enumerate(("Q1", "Q2", "Q3")):
            vetoed = key == "d" and period == "Q2"
            _result(
                rounds[period],
                branches[key],
                values[n],
                stars=2 if vetoed else None,
                capped_by=[items["B"].pk] if vetoed else (),
            )
    ps = points(world, branches=branches)
    prev = None
    if previous:
        old = _round(scheme, "2025Q4", targets, year=2025)
        _result(old, branches["b"], 82)  # 4★
        _result(old, branches["a"], 50)  # 1★, but a has a 2025 annual row: that one counts
        prev = AnnualEvaluation.objects.create(
            org=world.committee, year=2025, scheme=scheme, title="2025年度年终总评", state="published"
        )
        for key, stars, score in (("a", 3, "75.00"), ("d", 2, "66.00")):
            AnnualResult.objects.create(
                evaluation=prev, org=branches[key], score=Decimal(score), rank=1, stars=stars, stars_uncapped=stars
            )
    return AnnualWorld(scheme=scheme, items=items, branches=branches, rounds=rounds, previous=prev, points_scheme=ps)


def payload(aw, world, weights=WEIGHTS, **extra):
    components = []
    for key, weight in weights.items():
        if key in aw.rounds:
            components.append({"kind": "round", "round": aw.rounds[key].pk, "weight": weight})
        else:
            components.append({"kind": key, "weight": weight})
    return {"org": world.committee.pk, "year": 2026, "scheme": aw.scheme.pk, "components": components, **extra}


@contextmanager
def on(day):
    """Run the publication on a given day (workflows_annual.today)."""
    from assessments import workflows_annual

    saved = workflows_annual.today
    workflows_annual.today = lambda: day
    try:
        yield
    finally:
        workflows_annual.today = saved


def registry_objects(world, admin, objector):
    """For the write registries (tests/test_system_roles_write.py): a scheme of the committee and one published
    round per year 2022–2026 over branches a and b; evaluations of 2026 (in publicity, with an objection of
    `objector`: created first, the one the scope contract picks), 2025 (publicity over: announce), 2024 (computed) and
    2023 (draft); 2022 is free for a create."""
    from assessments import actions_annual

    scheme, _items = results_world.make_scheme(world, year=2026, name="年终总评星级标准")
    targets = [world.branch_a, world.branch_b]
    rounds = {}
    for year in range(2022, 2027):
        r = _round(scheme, f"{year}Q4", targets, year=year)
        for org, score in zip(targets, ("92.50", "81.00"), strict=True):
            _result(r, org, score)
        rounds[year] = r

    def make(year):
        return actions_annual.create_annual(
            by=admin,
            data={"org": world.committee.pk, "year": year, "scheme": scheme.pk,
                  "components": [{"kind": "round", "round": rounds[year].pk, "weight": "100"}]},
        )  # fmt: skip

    out = {"scheme": scheme, "rounds": rounds}
    publicity = actions_annual.transition(make(2026), "compute", by=admin)  # created first: the contract's pick
    out["publicity"] = actions_annual.transition(publicity, "publicize", by=admin, data={"objection_days": 5})
    out["objection"] = actions_annual.raise_objection(out["publicity"], by=objector, data={"content": "请复核。"})
    out["draft"] = make(2023)
    out["computed"] = actions_annual.transition(make(2024), "compute", by=admin)
    closing = actions_annual.transition(make(2025), "compute", by=admin)
    with on(datetime.date(2026, 1, 12)):
        out["closing"] = actions_annual.transition(closing, "publicize", by=admin, data={"objection_days": 3})
    return out
