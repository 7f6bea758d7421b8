"""Reads of 考核结果: a round's results as the user may see them, deductions, and each organisation's star history.

Every read goes through `Result.objects.visible_to(user)`: the committee reads all of its rounds' results, an
organisation only its own once the round is released (公示中/已发布).
"""

from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q

from .models import Item, Result, Round, Score
from .models_results import RELEASED_STATES

STAR_WORDS = {0: "未定星", 1: "一星", 2: "二星", 3: "三星", 4: "四星", 5: "五星"}


def star_word(stars):
    return STAR_WORDS.get(stars, f"{stars}星")


def readable_rounds(user):
    """Rounds the user reaches: those her scope reads, and those where she reads a result (her own branch's)."""
    from accounts import scope
    from core.models import path_q

    # Not RoundQuerySet.visible_to: that reaches a branch up to its committee's rounds (she files her self-check
    # there), while results stay the committee's until they are released to each target.
    if not getattr(user, "is_authenticated", False) or not user.is_active or scope.is_system_user(user):
        return Round.objects.none()
    own = Round.objects.filter(path_q("scheme__org__path", scope.business_paths(user)))
    return Round.objects.filter(
        Q(pk__in=own.values("pk")) | Q(pk__in=Result.objects.visible_to(user).values("round_id"))
    )


def get_round(pk, user):
    """One round the user reaches for its results (404 for missing and out of scope alike)."""
    from core.errors import NotFound
    from core.params import MAX_ID

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 1 <= pk <= MAX_ID:
        raise NotFound()
    found = readable_rounds(user).select_related("scheme__org").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def withdrawn_publicities(round_):
    """The round's withdrawn publicities, newest first (the committee sees why its results went back)."""
    from .models import ResultPublicity

    return list(ResultPublicity.objects.filter(round=round_, withdrawn_at__isnull=False).order_by("-withdrawn_at"))


def round_results(round_, user):
    return Result.objects.visible_to(user).filter(round=round_).select_related("org").order_by("rank", "org__path")


def item_names(round_, ids):
    """{item id: item} for the items named by results (veto items, deductions)."""
    if not ids:
        return {}
    return {i.pk: i for i in Item.objects.filter(scheme_id=round_.scheme_id, pk__in=ids)}


def deductions(round_, org_ids):
    """{org id: [Score below the item's maximum, with its reason]} for the given organisations (one query).

    The assessor is not named: a branch reads why points were deducted, not by whom (the committee's export names
    them)."""
    out: dict[int, list] = {i: [] for i in org_ids}
    if not org_ids:
        return out
    rows = (
        Score.objects.filter(round=round_, org_id__in=org_ids, points__lt=F("item__max_points"))
        .select_related("item__category")
        .order_by("org_id", "item__category__position", "item__category_id", "item__position", "item_id", "pk")
    )
    for s in rows:
        out[s.org_id].append(s)
    return out


@dataclass
class HistoryRow:
    result: Any
    change: int | None  # stars against the previous released result (None: the first one)

    @property
    def change_label(self):
        if self.change is None:
            return "首次定星"
        if self.change > 0:
            return f"升{self.change}星" if self.change > 1 else "升星"
        if self.change < 0:
            return f"降{-self.change}星" if self.change < -1 else "降星"
        return "持平"

    @property
    def change_badge(self):
        if not self.change:
            return "secondary"
        return "success" if self.change > 0 else "danger"


def history(user, org):
    """The organisation's released results across rounds and years, oldest first, each with its 升星/降星."""
    rows = list(
        Result.objects.visible_to(user)
        .filter(org=org, round__state__in=RELEASED_STATES)
        .select_related("round__scheme")
        .order_by("round__ends", "round__starts", "round_id")
    )
    out, previous = [], None
    for r in rows:
        out.append(HistoryRow(r, None if previous is None else r.stars - previous.stars))
        previous = r
    return out


@dataclass(frozen=True)
class TableRow:
    """A row of the star-history table: a released round's result or a released 年终总评 result."""

    annual: bool
    title: str
    url: str
    year: int
    score: Any
    rank: int
    stars: int
    change_label: str
    change_badge: str
    vetoed: bool = False
    demoted: bool = False
    in_publicity: bool = False
    sort_year: int = 0  # the year of the period (a round's end), where it sits in the table


def annual_history(user, org):
    """The organisation's released 年终总评 results (公示中 or published), oldest first (one query)."""
    from .choices_annual import RELEASED_ANNUAL_STATES
    from .models_annual import AnnualResult

    return list(
        AnnualResult.objects.visible_to(user)
        .filter(org=org, evaluation__state__in=RELEASED_ANNUAL_STATES)
        .select_related("evaluation")
        .order_by("evaluation__year", "evaluation_id")
    )


def history_table(rows, annual):
    """The rounds' history (oldest first, with 升星/降星 between rounds) and the annual results (with theirs against
    the year before), newest first: a year's 年终总评 above that year's rounds."""
    from django.urls import reverse

    merged = [
        TableRow(
            annual=False,
            title=h.result.round.title,
            url=reverse("assessments:round_results", args=[h.result.round_id]),
            year=h.result.round.scheme.year,
            score=h.result.score,
            rank=h.result.rank,
            stars=h.result.stars,
            change_label=h.change_label,
            change_badge=h.change_badge,
            vetoed=bool(h.result.capped_by),
            demoted=bool(h.result.demoted_by_quota),
            in_publicity=h.result.round.state == "publicity",
            sort_year=h.result.round.ends.year,
        )
        for h in rows
    ] + [
        TableRow(
            annual=True,
            title=a.evaluation.title,
            url=reverse("assessments:annual_detail", args=[a.evaluation_id]),
            year=a.evaluation.year,
            score=a.score,
            rank=a.rank,
            stars=a.stars,
            change_label=a.change_text,
            change_badge=a.change_badge,
            vetoed=bool(a.vetoes) and a.stars < a.stars_uncapped,
            in_publicity=a.evaluation.state == "publicity",
            sort_year=a.evaluation.year,
        )
        for a in annual
    ]
    merged.sort(key=lambda r: (r.sort_year, r.annual))  # stable: the rounds of a year keep their order
    return list(reversed(merged))


def radar(current, previous):
    """ECharts radar data: the categories of `current` (as a share of each category's maximum, in percent) and
    the same categories of `previous` (matched by name; missing ones count 0)."""
    if current is None:
        return None

    def shares(result):
        return {
            c["name"]: round(float(c["score"]) * 100 / float(c["max"]), 1) if float(c["max"]) else 0
            for c in result.categories
        }

    now = shares(current)
    before = shares(previous) if previous is not None else None
    return {
        "indicators": [{"name": c["name"], "max": 100} for c in current.categories],
        "series": [
            {"name": current.round.title, "value": list(now.values())},
            *([{"name": previous.round.title, "value": [before.get(n, 0) for n in now]}] if before is not None else []),
        ],
    }


def trend(rows):
    """Scores and stars quarter by quarter (the history's rounds in order)."""
    return {
        "labels": [r.result.round.period for r in rows],
        "scores": [float(r.result.score) for r in rows],
        "stars": [r.result.stars for r in rows],
    }


def distribution(results):
    """How many organisations hold each star level (five down to none)."""
    counts = {level: 0 for level in range(5, -1, -1)}
    for r in results:
        counts[r.stars] = counts.get(r.stars, 0) + 1
    return {"labels": [star_word(level) for level in counts], "counts": list(counts.values())}
