"""The public writes of the 七彩心桥 module: every page and API call goes through these.

Transitions are thin wrappers over the declared workflows (workflows.py); the other writes check their verb,
validate with the module's forms, run in one transaction and write their audit event.
"""

import secrets

from django.db import transaction
from django.utils import timezone

from core import audit
from core.dates import today
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.verbs import require_verb
from core.workflow import transitioned

from . import ratelimit
from .choices import FeedbackState, ProblemState
from .forms import FeedbackForm, LimitsForm, ProblemForm, RatingForm
from .limits import step_due
from .models import Feedback, FeedbackSettings, Problem
from .workflows import AUDIT_FIELDS, FEEDBACK, PROBLEM

UNKNOWN_ACTION = "没有这项操作：{action}。可用的操作为 {names}。"


def new_code():
    """The writer's follow-up code: 16 url-safe characters (96 random bits), unguessable."""
    return secrets.token_urlsafe(12)


# ---- feedback: the public side ---------------------------------------------------------------------


def submit_feedback(*, data, client_address):
    """A suggestion from anyone (no login): validated, rate-limited per client address, stored with its code."""
    key = ratelimit.client_key(client_address)
    cleaned = validate(FeedbackForm(data))
    org = cleaned["org"]
    with transaction.atomic():
        # Count and insert under one lock per client, so a burst of parallel posts cannot slip past the limit.
        ratelimit.check(key)
        item = Feedback(
            org=org,
            handler=org,
            content=cleaned["content"],
            contact_name=cleaned["contact_name"],
            code=new_code(),
            client_key=key,
            due_on=step_due(org, "accept", today()),
        )
        item.set_phone(cleaned["phone"])
        item.save()
        audit.record(
            "feedback.feedback.create",
            by=None,
            obj=item,
            org=org,
            after={**audit.snapshot(item, AUDIT_FIELDS), "phone": item.phone_masked, "by": "留言人"},
        )
    return item


def by_code(code):
    """The item a follow-up code names (404 like any missing object for a wrong or malformed code)."""
    code = str(code or "")
    if not 8 <= len(code) <= 32:
        raise NotFound("查询码不存在，请核对后重新输入。")
    item = Feedback.objects.select_related("org", "handler").filter(code=code).first()
    if item is None:
        raise NotFound("查询码不存在，请核对后重新输入。")
    return item


def rate_by_code(code, *, data):
    """The writer rates the answer (1..5 with a comment) by her code, once, after it was answered."""
    item = by_code(code)
    cleaned = validate(RatingForm(data))
    with transaction.atomic():
        item = Feedback.objects.select_for_update().get(pk=item.pk)
        if item.state == FeedbackState.RATED:
            raise Conflict("您已评价过该意见建议。")
        if item.state != FeedbackState.ANSWERED:
            raise Conflict(
                "该意见建议尚未办结答复，暂不能评价。"
                if item.state != FeedbackState.CLOSED
                else "该意见建议已关闭，不能评价。"
            )
        before = audit.snapshot(item, AUDIT_FIELDS)
        item.rating, item.rating_comment = cleaned["rating"], cleaned["comment"]
        item.rated_at, item.state = timezone.now(), FeedbackState.RATED
        item.save()
        audit.record(
            "feedback.feedback.rate",
            by=None,
            obj=item,
            before=before,
            after={**audit.snapshot(item, AUDIT_FIELDS), "by": "留言人"},
        )
    return Feedback.objects.select_related("org", "handler").get(pk=item.pk)


# ---- feedback: the organisation's side ---------------------------------------------------------------


def transition_feedback(item, action, *, by, data=None):
    """accept | forward | answer | close (422 for another action; 409 from a state that does not allow it)."""
    names = [t.name for t in FEEDBACK.transitions]
    if action not in names:
        msg = UNKNOWN_ACTION.format(action=str(action)[:30], names="、".join(names))
        raise Invalid(msg, {"action": [msg]})
    return FEEDBACK.run(item, action, by=by, data=data or {})


def feedback_to_problem(item, *, by):
    """Turn a feedback item into a problem-list entry of its handling organisation, in one step."""
    require_verb(by, "feedback.handle", item)
    with transaction.atomic():
        item = Feedback.objects.select_for_update().select_related("org", "handler").get(pk=item.pk)
        if Problem.objects.filter(feedback=item).exists():
            raise Conflict("该意见建议已转为问题清单。")
        text = " ".join(item.content.split())
        problem = Problem.objects.create(
            org=item.handler,
            title=text[:60] + ("…" if len(text) > 60 else ""),
            description=item.content,
            source="feedback",
            found_on=timezone.localtime(item.created_at).date(),
            feedback=item,
            created_by=by,
        )
        audit.record(
            "feedback.problem.create", by=by, obj=problem, after={**audit.snapshot(problem), "from_feedback": item.pk}
        )
    return problem


def save_limits(org, *, by, data):
    """A committee's working-day limits for its subtree."""
    require_verb(by, "feedback.set_limits", org)
    cleaned = validate(LimitsForm(data))
    with transaction.atomic():
        current = FeedbackSettings.objects.select_for_update().filter(org=org).first()
        before = audit.snapshot(current) if current else None
        obj, _created = FeedbackSettings.objects.update_or_create(org=org, defaults=cleaned)
        audit.record(
            "feedback.feedbacksettings.save", by=by, obj=obj, org=org, before=before, after=audit.snapshot(obj)
        )
    return obj


# ---- problems ---------------------------------------------------------------------------------------


def _problem_data(cleaned):
    return {k: cleaned[k] for k in ("title", "description", "source", "found_on", "shared")}


def create_problem(*, by, data, orgs):
    """Put a problem on an organisation's list; `orgs` are the organisations the form may name."""
    cleaned = validate(ProblemForm(data, orgs=orgs))
    org = cleaned["org"]
    require_verb(by, "feedback.manage_problems", org)
    if cleaned["source"] == "feedback":
        msg = "来源为意见建议的问题请在意见建议中“转为问题”，以便关联原件。"
        raise Invalid(msg, {"source": [msg]})
    with transaction.atomic():
        problem = Problem.objects.create(org=org, created_by=by, **_problem_data(cleaned))
        audit.record("feedback.problem.create", by=by, obj=problem, after=audit.snapshot(problem))
    return problem


def update_problem(problem, *, by, data):
    require_verb(by, "feedback.edit_problem", problem)
    if problem.state == ProblemState.CLOSED:
        raise Conflict("该问题已销号，不能修改。")
    orgs = type(problem.org).objects.filter(pk=problem.org_id)
    cleaned = validate(ProblemForm(data, orgs=orgs))
    if cleaned["source"] != problem.source and "feedback" in (cleaned["source"], problem.source):
        msg = "来源为意见建议的问题，来源不能修改；其他问题也不能改为意见建议。"
        raise Invalid(msg, {"source": [msg]})
    with transaction.atomic():
        problem = Problem.objects.select_for_update().get(pk=problem.pk)
        before = audit.snapshot(problem)
        for k, v in _problem_data(cleaned).items():
            setattr(problem, k, v)
        problem.save()
        audit.record("feedback.problem.update", by=by, obj=problem, before=before, after=audit.snapshot(problem))
    return problem


def claim_problem(problem, *, by, data=None):
    """对号认领 by an organisation's admin: `org` (optional) names which of her organisations claims it."""
    return PROBLEM.run(problem, "claim", by=by, data=data or {})


def raise_problem(problem, *, by):
    return PROBLEM.run(problem, "raise", by=by)


def transition_problem(problem, action, *, by, data=None):
    names = [t.name for t in PROBLEM.transitions]
    if action not in names:
        msg = UNKNOWN_ACTION.format(action=str(action)[:30], names="、".join(names))
        raise Invalid(msg, {"action": [msg]})
    return PROBLEM.run(problem, action, by=by, data=data or {})


def close_problem(problem, by, reason, *, enforce=True):
    """Close (销号) a problem. The projects app calls this when a project addressing it is accepted
    (`enforce=False`: that acceptance was authorised by the project's own workflow, whoever accepted it); a
    problem already closed is left as it is (so a second accepted project changes nothing)."""
    if enforce:
        return PROBLEM.run(problem, "close", by=by, data={"reason": reason})
    with transaction.atomic():
        problem = Problem.objects.select_for_update().get(pk=problem.pk)
        if problem.state == ProblemState.CLOSED:
            return problem
        before, source = audit.snapshot(problem), problem.state
        problem.state, problem.closed_at = ProblemState.CLOSED, timezone.now()
        problem.close_reason = str(reason or "")[:200]
        problem.save()
        t = PROBLEM.transition("close")
        audit.record("feedback.problem.close", by=by, obj=problem, before=before, after=audit.snapshot(problem))
        transaction.on_commit(
            lambda: transitioned.send(
                sender=Problem, workflow=PROBLEM, obj=problem, transition=t, source=source, target=problem.state, by=by
            )
        )
    return problem
