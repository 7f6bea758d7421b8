"""REST API of supervision (台账式督查) and mentors (导师帮带), in the style of API.md "Projects".

`GET|POST /projects/{id}/inspections`, `GET /inspections` (the ledger), `GET|PATCH /inspections/{id}` (fill in a
drawn 随机抽查), `GET /findings`, `POST /findings/{id}/transition` (report / close / reopen),
`GET|POST /inspection-samples`, `GET|POST|PATCH /supervision-groups`, `GET|POST|DELETE /mentor-profiles`,
`PUT /projects/{id}/mentor`, `GET|POST /projects/{id}/comments`.
"""

import datetime
from typing import Literal

from ninja import Field, Router, Schema

from core import workflow
from core.api import AUTH, Id, ListOut, Page, PageSize, paginate
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import actions_superv as actions
from . import queries, queries_superv
from .choices_superv import RectificationState
from .forms_superv import FINDING_ROWS
from .models import Finding, Inspection, InspectionSample, MentorProfile, SupervisionGroup

router = Router(tags=["项目化管理"], auth=AUTH)
KindCode = Literal["phone", "regular", "random", "area"]


class FindingOut(Schema):
    id: int
    inspection: int
    project: int
    org: int
    text: str
    rectification: bool
    state: str
    state_label: str
    deadline: datetime.date | None
    overdue: bool
    report: str
    reported_at: datetime.datetime | None
    closed_at: datetime.datetime | None
    last_comment: str
    actions: list[str]


class InspectionOut(Schema):
    id: int
    project: int
    project_title: str
    org: int
    org_name: str
    kind: str
    kind_label: str
    state: str
    date: datetime.date | None
    inspector: int | None
    inspector_name: str
    summary: str
    sample: int | None
    findings: list[FindingOut]


def finding_out(f, user, inspection=None):
    inspection = inspection or f.inspection
    return {
        "id": f.id,
        "inspection": f.inspection_id,
        "project": inspection.project_id,
        "org": inspection.project.org_id,
        "text": f.text,
        "rectification": f.state != RectificationState.NONE,
        "state": f.state,
        "state_label": RectificationState(f.state).label,
        "deadline": f.deadline,
        "overdue": queries_superv.is_overdue(f),
        "report": f.report,
        "reported_at": f.reported_at,
        "closed_at": f.closed_at,
        "last_comment": f.last_comment,
        "actions": workflow.available_names(f, user) if f.state != RectificationState.NONE else [],
    }


def inspection_out(i, user):
    return {
        "id": i.id,
        "project": i.project_id,
        "project_title": i.project.title,
        "org": i.project.org_id,
        "org_name": i.project.org.name,
        "kind": i.kind,
        "kind_label": i.get_kind_display(),
        "state": i.state,
        "date": i.date,
        "inspector": i.inspector_id,
        "inspector_name": i.inspector.name if i.inspector_id else "",
        "summary": i.summary,
        "sample": i.sample_id,
        "findings": [finding_out(f, user, i) for f in i.findings.all()],
    }


class FindingIn(Schema):
    text: str = Field(..., max_length=1000)
    deadline: datetime.date | None = None  # given: the finding demands rectification by then


class InspectionIn(Schema):
    kind: KindCode
    date: datetime.date
    inspector: Id | None = None
    summary: str = Field(..., max_length=5000)
    findings: list[FindingIn] = Field([], max_length=FINDING_ROWS)


class InspectionFillIn(Schema):
    date: datetime.date
    inspector: Id | None = None
    summary: str = Field(..., max_length=5000)
    findings: list[FindingIn] = Field([], max_length=FINDING_ROWS)


def _inspection_data(payload) -> dict:
    data = payload.dict()
    out = {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    findings = out.pop("findings") or []
    for n, f in enumerate(findings, start=1):
        out[f"finding_{n}"] = f["text"]
        out[f"deadline_{n}"] = f["deadline"].isoformat() if f.get("deadline") else ""
    return out


def _project(request, project_id):
    return get_object_for_user(queries.project_qs(), project_id, request.auth)


def _inspection(request, inspection_id):
    qs = Inspection.objects.select_related("project__org", "inspector").prefetch_related("findings")
    return get_object_for_user(qs, inspection_id, request.auth)


@router.get("/projects/{project_id}/inspections", response=ListOut[InspectionOut])
def list_project_inspections(request, project_id: Id, page: Page = 1, page_size: PageSize = 50):
    project = _project(request, project_id)
    qs = queries_superv.inspections(request.auth, project=project)
    return paginate(qs, page, page_size, lambda i: inspection_out(i, request.auth))


@router.post("/projects/{project_id}/inspections", response={201: InspectionOut})
def create_inspection(request, project_id: Id, payload: InspectionIn):
    project = _project(request, project_id)
    inspection = actions.create_inspection(project, by=request.auth, data=_inspection_data(payload))
    return 201, inspection_out(_inspection(request, inspection.pk), request.auth)


@router.get("/inspections", response=ListOut[InspectionOut])
def list_inspections(
    request,
    kind: KindCode | None = None,
    org: Id | None = None,
    overdue: bool = False,
    pending: bool | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
):
    under = get_object_for_user(Organisation, org, request.auth) if org is not None else None
    qs = queries_superv.inspections(request.auth, kind=kind, under=under, overdue=overdue, pending=pending)
    return paginate(qs, page, page_size, lambda i: inspection_out(i, request.auth))


@router.get("/inspections/{inspection_id}", response=InspectionOut)
def get_inspection(request, inspection_id: Id):
    return inspection_out(_inspection(request, inspection_id), request.auth)


@router.patch("/inspections/{inspection_id}", response=InspectionOut)
def fill_inspection(request, inspection_id: Id, payload: InspectionFillIn):
    inspection = _inspection(request, inspection_id)
    actions.fill_inspection(inspection, by=request.auth, data=_inspection_data(payload))
    return inspection_out(_inspection(request, inspection_id), request.auth)


@router.get("/findings", response=ListOut[FindingOut])
def list_findings(
    request,
    state: Literal["open", "reported", "closed"] | None = None,
    overdue: bool = False,
    org: Id | None = None,
    page: Page = 1,
    page_size: PageSize = 50,
):
    under = get_object_for_user(Organisation, org, request.auth) if org is not None else None
    qs = queries_superv.rectifications(request.auth, state=state, overdue=overdue, under=under)
    return paginate(qs, page, page_size, lambda f: finding_out(f, request.auth))


class FindingTransitionIn(Schema):
    action: str = Field(..., max_length=30)
    report: str = Field("", max_length=2000)  # report: what was done (required)
    comment: str = Field("", max_length=500)  # close: optional; reopen: the reason (required)


@router.post("/findings/{finding_id}/transition", response=FindingOut)
def transition_finding(request, finding_id: Id, payload: FindingTransitionIn):
    qs = Finding.objects.select_related("inspection__project__org")
    finding = get_object_for_user(qs, finding_id, request.auth)
    data = {"report": payload.report, "comment": payload.comment, "reason": payload.comment}
    actions.transition_finding(finding, payload.action, by=request.auth, data=data)
    return finding_out(get_object_for_user(qs, finding_id, request.auth), request.auth)


# ---------------------------------------------------------------- 随机抽查


class InspectionSampleOut(Schema):
    id: int
    committee: int
    seed: int
    size: int
    population: list[int]
    drawn: list[int]
    inspections: list[int]
    drawn_by: int | None
    created_at: datetime.datetime


def sample_out(s):
    return {
        "id": s.id,
        "committee": s.committee_id,
        "seed": s.seed,
        "size": s.size,
        "population": list(s.population),
        "drawn": list(s.drawn),
        "inspections": [i.pk for i in s.inspections.all()],
        "drawn_by": s.drawn_by_id,
        "created_at": s.created_at,
    }


class InspectionSampleIn(Schema):
    committee: Id
    size: int = Field(..., ge=1, le=50)


@router.get("/inspection-samples", response=ListOut[InspectionSampleOut])
def list_samples(request, page: Page = 1, page_size: PageSize = 50):
    qs = InspectionSample.objects.visible_to(request.auth).prefetch_related("inspections")
    return paginate(qs, page, page_size, sample_out)


@router.post("/inspection-samples", response={201: InspectionSampleOut})
def draw_sample(request, payload: InspectionSampleIn):
    sample = actions.draw_sample(by=request.auth, data=payload.dict())
    return 201, sample_out(sample)


@router.get("/inspection-samples/{sample_id}", response=InspectionSampleOut)
def get_sample(request, sample_id: Id):
    qs = InspectionSample.objects.prefetch_related("inspections")
    return sample_out(get_object_for_user(qs, sample_id, request.auth))


# ---------------------------------------------------------------- supervision groups


class SupervisionGroupOut(Schema):
    id: int
    committee: int
    name: str
    kind: str
    kind_label: str
    leader: int
    leader_name: str
    projects: list[int]


def group_out(g):
    return {
        "id": g.id,
        "committee": g.committee_id,
        "name": g.name,
        "kind": g.kind,
        "kind_label": g.get_kind_display(),
        "leader": g.leader_id,
        "leader_name": g.leader.name,
        "projects": [p.pk for p in g.projects.all()],
    }


class SupervisionGroupIn(Schema):
    committee: Id
    name: str = Field(..., max_length=50)
    kind: Literal["area", "liaison"] = "area"
    leader: Id
    projects: list[Id] = Field([], max_length=200)


class SupervisionGroupPatch(Schema):
    name: str | None = Field(None, max_length=50)
    kind: Literal["area", "liaison"] | None = None
    leader: Id | None = None
    projects: list[Id] | None = Field(None, max_length=200)


@router.get("/supervision-groups", response=ListOut[SupervisionGroupOut])
def list_groups(request, page: Page = 1, page_size: PageSize = 50):
    return paginate(queries_superv.groups(request.auth), page, page_size, group_out)


@router.post("/supervision-groups", response={201: SupervisionGroupOut})
def create_group(request, payload: SupervisionGroupIn):
    committee = get_object_for_user(Organisation, payload.committee, request.auth)
    data = payload.dict(exclude={"committee"})
    return 201, group_out(actions.create_group(committee, by=request.auth, data=data))


@router.patch("/supervision-groups/{group_id}", response=SupervisionGroupOut)
def patch_group(request, group_id: Id, payload: SupervisionGroupPatch):
    group = get_object_for_user(SupervisionGroup.objects.select_related("committee"), group_id, request.auth)
    data = {**actions.group_form_data(group), **payload.dict(exclude_unset=True, exclude_none=True)}
    return group_out(actions.update_group(group, by=request.auth, data=data))


# ---------------------------------------------------------------- mentors (导师帮带)


class MentorOut(Schema):
    id: int
    committee: int
    person: int
    name: str
    org_name: str
    kind: str
    kind_label: str
    field: str
    expertise: str
    active: bool


def mentor_out(m):
    return {
        "id": m.id,
        "committee": m.committee_id,
        "person": m.person_id,
        "name": m.person.name,
        "org_name": m.person.org.name,
        "kind": m.kind,
        "kind_label": m.get_kind_display(),
        "field": m.field,
        "expertise": m.expertise,
        "active": m.active,
    }


class MentorIn(Schema):
    committee: Id
    person: Id
    kind: Literal["leader", "secretary", "expert"]
    field: str = Field("", max_length=30)
    expertise: str = Field("", max_length=1000)


@router.get("/mentor-profiles", response=ListOut[MentorOut])
def list_mentors(
    request, kind: Literal["leader", "secretary", "expert"] | None = None, page: Page = 1, page_size: PageSize = 50
):
    return paginate(queries_superv.mentors(request.auth, kind=kind), page, page_size, mentor_out)


@router.post("/mentor-profiles", response={201: MentorOut})
def add_mentor(request, payload: MentorIn):
    committee = get_object_for_user(Organisation, payload.committee, request.auth)
    profile = actions.add_mentor(committee, by=request.auth, data=payload.dict(exclude={"committee"}))
    return 201, mentor_out(MentorProfile.objects.select_related("person__org").get(pk=profile.pk))


@router.delete("/mentor-profiles/{profile_id}", response=MentorOut)
def remove_mentor(request, profile_id: Id):
    qs = MentorProfile.objects.select_related("committee", "person__org", "grant__user")
    profile = get_object_for_user(qs, profile_id, request.auth)
    return mentor_out(actions.remove_mentor(profile, by=request.auth))


class MentorAssignIn(Schema):
    profile: Id | None = None  # a profile of the mentor pool; null takes the mentor off the project


class MentorAssignOut(Schema):
    project: int
    mentors: list[int]


@router.put("/projects/{project_id}/mentor", response=MentorAssignOut)
def assign_mentor(request, project_id: Id, payload: MentorAssignIn):
    project = _project(request, project_id)
    data = {"profile": payload.profile or ""}
    done = actions.assign_mentor(project, by=request.auth, data=data)
    return {"project": done.pk, "mentors": list(done.mentors.values_list("pk", flat=True))}


class MentorCommentOut(Schema):
    id: int
    project: int
    kind: str
    object_id: int | None
    object_label: str
    text: str
    author: int
    author_name: str
    created_at: datetime.datetime


def comment_out(c):
    return {
        "id": c.id,
        "project": c.project_id,
        "kind": c.kind,
        "object_id": c.object_id,
        "object_label": c.object_label,
        "text": c.text,
        "author": c.author_id,
        "author_name": c.author.display_name,
        "created_at": c.created_at,
    }


class MentorCommentIn(Schema):
    kind: str = Field("charter", max_length=20)
    object_id: int | None = Field(None, ge=1, le=2**31 - 1)
    text: str = Field(..., max_length=2000)


@router.get("/projects/{project_id}/comments", response=ListOut[MentorCommentOut])
def list_comments(request, project_id: Id, page: Page = 1, page_size: PageSize = 50):
    project = _project(request, project_id)
    return paginate(queries_superv.comments(project, request.auth), page, page_size, comment_out)


@router.post("/projects/{project_id}/comments", response={201: MentorCommentOut})
def add_comment(request, project_id: Id, payload: MentorCommentIn):
    project = _project(request, project_id)
    data = {**payload.dict(), "object_id": payload.object_id or ""}
    return 201, comment_out(actions.add_comment(project, by=request.auth, data=data))
