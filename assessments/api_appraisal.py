"""REST API of 民主评议党员 (API.md "Assessments": appraisals, pledges, follow-ups)."""

import datetime
from typing import Literal

from ninja import Field, Query, Router, Schema

from core import workflow
from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, form_data, paginate
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import actions_appraisal as actions
from .models_appraisal import Appraisal, FollowUp, Pledge
from .queries_appraisal import board, counts_of, for_board, with_counts

router = Router(tags=["民主评议党员"], auth=AUTH)

GradeCode = Literal["excellent", "qualified", "basic", "unqualified"]


class AppraisalOut(Schema):
    id: int
    org: Ref
    year: int
    title: str
    state: str
    state_label: str
    self_due: datetime.date | None
    mutual_due: datetime.date | None
    note: str
    participants: int
    self_done: int
    graded: int
    excellent: int
    excellent_limit: int  # 优秀 at most one third of the participants (rounded down)
    record: int | None  # the 民主评议党员 record counted by the compliance view, once closed
    closed_at: datetime.datetime | None
    actions: list[str]  # start_mutual, start_appraisal, start_decision, close


def appraisal_out(a, user):
    counts_of(a)
    return {
        "id": a.id,
        "org": {"id": a.org_id, "name": a.org.name},
        "year": a.year,
        "title": a.title,
        "state": a.state,
        "state_label": a.get_state_display(),
        "self_due": a.self_due,
        "mutual_due": a.mutual_due,
        "note": a.note,
        "participants": a.n_participants,
        "self_done": a.n_self,
        "graded": a.n_graded,
        "excellent": a.n_excellent,
        "excellent_limit": a.excellent_limit,
        "record": a.record_id,
        "closed_at": a.closed_at,
        "actions": workflow.available_names(a, user),
    }


class ParticipantOut(Schema):
    person: Ref
    pledge: str | None  # the member's 公开承诺 for the year
    self_text: str | None  # None: not shown to the caller
    self_grade: str | None
    tally: dict[str, int] | None  # 互评 tally {grade: n}; never who gave which
    grade: str | None
    grade_reason: str | None
    rectify_by: datetime.date | None
    followup: int | None


class AppraisalMeOut(Schema):
    person: int
    self_text: str
    self_grade: str
    graded: dict[str, str]  # {person id: the grade she gave}
    others: int


class AppraisalDetailOut(AppraisalOut):
    items: list[ParticipantOut]
    me: AppraisalMeOut | None


def detail_out(a, user):
    b = board(a, user)
    items = []
    for r in b.rows:
        p = r.participant
        items.append(
            {
                "person": {"id": p.person_id, "name": p.person.name},
                "pledge": r.pledge.content if r.pledge else None,
                "self_text": p.self_text if r.show_self else None,
                "self_grade": (p.self_grade or None) if r.show_self else None,
                "tally": r.tally,
                "grade": (p.grade or None) if r.show_grade else None,
                "grade_reason": (p.grade_reason or None) if b.manages else None,
                "rectify_by": p.rectify_by if b.manages else None,
                "followup": r.followup.pk if r.followup else None,
            }
        )
    me = None
    if b.me is not None:
        me = {
            "person": b.me.person_id,
            "self_text": b.me.self_text,
            "self_grade": b.me.self_grade,
            "graded": {str(r.person.pk): r.given for r in b.others if r.given},
            "others": len(b.others),
        }
    return {**appraisal_out(a, user), "items": items, "me": me}


def _appraisal(request, appraisal_id):
    return get_object_for_user(for_board(Appraisal.objects.all()), appraisal_id, request.auth)


@router.get("/assessments/appraisals", response=ListOut[AppraisalOut])
def list_appraisals(
    request,
    org: Id | None = None,
    year: int | None = Query(None, ge=2000, le=2100),
    state: str | None = Query(None, max_length=20),
    page: Page = 1,
    page_size: PageSize = 50,
):
    user = request.auth
    qs = Appraisal.objects.visible_to(user)
    if org is not None:
        qs = qs.under(get_object_for_user(Organisation, org, user))
    if year is not None:
        qs = qs.filter(year=year)
    if state:
        qs = qs.filter(state=state)
    qs = with_counts(qs.prefetch_related("participants")).order_by("-year", "org__path", "id")
    return paginate(qs, page, page_size, lambda a: appraisal_out(a, user))


class AppraisalIn(Schema):
    org: Id
    year: int = Field(..., ge=2000, le=2100)
    self_due: datetime.date | None = None
    mutual_due: datetime.date | None = None
    note: str = Field("", max_length=5000)


@router.post("/assessments/appraisals", response={201: AppraisalDetailOut})
def open_appraisal(request, payload: AppraisalIn):
    a = actions.open_appraisal(by=request.auth, data=form_data(payload, exclude_unset=False))
    return 201, detail_out(_appraisal(request, a.pk), request.auth)


@router.get("/assessments/appraisals/{appraisal_id}", response=AppraisalDetailOut)
def get_appraisal(request, appraisal_id: Id):
    return detail_out(_appraisal(request, appraisal_id), request.auth)


@router.post("/assessments/appraisals/{appraisal_id}/transitions/{name}", response=AppraisalDetailOut)
def transition_appraisal(request, appraisal_id: Id, name: str):
    a = actions.transition(_appraisal(request, appraisal_id), name[:40], by=request.auth)
    return detail_out(_appraisal(request, a.pk), request.auth)


class SelfIn(Schema):
    self_text: str = Field(..., max_length=5000)
    self_grade: GradeCode


@router.put("/assessments/appraisals/{appraisal_id}/self", response=AppraisalDetailOut)
def save_self(request, appraisal_id: Id, payload: SelfIn):
    a = _appraisal(request, appraisal_id)
    actions.save_self(a, by=request.auth, data=payload.dict())
    return detail_out(_appraisal(request, a.pk), request.auth)


class MutualIn(Schema):
    grades: dict[str, GradeCode] = Field(..., max_length=500)  # {person id: grade}


@router.put("/assessments/appraisals/{appraisal_id}/mutual", response=AppraisalDetailOut)
def save_mutual(request, appraisal_id: Id, payload: MutualIn):
    a = _appraisal(request, appraisal_id)
    actions.save_mutual(a, by=request.auth, grades=payload.grades)
    return detail_out(_appraisal(request, a.pk), request.auth)


class GradeIn(Schema):
    person: Id
    grade: GradeCode
    reason: str = Field("", max_length=2000)
    rectify_by: datetime.date | None = None  # 不合格: the deadline of the 限期改正


class GradesIn(Schema):
    grades: list[GradeIn] = Field(..., max_length=500)


@router.put("/assessments/appraisals/{appraisal_id}/grades", response=AppraisalDetailOut)
def save_grades(request, appraisal_id: Id, payload: GradesIn):
    a = _appraisal(request, appraisal_id)
    entries = [{**g.dict(), "rectify_by": g.rectify_by.isoformat() if g.rectify_by else ""} for g in payload.grades]
    actions.save_grades(a, by=request.auth, entries=entries)
    return detail_out(_appraisal(request, a.pk), request.auth)


# ---- 公开承诺 ------------------------------------------------------------------------------------------


class PledgeOut(Schema):
    id: int
    org: Ref
    person: Ref
    year: int
    content: str
    updated_at: datetime.datetime
    may_edit: bool


def pledge_out(p, user):
    return {
        "id": p.id,
        "org": {"id": p.org_id, "name": p.org.name},
        "person": {"id": p.person_id, "name": p.person.name},
        "year": p.year,
        "content": p.content,
        "updated_at": p.updated_at,
        "may_edit": user.has_perm("assessments.write_pledge", p.person),
    }


@router.get("/assessments/pledges", response=ListOut[PledgeOut])
def list_pledges(
    request,
    org: Id | None = None,
    person: Id | None = None,
    year: int | None = Query(None, ge=2000, le=2100),
    page: Page = 1,
    page_size: PageSize = 50,
):
    user = request.auth
    qs = Pledge.objects.visible_to(user).select_related("org", "person__org")
    if org is not None:
        qs = qs.under(get_object_for_user(Organisation, org, user))
    if person is not None:
        qs = qs.filter(person_id=person)
    if year is not None:
        qs = qs.filter(year=year)
    return paginate(qs, page, page_size, lambda p: pledge_out(p, user))


class PledgeIn(Schema):
    person: Id | None = None  # default: the caller herself
    year: int = Field(..., ge=2000, le=2100)
    content: str = Field(..., max_length=2000)


def _pledge(request, pledge_id):
    return get_object_for_user(Pledge.objects.select_related("org", "person__org"), pledge_id, request.auth)


@router.post("/assessments/pledges", response={201: PledgeOut})
def create_pledge(request, payload: PledgeIn):
    data = form_data(payload, exclude_unset=False)
    pledge = actions.save_pledge(by=request.auth, data=data)
    return 201, pledge_out(_pledge(request, pledge.pk), request.auth)


class PledgePatch(Schema):
    content: str = Field(..., max_length=2000)


@router.patch("/assessments/pledges/{pledge_id}", response=PledgeOut)
def update_pledge(request, pledge_id: Id, payload: PledgePatch):
    pledge = actions.update_pledge(_pledge(request, pledge_id), by=request.auth, data=payload.dict())
    return pledge_out(_pledge(request, pledge.pk), request.auth)


# ---- 限期改正 ------------------------------------------------------------------------------------------


class FollowUpOut(Schema):
    id: int
    org: Ref
    person: Ref
    appraisal: int
    year: int
    requirement: str
    deadline: datetime.date
    overdue: bool
    state: str
    state_label: str
    outcome: str
    closed_at: datetime.datetime | None
    actions: list[str]  # rectify, dispose


def followup_out(f, user):
    from core.dates import today

    return {
        "id": f.id,
        "org": {"id": f.org_id, "name": f.org.name},
        "person": {"id": f.person_id, "name": f.person.name},
        "appraisal": f.participant.appraisal_id,
        "year": f.participant.appraisal.year,
        "requirement": f.requirement,
        "deadline": f.deadline,
        "overdue": f.is_overdue(today()),
        "state": f.state,
        "state_label": f.get_state_display(),
        "outcome": f.outcome,
        "closed_at": f.closed_at,
        "actions": workflow.available_names(f, user),
    }


def _followups(user):
    return FollowUp.objects.visible_to(user).select_related("org", "person", "participant__appraisal")


@router.get("/assessments/followups", response=ListOut[FollowUpOut])
def list_followups(
    request,
    org: Id | None = None,
    state: str | None = Query(None, max_length=20),
    overdue: bool = False,
    page: Page = 1,
    page_size: PageSize = 50,
):
    from core.dates import today

    user = request.auth
    qs = _followups(user)
    if org is not None:
        qs = qs.under(get_object_for_user(Organisation, org, user))
    if state:
        qs = qs.filter(state=state)
    if overdue:
        qs = qs.overdue(today())
    return paginate(qs, page, page_size, lambda f: followup_out(f, user))


@router.get("/assessments/followups/{followup_id}", response=FollowUpOut)
def get_followup(request, followup_id: Id):
    return followup_out(get_object_for_user(_followups(request.auth), followup_id, request.auth), request.auth)


class OutcomeIn(Schema):
    outcome: str = Field("", max_length=2000)


@router.post("/assessments/followups/{followup_id}/transitions/{name}", response=FollowUpOut)
def transition_followup(request, followup_id: Id, name: str, payload: OutcomeIn | None = None):
    user = request.auth
    f = get_object_for_user(_followups(user), followup_id, user)
    f = actions.transition_followup(f, name[:40], by=user, data=payload.dict() if payload else {})
    return followup_out(get_object_for_user(_followups(user), f.pk, user), user)
