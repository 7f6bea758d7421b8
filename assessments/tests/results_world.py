"""A small scoring world for the results tests, built from rows directly (no rounds pages or actions needed).

Scheme (100 points): 党建 A 40 and B 30 (一票否决, capped at two stars), 宣传 C 30; thresholds 5★ 90, 4★ 80,
3★ 70, 2★ 60, 1★ 0. Round 2026Q1 over four branches, three assessors, left in review.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import Category, Item, Round, Scheme, Score, StarThreshold
from core.testing import make_user

THRESHOLDS = [(5, 90), (4, 80), (3, 70), (2, 60), (1, 0)]


@dataclass
class ScoringWorld:
    scheme: Scheme
    round: Round
    items: dict
    branches: dict
    assessors: list
    extra: dict = field(default_factory=dict)


def make_scheme(world, year=2026, name="六考一评"):
    scheme = Scheme.objects.create(org=world.committee, year=year, name=name)
    for stars, low in THRESHOLDS:
        StarThreshold.objects.create(scheme=scheme, stars=stars, min=Decimal(low))
    party = Category.objects.create(scheme=scheme, name="党建", position=1)
    publicity = Category.objects.create(scheme=scheme, name="宣传", position=2)
    items = {
        "A": Item.objects.create(scheme=scheme, category=party, position=1, name="三会一课", max_points=40),
        "B": Item.objects.create(
            scheme=scheme, category=party, position=2, name="党风廉政无违纪", max_points=30, veto=True, veto_cap=2
        ),
        "C": Item.objects.create(scheme=scheme, category=publicity, position=1, name="宣传报道", max_points=30),
    }
    return scheme, items


def make_round(scheme, targets, assessors, *, period="2026Q1", title="2026年第一季度考核", state="review", **extra):
    quarter = int(period[-1]) if "Q" in period else 1
    starts = datetime.date(scheme.year, 3 * quarter - 2, 1)
    ends = datetime.date(scheme.year, 3 * quarter, 28)
    r = Round.objects.create(scheme=scheme, period=period, title=title, starts=starts, ends=ends, state=state, **extra)
    r.targets.set(targets)
    r.assessors.set(assessors)
    return r


def score(round_, org, item, assessor, points, reason=""):
    points = Decimal(str(points))
    if points < item.max_points and not reason:
        reason = f"{item.name}扣分"
    return Score.objects.create(round=round_, org=org, item=item, assessor=assessor, points=points, reason=reason)


def grid(round_, org, items, assessors, table):
    """table: {"A": (p1, p2, p3), …} — each assessor's points for each item."""
    for key, values in table.items():
        for assessor, value in zip(assessors, values, strict=True):
            if value is not None:
                score(round_, org, items[key], assessor, value)


def build(world, *, quotas=None, state="review"):
    committee = world.committee
    branch_c = committee.add_child(name="教育局第一党支部", kind="branch", unit="测试区教育局")
    committee.refresh_from_db()
    branch_d = committee.add_child(name="民政局第一党支部", kind="branch", unit="测试区民政局")
    committee.refresh_from_db()
    world.branch_a.refresh_from_db()
    world.branch_b.refresh_from_db()
    branches = {"a": world.branch_a, "b": world.branch_b, "c": branch_c, "d": branch_d}
    assessors = [make_user(f"kaohe{i}", roles=[("assessor", committee)]) for i in (1, 2, 3)]
    scheme, items = make_scheme(world)
    r = make_round(scheme, list(branches.values()), assessors, quotas=quotas or {}, state=state)
    # a: 39 + 30 + 28 = 97.00 → 5★
    grid(r, branches["a"], items, assessors, {"A": (40, 38, 39), "B": (30, 30, 30), "C": (28, 29, 27)})
    # b: 40 + 89/3 + 82/3 = 97.00 (a tie with a) but the veto item B has a deduction → capped at 2★
    grid(r, branches["b"], items, assessors, {"A": (40, 40, 40), "B": (30, 29, 30), "C": (27, 27, 28)})
    # c: 31 + 30 + 21 = 82.00 → 4★
    grid(r, branches["c"], items, assessors, {"A": (30, 31, 32), "B": (30, 30, 30), "C": (20, 22, 21)})
    # d: 61/3 + 30 + 10 = 60.33 → 2★
    grid(r, branches["d"], items, assessors, {"A": (20, 20, 21), "B": (30, 30, 30), "C": (10, 10, 10)})
    return ScoringWorld(scheme=scheme, round=r, items=items, branches=branches, assessors=assessors)
