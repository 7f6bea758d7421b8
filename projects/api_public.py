"""REST API of 四公开 (public page, mass survey), acceptance (结题/验收) and awards (层层打擂), API.md "Projects".

Two operations need no login (declared in tests/test_scope_contract.py PUBLIC): the public page of a project by
its unguessable token, and the anonymous survey answer on it (rate-limited per client, one answer per phone).
"""

import datetime
import decimal
from typing import Annotated, Literal

from ninja import Field, File, Form, Router, Schema
from ninja.files import UploadedFile

from core.api import AUTH, Id, ListOut, Page, PageSize, paginate
from core.context import client_ip
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import actions_public as actions
from . import eligibility, queries_public
from .metrics_public import acceptance_score, satisfaction, scores_of
from .models import AwardKind, ClosingReport, Disclosure, Rating, Scorer
from .queries import project_qs

router = Router(tags=["项目化管理"], auth=AUTH)
RatingCode = Literal["satisfied", "basically_satisfied", "dissatisfied"]
KindCode = Literal["top10", "fine", "demo"]
Year = Annotated[int, Field(ge=2000, le=2100)]


def _project(request, project_id):
    return get_object_for_user(project_qs(), project_id, request.auth)


# ---------------------------------------------------------------- eligibility


class EligibilityOut(Schema):
    eligible: bool
    reasons: list[str]


@router.get("/projects/{project_id}/eligibility", response=EligibilityOut)
def project_eligibility(request, project_id: Id):
    found = eligibility.reasons(_project(request, project_id))
    return {"eligible": not found, "reasons": found}


# ---------------------------------------------------------------- survey


class SatisfactionOut(Schema):
    count: int
    satisfied: int
    basically_satisfied: int
    dissatisfied: int
    rate: decimal.Decimal | None  # percent, one decimal; null without any response


def satisfaction_out(s):
    return {
        "count": s.count,
        "satisfied": s.satisfied,
        "basically_satisfied": s.basically_satisfied,
        "dissatisfied": s.dissatisfied,
        "rate": s.rate,
    }


class SurveyIn(Schema):
    rating: RatingCode
    comment: str = Field("", max_length=500)


class PublicSurveyIn(SurveyIn):
    phone: str = Field("", max_length=20)


class SurveyResponseOut(Schema):
    id: int
    rating: str
    source: str
    entered_by: int | None
    satisfaction: SatisfactionOut


@router.post("/projects/{project_id}/survey-responses", response={201: SurveyResponseOut})
def enter_survey_response(request, project_id: Id, payload: SurveyIn):
    """A paper answer entered by the project organisation's admin (marked as hers, audited)."""
    project = _project(request, project_id)
    r = actions.enter_response(project, by=request.auth, data=payload.dict())
    out = {"id": r.id, "rating": r.rating, "source": r.source, "entered_by": r.entered_by_id}
    return 201, {**out, "satisfaction": satisfaction_out(satisfaction(project))}


@router.get("/projects/{project_id}/satisfaction", response=SatisfactionOut)
def project_satisfaction(request, project_id: Id):
    return satisfaction_out(satisfaction(_project(request, project_id)))


class PaperSurveyOut(Schema):
    id: int
    held_on: datetime.date
    scans: list[str]
    satisfaction: SatisfactionOut


@router.post("/projects/{project_id}/paper-surveys", response={201: PaperSurveyOut})
def enter_paper_survey(
    request,
    project_id: Id,
    file: File[UploadedFile],
    held_on: Form[datetime.date],
    satisfied: Form[int] = 0,
    basically_satisfied: Form[int] = 0,
    dissatisfied: Form[int] = 0,
    note: Form[str] = "",
):
    """A paper survey as counts per rating, with its scanned form (multipart)."""
    project = _project(request, project_id)
    data = {
        "held_on": held_on.isoformat(),
        "satisfied": satisfied,
        "basically_satisfied": basically_satisfied,
        "dissatisfied": dissatisfied,
        "note": note,
    }
    paper = actions.enter_paper_counts(project, by=request.auth, data=data, files=[file])
    return 201, {
        "id": paper.id,
        "held_on": paper.held_on,
        "scans": [s.name for s in paper.scans.all()],
        "satisfaction": satisfaction_out(satisfaction(project)),
    }


# ---------------------------------------------------------------- 四公开


class DisclosureOut(Schema):
    project: int
    token: str | None  # null until the page is opened (四公开 not yet written)
    public_path: str | None
    progress: str
    effect: str


class DisclosureIn(Schema):
    progress: str = Field("", max_length=5000)
    effect: str = Field("", max_length=5000)


def disclosure_out(d):
    from django.urls import reverse

    return {
        "project": d.project_id,
        "token": d.token,
        "public_path": reverse("projects:public_page", args=[d.token]),
        "progress": d.progress,
        "effect": d.effect,
    }


@router.get("/projects/{project_id}/disclosure", response=DisclosureOut)
def get_disclosure(request, project_id: Id):
    project = _project(request, project_id)
    d = Disclosure.objects.filter(project=project).first()
    if d is None:
        return {"project": project.pk, "token": None, "public_path": None, "progress": "", "effect": ""}
    return disclosure_out(d)


@router.put("/projects/{project_id}/disclosure", response=DisclosureOut)
def put_disclosure(request, project_id: Id, payload: DisclosureIn):
    return disclosure_out(actions.save_disclosure(_project(request, project_id), by=request.auth, data=payload.dict()))


@router.post("/projects/{project_id}/disclosure/token", response=DisclosureOut)
def regenerate_disclosure_token(request, project_id: Id):
    return disclosure_out(actions.regenerate_token(_project(request, project_id), by=request.auth))


class PublicProjectOut(Schema):
    """四公开 without personal data: names only."""

    title: str
    org_name: str
    slogan: str
    brand: str
    content: str
    expected_goal: str
    progress: str
    effect: str
    state_label: str
    start: datetime.date | None
    end: datetime.date | None
    owner_name: str
    liaison_leader_name: str
    team_names: list[str]
    survey_open: bool
    satisfaction: SatisfactionOut


def public_out(d):
    p = d.project
    return {
        "title": p.title,
        "org_name": p.org.name,
        "slogan": p.slogan,
        "brand": p.brand,
        "content": p.content,
        "expected_goal": p.expected_goal,
        "progress": d.progress,
        "effect": d.effect,
        "state_label": p.state_label,
        "start": p.start,
        "end": p.end,
        "owner_name": p.owner.name if p.owner_id else "",
        "liaison_leader_name": p.liaison_leader.name if p.liaison_leader_id else "",
        "team_names": list(p.team.order_by("id").values_list("name", flat=True)),
        "survey_open": actions.survey_open(p),
        "satisfaction": satisfaction_out(satisfaction(p)),
    }


@router.get("/public/projects/{token}", auth=None, response=PublicProjectOut)
def public_project(request, token: str):
    return public_out(actions.by_token(token))


class PublicAnswerOut(Schema):
    received: bool
    satisfaction: SatisfactionOut


@router.post("/public/projects/{token}/survey-responses", auth=None, response={201: PublicAnswerOut})
def public_survey_response(request, token: str, payload: PublicSurveyIn):
    """An anonymous answer (rate-limited per client address; one per phone number; closed once decided)."""
    r = actions.submit_public_response(token, data=payload.dict(), client_address=client_ip(request))
    return 201, {"received": True, "satisfaction": satisfaction_out(satisfaction(r.project))}


# ---------------------------------------------------------------- acceptance


class EvidenceOut(Schema):
    id: int
    name: str
    size: int
    content_type: str


class ClosingReportOut(Schema):
    project: int
    written: bool  # false until the report is written (then results is "")
    results: str
    goal_met: str
    written_by: int | None
    updated_at: datetime.datetime | None
    evidence: list[EvidenceOut]


class ClosingReportIn(Schema):
    results: str = Field(..., max_length=10000)
    goal_met: Literal["met", "mostly", "not_met"] = "met"
    request_closing: bool = False  # save the report and request closing (申请结题) in one step


def report_out(r):
    return {
        "project": r.project_id,
        "written": True,
        "results": r.results,
        "goal_met": r.goal_met,
        "written_by": r.written_by_id,
        "updated_at": r.updated_at,
        "evidence": [
            {"id": e.id, "name": e.name, "size": e.size, "content_type": e.content_type} for e in r.evidence.all()
        ],
    }


@router.get("/projects/{project_id}/closing-report", response=ClosingReportOut)
def get_closing_report(request, project_id: Id):
    project = _project(request, project_id)
    report = ClosingReport.objects.filter(project=project).first()
    if report is None:
        empty: dict = {"results": "", "goal_met": "", "written_by": None, "updated_at": None, "evidence": []}
        return {"project": project.pk, "written": False, **empty}
    return report_out(report)


@router.put("/projects/{project_id}/closing-report", response=ClosingReportOut)
def put_closing_report(request, project_id: Id, payload: ClosingReportIn):
    project = _project(request, project_id)
    data = payload.dict()
    report = actions.save_closing_report(
        project, by=request.auth, data=data, request_closing=data.pop("request_closing")
    )
    return report_out(report)


@router.post("/projects/{project_id}/closing-report/evidence", response={201: EvidenceOut})
def upload_closing_evidence(request, project_id: Id, file: File[UploadedFile]):
    project = _project(request, project_id)
    ev = actions.add_closing_evidence(
        project, by=request.auth, name=file.name, data=file.read(actions.MAX_FILE_BYTES + 1)
    )
    return 201, {"id": ev.id, "name": ev.name, "size": ev.size, "content_type": ev.content_type}


class ScoreOut(Schema):
    criterion: int
    score: decimal.Decimal


class ScorerOut(Schema):
    id: int
    person: int
    name: str
    scored: bool
    weighted: decimal.Decimal | None
    scores: list[ScoreOut]
    comment: str


class AcceptanceOut(Schema):
    state: str
    has_report: bool
    criteria: list[dict]
    panel: list[ScorerOut]
    mean_score: decimal.Decimal | None  # mean over the scorers who scored of Σ score × weight / 100
    satisfaction: SatisfactionOut


def acceptance_out(project):
    seats = queries_public.panel(project)
    weighted = scores_of([project.pk])[project.pk]
    return {
        "state": project.state,
        "has_report": ClosingReport.objects.filter(project=project).exists(),
        "criteria": [{"id": c.id, "name": c.name, "weight": c.weight} for c in queries_public.criteria(project)],
        "panel": [
            {
                "id": s.id,
                "person": s.person_id,
                "name": s.person.name,
                "scored": s.scored_at is not None,
                "weighted": weighted["by_scorer"].get(s.id),
                "scores": [{"criterion": x.criterion_id, "score": x.score} for x in s.scores.all()],
                "comment": s.comment,
            }
            for s in seats
        ],
        "mean_score": weighted["mean"],
        "satisfaction": satisfaction_out(satisfaction(project)),
    }


@router.get("/projects/{project_id}/acceptance", response=AcceptanceOut)
def get_acceptance(request, project_id: Id):
    return acceptance_out(_project(request, project_id))


class ScorerIn(Schema):
    person: Id


@router.post("/projects/{project_id}/scorers", response={201: AcceptanceOut})
def add_scorer(request, project_id: Id, payload: ScorerIn):
    project = _project(request, project_id)
    actions.add_scorer(project, by=request.auth, data=payload.dict())
    return 201, acceptance_out(project)


@router.delete("/projects/{project_id}/scorers/{scorer_id}", response=AcceptanceOut)
def remove_scorer(request, project_id: Id, scorer_id: Id):
    project = _project(request, project_id)
    scorer = get_object_for_user(
        Scorer.objects.filter(project=project).select_related("person"), scorer_id, request.auth
    )
    actions.remove_scorer(scorer, by=request.auth)
    return acceptance_out(project)


class ScoreIn(Schema):
    criterion: Id
    score: decimal.Decimal = Field(..., ge=0, le=100, max_digits=4, decimal_places=1)


class ScoresIn(Schema):
    scores: list[ScoreIn] = Field(..., max_length=20)
    comment: str = Field("", max_length=500)


@router.put("/projects/{project_id}/scores", response=AcceptanceOut)
def put_scores(request, project_id: Id, payload: ScoresIn):
    """The caller's scores as a panel member: every criterion of the project, 0–100."""
    project = _project(request, project_id)
    data: dict = {"comment": payload.comment}
    for s in payload.scores:
        data[f"c{s.criterion}"] = str(s.score)
    actions.submit_scores(project, by=request.auth, data=data)
    return acceptance_out(project)


# ---------------------------------------------------------------- awards and cases


class AwardOut(Schema):
    id: int
    project: int
    org: int  # the project's organisation
    project_title: str
    org_name: str
    kind: str
    kind_label: str
    year: int
    committee: int
    decider: int
    decider_name: str
    citation: str
    state: str
    state_label: str
    decided_at: datetime.datetime | None
    decision_comment: str
    actions: list[str]


def award_out(a, user):
    return {
        "id": a.id,
        "project": a.project_id,
        "org": a.project.org_id,
        "project_title": a.project.title,
        "org_name": a.project.org.name,
        "kind": a.kind,
        "kind_label": a.get_kind_display(),
        "year": a.year,
        "committee": a.committee_id,
        "decider": a.decider_id,
        "decider_name": a.decider.name,
        "citation": a.citation,
        "state": a.state,
        "state_label": a.state_label,
        "decided_at": a.decided_at,
        "decision_comment": a.decision_comment,
        "actions": queries_public.award_actions(a, user),
    }


@router.get("/project-awards", response=ListOut[AwardOut])
def list_awards(
    request,
    state: Literal["nominated", "approved", "declined", "withdrawn"] | None = None,
    kind: KindCode | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
):
    qs = queries_public.awards(request.auth, state=state, kind=kind)
    return paginate(qs, page, page_size, lambda a: award_out(a, request.auth))


class NominateIn(Schema):
    project: Id
    kind: KindCode
    citation: str = Field(..., max_length=5000)


@router.post("/project-awards", response={201: AwardOut})
def nominate(request, payload: NominateIn):
    project = get_object_for_user(project_qs(), payload.project, request.auth)
    award = actions.nominate(project, by=request.auth, data=payload.dict())
    return 201, award_out(queries_public.awards_qs().get(pk=award.pk), request.auth)


class AwardTransitionIn(Schema):
    action: str = Field(..., max_length=30)
    comment: str = Field("", max_length=500)


@router.post("/project-awards/{award_id}/transition", response=AwardOut)
def transition_award(request, award_id: Id, payload: AwardTransitionIn):
    award = get_object_for_user(queries_public.awards_qs(), award_id, request.auth)
    data = {"comment": payload.comment, "reason": payload.comment}
    actions.transition_award(award, payload.action, by=request.auth, data=data)
    return award_out(queries_public.awards_qs().get(pk=award.pk), request.auth)


class RankingRow(Schema):
    rank: int
    project: int
    org: int
    title: str
    org_name: str
    score: decimal.Decimal | None
    satisfaction: SatisfactionOut
    eligible: bool
    reasons: list[str]
    awards: list[str]


@router.get("/project-ranking", response=ListOut[RankingRow])
def project_ranking(request, org: Id | None = None, year: Year | None = None):
    under = get_object_for_user(Organisation, org, request.auth) if org is not None else None
    rows = queries_public.ranking(request.auth, under=under, year=year)
    items = [
        {
            "rank": r["rank"],
            "project": r["project"].pk,
            "org": r["project"].org_id,
            "title": r["project"].title,
            "org_name": r["project"].org.name,
            "score": r["score"],
            "satisfaction": satisfaction_out(r["satisfaction"]),
            "eligible": r["eligible"],
            "reasons": r["reasons"],
            "awards": [f"{a.get_kind_display()}（{a.state_label}）" for a in r["awards"]],
        }
        for r in rows
    ]
    return {"count": len(items), "items": items}


class CaseOut(Schema):
    award: int
    project: int
    org: int
    title: str
    org_name: str
    kind_label: str
    year: int
    slogan: str
    brand: str
    citation: str
    results: str


@router.get("/project-cases", response=ListOut[CaseOut])
def list_cases(request, page: Page = 1, page_size: PageSize = 50):
    def out(a):
        p = a.project
        report = getattr(p, "closing_report", None)
        return {
            "award": a.id,
            "project": p.id,
            "org": p.org_id,
            "title": p.title,
            "org_name": p.org.name,
            "kind_label": a.get_kind_display(),
            "year": a.year,
            "slogan": p.slogan,
            "brand": p.brand,
            "citation": a.citation,
            "results": report.results if report else "",
        }

    return paginate(queries_public.cases(request.auth), page, page_size, out)


__all__ = ["AwardKind", "Rating", "acceptance_score", "router"]
