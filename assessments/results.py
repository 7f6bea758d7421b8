"""考核结果的计算: from the panel's Score rows to each target organisation's score, rank and stars.

The rules, in the order they apply (each one is visible in the stored Result, so a result explains itself):

1. An item's points are the mean of the points of the assessors who scored it (an item nobody scored counts 0
   and is reported as unscored). Means are kept exact (fractions) until the end.
2. The organisation's score is the sum of its items' means, rounded once to two decimals (ROUND_HALF_UP); the
   category breakdown is rounded the same way, per category.
3. Rank: competition ranking, ties share (90, 90, 85 → 1, 1, 3).
4. Stars: the highest of the scheme's thresholds the score reaches (none reached: 0).
5. Veto (一票否决): a veto item that any assessor scored below its maximum caps the stars at the item's
   `veto_cap` — an assessor's deduction with its reason is the recorded decision.
6. Quotas (`Round.quotas`, e.g. {"5": "10%", "4": 3}: at most 10 % of the targets five-star, at most three
   four-star), from the highest level down, by rank: the organisations beyond the quota drop one level (and
   again if that level is full too). A percentage is of the round's targets, rounded down ("at most"). When
   organisations tied on a rank do not all fit in what is left of the quota, none of them keeps the level —
   a quota is a maximum, and ties share their fate.
"""

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction
from typing import Any

from core.ranking import competition_ranks

from .choices import MAX_STARS

TWO = Decimal("0.01")
QUOTA_RE = re.compile(r"^\s*(\d{1,3}(?:\.\d{1,2})?)\s*%\s*$")


def to_decimal(value: Fraction) -> Decimal:
    """An exact fraction as Decimal to two places, half up (the one rounding of a score)."""
    with localcontext() as ctx:
        ctx.prec = 40
        return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(TWO, rounding=ROUND_HALF_UP)


def stars_for(score, thresholds):
    """The highest star level whose minimum the score reaches; 0 when it reaches none."""
    reached = [t.stars for t in thresholds if score >= t.min]
    return max(reached, default=0)


def parse_quotas(quotas) -> dict[int, tuple[str, Decimal]]:
    """{"5": "10%", "4": 3} → {5: ("percent", 10), 4: ("count", 3)}; raises ValueError with a Chinese sentence."""
    out: dict[int, tuple[str, Decimal]] = {}
    if not quotas:
        return out
    if not isinstance(quotas, dict):
        raise ValueError('星级名额应为 {星级: 个数或百分比} 的形式，如 {"5": "10%"}。')
    for key, spec in quotas.items():
        try:
            level = int(str(key))
        except ValueError:
            raise ValueError(f"星级名额中的“{key}”不是星级。") from None
        if not 1 <= level <= MAX_STARS:
            raise ValueError(f"星级名额中的星级应为1至{MAX_STARS}，“{key}”不是。")
        if isinstance(spec, bool):
            raise ValueError(f"{level}星名额“{spec}”应为个数或百分比。")
        if isinstance(spec, int) or (isinstance(spec, str) and spec.strip().isdigit()):
            count = int(spec)
            if count < 0:
                raise ValueError(f"{level}星名额不能为负数。")
            out[level] = ("count", Decimal(count))
            continue
        match = QUOTA_RE.match(spec) if isinstance(spec, str) else None
        if match is None or Decimal(match.group(1)) > 100:
            raise ValueError(f"{level}星名额“{spec}”应为个数（如 3）或不超过100%的百分比（如 10%）。")
        out[level] = ("percent", Decimal(match.group(1)))
    return out


def quota_limit(spec: tuple[str, Decimal], targets: int) -> int:
    kind, value = spec
    if kind == "count":
        return int(value)
    return math.floor(value * targets / 100)


def quota_text(spec: tuple[str, Decimal]) -> str:
    kind, value = spec
    return f"{int(value)}个" if kind == "count" else f"{value.normalize():f}%"


@dataclass
class Outcome:
    """One organisation's computed result (what a Result row stores)."""

    org: Any
    score: Decimal
    rank: int = 0
    stars: int = 0
    stars_uncapped: int = 0
    capped_by: list = field(default_factory=list)
    demoted_by_quota: int = 0
    categories: list = field(default_factory=list)
    items: dict = field(default_factory=dict)
    unscored: int = 0


def apply_quotas(outcomes, quotas, targets):
    """Lower the stars of the organisations beyond each level's quota, from the top level down, by rank."""
    limits = {level: quota_limit(spec, targets) for level, spec in parse_quotas(quotas).items()}
    for level in range(MAX_STARS, 0, -1):
        limit = limits.get(level)
        if limit is None:
            continue
        at_level = [o for o in outcomes if o.stars == level]
        if len(at_level) <= limit:
            continue
        for o in at_level:
            # Those ranked as well or better at this level, ties included: all of them must fit.
            if sum(1 for other in at_level if other.rank <= o.rank) > limit:
                o.stars -= 1
                o.demoted_by_quota += 1
    return outcomes


def compute(round_):
    """The outcomes of every target of the round from its Score rows, best first (five queries)."""
    from .models import Score

    scheme = round_.scheme
    items = list(
        scheme.items.select_related("category").order_by("category__position", "category_id", "position", "id")
    )
    thresholds = list(scheme.thresholds.all())
    targets = list(round_.targets.order_by("path"))
    points = defaultdict(list)
    for org_id, item_id, value in Score.objects.filter(round=round_).values_list("org_id", "item_id", "points"):
        points[(org_id, item_id)].append(value)

    outcomes = []
    for org in targets:
        total = Fraction(0)
        by_category: dict[int, list] = {}
        item_means = {}
        caps = []
        unscored = 0
        for item in items:
            given = points.get((org.pk, item.pk), [])
            cat = by_category.setdefault(item.category_id, [item.category, Fraction(0), Decimal(0)])
            cat[2] += item.max_points
            if not given:
                unscored += 1
                continue
            mean = sum((Fraction(p) for p in given), Fraction(0)) / len(given)
            total += mean
            cat[1] += mean
            item_means[str(item.pk)] = str(to_decimal(mean))
            if item.veto and any(p < item.max_points for p in given):
                caps.append(item)
        score = to_decimal(total)
        uncapped = stars_for(score, thresholds)
        stars = min([uncapped, *(i.veto_cap for i in caps)])
        outcomes.append(
            Outcome(
                org=org,
                score=score,
                stars=stars,
                stars_uncapped=uncapped,
                capped_by=[i.pk for i in caps if i.veto_cap < uncapped],
                categories=[
                    {"id": c.pk, "name": c.name, "score": str(to_decimal(s)), "max": str(m.quantize(TWO))}
                    for c, s, m in by_category.values()
                ],
                items=item_means,
                unscored=unscored,
            )
        )
    for o, rank in zip(outcomes, competition_ranks([o.score for o in outcomes]), strict=True):
        o.rank = rank
    apply_quotas(outcomes, round_.quotas, len(targets))
    outcomes.sort(key=lambda o: (o.rank, o.org.path))
    return outcomes
