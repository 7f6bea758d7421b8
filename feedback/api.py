"""REST API of the 七彩心桥 module (API.md "Projects": Feedback and Problems).

Three operations need no login — leaving a suggestion, following it by its code, rating it by its code
(the code is the writer's credential); they are declared public in tests/test_scope_contract.py. Everything
else is an organisation's, read through `visible_to` and written through actions.py.
"""

import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from core import workflow
from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, form_data, paginate
from core.context import client_ip
from core.dates import today
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import actions
from .choices import RATING_LABELS, SOURCE_LABELS, FeedbackState
from .models import Feedback
from .querysets import filter_feedback, filter_problems, problem_list_qs, project_ids

router = Router(tags=["七彩心桥与问题清单"], auth=AUTH)


# ---- the public side (no login) ---------------------------------------------------------------------


class FeedbackIn(Schema):
    org: Id
    content: str = Field(..., max_length=2000)
    contact_name: str = Field("", max_length=30)
    phone: str = Field("", max_length=20)


class FeedbackCreated(Schema):
    id: int
    code: str


class PublicFeedbackOut(Schema):
    """What the writer reads by her code: no contact data (a code can be passed on)."""

    code: str
    org: Ref
    handler: Ref
    content: str
    state: str
    state_label: str
    submitted_at: datetime.datetime
    accepted_at: datetime.datetime | None
    answered_at: datetime.datetime | None
    answer: str
    rating: int | None
    rating_label: str
    rating_comment: str
    may_rate: bool


def public_out(item):
    answered = item.state in (FeedbackState.ANSWERED, FeedbackState.RATED) or (
        item.state == FeedbackState.CLOSED and item.answered_at is not None
    )
    return {
        "code": item.code,
        "org": {"id": item.org_id, "name": item.org.name},
        "handler": {"id": item.handler_id, "name": item.handler.name},
        "content": item.content,
        "state": item.state,
        "state_label": item.get_state_display(),
        "submitted_at": item.created_at,
        "accepted_at": item.accepted_at,
        "answered_at": item.answered_at,
        "answer": item.answer if answered else "",
        "rating": item.rating,
        "rating_label": RATING_LABELS.get(item.rating, "") if item.rating else "",
        "rating_comment": item.rating_comment,
        "may_rate": item.state == FeedbackState.ANSWERED,
    }


@router.post("/feedback", auth=None, response={201: FeedbackCreated})
def submit_feedback(request, payload: FeedbackIn):
    """Leave a suggestion for an organisation, without login (rate-limited per client address)."""
    item = actions.submit_feedback(data=payload.dict(), client_address=client_ip(request))
    return 201, {"id": item.id, "code": item.code}


@router.get("/feedback/by-code/{code}", auth=None, response=PublicFeedbackOut)
def feedback_by_code(request, code: str):
    return public_out(actions.by_code(code))


class RatingIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = Field("", max_length=500)


@router.post("/feedback/by-code/{code}/rating", auth=None, response=PublicFeedbackOut)
def rate_feedback(request, code: str, payload: RatingIn):
    return public_out(actions.rate_by_code(code, data=payload.dict()))


# ---- the organisations' side ------------------------------------------------------------------------


class FeedbackOut(Schema):
    id: int
    org: int
    org_name: str
    handler: int
    handler_name: str
    content: str
    contact_name: str
    phone: str  # masked
    state: str
    state_label: str
    due_on: datetime.date | None
    overdue: bool
    created_at: datetime.datetime
    accepted_at: datetime.datetime | None
    forwarded_at: datetime.datetime | None
    answered_at: datetime.datetime | None
    answer: str
    public: bool
    rating: int | None
    rating_comment: str
    problem: int | None
    actions: list[str]  # accept, forward, answer, close


def feedback_out(item, user, now=None):
    problem = getattr(item, "problem", None)
    return {
        "id": item.id,
        "org": item.org_id,
        "org_name": item.org.name,
        "handler": item.handler_id,
        "handler_name": item.handler.name,
        "content": item.content,
        "contact_name": item.contact_name,
        "phone": item.phone_masked,
        "state": item.state,
        "state_label": item.get_state_display(),
        "due_on": item.due_on,
        "overdue": item.is_overdue(now or today()),
        "created_at": item.created_at,
        "accepted_at": item.accepted_at,
        "forwarded_at": item.forwarded_at,
        "answered_at": item.answered_at,
        "answer": item.answer,
        "public": item.public,
        "rating": item.rating,
        "rating_comment": item.rating_comment,
        "problem": problem.pk if problem is not None else None,
        "actions": workflow.available_names(item, user),
    }


@router.get("/feedback", response=ListOut[FeedbackOut])
def list_feedback(
    request,
    org: Id | None = None,
    state: str | None = Query(None, max_length=20),
    overdue: bool = False,
    page: Page = 1,
    page_size: PageSize = 50,
):
    user, now = request.auth, today()
    root = get_object_for_user(Organisation, org, user) if org is not None else None
    qs = filter_feedback(Feedback.objects.visible_to(user), org=root, state=state, overdue=overdue, today=now)
    qs = qs.select_related("org", "handler", "problem")
    return paginate(qs, page, page_size, lambda i: feedback_out(i, user, now))


def _feedback(request, feedback_id):
    return get_object_for_user(Feedback.objects.select_related("org", "handler", "problem"), feedback_id, request.auth)


@router.get("/feedback/{feedback_id}", response=FeedbackOut)
def get_feedback(request, feedback_id: Id):
    return feedback_out(_feedback(request, feedback_id), request.auth)


class FeedbackTransitionIn(Schema):
    action: str = Field(..., max_length=30)
    org: Id | None = None  # forward: the organisation that must act
    note: str = Field("", max_length=200)
    answer: str = Field("", max_length=2000)
    public: bool = True
    reason: str = Field("", max_length=200)


@router.post("/feedback/{feedback_id}/transition", response=FeedbackOut)
def transition_feedback(request, feedback_id: Id, payload: FeedbackTransitionIn):
    item = _feedback(request, feedback_id)
    data = form_data(payload, exclude_unset=False)
    data["public"] = payload.public  # a form's unchecked box is an absent key, not "False"
    if not payload.public:
        data.pop("public")
    item = actions.transition_feedback(item, payload.action, by=request.auth, data=data)
    return feedback_out(_feedback(request, item.pk), request.auth)


class ProblemOut(Schema):
    id: int
    org: int
    org_name: str
    title: str
    description: str
    source: str
    source_label: str
    found_on: datetime.date | None
    feedback: int | None
    shared: bool
    raised_to: int | None
    claimed_by: list[int]
    projects: list[int]  # the projects addressing it (the projects app's Project.problems)
    state: str
    state_label: str
    actions: list[str]  # claim, raise, close


def problem_out(p, user):
    return {
        "id": p.id,
        "org": p.org_id,
        "org_name": p.org.name,
        "title": p.title,
        "description": p.description,
        "source": p.source,
        "source_label": SOURCE_LABELS.get(p.source, p.source),
        "found_on": p.found_on,
        "feedback": p.feedback_id,
        "shared": p.shared,
        "raised_to": p.raised_to_id,
        "claimed_by": [c.org_id for c in p.claims.all()],
        "projects": project_ids(p),
        "state": p.state,
        "state_label": p.get_state_display(),
        "actions": workflow.available_names(p, user),
    }


@router.post("/feedback/{feedback_id}/problem", response={201: ProblemOut})
def feedback_to_problem(request, feedback_id: Id):
    problem = actions.feedback_to_problem(_feedback(request, feedback_id), by=request.auth)
    return 201, problem_out(_problem(request, problem.pk), request.auth)


@router.get("/problems", response=ListOut[ProblemOut])
def list_problems(
    request,
    org: Id | None = None,
    state: str | None = Query(None, max_length=20),
    source: str | None = Query(None, max_length=20),
    q: str | None = Query(None, max_length=100),
    page: Page = 1,
    page_size: PageSize = 50,
):
    user = request.auth
    root = get_object_for_user(Organisation, org, user) if org is not None else None
    qs = filter_problems(problem_list_qs(user), org=root, state=state, source=source, q=q)
    return paginate(qs, page, page_size, lambda p: problem_out(p, user))


class ProblemIn(Schema):
    org: Id
    title: str = Field(..., max_length=200)
    description: str = Field("", max_length=5000)
    source: Literal["visit", "survey", "symposium", "report", "inspection"]
    found_on: datetime.date | None = None
    shared: bool = False


@router.post("/problems", response={201: ProblemOut})
def create_problem(request, payload: ProblemIn):
    user = request.auth
    data = form_data(payload, exclude_unset=False)
    if not payload.shared:
        data.pop("shared")
    from .rules import problem_orgs

    problem = actions.create_problem(by=user, data=data, orgs=problem_orgs(user))
    return 201, problem_out(_problem(request, problem.pk), user)


def _problem(request, problem_id):
    return get_object_for_user(problem_list_qs(request.auth), problem_id, request.auth)


@router.get("/problems/{problem_id}", response=ProblemOut)
def get_problem(request, problem_id: Id):
    return problem_out(_problem(request, problem_id), request.auth)


class FeedbackClaimIn(Schema):
    org: Id | None = None  # which of the caller's organisations claims it (default: her own)
    note: str = Field("", max_length=200)


@router.post("/problems/{problem_id}/claim", response=ProblemOut)
def claim_problem(request, problem_id: Id, payload: FeedbackClaimIn | None = None):
    data = form_data(payload, exclude_unset=False) if payload else {}
    problem = actions.claim_problem(_problem(request, problem_id), by=request.auth, data=data)
    return problem_out(_problem(request, problem.pk), request.auth)


class ProblemTransitionIn(Schema):
    action: str = Field(..., max_length=30)  # raise | close (claim has its own endpoint)
    reason: str = Field("", max_length=200)


@router.post("/problems/{problem_id}/transition", response=ProblemOut)
def transition_problem(request, problem_id: Id, payload: ProblemTransitionIn):
    problem = _problem(request, problem_id)
    problem = actions.transition_problem(problem, payload.action, by=request.auth, data={"reason": payload.reason})
    return problem_out(_problem(request, problem.pk), request.auth)
