"""四公开 and acceptance figures: the satisfaction rate of the mass survey, the panel's mean weighted score, the
eligibility reason of the survey (满意率低: 取消评先评优资格) and the ranking of 层层打擂.

Satisfaction rate = (满意 + 基本满意) / all responses, always shown with the number of responses. A project with
no response at all is **not eligible**: its satisfaction was never measured, and the seeds make the masses'
verdict a condition of every award (the reason says so, with the threshold).

The acceptance score: each scorer's weighted score is Σ score × weight / 100 over the criteria of the project's
assessment mechanism (weights add up to 100); the project's score is the mean over the scorers who scored. Scores
are closed once the committee decided (accepted / not accepted), so the figure recorded at the decision stays.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum

from . import eligibility, results
from .config import project_settings
from .models import Project, Rating, Score, SurveyResponse

ONE_DECIMAL = Decimal("0.1")


@dataclass
class Satisfaction:
    satisfied: int = 0
    basically_satisfied: int = 0
    dissatisfied: int = 0

    @property
    def count(self) -> int:
        return self.satisfied + self.basically_satisfied + self.dissatisfied

    @property
    def rate(self) -> Decimal | None:
        """The percentage, one decimal; None without any response."""
        if not self.count:
            return None
        return (Decimal(100 * (self.satisfied + self.basically_satisfied)) / self.count).quantize(
            ONE_DECIMAL, ROUND_HALF_UP
        )

    @property
    def rate_text(self) -> str:
        return "—" if self.rate is None else f"{self.rate}%"

    def summary(self) -> str:
        if not self.count:
            return "暂无测评"
        return f"满意率 {self.rate}%（共{self.count}份：满意{self.satisfied}、基本满意{self.basically_satisfied}、不满意{self.dissatisfied}）"


def satisfaction_of(project_ids) -> dict[int, Satisfaction]:
    """Satisfaction per project id, in one query."""
    out: dict[int, Satisfaction] = defaultdict(Satisfaction)
    rows = (
        SurveyResponse.objects.filter(project_id__in=list(project_ids))
        .values_list("project_id", "rating")
        .annotate(n=Sum("count"))
        .order_by()
    )
    for pid, rating, n in rows:
        setattr(out[pid], rating, int(n or 0))
    return out


def satisfaction(project) -> Satisfaction:
    return satisfaction_of([project.pk])[project.pk]


def _quantize(value: Decimal) -> Decimal:
    return value.quantize(ONE_DECIMAL, ROUND_HALF_UP)


def scores_of(project_ids) -> dict[int, dict]:
    """Per project id: {"by_scorer": {scorer_id: weighted}, "mean": Decimal | None}, in one query."""
    by_scorer: dict[int, dict[int, Decimal]] = defaultdict(dict)
    rows = Score.objects.filter(scorer__project_id__in=list(project_ids), scorer__scored_at__isnull=False).values_list(
        "scorer__project_id", "scorer_id", "score", "criterion__weight"
    )
    for pid, sid, score, weight in rows:
        by_scorer[pid][sid] = by_scorer[pid].get(sid, Decimal(0)) + Decimal(score) * weight / 100
    out = {}
    for pid in project_ids:
        done = {sid: _quantize(v) for sid, v in by_scorer.get(pid, {}).items()}
        mean = _quantize(sum(by_scorer[pid].values(), Decimal(0)) / len(done)) if done else None
        out[pid] = {"by_scorer": done, "mean": mean}
    return out


def acceptance_score(project) -> Decimal | None:
    return scores_of([project.pk])[project.pk]["mean"]


@eligibility.reason
def dissatisfied(project: Project) -> list[str]:
    """群众满意率低: below the committee's threshold (or never measured)."""
    threshold = project_settings(project).satisfaction_threshold
    s = getattr(project, "_satisfaction", None) or satisfaction(project)  # a list sets it for all its rows
    limit = f"{Decimal(threshold).normalize():f}%"
    if not s.count:
        return [f"群众满意率未测评：尚无群众满意度测评结果（0份），无法认定是否达到门槛{limit}。"]
    if s.rate is not None and s.rate < Decimal(threshold):
        return [f"群众满意率低：满意率 {s.rate}%（共{s.count}份测评），低于门槛{limit}。"]
    return []


RATING_ORDER = [r.value for r in Rating]


# ---------------------------------------------------------------- results for assessment and the cockpit


@results.metric("mean_score")
def mean_acceptance_score(projects: list[Project]) -> Decimal | None:
    """The mean acceptance score of the organisation's decided projects that a panel scored (None if none)."""
    decided = [p.pk for p in projects if p.state in ("accepted", "not_accepted")]
    means = [m["mean"] for m in scores_of(decided).values() if m["mean"] is not None] if decided else []
    return _quantize(sum(means, Decimal(0)) / len(means)) if means else None


@results.metric("satisfaction")
def pooled_satisfaction(projects: list[Project]) -> Decimal | None:
    """The satisfaction rate over all survey answers of the organisation's projects (None without any)."""
    total = Satisfaction()
    for s in satisfaction_of([p.pk for p in projects]).values():
        total.satisfied += s.satisfied
        total.basically_satisfied += s.basically_satisfied
        total.dissatisfied += s.dissatisfied
    return total.rate
