"""The workflows of the 七彩心桥 module, declared on core.workflow (actions.py keeps the public functions):

* a feedback item is accepted (受理), passed on (转办) to the organisation that must act, answered (办结) and
  then rated by its writer by code (actions.rate_by_code: the writer has no login, so it is not a user's
  transition) or closed by the organisation; each open step has a working-day limit stored as `due_on`;
* a problem is claimed by organisations (对号认领), a 共性问题 raised to the committee, and closed (销号) —
  by an administrator, or when a project addressing it is accepted (actions.close_problem).
"""

from django.utils import timezone

from core.dates import today
from core.errors import Conflict, Invalid
from core.workflow import Transition, Workflow

from . import rules
from .choices import FeedbackState, ProblemState
from .forms import AnswerForm, ClaimForm, CloseForm, ForwardForm, ReasonForm
from .limits import committee_above, forward_orgs, step_due
from .models import Feedback, Problem, ProblemClaim

AUDIT_FIELDS = (
    "org",
    "handler",
    "state",
    "due_on",
    "accepted_at",
    "forwarded_at",
    "forward_note",
    "answer",
    "public",
    "answered_at",
    "rating",
    "rated_at",
    "closed_at",
    "close_reason",
)

# ---- feedback ------------------------------------------------------------------------------------


def _accept(item, ctx):
    item.accepted_at, item.accepted_by = timezone.now(), ctx.by
    item.due_on = step_due(item.org, "answer", today())


def _forward(item, ctx):
    target = ctx.data["org"]
    ctx.audit["from_handler"] = item.handler_id
    item.handler = target
    item.forwarded_at = timezone.now()
    item.forward_note = ctx.data.get("note", "").strip()
    # The organisation that must act gets the whole 办结 period from today.
    item.due_on = step_due(target, "answer", today())


def _answer(item, ctx):
    item.answer = ctx.data["answer"]
    item.public = bool(ctx.data.get("public"))
    item.answered_at, item.answered_by = timezone.now(), ctx.by
    item.due_on = None


def _close(item, ctx):
    reason = (ctx.data.get("reason") or "").strip()
    if ctx.source == FeedbackState.SUBMITTED and not reason:
        raise Invalid("不予受理的意见建议，请填写关闭原因。", {"reason": ["请填写关闭原因。"]})
    item.closed_at, item.close_reason, item.due_on = timezone.now(), reason, None


HANDLING = [FeedbackState.ACCEPTED, FeedbackState.FORWARDED]

FEEDBACK = Workflow(
    "feedback.feedback",
    model=Feedback,
    states=FeedbackState,
    lock_related=("org", "handler"),
    audit_fields=AUDIT_FIELDS,
    transitions=[
        Transition(
            "accept", "受理", [FeedbackState.SUBMITTED], FeedbackState.ACCEPTED, "feedback.handle", effect=_accept
        ),
        Transition(
            "forward",
            "转办",
            HANDLING,
            FeedbackState.FORWARDED,
            "feedback.handle",
            form=ForwardForm,
            form_kwargs=lambda item: {"orgs": forward_orgs(item)},
            effect=_forward,
            style="outline-primary",
        ),
        Transition(
            "answer",
            "办结答复",
            HANDLING,
            FeedbackState.ANSWERED,
            "feedback.handle",
            form=AnswerForm,
            effect=_answer,
            style="success",
        ),
        Transition(
            "close",
            "关闭",
            [FeedbackState.SUBMITTED, FeedbackState.ANSWERED],
            FeedbackState.CLOSED,
            "feedback.handle",
            form=CloseForm,
            effect=_close,
            style="outline-danger",
            confirm="关闭后不能再办理，留言人也不能再评价。确定关闭吗？",
        ),
    ],
)


# ---- problems ------------------------------------------------------------------------------------


def _claimed_org_ids(problem):
    return {c.org_id for c in problem.claims.all()}


def _claim_blocked(problem, user):
    claimed = _claimed_org_ids(problem)
    if claimed and not problem.shared:
        return "该问题已有组织认领；只有共性问题可以由多个组织认领。"
    if not {o.pk for o in rules.own_claimants(user, problem)} - claimed:
        return "您所在的组织已认领该问题。"
    return None


def _claim(problem, ctx):
    claimed = _claimed_org_ids(problem)
    wanted = ctx.data.get("org")
    if wanted:
        org = rules.claim_orgs(ctx.by, problem).filter(pk=wanted).first()
        if org is None:
            msg = "认领组织不存在，或不在您的管理范围内。"
            raise Invalid(msg, {"org": [msg]})
        if org.pk in claimed:
            raise Conflict(f"{org.name}已认领该问题。")
    else:
        # Her own organisation (the first she administers there that has not claimed it yet).
        org = next(o for o in rules.own_claimants(ctx.by, problem) if o.pk not in claimed)
    claim = ProblemClaim.objects.create(problem=problem, org=org, note=ctx.data.get("note", ""), claimed_by=ctx.by)
    ctx.audit.update(claim=claim.pk, claim_org=org.pk)


def _raise_applies(problem):
    return problem.raised_to_id is None and problem.org.depth > 1


def _raise(problem, ctx):
    target = committee_above(problem.org)
    if target is None:
        raise Conflict("该组织没有上级党委，不能提交上级。")
    problem.raised_to, problem.shared = target, True


def _close_problem(problem, ctx):
    problem.closed_at, problem.close_reason = timezone.now(), ctx.data["reason"]


OPEN_PROBLEM = [ProblemState.OPEN, ProblemState.CLAIMED]

PROBLEM = Workflow(
    "feedback.problem",
    model=Problem,
    states=ProblemState,
    lock_related=("org",),
    transitions=[
        Transition(
            "claim",
            "认领",
            OPEN_PROBLEM,
            ProblemState.CLAIMED,
            "feedback.claim_problem",
            form=ClaimForm,
            effect=_claim,
            blocked=_claim_blocked,
        ),
        Transition(
            "raise",
            "提交上级（共性问题）",
            OPEN_PROBLEM,
            None,
            "feedback.edit_problem",
            effect=_raise,
            applies=_raise_applies,
            conflict=lambda p: "该问题已销号。" if p.state == ProblemState.CLOSED else "该问题已提交上级。",
            style="outline-primary",
        ),
        Transition(
            "close",
            "销号",
            OPEN_PROBLEM,
            ProblemState.CLOSED,
            "feedback.edit_problem",
            form=ReasonForm,
            effect=_close_problem,
            conflict="该问题已销号。",
            style="outline-success",
        ),
    ],
)
