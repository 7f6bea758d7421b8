"""REST API of 表彰: award types, nominations and their review, candidates, the 表彰公示 and its objections."""

import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from core.api import AUTH, Id, ListOut, Page, PageSize, SmallInt, form_data, paginate
from core.scoping import get_object_for_user

from . import actions_awards as actions
from .candidates import candidates
from .models_awards import AwardPublicity, AwardType, Nomination
from .workflows_awards import AWARD_OBJECTION, AWARD_PUBLICITY, NOMINATION, PUBLICITY

router = Router(tags=["考核评星·表彰"], auth=AUTH)
Subject = Literal["person", "org"]
Source = Literal["manual", "stars", "points", "projects", "appraisal", "mass", "study_star"]


class AwardTypeOut(Schema):
    id: int
    committee: int
    name: str
    subject: str
    quota: int | None
    description: str
    position: int


class AwardTypeIn(Schema):
    committee: Id
    name: str = Field(..., max_length=40)
    subject: Subject
    quota: SmallInt | None = None
    description: str = Field("", max_length=200)
    position: SmallInt = 0


class AwardTypePatch(Schema):
    name: str | None = Field(None, max_length=40)
    subject: Subject | None = None
    quota: SmallInt | None = None
    description: str | None = Field(None, max_length=200)
    position: SmallInt | None = None


class CommitteeIn(Schema):
    committee: Id


def type_out(t):
    return {
        "id": t.id,
        "committee": t.committee_id,
        "name": t.name,
        "subject": t.subject,
        "quota": t.quota,
        "description": t.description,
        "position": t.position,
    }


def _committee(user, pk):
    return actions.committee_for(user, pk)


@router.get("/assessments/award-types", response=ListOut[AwardTypeOut])
def list_types(request, committee: Id | None = None, page: Page = 1, page_size: PageSize = 200):
    qs = AwardType.objects.visible_to(request.auth)
    if committee:
        qs = qs.filter(committee_id=committee)
    return paginate(qs, page, page_size, type_out)


@router.post("/assessments/award-types", response={201: AwardTypeOut})
def create_type(request, payload: AwardTypeIn):
    committee = _committee(request.auth, payload.committee)
    data = form_data(payload, exclude_unset=False)
    return 201, type_out(actions.create_type(committee, by=request.auth, data=data))


@router.post("/assessments/award-types/common", response={201: list[AwardTypeOut]})
def add_common_types(request, payload: CommitteeIn):
    committee = _committee(request.auth, payload.committee)
    return 201, [type_out(t) for t in actions.add_common_types(committee, by=request.auth)]


@router.patch("/assessments/award-types/{award_type_id}", response=AwardTypeOut)
def patch_type(request, award_type_id: Id, payload: AwardTypePatch):
    t = get_object_for_user(AwardType.objects.select_related("committee"), award_type_id, request.auth)
    data = {**{f: getattr(t, f) for f in actions.TYPE_FIELDS}, **form_data(payload, exclude_unset=True)}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    return type_out(actions.update_type(t, by=request.auth, data=data))


# ---------------------------------------------------------------- nominations


class NominationReviewOut(Schema):
    action: str
    level: int
    comment: str
    at: datetime.datetime


class NominationOut(Schema):
    id: int
    award_type: AwardTypeOut
    year: int
    org: dict
    person: dict | None
    reason: str
    source: str
    source_note: str
    state: str
    state_label: str
    last_comment: str
    awarded_on: datetime.date | None
    certificate_no: str
    publicity: int | None
    reviews: list[NominationReviewOut]
    actions: list[str]


class NominationIn(Schema):
    award_type: Id
    year: int = Field(..., ge=2000, le=2100)
    person: Id | None = None
    org: Id | None = None
    reason: str = Field(..., max_length=2000)
    source: Source = "manual"
    source_note: str = Field("", max_length=200)


class NominationPatch(Schema):
    award_type: Id | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    person: Id | None = None
    org: Id | None = None
    reason: str | None = Field(None, max_length=2000)
    source: Source | None = None
    source_note: str | None = Field(None, max_length=200)


class CommentIn(Schema):
    comment: str = Field("", max_length=500)


def _nominations(user):
    return (
        Nomination.objects.visible_to(user)
        .select_related("award_type__committee", "org", "person")
        .prefetch_related("reviews")
    )


def nomination_out(n, user):
    return {
        "id": n.id,
        "award_type": type_out(n.award_type),
        "year": n.year,
        "org": {"id": n.org_id, "name": n.org.name},
        "person": {"id": n.person_id, "name": n.person.name} if n.person_id else None,
        "reason": n.reason,
        "source": n.source,
        "source_note": n.source_note,
        "state": n.state,
        "state_label": n.state_label,
        "last_comment": n.last_comment,
        "awarded_on": n.awarded_on,
        "certificate_no": n.certificate_no,
        "publicity": n.publicity_id,
        "reviews": [{"action": r.action, "level": r.level, "comment": r.comment, "at": r.at} for r in n.reviews.all()],
        "actions": [t.name for t in NOMINATION.available(n, user)],
    }


def _refetch(n, user):
    return get_object_for_user(Nomination, n.pk, user, queryset=_nominations(user))


@router.get("/assessments/nominations")
def list_nominations(
    request,
    year: SmallInt | None = None,
    award_type: Id | None = None,
    state: str | None = Query(None, max_length=16),
    page: Page = 1,
    page_size: PageSize = 50,
):
    qs = _nominations(request.auth)
    if year:
        qs = qs.filter(year=year)
    if award_type:
        qs = qs.filter(award_type_id=award_type)
    if state:
        qs = qs.filter(state=state)
    return paginate(qs, page, page_size, lambda n: nomination_out(n, request.auth))


@router.post("/assessments/nominations", response={201: NominationOut})
def create_nomination(request, payload: NominationIn):
    data = {k: ("" if v is None else v) for k, v in form_data(payload, exclude_unset=False).items()}
    n = actions.create_nomination(by=request.auth, data=data)
    return 201, nomination_out(_refetch(n, request.auth), request.auth)


@router.get("/assessments/nominations/{nomination_id}", response=NominationOut)
def get_nomination(request, nomination_id: Id):
    n = get_object_for_user(Nomination, nomination_id, request.auth, queryset=_nominations(request.auth))
    return nomination_out(n, request.auth)


@router.patch("/assessments/nominations/{nomination_id}", response=NominationOut)
def patch_nomination(request, nomination_id: Id, payload: NominationPatch):
    n = get_object_for_user(Nomination, nomination_id, request.auth, queryset=_nominations(request.auth))
    current = {
        "award_type": n.award_type_id,
        "year": n.year,
        "person": n.person_id,
        "org": n.org_id,
        "reason": n.reason,
        "source": n.source,
        "source_note": n.source_note,
    }
    data = {**current, **form_data(payload, exclude_unset=True)}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    n = actions.update_nomination(n, by=request.auth, data=data)
    return nomination_out(_refetch(n, request.auth), request.auth)


@router.post("/assessments/nominations/{nomination_id}/transitions/{name}", response=NominationOut)
def transition_nomination(request, nomination_id: Id, name: str, payload: CommentIn | None = None):
    n = get_object_for_user(Nomination, nomination_id, request.auth)
    comment = payload.comment if payload is not None else ""
    n = actions.transition_nomination(n, name[:32], by=request.auth, comment=comment)
    return nomination_out(_refetch(n, request.auth), request.auth)


class CandidateOut(Schema):
    source: str
    source_label: str
    note: str
    org: dict
    person: dict | None


@router.get("/assessments/award-candidates", response=ListOut[CandidateOut])
def list_candidates(request, award_type: Id, year: int = Query(..., ge=2000, le=2100)):
    t = get_object_for_user(AwardType.objects.select_related("committee"), award_type, request.auth)
    items = [
        {
            "source": c.source,
            "source_label": c.source_label,
            "note": c.note,
            "org": {"id": c.org.pk, "name": c.org.name},
            "person": {"id": c.person.pk, "name": c.person.name} if c.person is not None else None,
        }
        for c in candidates(t.committee, year, t.subject, request.auth)
    ]
    return {"count": len(items), "items": items}


# ---------------------------------------------------------------- 表彰公示


class AwardPublicityIn(Schema):
    committee: Id
    year: int = Field(..., ge=2000, le=2100)
    title: str = Field("", max_length=200)
    objection_days: SmallInt = 5


class AwardObjectionOut(Schema):
    id: int
    content: str | None
    answer: str
    answered_at: datetime.datetime | None
    actions: list[str]


class AwardPublicityOut(Schema):
    id: int
    committee: int
    year: int
    title: str
    state: str
    objection_days: int
    published_on: datetime.date | None
    objection_deadline: datetime.date | None
    announced_on: datetime.date | None
    nominations: list[dict]
    objections: list[AwardObjectionOut]
    actions: list[str]


def publicity_out(p, user):
    manages = user.has_perm("assessments.manage_award_publicity", p)
    objections = list(p.objections.all())
    for o in objections:
        o.publicity = p
    return {
        "id": p.id,
        "committee": p.committee_id,
        "year": p.year,
        "title": p.title,
        "state": p.state,
        "objection_days": p.objection_days,
        "published_on": p.published_on,
        "objection_deadline": p.objection_deadline,
        "announced_on": p.announced_on,
        # What is made public: the nominee, her organisation and the award; never her personal data.
        "nominations": [
            {"id": n.id, "award_type": n.award_type.name, "name": n.nominee_name, "org": n.org.name, "state": n.state}
            for n in p.nominations.all()
        ],
        # An objection's text is read by its author and the committee; everyone else sees that it was answered.
        "objections": [
            {
                "id": o.id,
                "content": o.content if (manages or o.raised_by_id == user.pk) else None,
                "answer": o.answer,
                "answered_at": o.answered_at,
                "actions": [t.name for t in AWARD_OBJECTION.available(o, user)],
            }
            for o in objections
        ],
        "actions": [t.name for t in AWARD_PUBLICITY.available(p, user)],
    }


def _publicities(user):
    return (
        AwardPublicity.objects.visible_to(user)
        .select_related("committee")
        .prefetch_related("objections", "nominations__award_type", "nominations__org", "nominations__person")
    )


def _publicity(user, pk):
    return get_object_for_user(AwardPublicity, pk, user, queryset=_publicities(user))


@router.post("/assessments/award-publicities", response={201: AwardPublicityOut})
def create_publicity(request, payload: AwardPublicityIn):
    committee = _committee(request.auth, payload.committee)
    pub = actions.freeze_publicity(committee, by=request.auth, data=form_data(payload, exclude_unset=False))
    return 201, publicity_out(_publicity(request.auth, pub.pk), request.auth)


@router.get("/assessments/award-publicities/{publicity_id}", response=AwardPublicityOut)
def get_publicity(request, publicity_id: Id):
    return publicity_out(_publicity(request.auth, publicity_id), request.auth)


@router.post("/assessments/award-publicities/{publicity_id}/publish", response=AwardPublicityOut)
def publish_publicity(request, publicity_id: Id):
    actions.publish_publicity(_publicity(request.auth, publicity_id), by=request.auth)
    return publicity_out(_publicity(request.auth, publicity_id), request.auth)


@router.post("/assessments/award-publicities/{publicity_id}/announce", response=AwardPublicityOut)
def announce_publicity(request, publicity_id: Id):
    actions.announce_publicity(_publicity(request.auth, publicity_id), by=request.auth)
    return publicity_out(_publicity(request.auth, publicity_id), request.auth)


class AwardObjectionIn(Schema):
    content: str = Field(..., max_length=2000)


class AwardAnswerIn(Schema):
    answer: str = Field(..., max_length=2000)


@router.post("/assessments/award-publicities/{publicity_id}/objections", response={201: AwardObjectionOut})
def raise_objection(request, publicity_id: Id, payload: AwardObjectionIn):
    pub = _publicity(request.auth, publicity_id)
    o = actions.raise_objection(pub, by=request.auth, data={"content": payload.content})
    return 201, {"id": o.id, "content": o.content, "answer": "", "answered_at": None, "actions": []}


@router.post("/assessments/award-objections/{objection_id}/answer", response=AwardObjectionOut)
def answer_objection(request, objection_id: Id, payload: AwardAnswerIn):
    o = PUBLICITY.visible_objection(objection_id, request.auth)
    o = actions.answer_objection(o, by=request.auth, data={"answer": payload.answer})
    return {"id": o.id, "content": o.content, "answer": o.answer, "answered_at": o.answered_at, "actions": []}
