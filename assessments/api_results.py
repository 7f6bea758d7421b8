"""考核结果 API: a round's results (score, rank, stars with the veto and quota notes, category breakdown,
deductions) and their computation. The committee reads every row; an organisation its own row only, once the
round is released, with its own deductions (the reasons, never the assessors' names)."""

import datetime
import decimal

from ninja import Router, Schema
from pydantic import Field

from core import workflow
from core.api import AUTH, Id, Ref
from core.errors import NotFound

from . import actions_results, queries_results
from .models_results import RELEASED_STATES
from .workflows_results import MECHANISM, OBJECTION

router = Router(tags=["考核评星"], auth=AUTH)


class CategoryScoreOut(Schema):
    id: int
    name: str
    score: decimal.Decimal
    max: decimal.Decimal


class VetoOut(Schema):
    id: int
    name: str
    veto_cap: int


class DeductionOut(Schema):
    item: Ref
    category: str
    max_points: decimal.Decimal
    points: decimal.Decimal
    reason: str


class ResultOut(Schema):
    org: Ref
    score: decimal.Decimal
    rank: int
    stars: int
    stars_uncapped: int
    vetoed_by: list[VetoOut]
    demoted_by_quota: int
    categories: list[CategoryScoreOut]
    unscored: int
    deductions: list[DeductionOut]


class RoundRef(Schema):
    id: int
    title: str
    state: str
    state_label: str


class RoundResultsOut(Schema):
    round: RoundRef
    released: bool
    items: list[ResultOut]
    actions: list[str]


def _state_label(round_):
    try:
        return workflow.of(round_).state_label(round_)
    except LookupError:
        return round_.state


def _actions(round_, user):
    try:
        return workflow.available_names(round_, user)
    except LookupError:
        return []


def results_out(round_, user):
    rows = list(queries_results.round_results(round_, user))
    vetoes = queries_results.item_names(round_, {i for r in rows for i in r.capped_by})
    cut = queries_results.deductions(round_, [r.org_id for r in rows])
    return {
        "round": {"id": round_.pk, "title": round_.title, "state": round_.state, "state_label": _state_label(round_)},
        "released": round_.state in RELEASED_STATES,
        "items": [
            {
                "org": {"id": r.org_id, "name": r.org.name},
                "score": r.score,
                "rank": r.rank,
                "stars": r.stars,
                "stars_uncapped": r.stars_uncapped,
                "vetoed_by": [
                    {"id": i, "name": vetoes[i].name, "veto_cap": vetoes[i].veto_cap}
                    for i in r.capped_by
                    if i in vetoes
                ],
                "demoted_by_quota": r.demoted_by_quota,
                "categories": r.categories,
                "unscored": r.unscored,
                "deductions": [
                    {
                        "item": {"id": s.item_id, "name": s.item.name},
                        "category": s.item.category.name,
                        "max_points": s.item.max_points,
                        "points": s.points,
                        "reason": s.reason,
                    }
                    for s in cut[r.org_id]
                ],
            }
            for r in rows
        ],
        "actions": _actions(round_, user),
    }


def _round(request, round_id):
    return queries_results.get_round(round_id, request.auth)


@router.get("/assessments/rounds/{round_id}/results", response=RoundResultsOut)
def get_results(request, round_id: Id):
    return results_out(_round(request, round_id), request.auth)


@router.post("/assessments/rounds/{round_id}/results", response=RoundResultsOut)
def compute_results(request, round_id: Id):
    """审核中: compute (or recompute) the results from the assessors' scores."""
    round_ = _round(request, round_id)
    actions_results.compute_results(round_, by=request.auth)
    round_.refresh_from_db()
    return results_out(round_, request.auth)


# ---- publication: 公示 of the results, objections, announce ----


class PublicizeIn(Schema):
    objection_days: int = Field(5, ge=1, le=30)
    title: str = ""


@router.post("/assessments/rounds/{round_id}/results/publicize", response=RoundResultsOut)
def publicize(request, round_id: Id, payload: PublicizeIn):
    """审核中 → 公示中: the results are frozen and published for `objection_days` working days."""
    round_ = actions_results.publicize(_round(request, round_id), by=request.auth, data=payload.dict())
    return results_out(round_, request.auth)


@router.post("/assessments/rounds/{round_id}/results/announce", response=RoundResultsOut)
def announce(request, round_id: Id):
    """公示中 → 已发布: once the period is over and every objection is answered."""
    round_ = actions_results.announce(_round(request, round_id), by=request.auth)
    return results_out(round_, request.auth)


class WithdrawIn(Schema):
    reason: str


@router.post("/assessments/rounds/{round_id}/results/withdraw", response=RoundResultsOut)
def withdraw(request, round_id: Id, payload: WithdrawIn):
    """公示中 → 审核中: the committee takes the results back, with its reason, to correct them."""
    round_ = actions_results.withdraw(_round(request, round_id), by=request.auth, data=payload.dict())
    return results_out(round_, request.auth)


class ResultObjectionOut(Schema):
    id: int
    content: str | None  # the objector's and the committee's to read; others see that it exists
    mine: bool
    raised_at: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None
    state: str
    actions: list[str]


class ResultPublicityOut(Schema):
    id: int
    title: str
    state: str
    state_label: str
    objection_days: int
    published_on: datetime.date | None
    objection_deadline: datetime.date | None
    announced_on: datetime.date | None
    objections: list[ResultObjectionOut]
    may_object: bool


def publicity_out(pub, user):
    reads_all = user.has_perm("assessments.answer_result_objection", pub)
    objections = list(pub.objections.all())
    for o in objections:
        o.publicity = pub
    return {
        "id": pub.pk,
        "title": pub.title,
        "state": pub.state,
        "state_label": pub.state_label,
        "objection_days": pub.objection_days,
        "published_on": pub.published_on,
        "objection_deadline": pub.objection_deadline,
        "announced_on": pub.announced_on,
        "objections": [
            {
                "id": o.pk,
                "content": o.content if reads_all or o.raised_by_id == user.pk else None,
                "mine": o.raised_by_id == user.pk,
                "raised_at": o.raised_at,
                "answer": o.answer,
                "answered_at": o.answered_at,
                "state": str(MECHANISM.objection_state(o)),
                "actions": [t.name for t in OBJECTION.available(o, user)],
            }
            for o in objections
            # The committee reads every objection; a target's admin her own (another branch's are not hers).
            if reads_all or o.raised_by_id == user.pk
        ],
        "may_object": MECHANISM.objection_refusal(pub, user) is None,
    }


def _publicity(request, round_id):
    round_ = _round(request, round_id)
    pub = actions_results.current_publicity(round_)
    if pub is None:
        raise NotFound("该考核轮次尚未发布结果公示。")
    return pub


@router.get("/assessments/rounds/{round_id}/publicity", response=ResultPublicityOut)
def get_publicity(request, round_id: Id):
    return publicity_out(_publicity(request, round_id), request.auth)


class ResultObjectionIn(Schema):
    content: str


class CreatedOut(Schema):
    id: int


@router.post("/assessments/rounds/{round_id}/objections", response={201: CreatedOut})
def raise_objection(request, round_id: Id, payload: ResultObjectionIn):
    o = actions_results.raise_objection(_round(request, round_id), by=request.auth, data=payload.dict())
    return 201, {"id": o.pk}


class ResultAnswerIn(Schema):
    answer: str


@router.post("/assessments/result-objections/{objection_id}/answer", response=ResultPublicityOut)
def answer_objection(request, objection_id: Id, payload: ResultAnswerIn):
    objection = MECHANISM.visible_objection(objection_id, request.auth)
    actions_results.answer_objection(objection, by=request.auth, data=payload.dict())
    return publicity_out(actions_results.current_publicity(objection.publicity.round), request.auth)
