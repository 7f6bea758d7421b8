"""表彰: the nomination workflow (submit → three levels of review on the approval chain → approved) and the 公示 of
a committee's approved nominations (core/publicity.py); announcing it records the awards.

The quota of an award type is checked when a nomination is submitted, under the type's row lock, so two
parallel submissions cannot both take the last place.
"""

from dataclasses import replace

from django.utils import timezone

from core.errors import Conflict
from core.publicity import Publicity
from core.workflow import ApprovalChain, Level, Transition, Workflow

from . import rules
from .choices_awards import QUOTA_STATES
from .choices_awards import NominationState as S
from .forms_awards import ReviewCommentForm, ReviewReturnForm
from .models_awards import AwardObjection, AwardPublicity, AwardType, Nomination, NominationReview

LEVELS = [
    Level(1, S.PENDING_L1, "reviewer_l1", "一级审核（科长）"),
    Level(2, S.PENDING_L2, "reviewer_l2", "二级审核（分管领导）"),
    Level(3, S.PENDING_L3, "reviewer_l3", "三级审核（主要领导）"),
]


def is_party(nomination, user):
    """The one who proposed it, or the nominee herself: neither reviews it."""
    return nomination.proposed_by_id == user.pk or bool(nomination.person_id and nomination.person_id == user.person_id)


def reviewed_levels(nomination, user):
    return set(nomination.reviews.filter(by_id=user.pk, level__gte=1).values_list("level", flat=True))


def _on_review(nomination, ctx, level, decision):
    nomination.last_comment = ctx.comment


REVIEW = ApprovalChain(
    prefix="assessments.nomination",
    levels=LEVELS,
    approved=S.APPROVED,
    returned=S.RETURNED,
    rejected=S.REJECTED,
    org_of=lambda nomination: nomination.award_type.committee,
    is_party=is_party,
    reviewed_levels=reviewed_levels,
    holds_role=rules.holds_award_role,
    form=ReviewCommentForm,
    return_form=ReviewReturnForm,
    on_review=_on_review,
    party_message="不能审核本人提出或本人被提名的表彰。",
    distinct_message="三级审核须由三位不同的审核人完成，您已在其他级别审核过该提名。",
    holds_message=lambda level: f"您不是该表彰提名{level.label}的审核人。",
)
REVIEW.register_verb(lambda nomination: nomination.state)


def quota_problem(award_type, year, *, exclude=None):
    """The sentence refusing one more nomination of the type in the year, or None while there is a place."""
    if award_type.quota is None:
        return None
    taken = Nomination.objects.filter(award_type=award_type, year=year, state__in=QUOTA_STATES)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    used = taken.count()
    if used >= award_type.quota:
        return f"“{award_type.name}”{year}年度名额为{award_type.quota}个，已提交{used}个，名额已满。"
    return None


def _on_submit(nomination, ctx):
    award_type = AwardType.objects.select_for_update().get(pk=nomination.award_type_id)
    problem = quota_problem(award_type, nomination.year, exclude=nomination)
    if problem:
        raise Conflict(problem)
    nomination.submitted_at = timezone.now()


LOGGED = {"submit": "submit", "withdraw": "withdraw", "approve": "approve", "return": "return", "reject": "reject"}


def _log(nomination, ctx, t, new_state):
    if t.name in LOGGED:
        NominationReview.objects.create(
            nomination=nomination,
            level=ctx.audit.get("level", 0),
            action=LOGGED[t.name],
            comment=ctx.comment,
            by=ctx.by,
            from_state=ctx.source,
            to_state=new_state,
        )


def _now(nomination, label):
    return f"提名当前为“{nomination.state_label}”，{label}。"


REVIEW_STYLES = {"approve": "success", "return": "warning", "reject": "danger"}

NOMINATION = Workflow(
    "assessments.nomination",
    model=Nomination,
    states=S,
    transitions=[
        Transition(
            "submit",
            "提交审核",
            [S.DRAFT, S.RETURNED],
            S.PENDING_L1,
            "assessments.manage_nomination",
            effect=_on_submit,
            conflict=lambda n: _now(n, "不能提交"),
        ),
        Transition(
            "withdraw",
            "撤回提名",
            [S.PENDING_L1, S.PENDING_L2, S.PENDING_L3],
            S.DRAFT,
            "assessments.manage_nomination",
            conflict=lambda n: _now(n, "只有审核中的提名可以撤回"),
            style="outline-secondary",
            confirm="撤回后提名回到草稿、让出名额，审核人不再审核；修改后可重新提交，已有的审核记录保留。确定撤回吗？",
        ),
        *(
            replace(t, conflict=lambda n: _now(n, "不能审核"), style=REVIEW_STYLES[t.name])
            for t in REVIEW.transitions()
        ),
    ],
    lock_related=("org", "award_type__committee"),
    log=_log,
)


# ---------------------------------------------------------------- 表彰公示


def today():
    """Today in Asia/Shanghai (a function so tests can move the clock)."""
    from core import dates

    return dates.today()


def _record_awards(pub, ctx):
    """Announcing the publicity makes its nominations awards, numbered for their certificates."""
    awarded_on = pub.announced_on
    rows = list(pub.nominations.select_for_update().filter(state=S.APPROVED).order_by("award_type__position", "id"))
    for n, nomination in enumerate(rows, start=1):
        nomination.state = S.AWARDED
        nomination.awarded_on = awarded_on
        nomination.certificate_no = f"{pub.year}-{pub.pk:03d}-{n:03d}"
        nomination.save(update_fields=["state", "awarded_on", "certificate_no", "updated_at"])
    ctx.audit["awarded"] = len(rows)


PUBLICITY = Publicity(
    "assessments.awardpublicity",
    model=AwardPublicity,
    objection_model=AwardObjection,
    objection_code="assessments.awardobjection",
    manage_verb="assessments.manage_award_publicity",
    answer_verb="assessments.answer_award_objection",
    raise_verb="assessments.raise_award_objection",
    org_of=lambda pub: pub.committee,
    lock_related=("committee",),
    today=lambda: today(),
    on_announce=_record_awards,
)
AWARD_PUBLICITY = PUBLICITY.workflow
AWARD_OBJECTION = PUBLICITY.objection_workflow

__all__ = ["AWARD_OBJECTION", "AWARD_PUBLICITY", "NOMINATION", "PUBLICITY", "REVIEW", "Transition", "quota_problem"]
