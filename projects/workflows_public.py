"""层层打擂: an award nomination (十佳项目 / 精品项目 / 示范项目) decided on the shared workflow.

nominated --approve--> approved (published as a case for 经验交流) | --decline--> declined | --withdraw--> withdrawn.
A nomination is made by projects.actions_public.nominate (the project must be accepted and eligible); the decider
is the project's committee, or for 示范项目 the committee above it (申报区级示范项目).
"""

from django.utils import timezone

from core.workflow import Transition, Workflow

from . import metrics_public  # noqa: F401  (registers the survey's eligibility reason)
from .forms import CommentForm, ReasonForm
from .models import Award, AwardState


def _decided(award, ctx):
    award.decided_at = timezone.now()
    award.decided_by = ctx.by
    award.decision_comment = (ctx.data.get("comment") or ctx.data.get("reason") or "").strip()[:500]


def _now(label):
    return lambda award: f"该提名当前为“{award.state_label}”，{label}。"


AWARD = Workflow(
    "projects.award",
    model=Award,
    states=AwardState,
    lock_related=("project",),
    transitions=[
        Transition(
            "approve",
            "审定通过",
            [AwardState.NOMINATED],
            AwardState.APPROVED,
            "projects.decide_award",
            CommentForm,
            _decided,
            conflict=_now("不能审定"),
            style="success",
        ),
        Transition(
            "decline",
            "不予审定",
            [AwardState.NOMINATED],
            AwardState.DECLINED,
            "projects.decide_award",
            ReasonForm,
            _decided,
            conflict=_now("不能审定"),
            style="outline-danger",
            confirm="确定不予审定该提名吗？",
        ),
        Transition(
            "withdraw",
            "撤回提名",
            [AwardState.NOMINATED],
            AwardState.WITHDRAWN,
            "projects.withdraw_award",
            ReasonForm,
            _decided,
            conflict=_now("不能撤回"),
            style="outline-secondary",
        ),
    ],
)

AWARD_ACTIONS = [t.name for t in AWARD.transitions]
