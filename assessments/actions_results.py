"""考核结果的写操作: compute (and recompute) a round's results while it is in review; the frozen record.

Publishing them (审核中 → 公示中 → 已发布) is the round's workflow (assessments/workflows_results.py).
"""

from django.db import transaction

from core import audit
from core.errors import Conflict, Invalid
from core.verbs import require_verb

from . import results
from .models import Result, Round

REVIEW = "review"


def store(round_, outcomes, *, by):
    """Replace the round's Result rows with `outcomes` (inside the caller's transaction)."""
    Result.objects.filter(round=round_).delete()
    Result.objects.bulk_create(
        [
            Result(
                round=round_,
                org=o.org,
                score=o.score,
                rank=o.rank,
                stars=o.stars,
                stars_uncapped=o.stars_uncapped,
                capped_by=o.capped_by,
                demoted_by_quota=o.demoted_by_quota,
                categories=o.categories,
                items=o.items,
                unscored=o.unscored,
                computed_by=by,
            )
            for o in outcomes
        ]
    )


def freeze(round_, *, by):
    """Compute and store the round's results (the caller holds the round's lock): the frozen record."""
    try:
        outcomes = results.compute(round_)
    except ValueError as exc:
        raise Invalid(str(exc), {"quotas": [str(exc)]}) from None
    store(round_, outcomes, by=by)
    return outcomes


def compute_results(round_, *, by):
    """审核中: the committee computes (or recomputes, after scores were corrected) the round's results."""
    require_verb(by, "assessments.manage_results", round_)
    with transaction.atomic():
        round_ = Round.objects.select_for_update(of=("self",)).select_related("scheme__org").get(pk=round_.pk)
        if round_.state != REVIEW:
            raise Conflict("只有审核中的考核轮次可以计算结果；公示后的结果已冻结。")
        outcomes = freeze(round_, by=by)
        audit.record(
            "assessments.round.compute_results",
            by=by,
            obj=round_,
            org=round_.scheme.org,
            after={"results": len(outcomes), "unscored": sum(o.unscored for o in outcomes)},
        )
    return outcomes


# ---- publication: the round's transitions (assessments/workflows_results.py) and objections ----


def _fresh(round_):
    return Round.objects.select_related("scheme__org").get(pk=round_.pk)


def publicize(round_, *, by, data):
    """审核中 → 公示中: freeze the results and publish them for `objection_days` working days."""
    from core import workflow

    return workflow.run(_fresh(round_), "publicize", by=by, data=data)


def announce(round_, *, by):
    """公示中 → 已发布: once the period is over and every objection is answered."""
    from core import workflow

    return workflow.run(_fresh(round_), "announce", by=by)


def withdraw(round_, *, by, data):
    """公示中 → 审核中: the committee takes the results back (with its reason) to correct them."""
    from core import workflow

    return workflow.run(_fresh(round_), "withdraw", by=by, data=data)


def current_publicity(round_):
    """The round's publicity that is not withdrawn (None before the first, or after a withdrawal)."""
    from .models import ResultPublicity

    return (
        ResultPublicity.objects.select_related("round__scheme__org")
        .filter(round=round_, withdrawn_at__isnull=True)
        .first()
    )


def raise_objection(round_, *, by, data):
    """A target organisation's 党务管理员 objects to the results during the publicity period."""
    from core.errors import Conflict

    from .workflows_results import MECHANISM

    pub = current_publicity(round_)
    if pub is None:
        require_verb(by, "assessments.raise_result_objection", round_)
        raise Conflict("只能在公示期内提出异议。")
    return MECHANISM.raise_objection(pub, by=by, data=data)


def answer_objection(objection, *, by, data):
    from .workflows_results import MECHANISM

    return MECHANISM.answer_objection(objection, by=by, data=data)
