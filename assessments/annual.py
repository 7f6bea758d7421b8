"""年终总评的计算: from the year's components to each organisation's annual score, rank, stars and 晋位升级.

The rules, in the order they apply (each one is visible in the stored AnnualResult, so a result explains itself):

1. The organisations: every target of the evaluation's component rounds.
2. Each component gives a value out of 100 for an organisation: a round its Result.score (a scheme's items add up
   to 100), the points ranking the measure `points.normalized`, the projects the measure `projects.acceptance`
   (assessments/sources_measures.py, over the evaluation's year). A component without a value for the
   organisation (not a target of that round, no points scheme, no project accepted or refused) counts 0 and is
   reported as missing.
3. The annual score is Σ weight/100 × value, kept exact (fractions) and rounded once to two decimals
   (ROUND_HALF_UP); the weights add up to exactly 100 (else the computation is refused with 409).
4. Rank: competition ranking, ties share (90, 90, 85 → 1, 1, 3).
5. Stars: the highest of the scheme's thresholds the score reaches (none reached: 0).
6. Veto (一票否决): a component round whose result for the organisation was capped by a veto item caps the annual
   stars at that item's `veto_cap` too (the lowest cap counts).
7. 晋位升级: the stars against the previous year's published annual result of the same committee and
   organisation; without one, against the organisation's last published round of the previous year of that
   committee; without either, 首次.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from core.ranking import competition_ranks

from .choices_annual import COMPONENT_MEASURES, Change, ComponentKind
from .results import stars_for, to_decimal
from .sources import shown

HUNDRED = Decimal(100)


def weight_total(weights) -> Decimal:
    return sum((Decimal(w) for w in weights), Decimal(0))


def weight_problem(components) -> str | None:
    """The sentence refusing the computation while the components are not usable, or None."""
    components = list(components)
    if not components:
        return "请先添加年终总评的组成部分（考核轮次、积分排名、项目成果）并设置权重。"
    if not any(c.kind == ComponentKind.ROUND for c in components):
        return "请至少选用一个考核轮次：年终总评的对象是所选考核轮次的被考核组织。"
    total = weight_total(c.weight for c in components)
    if total != HUNDRED:
        return f"各组成部分的权重合计为{shown(total)}%，须恰好为100%才能计算年终总评。"
    return None


@dataclass
class AnnualOutcome:
    """One organisation's computed annual result (what an AnnualResult row stores)."""

    org: Any
    score: Decimal
    rank: int = 0
    stars: int = 0
    stars_uncapped: int = 0
    vetoes: list = field(default_factory=list)
    components: list = field(default_factory=list)
    missing: int = 0
    previous_stars: int | None = None
    previous_label: str = ""
    change: str = Change.NEW


def year_span(year):
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


def _measure_value(code, org, year):
    """(value as a Fraction out of 100 or None, the measure's detail, its evidence link)."""
    from . import sources

    source = sources.get(code)
    if source is None:
        return None, "", ""
    start, end = year_span(year)
    m = source(org, start, end)
    if m.value is None:
        return None, m.detail, m.evidence_url
    return Fraction(Decimal(m.value)), m.detail, m.evidence_url


def previous_stars(evaluation, orgs):
    """{org id: (stars, what they are compared with)} from the previous year (rule 7); two queries."""
    from .models import Result
    from .models_annual import AnnualResult

    year = evaluation.year - 1
    found: dict[int, tuple[int, str]] = {}
    rows = (
        AnnualResult.objects.filter(
            evaluation__org_id=evaluation.org_id,
            evaluation__year=year,
            evaluation__state="published",
            org__in=orgs,
        )
        .select_related("evaluation")
        .order_by("evaluation_id")
    )
    for r in rows:
        found[r.org_id] = (r.stars, r.evaluation.title)
    rest = [o for o in orgs if o.pk not in found]
    if rest:
        rounds = (
            Result.objects.filter(
                round__scheme__org_id=evaluation.org_id,
                round__state="published",
                round__ends__year=year,
                org__in=rest,
            )
            .select_related("round")
            .order_by("round__ends", "round__starts", "round_id")
        )
        for r in rounds:  # the last one of the year wins
            found[r.org_id] = (r.stars, r.round.title)
    return found


def compute(evaluation):
    """The outcomes of every target of the evaluation's rounds, best first."""
    from orgs.models import Organisation

    from .models import Item, Result

    components = list(evaluation.components.select_related("round").order_by("position", "id"))
    round_ids = [c.round_id for c in components if c.kind == ComponentKind.ROUND and c.round_id]
    orgs = list(Organisation.objects.filter(assessment_rounds__in=round_ids).distinct().order_by("path"))
    results = {(r.round_id, r.org_id): r for r in Result.objects.filter(round_id__in=round_ids, org__in=orgs)}
    veto_ids = {i for r in results.values() for i in r.capped_by}
    veto_items = {i.pk: i for i in Item.objects.filter(pk__in=veto_ids)} if veto_ids else {}
    thresholds = list(evaluation.scheme.thresholds.all())
    before = previous_stars(evaluation, orgs)

    outcomes = []
    for org in orgs:
        total = Fraction(0)
        parts, vetoes, missing = [], [], 0
        for c in components:
            weight = Fraction(Decimal(c.weight))
            detail, url = "", ""
            if c.kind == ComponentKind.ROUND:
                result = results.get((c.round_id, org.pk))
                value = None if result is None else Fraction(Decimal(result.score))
                detail = "未参加该轮考核" if result is None else f"得分{shown(result.score)}分，第{result.rank}名"
                if result is not None and result.capped_by:
                    items = [veto_items[i] for i in result.capped_by if i in veto_items]
                    if items:
                        vetoes.append(
                            {
                                "round": c.round_id,
                                "title": c.round.title,
                                "items": [i.name for i in items],
                                "cap": min(i.veto_cap for i in items),
                            }
                        )
            else:
                value, detail, url = _measure_value(COMPONENT_MEASURES[ComponentKind(c.kind)], org, evaluation.year)
            if value is None:
                missing += 1
            contribution = Fraction(0) if value is None else weight * value / 100
            total += contribution
            parts.append(
                {
                    "id": c.pk,
                    "kind": c.kind,
                    "label": c.label,
                    "round": c.round_id,
                    "weight": str(Decimal(c.weight).quantize(Decimal("0.01"))),
                    "value": None if value is None else str(to_decimal(value)),
                    "contribution": str(to_decimal(contribution)),
                    "missing": value is None,
                    "detail": detail,
                    "evidence_url": url,
                }
            )
        score = to_decimal(total)
        uncapped = stars_for(score, thresholds)
        stars = min([uncapped, *(v["cap"] for v in vetoes)])
        prev = before.get(org.pk)
        if prev is None:
            change = Change.NEW
        elif stars > prev[0]:
            change = Change.UP
        elif stars < prev[0]:
            change = Change.DOWN
        else:
            change = Change.SAME
        outcomes.append(
            AnnualOutcome(
                org=org,
                score=score,
                stars=stars,
                stars_uncapped=uncapped,
                vetoes=vetoes,
                components=parts,
                missing=missing,
                previous_stars=None if prev is None else prev[0],
                previous_label="" if prev is None else prev[1],
                change=str(change),
            )
        )
    for o, rank in zip(outcomes, competition_ranks([o.score for o in outcomes]), strict=True):
        o.rank = rank
    outcomes.sort(key=lambda o: (o.rank, o.org.path))
    return outcomes
