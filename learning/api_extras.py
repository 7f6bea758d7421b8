"""REST API of 网络学院 extras (API.md "Learning"): 补录 of off-line training, 需求调查, 资料征订, 学历认证 and
学习之星. Every read goes through `visible_to`; writes call learning/actions_extras.py."""

import datetime
from decimal import Decimal
from typing import Annotated, Literal

from django.urls import reverse
from ninja import Field, File, Form, Query, Router, Schema
from ninja.files import UploadedFile

from core import dates, workflow
from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, form_data, paginate
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_extras as actions
from . import needs, orders, stars
from .models_extras import EducationRecord, MaterialOffer, NeedsSurvey, OfflineTraining, StudyStar

router = Router(tags=["网络学院"], auth=AUTH)

Year = Annotated[int, Field(ge=2000, le=2100)]


def _ref(obj, name=None):
    return {"id": obj.pk, "name": name if name is not None else obj.name} if obj is not None else None


def _org(pk, user):
    return get_object_for_user(Organisation, pk, user)


class ReasonIn(Schema):
    comment: str = Field("", max_length=200)
    reason: str = Field("", max_length=200)


# ---------------------------------------------------------------- 补录


class OfflineOut(Schema):
    id: int
    person: Ref
    org: Ref
    title: str
    organiser: str
    start: datetime.date
    end: datetime.date
    hours: Decimal
    state: str  # submitted | approved | returned | revoked
    state_label: str
    certificate: str | None  # the download URL
    entered_by: str
    decided_by: str | None
    comment: str
    actions: list[str]  # approve, return, revoke


def offline_out(t, user):
    cert = getattr(t, "certificate", None)
    return {
        "id": t.pk,
        "person": _ref(t.person),
        "org": _ref(t.org),
        "title": t.title,
        "organiser": t.organiser,
        "start": t.start,
        "end": t.end,
        "hours": t.hours,
        "state": t.state,
        "state_label": t.state_label,
        "certificate": reverse("learning:offline_certificate", args=[t.pk]) if cert else None,
        "entered_by": t.entered_by.display_name if t.entered_by_id else "",
        "decided_by": t.decided_by.display_name if t.decided_by_id else None,
        "comment": t.comment,
        "actions": workflow.available_names(t, user),
    }


def _trainings():
    return OfflineTraining.objects.select_related("person", "org", "certificate", "entered_by", "decided_by")


@router.get("/learning/offline-trainings", response=ListOut[OfflineOut])
def list_offline(
    request,
    state: str | None = Query(None, max_length=20),
    person: Id | None = None,
    org: Id | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
):
    user = request.auth
    qs = _trainings().visible_to(user)
    if org is not None:
        qs = qs.under(_org(org, user))
    if person is not None:
        qs = qs.filter(person_id=person)
    if state:
        qs = qs.filter(state=state)
    return paginate(qs.order_by("-created_at", "-id"), page, page_size, lambda t: offline_out(t, user))


@router.post("/learning/offline-trainings", response={201: OfflineOut})
def enter_offline(
    request,
    file: File[UploadedFile],
    person: Form[Id],
    title: Form[str],
    start: Form[datetime.date],
    end: Form[datetime.date],
    hours: Form[Decimal],
    organiser: Form[str] = "",
):
    """补录 (multipart): the person, the training and its certificate (`file`, an image or a PDF)."""
    data = {
        "person": person,
        "title": title,
        "organiser": organiser,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "hours": str(hours),
    }
    t = actions.enter_offline(by=request.auth, data=data, certificate=file)
    return 201, offline_out(get_object_for_user(_trainings(), t.pk, request.auth), request.auth)


@router.get("/learning/offline-trainings/{offline_training_id}", response=OfflineOut)
def get_offline(request, offline_training_id: Id):
    return offline_out(get_object_for_user(_trainings(), offline_training_id, request.auth), request.auth)


@router.post("/learning/offline-trainings/{offline_training_id}/transitions/{name}", response=OfflineOut)
def decide_offline(request, offline_training_id: Id, name: str, payload: ReasonIn | None = None):
    """approve (`comment`), return or revoke (`reason`)."""
    t = get_object_for_user(_trainings(), offline_training_id, request.auth)
    data = payload.dict() if payload else {}
    actions.decide_offline(t, name[:40], by=request.auth, data=data)
    return offline_out(get_object_for_user(_trainings(), t.pk, request.auth), request.auth)


# ---------------------------------------------------------------- 需求调查


class NeedsSurveyOut(Schema):
    id: int
    org: Ref
    title: str
    intro: str
    topics: list[str]
    formats: list[str]
    closes: datetime.date
    state: str  # open | closed
    state_label: str
    answered: bool  # the caller has answered
    actions: list[str]  # close


class NeedsMyAnswerOut(Schema):
    topics: list[str]
    formats: list[str]
    comment: str


class NeedsSurveyDetailOut(NeedsSurveyOut):
    my_answer: NeedsMyAnswerOut | None


def survey_out(s, user, answered=None):
    if answered is None:
        answered = bool(user.person_id) and s.answers.filter(person_id=user.person_id).exists()
    return {
        "id": s.pk,
        "org": _ref(s.org),
        "title": s.title,
        "intro": s.intro,
        "topics": s.topics,
        "formats": s.formats,
        "closes": s.closes,
        "state": s.state,
        "state_label": s.state_label,
        "answered": answered,
        "actions": workflow.available_names(s, user),
    }


def _survey(request, pk):
    return get_object_for_user(NeedsSurvey.objects.select_related("org"), pk, request.auth)


@router.get("/learning/needs-surveys", response=ListOut[NeedsSurveyOut])
def list_surveys(request, org: Id | None = None, page: Page = 1, page_size: PageSize = 50):
    user = request.auth
    qs = needs.surveys_for(user)
    if org is not None:
        qs = qs.under(_org(org, user))
    return paginate(qs, page, page_size, lambda s: survey_out(s, user, answered=s.answered))


class NeedsSurveyIn(Schema):
    org: Id
    title: str = Field(..., max_length=100)
    intro: str = Field("", max_length=2000)
    topics: list[Annotated[str, Field(max_length=40)]] = Field(..., max_length=20)
    formats: list[Annotated[str, Field(max_length=40)]] = Field(..., max_length=20)
    closes: datetime.date


@router.post("/learning/needs-surveys", response={201: NeedsSurveyDetailOut})
def create_survey(request, payload: NeedsSurveyIn):
    data = form_data(payload, exclude_unset=False)
    data["topics"], data["formats"] = "\n".join(payload.topics), "\n".join(payload.formats)
    s = actions.create_survey(by=request.auth, data=data)
    return 201, {**survey_out(s, request.auth, answered=False), "my_answer": None}


def _detail(s, user):
    mine = s.answers.filter(person_id=user.person_id).first() if user.person_id else None
    my = {"topics": mine.topics, "formats": mine.formats, "comment": mine.comment} if mine else None
    return {**survey_out(s, user, answered=mine is not None), "my_answer": my}


@router.get("/learning/needs-surveys/{needs_survey_id}", response=NeedsSurveyDetailOut)
def get_survey(request, needs_survey_id: Id):
    return _detail(_survey(request, needs_survey_id), request.auth)


class NeedsAnswerIn(Schema):
    topics: list[Annotated[str, Field(max_length=40)]] = Field(..., max_length=20)
    formats: list[Annotated[str, Field(max_length=40)]] = Field(..., max_length=20)
    comment: str = Field("", max_length=500)


@router.post("/learning/needs-surveys/{needs_survey_id}/answers", response={201: NeedsSurveyDetailOut})
def answer_survey(request, needs_survey_id: Id, payload: NeedsAnswerIn):
    """The caller's answer (answering again replaces hers while the survey is open)."""
    s = _survey(request, needs_survey_id)
    actions.answer_survey(s, by=request.auth, data=payload.dict())
    return 201, _detail(s, request.auth)


class NeedsCountOut(Schema):
    option: str
    count: int


class NeedsCommentOut(Schema):
    text: str
    count: int


class NeedsResultsOut(Schema):
    survey: Ref
    answers: int
    members: int  # the Party members the survey asks
    topics: list[NeedsCountOut]
    formats: list[NeedsCountOut]
    comments: list[NeedsCommentOut]  # without names, the most often first


@router.get("/learning/needs-surveys/{needs_survey_id}/results", response=NeedsResultsOut)
def survey_results(request, needs_survey_id: Id):
    s = _survey(request, needs_survey_id)
    require_verb(request.auth, "learning.manage_survey", s)
    r = needs.results(s)
    return {
        "survey": _ref(s, s.title),
        "answers": r.answers,
        "members": r.members,
        "topics": [{"option": o, "count": n} for o, n in r.topics],
        "formats": [{"option": o, "count": n} for o, n in r.formats],
        "comments": [{"text": t, "count": n} for t, n in r.comments],
    }


@router.post("/learning/needs-surveys/{needs_survey_id}/transitions/{name}", response=NeedsSurveyDetailOut)
def transition_survey(request, needs_survey_id: Id, name: str):
    s = _survey(request, needs_survey_id)
    workflow.of(s).run(s, name[:40], by=request.auth)
    return _detail(_survey(request, s.pk), request.auth)


# ---------------------------------------------------------------- 资料征订


class MaterialItemOut(Schema):
    id: int
    name: str
    kind: str
    kind_label: str
    publisher: str
    price: Decimal
    unit: str
    ordered: int  # the quantity of the orders the caller reads


class MaterialOrgOrderOut(Schema):
    org: Ref
    quantities: dict[str, int]  # {item id: quantity}
    amount: Decimal


class MaterialOfferOut(Schema):
    id: int
    org: Ref
    year: int
    title: str
    note: str
    deadline: datetime.date
    open: bool


class MaterialOfferDetailOut(MaterialOfferOut):
    items: list[MaterialItemOut]
    orders: list[MaterialOrgOrderOut]  # per organisation, those the caller reads
    amount: Decimal


def offer_out(o):
    return {
        "id": o.pk,
        "org": _ref(o.org),
        "year": o.year,
        "title": o.title,
        "note": o.note,
        "deadline": o.deadline,
        "open": o.deadline >= dates.today(),
    }


def offer_detail(o, user):
    s = orders.summary(o, user)
    return {
        **offer_out(o),
        "items": [
            {
                "id": i.pk,
                "name": i.name,
                "kind": i.kind,
                "kind_label": i.get_kind_display(),
                "publisher": i.publisher,
                "price": i.price,
                "unit": i.unit,
                "ordered": s.item_totals.get(i.pk, 0),
            }
            for i in s.items
        ],
        "orders": [
            {"org": _ref(row.org), "quantities": {str(k): v for k, v in row.quantities.items()}, "amount": row.amount}
            for row in s.rows
        ],
        "amount": s.amount,
    }


def _offer(request, pk):
    return get_object_for_user(MaterialOffer.objects.select_related("org"), pk, request.auth)


@router.get("/learning/material-offers", response=ListOut[MaterialOfferOut])
def list_offers(request, org: Id | None = None, year: Year | None = None, page: Page = 1, page_size: PageSize = 50):
    user = request.auth
    qs = MaterialOffer.objects.visible_to(user).select_related("org")
    if org is not None:
        qs = qs.under(_org(org, user))
    if year is not None:
        qs = qs.filter(year=year)
    return paginate(qs.order_by("-year", "-deadline", "-id"), page, page_size, offer_out)


class MaterialOfferIn(Schema):
    org: Id
    year: Year
    title: str = Field(..., max_length=100)
    note: str = Field("", max_length=2000)
    deadline: datetime.date


@router.post("/learning/material-offers", response={201: MaterialOfferDetailOut})
def create_offer(request, payload: MaterialOfferIn):
    o = actions.create_offer(by=request.auth, data=form_data(payload, exclude_unset=False))
    return 201, offer_detail(_offer(request, o.pk), request.auth)


@router.get("/learning/material-offers/{material_offer_id}", response=MaterialOfferDetailOut)
def get_offer(request, material_offer_id: Id):
    return offer_detail(_offer(request, material_offer_id), request.auth)


class MaterialItemIn(Schema):
    name: str = Field(..., max_length=100)
    kind: Literal["book", "periodical", "other"] = "book"
    publisher: str = Field("", max_length=100)
    price: Annotated[Decimal, Field(ge=0, le=100000, max_digits=8, decimal_places=2)]
    unit: str = Field("册", max_length=10)


@router.post("/learning/material-offers/{material_offer_id}/items", response={201: MaterialOfferDetailOut})
def add_item(request, material_offer_id: Id, payload: MaterialItemIn):
    o = _offer(request, material_offer_id)
    data = form_data(payload, exclude_unset=False)
    data["price"] = str(payload.price)
    actions.add_item(o, by=request.auth, data=data)
    return 201, offer_detail(o, request.auth)


class MaterialOrderIn(Schema):
    org: Id
    quantities: dict[str, Annotated[int, Field(ge=0, le=100000)]] = Field(..., max_length=200)


@router.put("/learning/material-offers/{material_offer_id}/orders", response=MaterialOfferDetailOut)
def save_orders(request, material_offer_id: Id, payload: MaterialOrderIn):
    """An organisation's quantities ({item id: n}; 0 removes the line), until the deadline."""
    o = _offer(request, material_offer_id)
    actions.save_orders(o, by=request.auth, org=payload.org, quantities=payload.quantities)
    return offer_detail(o, request.auth)


# ---------------------------------------------------------------- 学历认证


class EducationOut(Schema):
    id: int
    person: Ref
    org: Ref
    level: str
    level_label: str
    school: str
    major: str
    graduated_on: datetime.date
    state: str  # pending | verified | rejected
    state_label: str
    certificate: str | None
    comment: str
    actions: list[str]  # verify, reject


def education_out(r, user):
    return {
        "id": r.pk,
        "person": _ref(r.person),
        "org": _ref(r.org),
        "level": r.level,
        "level_label": r.get_level_display(),
        "school": r.school,
        "major": r.major,
        "graduated_on": r.graduated_on,
        "state": r.state,
        "state_label": r.state_label,
        "certificate": reverse("learning:education_certificate", args=[r.pk])
        if getattr(r, "certificate", None)
        else None,
        "comment": r.comment,
        "actions": workflow.available_names(r, user),
    }


def _records():
    return EducationRecord.objects.select_related("person", "org", "certificate")


@router.get("/learning/education-records", response=ListOut[EducationOut])
def list_education(
    request,
    person: Id | None = None,
    state: str | None = Query(None, max_length=20),
    page: Page = 1,
    page_size: PageSize = 50,
):
    user = request.auth
    qs = _records().visible_to(user)
    if person is not None:
        qs = qs.filter(person_id=person)
    if state:
        qs = qs.filter(state=state)
    return paginate(qs.order_by("-created_at", "-id"), page, page_size, lambda r: education_out(r, user))


@router.post("/learning/education-records", response={201: EducationOut})
def enter_education(
    request,
    file: File[UploadedFile],
    person: Form[Id],
    level: Form[str],
    school: Form[str],
    graduated_on: Form[datetime.date],
    major: Form[str] = "",
):
    """学历 (multipart): the person (herself, or one the caller administers), the education and its certificate."""
    data = {
        "person": person,
        "level": level,
        "school": school,
        "major": major,
        "graduated_on": graduated_on.isoformat(),
    }
    r = actions.enter_education(by=request.auth, data=data, certificate=file)
    return 201, education_out(get_object_for_user(_records(), r.pk, request.auth), request.auth)


@router.post("/learning/education-records/{education_record_id}/transitions/{name}", response=EducationOut)
def decide_education(request, education_record_id: Id, name: str, payload: ReasonIn | None = None):
    """verify (`comment`) or reject (`reason`)."""
    r = get_object_for_user(_records(), education_record_id, request.auth)
    actions.decide_education(r, name[:40], by=request.auth, data=payload.dict() if payload else {})
    return education_out(get_object_for_user(_records(), r.pk, request.auth), request.auth)


# ---------------------------------------------------------------- 学习之星

PeriodKind = Literal["month", "quarter"]


class StarRankingRowOut(Schema):
    rank: int
    person: Ref
    org: Ref
    hours: Decimal
    exams_passed: int  # exams passed in the period (the second key of the ranking)
    star: bool  # already named star of this period


class StarRankingOut(Schema):
    org: Ref
    period_kind: str
    year: int
    period: int
    label: str
    items: list[StarRankingRowOut]


def _period(period_kind, year, period):
    today = dates.today()
    if year is None or period is None:
        year, period = stars.last_period(period_kind, today)
    return stars.checked_period(period_kind, year, period)


@router.get("/learning/study-stars/ranking", response=StarRankingOut)
def star_ranking(
    request,
    org: Id,
    period_kind: PeriodKind = "month",
    year: Year | None = None,
    period: Annotated[int, Field(ge=1, le=12)] | None = None,
):
    """The ranking of the subtree's members by their hours of a month or a quarter (default: the last one);
    ties share a rank."""
    o = _org(org, request.auth)
    require_verb(request.auth, "learning.read_stars_ranking", o)
    year, period = _period(period_kind, year, period)
    rows = stars.ranking(o, period_kind, year, period)
    named = stars.named_ids(o, period_kind, year, period)
    return {
        "org": _ref(o),
        "period_kind": period_kind,
        "year": year,
        "period": period,
        "label": stars.period_label(period_kind, year, period),
        "items": [
            {
                "rank": r.rank,
                "person": _ref(r.person),
                "org": _ref(r.person.org),
                "hours": r.hours,
                "exams_passed": r.exams_passed,
                "star": r.person.pk in named,
            }
            for r in rows
        ],
    }


class StudyStarOut(Schema):
    id: int
    org: Ref
    person: Ref
    period_kind: str
    year: int
    period: int
    label: str
    hours: Decimal
    rank: int
    note: str


def star_out(s):
    return {
        "id": s.pk,
        "org": _ref(s.org),
        "person": _ref(s.person),
        "period_kind": s.period_kind,
        "year": s.year,
        "period": s.period,
        "label": s.period_label,
        "hours": s.hours,
        "rank": s.rank,
        "note": s.note,
    }


@router.get("/learning/study-stars", response=ListOut[StudyStarOut])
def list_stars(request, org: Id | None = None, year: Year | None = None, page: Page = 1, page_size: PageSize = 50):
    user = request.auth
    qs = StudyStar.objects.visible_to(user).select_related("org", "person")
    if org is not None:
        qs = qs.under(_org(org, user))
    if year is not None:
        qs = qs.filter(year=year)
    return paginate(qs.order_by("-year", "-period", "period_kind", "rank", "id"), page, page_size, star_out)


class StudyStarIn(Schema):
    org: Id
    period_kind: PeriodKind
    year: Year
    period: Annotated[int, Field(ge=1, le=12)]
    people: list[Id] = Field(..., max_length=50)
    note: str = Field("", max_length=200)


@router.post("/learning/study-stars", response={201: ListOut[StudyStarOut]})
def name_stars(request, payload: StudyStarIn):
    """Name the stars of a period among the ranked members (their hours and rank are recorded)."""
    data = form_data(payload, exclude_unset=False)
    made = actions.name_stars(by=request.auth, data=data)
    return 201, {"count": len(made), "items": [star_out(s) for s in made]}


class StudyStarWithdrawIn(Schema):
    reason: str = Field("", max_length=200)


@router.post("/learning/study-stars/{study_star_id}/withdraw", response={204: None})
def withdraw_star(request, study_star_id: Id, payload: StudyStarWithdrawIn | None = None):
    """Withdraw a named 学习之星 (the naming committee's 党务管理员; the reason goes to the audit trail)."""
    star = get_object_for_user(StudyStar.objects.select_related("org", "person"), study_star_id, request.auth)
    actions.withdraw_star(star, by=request.auth, reason=payload.reason if payload is not None else "")
    return 204, None
