"""REST API of 群众测评 (API.md "Assessments": mass surveys, their codes and results, the public ballot).

Two operations need no login (tests/test_scope_contract.py PUBLIC): the ballot a one-time code opens and its
submission. Every refusal of a code answers the same 404 (assessments/mass.py).
"""

import datetime
from decimal import Decimal
from typing import Literal

from django.urls import reverse
from ninja import Field, Query, Router, Schema

from core import workflow
from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, form_data, paginate
from core.context import client_ip
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import actions_mass as actions
from . import mass
from .models_mass import MassRating, MassSubject, MassSurvey

router = Router(tags=["群众测评"], auth=AUTH)

KindCode = Literal["satisfaction", "star_org", "star_member"]


class MassSurveyOut(Schema):
    id: int
    org: Ref
    kind: str
    kind_label: str
    round: Ref | None
    title: str
    intro: str
    opens: datetime.date
    closes: datetime.date
    state: str  # draft | open | closed
    state_label: str
    closed_on: datetime.date | None
    ratings: list[dict]  # [{"value", "label"}], best first
    codes_issued: int
    codes_used: int
    actions: list[str]  # open, close


class MassSubjectOut(Schema):
    id: int
    org: Ref | None
    person: Ref | None
    name: str
    note: str


class MassSurveyDetailOut(MassSurveyOut):
    subjects: list[MassSubjectOut]


def _ratings(survey):
    return [{"value": str(r), "label": str(MassRating(r).label)} for r in survey.ratings]


def survey_out(s, user):
    issued, used = mass.code_counts(s)
    return {
        "id": s.id,
        "org": {"id": s.org_id, "name": s.org.name},
        "kind": s.kind,
        "kind_label": s.get_kind_display(),
        "round": {"id": s.round_id, "name": s.round.title} if s.round_id else None,
        "title": s.title,
        "intro": s.intro,
        "opens": s.opens,
        "closes": s.closes,
        "state": s.state,
        "state_label": s.get_state_display(),
        "closed_on": s.closed_on,
        "ratings": _ratings(s),
        "codes_issued": issued,
        "codes_used": used,
        "actions": workflow.available_names(s, user),
    }


def subject_out(x):
    return {
        "id": x.id,
        "org": {"id": x.org_id, "name": x.org.name} if x.org_id else None,
        "person": {"id": x.person_id, "name": x.person.name} if x.person_id else None,
        "name": x.name,
        "note": x.note,
    }


def detail_out(s, user):
    subjects = s.subjects.select_related("org", "person__org")
    return {**survey_out(s, user), "subjects": [subject_out(x) for x in subjects]}


def _surveys():
    return MassSurvey.objects.select_related("org", "round")


def _survey(request, survey_id):
    return get_object_for_user(_surveys(), survey_id, request.auth)


@router.get("/assessments/mass-surveys", response=ListOut[MassSurveyOut])
def list_surveys(
    request,
    org: Id | None = None,
    kind: KindCode | None = None,
    state: str | None = Query(None, max_length=20),
    page: Page = 1,
    page_size: PageSize = 50,
):
    user = request.auth
    qs = _surveys().visible_to(user)
    if org is not None:
        qs = qs.under(get_object_for_user(Organisation, org, user))
    if kind:
        qs = qs.filter(kind=kind)
    if state:
        qs = qs.filter(state=state)
    return paginate(qs.order_by("-opens", "-id"), page, page_size, lambda s: survey_out(s, user))


class MassSurveyIn(Schema):
    org: Id
    kind: KindCode
    round: Id | None = None
    title: str = Field(..., max_length=100)
    intro: str = Field("", max_length=2000)
    opens: datetime.date
    closes: datetime.date


@router.post("/assessments/mass-surveys", response={201: MassSurveyDetailOut})
def create_survey(request, payload: MassSurveyIn):
    s = actions.create_survey(by=request.auth, data=form_data(payload, exclude_unset=False))
    return 201, detail_out(_survey(request, s.pk), request.auth)


@router.get("/assessments/mass-surveys/{survey_id}", response=MassSurveyDetailOut)
def get_survey(request, survey_id: Id):
    return detail_out(_survey(request, survey_id), request.auth)


class MassSurveyPatch(Schema):
    round: Id | None = None
    title: str | None = Field(None, max_length=100)
    intro: str | None = Field(None, max_length=2000)
    opens: datetime.date | None = None
    closes: datetime.date | None = None


@router.patch("/assessments/mass-surveys/{survey_id}", response=MassSurveyDetailOut)
def update_survey(request, survey_id: Id, payload: MassSurveyPatch):
    s = _survey(request, survey_id)
    data = {
        "round": s.round_id or "",
        "title": s.title,
        "intro": s.intro,
        "opens": s.opens.isoformat(),
        "closes": s.closes.isoformat(),
        **form_data(payload),
    }
    actions.update_survey(s, by=request.auth, data=data)
    return detail_out(_survey(request, s.pk), request.auth)


@router.post("/assessments/mass-surveys/{survey_id}/transitions/{name}", response=MassSurveyDetailOut)
def transition_survey(request, survey_id: Id, name: str):
    s = actions.transition(_survey(request, survey_id), name[:40], by=request.auth)
    return detail_out(_survey(request, s.pk), request.auth)


class MassSubjectsIn(Schema):
    source: Literal["targets", "stars", "orgs", "people"]
    min_stars: int | None = Field(None, ge=1, le=5)  # stars: the round's organisations with at least these stars
    orgs: list[Id] = Field([], max_length=500)
    people: list[Id] = Field([], max_length=500)


class MassSubjectsAdded(Schema):
    added: int
    subjects: list[MassSubjectOut]


@router.post("/assessments/mass-surveys/{survey_id}/subjects", response={201: MassSubjectsAdded})
def add_subjects(request, survey_id: Id, payload: MassSubjectsIn):
    s = _survey(request, survey_id)
    data = {
        "source": payload.source,
        "min_stars": payload.min_stars or "",
        "orgs": payload.orgs,
        "people": payload.people,
    }
    added = actions.add_subjects(s, by=request.auth, data=_multi(data))
    subjects = s.subjects.select_related("org", "person__org")
    return 201, {"added": added, "subjects": [subject_out(x) for x in subjects]}


def _multi(data):
    """A QueryDict-like dict for the form's multiple choice fields."""
    from django.utils.datastructures import MultiValueDict

    out: MultiValueDict = MultiValueDict()
    for key, value in data.items():
        if isinstance(value, list):
            out.setlist(key, [str(v) for v in value])
        else:
            out[key] = "" if value is None else str(value)
    return out


@router.delete("/assessments/mass-subjects/{subject_id}", response={204: None})
def remove_subject(request, subject_id: Id):
    subject = get_object_for_user(MassSubject.objects.select_related("survey__org"), subject_id, request.auth)
    actions.remove_subject(subject, by=request.auth)
    return 204, None


class MassCodesIn(Schema):
    count: int = Field(..., ge=-(10**9), le=10**9)  # 1..2000, checked by the form with a Chinese message


class MassCodeOut(Schema):
    slip_no: int
    code: str
    url: str


class MassCodesOut(Schema):
    batch: int
    count: int
    codes: list[MassCodeOut]


@router.post("/assessments/mass-surveys/{survey_id}/codes", response={201: MassCodesOut})
def issue_codes(request, survey_id: Id, payload: MassCodesIn):
    s = _survey(request, survey_id)
    made = actions.issue_codes(s, by=request.auth, data={"count": payload.count})
    base = request.build_absolute_uri(reverse("assessments:mass_entry"))
    return 201, {
        "batch": made[0].batch,
        "count": len(made),
        "codes": [{"slip_no": c.slip_no, "code": c.code, "url": f"{base}{c.code}/"} for c in made],
    }


class MassTallyOut(Schema):
    subject: MassSubjectOut
    hidden: bool  # fewer than five votes: nothing is shown
    total: int
    counts: dict[str, int] | None
    positive: int | None
    rate: Decimal | None  # percent, two decimals
    comments: list[str] | None  # sorted by text, never with a time


class MassResultsOut(Schema):
    survey: Ref
    kind: str
    state: str
    codes_issued: int
    codes_used: int
    min_votes: int
    rate_label: str
    items: list[MassTallyOut]


@router.get("/assessments/mass-surveys/{survey_id}/results", response=MassResultsOut)
def survey_results(request, survey_id: Id):
    from .models_mass import MIN_VOTES

    s = _survey(request, survey_id)
    issued, used = mass.code_counts(s)
    items = []
    for t in mass.tallies(s):
        items.append(
            {
                "subject": subject_out(t.subject),
                "hidden": t.hidden,
                "total": t.total if not t.hidden else 0,
                "counts": None if t.hidden else {str(k): v for k, v in t.counts.items()},
                "positive": None if t.hidden else t.positive,
                "rate": None if t.hidden else t.rate,
                "comments": None if t.hidden else t.comments,
            }
        )
    return {
        "survey": {"id": s.pk, "name": s.title},
        "kind": s.kind,
        "state": s.state,
        "codes_issued": issued,
        "codes_used": used,
        "min_votes": MIN_VOTES,
        "rate_label": s.rate_label,
        "items": items,
    }


# ---- the public ballot (no login) ----------------------------------------------------------------------


class MassBallotOut(Schema):
    title: str
    intro: str
    org: str
    kind: str
    closes: datetime.date
    ratings: list[dict]
    subjects: list[dict]  # [{"id", "name", "note"}]


@router.get("/assessments/mass/{mass_code}", auth=None, response=MassBallotOut)
def public_ballot(request, mass_code: str):
    slip, subjects = mass.ballot(mass_code[:40], client_address=client_ip(request))
    s = slip.survey
    return {
        "title": s.title,
        "intro": s.intro,
        "org": s.org.name,
        "kind": s.kind,
        "closes": s.closes,
        "ratings": _ratings(s),
        "subjects": [{"id": x.pk, "name": x.name, "note": x.note} for x in subjects],
    }


class MassVoteIn(Schema):
    subject: int = Field(..., ge=-(10**12), le=10**12)
    rating: str = Field(..., max_length=20)
    comment: str = Field("", max_length=5000)  # at most 500, checked with a Chinese message


class MassBallotIn(Schema):
    votes: list[MassVoteIn] = Field(..., max_length=500)


class MassBallotCast(Schema):
    ratings: int


@router.post("/assessments/mass/{mass_code}", auth=None, response={201: MassBallotCast})
def public_cast(request, mass_code: str, payload: MassBallotIn):
    _survey, n = mass.cast(mass_code[:40], votes=[v.dict() for v in payload.votes], client_address=client_ip(request))
    return 201, {"ratings": n}
