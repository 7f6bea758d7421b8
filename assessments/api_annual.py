"""年终总评 API (API.md "Assessments", part annual): evaluations with weighted components, their stages, their
results (score, rank, stars, 升星/降星, the component breakdown) and the publicity with its objections."""

import datetime
import decimal
from typing import Any

from ninja import Query, Router, Schema
from pydantic import Field

from core import workflow
from core.api import AUTH, Id, ListOut, Ref, paginate
from core.errors import NotFound

from . import actions_annual, annual
from .choices_annual import ComponentKind
from .models_annual import AnnualEvaluation, AnnualResult
from .workflows_annual import MECHANISM, OBJECTION, current_publicity

router = Router(tags=["考核评星"], auth=AUTH)


class AnnualComponentIn(Schema):
    kind: str
    round: Any = None
    weight: Any = None


class AnnualIn(Schema):
    org: Id
    year: int = Field(..., ge=2000, le=2100)
    scheme: Id
    title: str = Field("", max_length=100)
    components: list[AnnualComponentIn] = Field(default_factory=list, max_length=50)


class AnnualPatch(Schema):
    year: int | None = Field(None, ge=2000, le=2100)
    scheme: Id | None = None
    title: str | None = Field(None, max_length=100)
    components: list[AnnualComponentIn] | None = Field(None, max_length=50)


class AnnualComponentOut(Schema):
    id: int
    kind: str
    kind_label: str
    round: Ref | None
    label: str
    weight: decimal.Decimal


class AnnualOut(Schema):
    id: int
    org: Ref
    year: int
    scheme: Ref
    title: str
    state: str
    state_label: str
    components: list[AnnualComponentOut]
    weight_total: decimal.Decimal
    problem: str | None
    computed_at: datetime.datetime | None
    actions: list[str]


def annual_out(ev, user):
    components = list(ev.components.select_related("round").order_by("position", "id"))
    return {
        "id": ev.pk,
        "org": {"id": ev.org_id, "name": ev.org.name},
        "year": ev.year,
        "scheme": {"id": ev.scheme_id, "name": str(ev.scheme)},
        "title": ev.title,
        "state": ev.state,
        "state_label": ev.state_label,
        "components": [
            {
                "id": c.pk,
                "kind": c.kind,
                "kind_label": ComponentKind(c.kind).label,
                "round": {"id": c.round_id, "name": c.round.title} if c.round_id else None,
                "label": c.label,
                "weight": c.weight,
            }
            for c in components
        ],
        "weight_total": annual.weight_total(c.weight for c in components),
        "problem": annual.weight_problem(components),
        "computed_at": ev.computed_at,
        "actions": workflow.available_names(ev, user),
    }


def _payload(payload, **kw):
    data = payload.dict(**kw)
    if data.get("components") is not None:
        data["components"] = [dict(c) for c in data["components"]]
    return data


@router.get("/assessments/annual", response=ListOut[AnnualOut])
def list_annual(
    request,
    org: Id | None = None,
    year: int | None = Query(None, ge=2000, le=2100),
    page: int = Query(1, ge=1, le=100000),
    page_size: int = Query(50, ge=1, le=200),
):
    qs = AnnualEvaluation.objects.visible_to(request.auth).select_related("org", "scheme")
    if org is not None:
        qs = qs.filter(org_id=org)
    if year is not None:
        qs = qs.filter(year=year)
    return paginate(qs.order_by("-year", "org__path", "-id"), page, page_size, lambda e: annual_out(e, request.auth))


@router.post("/assessments/annual", response={201: AnnualOut})
def create_annual(request, payload: AnnualIn):
    ev = actions_annual.create_annual(by=request.auth, data=_payload(payload))
    return 201, annual_out(ev, request.auth)


@router.get("/assessments/annual/{annual_id}", response=AnnualOut)
def get_annual(request, annual_id: Id):
    return annual_out(actions_annual.get_annual(annual_id, request.auth), request.auth)


@router.patch("/assessments/annual/{annual_id}", response=AnnualOut)
def update_annual(request, annual_id: Id, payload: AnnualPatch):
    ev = actions_annual.get_annual(annual_id, request.auth)
    ev = actions_annual.update_annual(ev, by=request.auth, data=_payload(payload, exclude_unset=True))
    return annual_out(ev, request.auth)


class AnnualTransitionIn(Schema):
    objection_days: int = Field(5, ge=1, le=30)
    title: str = ""
    reason: str = ""


@router.post("/assessments/annual/{annual_id}/transitions/{name}", response=AnnualOut)
def transition(request, annual_id: Id, name: str, payload: AnnualTransitionIn | None = None):
    """compute (or recompute), reopen, publicize {"objection_days", "title"?}, announce, withdraw {"reason"}."""
    ev = actions_annual.get_annual(annual_id, request.auth)
    data = payload.dict() if payload is not None else {}
    ev = actions_annual.transition(ev, name, by=request.auth, data=data)
    return annual_out(ev, request.auth)


class AnnualComponentScore(Schema):
    kind: str
    label: str
    round: int | None
    weight: decimal.Decimal
    value: decimal.Decimal | None
    contribution: decimal.Decimal
    missing: bool
    detail: str


class AnnualVetoOut(Schema):
    round: int
    title: str
    items: list[str]
    cap: int


class AnnualResultOut(Schema):
    org: Ref
    score: decimal.Decimal
    rank: int
    stars: int
    stars_uncapped: int
    change: str
    change_label: str
    previous_stars: int | None
    previous: str
    vetoes: list[AnnualVetoOut]
    missing: int
    components: list[AnnualComponentScore]


class AnnualResultsOut(Schema):
    annual: Ref
    state: str
    state_label: str
    released: bool
    items: list[AnnualResultOut]


def results_out(ev, user):
    rows = (
        AnnualResult.objects.visible_to(user).filter(evaluation=ev).select_related("org").order_by("rank", "org__path")
    )
    return {
        "annual": {"id": ev.pk, "name": ev.title},
        "state": ev.state,
        "state_label": ev.state_label,
        "released": ev.released,
        "items": [
            {
                "org": {"id": r.org_id, "name": r.org.name},
                "score": r.score,
                "rank": r.rank,
                "stars": r.stars,
                "stars_uncapped": r.stars_uncapped,
                "change": r.change,
                "change_label": r.change_label,
                "previous_stars": r.previous_stars,
                "previous": r.previous_label,
                "vetoes": r.vetoes,
                "missing": r.missing,
                "components": r.components,
            }
            for r in rows
        ],
    }


def _readable_results(request, annual_id):
    """The evaluation when the caller reads at least one of its results (404 otherwise, like a missing one)."""
    ev = actions_annual.get_annual(annual_id, request.auth)
    if not AnnualResult.objects.visible_to(request.auth).filter(evaluation=ev).exists():
        if not request.auth.has_perm("assessments.manage_annual", ev):
            raise NotFound("未找到该年终总评的结果，或结果尚未公示。")
    return ev


@router.get("/assessments/annual/{annual_id}/results", response=AnnualResultsOut)
def get_results(request, annual_id: Id):
    return results_out(_readable_results(request, annual_id), request.auth)


# ---- publicity: objections ----


class AnnualObjectionOut(Schema):
    id: int
    content: str | None
    mine: bool
    raised_at: datetime.datetime
    answer: str
    answered_at: datetime.datetime | None
    state: str
    actions: list[str]


class AnnualPublicityOut(Schema):
    id: int
    title: str
    state: str
    state_label: str
    objection_days: int
    published_on: datetime.date | None
    objection_deadline: datetime.date | None
    announced_on: datetime.date | None
    objections: list[AnnualObjectionOut]
    may_object: bool


def publicity_out(pub, user):
    reads_all = user.has_perm("assessments.answer_annual_objection", pub)
    objections = [o for o in pub.objections.all() if reads_all or o.raised_by_id == user.pk]
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
                "content": o.content,
                "mine": o.raised_by_id == user.pk,
                "raised_at": o.raised_at,
                "answer": o.answer,
                "answered_at": o.answered_at,
                "state": str(MECHANISM.objection_state(o)),
                "actions": [t.name for t in OBJECTION.available(o, user)],
            }
            for o in objections
        ],
        "may_object": MECHANISM.objection_refusal(pub, user) is None,
    }


def _publicity(request, annual_id):
    ev = _readable_results(request, annual_id)
    pub = current_publicity(ev)
    if pub is None:
        raise NotFound("该年终总评尚未发布结果公示。")
    return pub


@router.get("/assessments/annual/{annual_id}/publicity", response=AnnualPublicityOut)
def get_publicity(request, annual_id: Id):
    return publicity_out(_publicity(request, annual_id), request.auth)


class AnnualObjectionIn(Schema):
    content: str


class AnnualCreatedOut(Schema):
    id: int


@router.post("/assessments/annual/{annual_id}/objections", response={201: AnnualCreatedOut})
def raise_objection(request, annual_id: Id, payload: AnnualObjectionIn):
    ev = _readable_results(request, annual_id)
    o = actions_annual.raise_objection(ev, by=request.auth, data=payload.dict())
    return 201, {"id": o.pk}


class AnnualAnswerIn(Schema):
    answer: str


@router.post("/assessments/annual-objections/{annual_objection_id}/answer", response=AnnualPublicityOut)
def answer_objection(request, annual_objection_id: Id, payload: AnnualAnswerIn):
    objection = MECHANISM.visible_objection(annual_objection_id, request.auth)
    actions_annual.answer_objection(objection, by=request.auth, data=payload.dict())
    return publicity_out(current_publicity(objection.publicity.evaluation), request.auth)
