"""The declaration workflow (积分申报): submit, the unit's two-way confirmation (双向确认), three-level review.

States are `DeclarationState` (points/choices.py); who may do what is a verb in points/rules.py, or the
approval chain's `points.declaration.review`. Pages, templates and the API's `actions` field show exactly
`workflow.available(decl, user)`; the public functions in points/actions.py run these transitions.
"""

from dataclasses import replace

from django.utils import timezone

from core.workflow import ApprovalChain, Level, Transition, Workflow

from . import rules
from .choices import LEVEL_LABELS, LEVEL_ROLES, LEVEL_STATES
from .choices import DeclarationState as S
from .forms import CommentForm, DisputeForm, ReturnForm
from .ledger import post_entry
from .models import Declaration, Review


def is_party(decl, user):
    """The declarant, or the person the points are for: neither reviews them."""
    return decl.declared_by_id == user.pk or bool(decl.subject_person_id and decl.subject_person_id == user.person_id)


def reviewed_levels(decl, user):
    """The review levels (1–3) at which the user already decided on this declaration.

    Uses the declaration's prefetched reviews when a page or list loaded them (one query for all rows)."""
    cached = getattr(decl, "_prefetched_objects_cache", {}).get("reviews")
    if cached is not None:
        return {r.level for r in cached if r.by_id == user.pk and r.level}
    return set(decl.reviews.filter(by_id=user.pk, level__gte=1).values_list("level", flat=True))


def _on_review(decl, ctx, level, decision):
    decl.last_comment = ctx.comment
    ctx.audit.setdefault("entry", None)


def _on_approved(decl, ctx):
    ctx.audit["entry"] = post_entry(decl, by=ctx.by).pk


REVIEW = ApprovalChain(
    prefix="points.declaration",
    levels=[Level(n, LEVEL_STATES[n], LEVEL_ROLES[n], LEVEL_LABELS[n]) for n in (1, 2, 3)],
    approved=S.APPROVED,
    returned=S.RETURNED,
    rejected=S.REJECTED,
    org_of=lambda decl: decl.subject_org,
    is_party=is_party,
    reviewed_levels=reviewed_levels,
    holds_role=rules.holds_role,
    form=CommentForm,
    return_form=ReturnForm,
    on_review=_on_review,
    on_approved=_on_approved,
    party_message="不能审核本人申报或本人的积分。",
    distinct_message="三级审核须由三位不同的审核人完成，您已在其他级别审核过该申报。",
    holds_message=lambda level: f"您不是该申报{level.label}的审核人。",
)
REVIEW.register_verb(lambda decl: decl.state)


def _now(decl, label):
    return f"申报当前为“{decl.state_label}”，{label}。"


def _submit_target(decl, ctx):
    return S.AWAITING_CONFIRMATION if decl.needs_unit_confirmation else S.PENDING_L1


def _on_submit(decl, ctx):
    decl.confirmed_by, decl.confirmed_at = None, None
    decl.submitted_at = timezone.now()


def _on_confirm(decl, ctx):
    decl.confirmed_by, decl.confirmed_at = ctx.by, timezone.now()
    decl.last_comment = ctx.comment


def _on_dispute(decl, ctx):
    decl.last_comment = ctx.comment


# Review rows keep the values stored before the workflow: a dispute is the unit's "return" at level 0.
LOGGED_ACTIONS = {
    "confirm": "confirm",
    "dispute": "return",
    "approve": "approve",
    "return": "return",
    "reject": "reject",
}


def _log(decl, ctx, t, new_state):
    if t.name in LOGGED_ACTIONS:
        Review.objects.create(
            declaration=decl,
            level=ctx.audit.get("level", 0),
            action=LOGGED_ACTIONS[t.name],
            comment=ctx.comment,
            by=ctx.by,
            from_state=ctx.source,
            to_state=new_state,
        )


not_reviewable = lambda decl: _now(decl, "不能审核")  # noqa: E731
not_awaiting = lambda decl: _now(decl, "无需单位确认")  # noqa: E731
REVIEW_STYLES = {"approve": "success", "return": "warning", "reject": "danger"}

DECLARATION = Workflow(
    "points.declaration",
    model=Declaration,
    states=S,
    transitions=[
        Transition(
            "submit",
            "提交",
            [S.DRAFT, S.RETURNED],
            _submit_target,
            "points.submit_declaration",
            effect=_on_submit,
            conflict=lambda decl: _now(decl, "不能提交"),
        ),
        Transition(
            "confirm",
            "确认无误",
            [S.AWAITING_CONFIRMATION],
            S.PENDING_L1,
            "points.confirm_declaration",
            CommentForm,
            _on_confirm,
            conflict=not_awaiting,
            style="success",
        ),
        Transition(
            "dispute",
            "有异议，退回",
            [S.AWAITING_CONFIRMATION],
            S.RETURNED,
            "points.confirm_declaration",
            DisputeForm,
            _on_dispute,
            conflict=not_awaiting,
            style="warning",
        ),
        *(replace(t, conflict=not_reviewable, style=REVIEW_STYLES[t.name]) for t in REVIEW.transitions()),
    ],
    lock_related=("subject_org", "scheme__org"),
    log=_log,
)
