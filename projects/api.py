"""REST API of 项目化管理 (API.md "Projects"): the charter, its lifecycle, settings and the catalogue."""

import datetime
import decimal
from typing import Literal

from ninja import Field, Router, Schema

from core import workflow
from core.api import AUTH, Id, ListOut, Page, PageSize, paginate
from core.errors import Invalid
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import actions, queries
from .models import CatalogueEntry

router = Router(tags=["项目化管理"], auth=AUTH)
TierCode = Literal["key", "general", "micro"]


class CriterionIO(Schema):
    name: str = Field(..., max_length=100)
    weight: int = Field(..., ge=1, le=100)


class LogOut(Schema):
    action: str
    from_state: str
    to_state: str
    level: int
    by: int
    comment: str
    at: datetime.datetime


class ProjectOut(Schema):
    id: int
    org: int
    org_name: str
    title: str
    slogan: str
    brand: str
    category: int | None
    category_name: str
    tier: str
    problem: str
    content: str
    measures: str
    progress_plan: str
    owner: int | None
    liaison_leader: int | None
    team: list[int]
    mentors: list[int]
    problems: list[int]  # the problem-list entries (feedback.Problem) the project breaks
    budget: decimal.Decimal | None
    start: datetime.date | None
    end: datetime.date | None
    quality_standard: str
    expected_goal: str
    assessment_mechanism: list[CriterionIO]
    entry: int | None
    state: str
    state_label: str
    filed: bool
    last_comment: str
    actions: list[str]  # exactly workflow.available(project, caller)


class ProjectDetailOut(ProjectOut):
    log: list[LogOut]


def project_out(p, user):
    return {
        "id": p.id,
        "org": p.org_id,
        "org_name": p.org.name,
        "title": p.title,
        "slogan": p.slogan,
        "brand": p.brand,
        "category": p.category_id,
        "category_name": p.category.name if p.category_id else "",
        "tier": p.tier,
        "problem": p.problem,
        "content": p.content,
        "measures": p.measures,
        "progress_plan": p.progress_plan,
        "owner": p.owner_id,
        "liaison_leader": p.liaison_leader_id,
        "team": [x.pk for x in p.team.all()],
        "mentors": [x.pk for x in p.mentors.all()],
        "problems": [x.pk for x in p.problems.all()],
        "budget": p.budget,
        "start": p.start,
        "end": p.end,
        "quality_standard": p.quality_standard,
        "expected_goal": p.expected_goal,
        "assessment_mechanism": [{"name": c.name, "weight": c.weight} for c in p.criteria.all()],
        "entry": p.entry_id,
        "state": p.state,
        "state_label": p.state_label,
        "filed": p.filed,
        "last_comment": p.last_comment,
        "actions": workflow.available_names(p, user),
    }


class ProjectIn(Schema):
    org: Id
    title: str = Field(..., max_length=100)
    slogan: str = Field("", max_length=100)
    brand: str = Field("", max_length=50)
    category: Id | None = None
    entry: Id | None = None  # start from a catalogue entry: its content and measures unless given here
    tier: TierCode = "general"
    problem: str = Field("", max_length=2000)
    content: str | None = Field(None, max_length=5000)
    measures: str | None = Field(None, max_length=5000)
    progress_plan: str = Field("", max_length=5000)
    owner: Id | None = None
    liaison_leader: Id | None = None
    team: list[Id] = Field([], max_length=200)
    mentors: list[Id] = Field([], max_length=20)
    problems: list[Id] = Field([], max_length=50)
    budget: decimal.Decimal | None = Field(None, max_digits=10, decimal_places=2)
    start: datetime.date | None = None
    end: datetime.date | None = None
    quality_standard: str = Field("", max_length=2000)
    expected_goal: str = Field("", max_length=2000)
    assessment_mechanism: list[CriterionIO] = Field([], max_length=20)


class ProjectPatch(Schema):
    org: Id | None = None
    title: str | None = Field(None, max_length=100)
    slogan: str | None = Field(None, max_length=100)
    brand: str | None = Field(None, max_length=50)
    category: Id | None = None
    tier: TierCode | None = None
    problem: str | None = Field(None, max_length=2000)
    content: str | None = Field(None, max_length=5000)
    measures: str | None = Field(None, max_length=5000)
    progress_plan: str | None = Field(None, max_length=5000)
    owner: Id | None = None
    liaison_leader: Id | None = None
    team: list[Id] | None = Field(None, max_length=200)
    mentors: list[Id] | None = Field(None, max_length=20)
    problems: list[Id] | None = Field(None, max_length=50)
    budget: decimal.Decimal | None = Field(None, max_digits=10, decimal_places=2)
    start: datetime.date | None = None
    end: datetime.date | None = None
    quality_standard: str | None = Field(None, max_length=2000)
    expected_goal: str | None = Field(None, max_length=2000)
    assessment_mechanism: list[CriterionIO] | None = Field(None, max_length=20)


def _form_data(data: dict) -> dict:
    """A payload as the charter form's data (criteria as lines, dates ISO, None as empty)."""
    out: dict = {}
    for k, v in data.items():
        if k == "assessment_mechanism":
            out["criteria"] = "\n".join(f"{c['name'].strip()} {c['weight']}" for c in v or [])
        elif k == "entry":
            continue
        elif v is None:
            out[k] = ""
        elif hasattr(v, "isoformat"):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out


@router.get("/projects", response=ListOut[ProjectOut])
def list_projects(
    request,
    org: Id | None = None,
    tier: TierCode | None = None,
    category: Id | None = None,
    state: str | None = None,  # unknown states are ignored (queries.projects)
    page: Page = 1,
    page_size: PageSize = 50,
):
    under = get_object_for_user(Organisation, org, request.auth) if org is not None else None
    qs = queries.projects(request.auth, under=under, tier=tier, category=category, state=state)
    return paginate(qs, page, page_size, lambda p: project_out(p, request.auth))


@router.post("/projects", response={201: ProjectDetailOut})
def create_project(request, payload: ProjectIn):
    data = payload.dict()
    entry = None
    if payload.entry is not None:
        entry = get_object_for_user(CatalogueEntry, payload.entry, request.auth)
        copied = actions.entry_initial(entry)
        for key in ("content", "measures", "category"):
            if data.get(key) in (None, ""):
                data[key] = copied[key]
    project = actions.create_project(by=request.auth, data=_form_data(data), entry=entry)
    return 201, _detail(request, project.pk)


def _project(request, project_id):
    return get_object_for_user(queries.project_qs(), project_id, request.auth)


def _detail(request, project_id):
    p = _project(request, project_id)
    log = [
        {"action": e.action, "from_state": e.from_state, "to_state": e.to_state, "level": e.level}
        | {"by": e.by_id, "comment": e.comment, "at": e.at}
        for e in p.log.all()
    ]
    return {**project_out(p, request.auth), "log": log}


@router.get("/projects/{project_id}", response=ProjectDetailOut)
def get_project(request, project_id: Id):
    return _detail(request, project_id)


@router.patch("/projects/{project_id}", response=ProjectDetailOut)
def patch_project(request, project_id: Id, payload: ProjectPatch):
    project = _project(request, project_id)
    changes = payload.dict(exclude_unset=True)
    if not changes:
        raise Invalid("没有要修改的字段。")
    data = {**actions.project_form_data(project)}
    data = {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    data.update(_form_data(changes))
    actions.update_project(project, by=request.auth, data=data)
    return _detail(request, project_id)


class TransitionIn(Schema):
    action: str = Field(..., max_length=30)
    comment: str = Field("", max_length=500)


@router.post("/projects/{project_id}/transition", response=ProjectDetailOut)
def transition_project(request, project_id: Id, payload: TransitionIn):
    project = _project(request, project_id)
    actions.transition(project, payload.action, by=request.auth, comment=payload.comment)
    return _detail(request, project_id)


# ---------------------------------------------------------------- catalogue and settings


class CategoryOut(Schema):
    id: int
    committee: int
    name: str
    kind: str
    funding_eligible: bool
    runs_as_research: bool


class EntryOut(Schema):
    id: int
    category: int
    category_name: str
    title: str
    tier: str
    content: str
    measures: str


def entry_out(e):
    return {
        "id": e.id,
        "category": e.category_id,
        "category_name": e.category.name,
        "title": e.title,
        "tier": e.tier,
        "content": e.content,
        "measures": e.measures,
    }


@router.get("/project-categories", response=ListOut[CategoryOut])
def list_categories(request, page: Page = 1, page_size: PageSize = 50):
    qs = queries.categories(request.auth)
    return paginate(
        qs,
        page,
        page_size,
        lambda c: {
            "id": c.id,
            "committee": c.committee_id,
            "name": c.name,
            "kind": c.kind,
            "funding_eligible": c.funding_eligible,
            "runs_as_research": c.runs_as_research,
        },
    )


@router.get("/project-catalogue", response=ListOut[EntryOut])
def list_entries(request, category: Id | None = None, page: Page = 1, page_size: PageSize = 50):
    qs = queries.entries(request.auth, category=category)
    return paginate(qs, page, page_size, entry_out)


class EntryIn(Schema):
    category: Id
    title: str = Field(..., max_length=100)
    tier: TierCode = "general"
    content: str = Field(..., max_length=5000)
    measures: str = Field(..., max_length=5000)


@router.post("/project-catalogue", response={201: EntryOut})
def create_entry(request, payload: EntryIn):
    return 201, entry_out(actions.add_entry(by=request.auth, data=payload.dict()))


class SettingsOut(Schema):
    committee: int
    approval_tiers: list[str]
    approval_levels: int
    satisfaction_threshold: decimal.Decimal


class SettingsIn(Schema):
    approval_tiers: list[TierCode] = Field([], max_length=3)
    approval_levels: int = Field(1, ge=1, le=3)
    satisfaction_threshold: decimal.Decimal = Field(decimal.Decimal(80), ge=0, le=100, max_digits=5, decimal_places=2)


def settings_out(s):
    return {
        "committee": s.committee_id,
        "approval_tiers": list(s.approval_tiers or []),
        "approval_levels": s.approval_levels,
        "satisfaction_threshold": s.satisfaction_threshold,
    }


@router.get("/orgs/{org_id}/project-settings", response=SettingsOut)
def get_settings(request, org_id: Id):
    from .config import settings_for

    return settings_out(settings_for(get_object_for_user(Organisation, org_id, request.auth)))


@router.put("/orgs/{org_id}/project-settings", response=SettingsOut)
def put_settings(request, org_id: Id, payload: SettingsIn):
    committee = get_object_for_user(Organisation, org_id, request.auth)
    data = {**payload.dict(), "satisfaction_threshold": str(payload.satisfaction_threshold)}
    return settings_out(actions.update_settings(committee, by=request.auth, data=data))


router.add_router("", "projects.api_budget.router")
router.add_router("", "projects.api_exec.router")
router.add_router("", "projects.api_superv.router")  # superv: supervision and mentors
router.add_router("", "projects.api_public.router")  # public: 四公开, survey, acceptance, awards
