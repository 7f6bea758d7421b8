"""REST API of the rounds part (API.md "Assessments"): rounds and their stages, self-checks, the panel's scores.

Reads go through `visible_to` (a round: its committee's subtree and its assessors; a self-check or a score: the
target's subtree, those above it and the round's assessors), writes through actions_rounds.
"""

import datetime
import decimal
from typing import Annotated

from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile

from core import workflow
from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, paginate
from core.errors import NotFound
from core.scoping import get_object_for_user

from . import actions_rounds as actions
from . import queries_rounds as queries
from .choices import RoundKind
from .evidence_rounds import MAX_BYTES
from .models import Round, Scheme, Score, SelfCheck, SelfCheckAttachment

router = Router(tags=["考核评星"], auth=AUTH)
Points = Annotated[decimal.Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]


class PersonRef(Schema):
    id: int
    name: str


class TargetOut(Schema):
    org: Ref
    selfcheck: str  # none | draft | submitted
    scored: int


class RoundOut(Schema):
    id: int
    scheme: Ref
    scheme_org: Ref
    kind: str
    kind_label: str
    period: str
    title: str
    starts: datetime.date
    ends: datetime.date
    selfcheck_due: datetime.date | None
    state: str
    state_label: str
    methods: list[str]
    targets: list[Ref]
    assessors: list[PersonRef]
    actions: list[str]  # exactly workflow.available(round, caller)


class RoundDetailOut(RoundOut):
    items: int
    progress: list[TargetOut]  # the targets the caller may follow (a branch: its own)


def _assessor_name(u):
    return u.person.name if u.person_id else u.username


def round_out(r, user):
    return {
        "id": r.id,
        "scheme": {"id": r.scheme_id, "name": str(r.scheme)},
        "scheme_org": {"id": r.scheme.org_id, "name": r.scheme.org.name},
        "kind": r.kind,
        "kind_label": RoundKind(r.kind).label if r.kind in RoundKind.values else r.kind,
        "period": r.period,
        "title": r.title,
        "starts": r.starts,
        "ends": r.ends,
        "selfcheck_due": r.selfcheck_due,
        "state": r.state,
        "state_label": r.state_label,
        "methods": list(r.methods or []),
        "targets": [{"id": o.id, "name": o.name} for o in r.targets.all()],
        "assessors": [{"id": u.id, "name": _assessor_name(u)} for u in r.assessors.all()],
        "actions": workflow.available_names(r, user),
    }


def round_detail_out(r, user):
    targets = list(queries.visible_targets(r, user))
    prog = queries.progress(r, targets)
    return {
        **round_out(r, user),
        "items": r.scheme.items.count(),
        "progress": [{"org": {"id": o.id, "name": o.name}, **prog[o.id]} for o in targets],
    }


def _rounds():
    return Round.objects.select_related("scheme__org").prefetch_related("targets", "assessors__person")


def _round(request, round_id):
    return get_object_for_user(_rounds(), round_id, request.auth)


@router.get("/assessments/rounds", response=ListOut[RoundOut])
def list_rounds(
    request,
    scheme: Id | None = None,
    state: str | None = Query(None, max_length=16),
    page: Page = 1,
    page_size: PageSize = 50,
):
    user = request.auth
    qs = _rounds().visible_to(user)
    if scheme is not None:
        qs = qs.filter(scheme_id=scheme)
    if state:
        qs = qs.filter(state=state)
    return paginate(qs.order_by("-starts", "-id"), page, page_size, lambda r: round_out(r, user))


class RoundIn(Schema):
    scheme: Id
    kind: str = Field(RoundKind.QUARTER, max_length=10)
    period: str = Field(..., max_length=12)
    title: str = Field("", max_length=100)
    targets: list[Id] = Field(..., max_length=500)
    assessors: list[Id] = Field([], max_length=100)
    methods: list[str] = Field([], max_length=10)
    selfcheck_due: datetime.date | None = None
    starts: datetime.date | None = None
    ends: datetime.date | None = None


def _form_data(payload, exclude_unset=False):
    data = payload.dict(exclude_unset=exclude_unset)
    data.pop("scheme", None)
    for key in ("selfcheck_due", "starts", "ends"):
        if key in data:
            data[key] = data[key].isoformat() if data[key] else ""
    return data


@router.post("/assessments/rounds", response={201: RoundDetailOut})
def create_round(request, payload: RoundIn):
    scheme = get_object_for_user(Scheme.objects.select_related("org"), payload.scheme, request.auth)
    r = actions.create_round(scheme, by=request.auth, data=_form_data(payload))
    return 201, round_detail_out(_rounds().get(pk=r.pk), request.auth)


@router.get("/assessments/rounds/{round_id}", response=RoundDetailOut)
def get_round(request, round_id: Id):
    return round_detail_out(_round(request, round_id), request.auth)


class RoundPatch(Schema):
    kind: str | None = Field(None, max_length=10)
    period: str | None = Field(None, max_length=12)
    title: str | None = Field(None, max_length=100)
    targets: list[Id] | None = Field(None, max_length=500)
    assessors: list[Id] | None = Field(None, max_length=100)
    methods: list[str] | None = Field(None, max_length=10)
    selfcheck_due: datetime.date | None = None
    starts: datetime.date | None = None
    ends: datetime.date | None = None


@router.patch("/assessments/rounds/{round_id}", response=RoundDetailOut)
def patch_round(request, round_id: Id, payload: RoundPatch):
    r = _round(request, round_id)
    data = {k: v for k, v in _form_data(payload, exclude_unset=True).items()}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    r = actions.update_round(r, by=request.auth, data=data)
    return round_detail_out(_rounds().get(pk=r.pk), request.auth)


@router.post("/assessments/rounds/{round_id}/transitions/{name}", response=RoundDetailOut)
def transition_round(request, round_id: Id, name: str):
    r = _round(request, round_id)
    r = actions.transition_round(r, name[:30], by=request.auth)
    return round_detail_out(_rounds().get(pk=r.pk), request.auth)


# ---- self-checks ---------------------------------------------------------------------------------


class SelfCheckAttachmentOut(Schema):
    id: int
    name: str
    size: int
    content_type: str


class SelfCheckOut(Schema):
    round: int
    org: Ref
    filed: bool
    submitted: bool
    submitted_at: datetime.datetime | None
    sections: dict[str, str]
    section_labels: list[dict[str, str]]
    scores: dict[str, decimal.Decimal]
    total: decimal.Decimal
    attachments: list[SelfCheckAttachmentOut]
    may_edit: bool


def _target(request, r, org_id):
    """A target of the round whose self-check the caller may read (another branch: 404 like a missing one)."""
    org = queries.visible_targets(r, request.auth).filter(pk=org_id).first()
    if org is None:
        raise NotFound()
    return org


def selfcheck_out(r, org, user):
    sc = SelfCheck.objects.filter(round=r, org=org).prefetch_related("scores", "attachments").first()
    if sc is not None and not SelfCheck.objects.visible_to(user).filter(pk=sc.pk).exists():
        sc = None  # an assessor does not read a draft
    scores = {str(s.item_id): s.points for s in sc.scores.all()} if sc else {}
    probe = actions.selfcheck_of(r, org)
    return {
        "round": r.pk,
        "org": {"id": org.pk, "name": org.name},
        "filed": sc is not None,
        "submitted": bool(sc and sc.submitted_at),
        "submitted_at": sc.submitted_at if sc else None,
        "sections": dict(sc.sections) if sc else {},
        "section_labels": [{"key": s["key"], "label": s["label"]} for s in r.scheme.selfcheck_sections],
        "scores": scores,
        "total": sum(scores.values(), decimal.Decimal(0)),
        "attachments": [
            {"id": a.id, "name": a.name, "size": a.size, "content_type": a.content_type}
            for a in (list(sc.attachments.all()) if sc else [])
        ],
        "may_edit": user.has_perm("assessments.file_selfcheck", probe) and r.state == "selfcheck",
    }


@router.get("/assessments/rounds/{round_id}/selfchecks", response=list[SelfCheckOut])
def list_selfchecks(request, round_id: Id):
    r = _round(request, round_id)
    return [selfcheck_out(r, o, request.auth) for o in queries.visible_targets(r, request.auth)]


@router.get("/assessments/rounds/{round_id}/selfchecks/{org_id}", response=SelfCheckOut)
def get_selfcheck(request, round_id: Id, org_id: Id):
    r = _round(request, round_id)
    return selfcheck_out(r, _target(request, r, org_id), request.auth)


class SelfCheckIn(Schema):
    sections: dict[str, str] = Field({}, max_length=30)
    scores: dict[str, Points | None] = Field({}, max_length=500)
    submit: bool = False


@router.put("/assessments/rounds/{round_id}/selfchecks/{org_id}", response=SelfCheckOut)
def put_selfcheck(request, round_id: Id, org_id: Id, payload: SelfCheckIn):
    r = _round(request, round_id)
    org = _target(request, r, org_id)
    actions.save_selfcheck(
        r, org, by=request.auth, data=None, submit=payload.submit, sections=payload.sections, scores=payload.scores
    )
    return selfcheck_out(r, org, request.auth)


@router.post("/assessments/rounds/{round_id}/selfchecks/{org_id}/attachments", response={201: SelfCheckAttachmentOut})
def upload_selfcheck_attachment(request, round_id: Id, org_id: Id, file: File[UploadedFile]):
    r = _round(request, round_id)
    org = _target(request, r, org_id)
    att = actions.add_selfcheck_attachment(r, org, by=request.auth, name=file.name, data=file.read(MAX_BYTES + 1))
    return 201, {"id": att.id, "name": att.name, "size": att.size, "content_type": att.content_type}


@router.delete("/assessments/selfcheck-attachments/{attachment_id}", response={204: None})
def delete_selfcheck_attachment(request, attachment_id: Id):
    att = get_object_for_user(
        SelfCheckAttachment.objects.select_related("selfcheck__round__scheme__org", "selfcheck__org"),
        attachment_id,
        request.auth,
    )
    actions.delete_selfcheck_attachment(att, by=request.auth)
    return 204, None


# ---- scores --------------------------------------------------------------------------------------


class RoundScoreOut(Schema):
    org: Ref
    item: int
    item_name: str
    max_points: decimal.Decimal
    points: decimal.Decimal
    reason: str
    computed: dict | None  # what a 网站汇总 item's measure showed when the score was saved
    mine: bool
    updated_at: datetime.datetime


def score_out(s, user):
    return {
        "org": {"id": s.org_id, "name": s.org.name},
        "item": s.item_id,
        "item_name": s.item.name,
        "max_points": s.item.max_points,
        "points": s.points,
        "reason": s.reason,
        "computed": s.computed,
        "mine": s.assessor_id == user.pk,
        "updated_at": s.updated_at,
    }


@router.get("/assessments/rounds/{round_id}/scores", response=list[RoundScoreOut])
def list_scores(request, round_id: Id, org: Id | None = None):
    """The scores the caller may read: an assessor her own, a branch its own organisation's (without the
    assessors' names), the committee every one."""
    r = _round(request, round_id)
    qs = Score.objects.visible_to(request.auth).filter(round=r).select_related("org", "item")
    if org is not None:
        qs = qs.filter(org_id=org)
    return [score_out(s, request.auth) for s in qs.order_by("org__path", "item_id", "id")]


class RoundScoreIn(Schema):
    org: Id
    item: Id
    points: Points | None  # null clears the assessor's score of the item
    reason: str = Field("", max_length=500)


@router.put("/assessments/rounds/{round_id}/scores", response={200: RoundScoreOut, 204: None})
def put_score(request, round_id: Id, payload: RoundScoreIn):
    r = _round(request, round_id)
    s = actions.save_score(r, by=request.auth, data=payload.dict())
    if s is None:
        return 204, None
    s = Score.objects.select_related("org", "item").get(pk=s.pk)
    return 200, score_out(s, request.auth)
