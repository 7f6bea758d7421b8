"""REST API of the execution part (API.md "Projects": …/tasks, …/reports): the Gantt rows, task edits with push,
progress, and monthly progress reports with photos. Reads through Project.objects.visible_to (mentors too)."""

import datetime

from django.urls import reverse
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from pydantic import Field

from core.api import AUTH, Id, ListOut
from core.errors import Invalid
from core.scoping import get_object_for_user

from . import actions_exec as actions
from . import gantt, queries
from .models import MAX_LAG_DAYS, MAX_TASKS, ProgressReport, Project, Task

router = Router(tags=["项目化管理"], auth=AUTH)


class DependencyIO(Schema):
    id: Id
    lag: int = Field(0, ge=0, le=MAX_LAG_DAYS)


class TaskOut(Schema):
    id: int
    project: int
    title: str
    parent: int | None
    owner: int | None
    owner_name: str
    start: datetime.date
    end: datetime.date
    progress: int
    milestone: bool
    depends_on: list[int]
    dependencies: list[DependencyIO]
    baseline_start: datetime.date | None
    baseline_end: datetime.date | None
    baseline: dict | None
    slip: int | None  # days the end lies after the baseline's (negative: earlier); None without a baseline
    late: bool  # the end has passed and the task is not done
    critical: bool
    float: int | None
    summary: bool
    depth: int


def row_out(row, today=None):
    from core.dates import today as today_

    t = row.task
    now = today or today_()
    return {
        "id": t.pk,
        "project": t.project_id,
        "title": t.title,
        "parent": t.parent_id,
        "owner": t.owner_id,
        "owner_name": t.owner.name if t.owner_id else "",
        "start": t.start,
        "end": t.end,
        "progress": row.progress,
        "milestone": t.milestone,
        "depends_on": [p for p, _lag in row.depends_on],
        "dependencies": [{"id": p, "lag": lag} for p, lag in row.depends_on],
        "baseline_start": t.baseline_start,
        "baseline_end": t.baseline_end,
        "baseline": {"start": t.baseline_start.isoformat(), "end": t.baseline_end.isoformat()}
        if t.baseline_start and t.baseline_end
        else None,
        "slip": row.slip,
        "late": row.overdue(now),
        "critical": row.critical,
        "float": row.float,
        "summary": row.summary,
        "depth": row.depth,
    }


def _project(request, project_id):
    return get_object_for_user(queries.project_qs(), project_id, request.auth)


def _task(request, task_id):
    return get_object_for_user(Task.objects.select_related("project__org", "owner"), task_id, request.auth)


def _row(task):
    return next(r for r in gantt.rows(task.project) if r.task.pk == task.pk)


@router.get("/projects/{project_id}/tasks", response=ListOut[TaskOut])
def list_tasks(request, project_id: Id):
    """The Gantt rows: outline order, critical path, float and slip computed on the server."""
    project = get_object_for_user(Project.objects.select_related("org"), project_id, request.auth)
    items = [row_out(r) for r in gantt.rows(project)]
    return {"count": len(items), "items": items}


class TaskIn(Schema):
    title: str = Field(..., max_length=100)
    parent: Id | None = None
    owner: Id | None = None
    start: datetime.date
    end: datetime.date | None = None  # a milestone may leave it out
    progress: int = Field(0, ge=0, le=100)
    milestone: bool = False
    depends_on: list[Id] = Field([], max_length=MAX_TASKS)  # predecessors, lag 0
    dependencies: list[DependencyIO] | None = Field(None, max_length=MAX_TASKS)  # with lags (wins over depends_on)


class TaskPatch(Schema):
    title: str | None = Field(None, max_length=100)
    parent: Id | None = None
    owner: Id | None = None
    start: datetime.date | None = None
    end: datetime.date | None = None
    progress: int | None = Field(None, ge=0, le=100)
    milestone: bool | None = None
    depends_on: list[Id] | None = Field(None, max_length=MAX_TASKS)
    dependencies: list[DependencyIO] | None = Field(None, max_length=MAX_TASKS)
    push: bool = False  # move dependants forward (durations and lags kept) instead of refusing


def _dependency_data(changes, data):
    deps = None
    if changes.get("dependencies") is not None:
        deps = [(d["id"], d["lag"]) for d in changes["dependencies"]]
    elif changes.get("depends_on") is not None:
        deps = [(p, 0) for p in changes["depends_on"]]
    if deps is None:
        return data
    data = {k: v for k, v in data.items() if not k.startswith(("pred_", "lag_"))}
    for pred, lag in deps:
        data[f"pred_{pred}"] = True
        data[f"lag_{pred}"] = lag
    return data


def _form_data(changes, base=None):
    data = dict(base or {})
    for key in ("title", "parent", "owner", "start", "end", "progress", "milestone"):
        if key in changes:
            value = changes[key]
            data[key] = "" if value is None else value.isoformat() if hasattr(value, "isoformat") else value
    data = {k: ("" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in data.items()}
    return _dependency_data(changes, data)


def _unknown_predecessors(project, changes):
    """Predecessor ids of another project (or none) are refused like ids that exist nowhere."""
    ids = set(changes.get("depends_on") or []) | {d["id"] for d in changes.get("dependencies") or []}
    known = set(Task.objects.filter(project=project, pk__in=ids).values_list("pk", flat=True))
    unknown = sorted(ids - known)
    if unknown:
        raise Invalid("前置任务不存在，或不属于本项目。", {"depends_on": ["前置任务不存在，或不属于本项目。"]})


@router.post("/projects/{project_id}/tasks", response={201: TaskOut})
def create_task(request, project_id: Id, payload: TaskIn):
    project = _project(request, project_id)
    changes = payload.dict()
    _unknown_predecessors(project, changes)
    task = actions.create_task(project, by=request.auth, data=_form_data(changes))
    return 201, row_out(_row(task))


@router.get("/tasks/{task_id}", response=TaskOut)
def get_task(request, task_id: Id):
    return row_out(_row(_task(request, task_id)))


@router.patch("/tasks/{task_id}", response=TaskOut)
def patch_task(request, task_id: Id, payload: TaskPatch):
    """Change a task. Only `progress`: the task's owner may too. Dates with `push`: dependants move forward."""
    task = _task(request, task_id)
    changes = payload.dict(exclude_unset=True)
    push = changes.pop("push", False)
    if not changes:
        raise Invalid("没有要修改的字段。")
    if set(changes) == {"progress"}:
        if changes["progress"] is None:
            raise Invalid("进度：请填写0到100之间的整数。", {"progress": ["请填写0到100之间的整数。"]})
        actions.set_progress(task, by=request.auth, data={"progress": changes["progress"]})
    else:
        _unknown_predecessors(task.project, changes)
        base = actions.task_form_data(task)
        actions.update_task(task, by=request.auth, data=_form_data(changes, base), push=push)
    return row_out(_row(_task(request, task_id)))


@router.delete("/tasks/{task_id}", response={204: None})
def delete_task(request, task_id: Id):
    actions.delete_task(_task(request, task_id), by=request.auth)
    return 204, None


# ---------------------------------------------------------------- progress reports


class PhotoOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str


class ReportOut(Schema):
    id: int
    project: int
    month: str  # 2026-03
    summary: str
    problems: str
    next_steps: str
    photos: list[PhotoOut]
    created_by: int | None
    created_at: datetime.datetime


def report_out(r):
    return {
        "id": r.pk,
        "project": r.project_id,
        "month": f"{r.month:%Y-%m}",
        "summary": r.summary,
        "problems": r.problems,
        "next_steps": r.next_steps,
        "photos": [
            {
                "id": p.pk,
                "name": p.name,
                "content_type": p.content_type,
                "size": p.size,
                "url": reverse("projects:report_photo", args=[p.pk]),
            }
            for p in r.photos.all()
        ],
        "created_by": r.created_by_id,
        "created_at": r.created_at,
    }


class ReportIn(Schema):
    month: str = Field(..., max_length=7)  # 2026-03
    summary: str = Field(..., max_length=5000)
    problems: str = Field("", max_length=2000)
    next_steps: str = Field("", max_length=2000)


class ReportPatch(Schema):
    month: str | None = Field(None, max_length=7)
    summary: str | None = Field(None, max_length=5000)
    problems: str | None = Field(None, max_length=2000)
    next_steps: str | None = Field(None, max_length=2000)


def _report(request, report_id):
    return get_object_for_user(
        ProgressReport.objects.select_related("project__org").prefetch_related("photos"), report_id, request.auth
    )


@router.get("/projects/{project_id}/reports", response=ListOut[ReportOut])
def list_reports(request, project_id: Id):
    project = get_object_for_user(Project.objects.all(), project_id, request.auth)
    items = [report_out(r) for r in ProgressReport.objects.filter(project=project).prefetch_related("photos")]
    return {"count": len(items), "items": items}


@router.post("/projects/{project_id}/reports", response={201: ReportOut})
def create_report(request, project_id: Id, payload: ReportIn):
    project = _project(request, project_id)
    report = actions.save_report(project, by=request.auth, data=payload.dict())
    return 201, report_out(_report(request, report.pk))


@router.get("/progress-reports/{progress_report_id}", response=ReportOut)
def get_report(request, progress_report_id: Id):
    return report_out(_report(request, progress_report_id))


@router.patch("/progress-reports/{progress_report_id}", response=ReportOut)
def patch_report(request, progress_report_id: Id, payload: ReportPatch):
    report = _report(request, progress_report_id)
    changes = {k: v for k, v in payload.dict(exclude_unset=True).items() if v is not None}
    if not changes:
        raise Invalid("没有要修改的字段。")
    data = {**actions.report_form_data(report), **changes}
    actions.save_report(report.project, report, by=request.auth, data=data)
    return report_out(_report(request, progress_report_id))


@router.post("/progress-reports/{progress_report_id}/photos", response={201: ReportOut})
def add_photo(request, progress_report_id: Id, file: File[UploadedFile]):
    """One photo (JPG, PNG, GIF, WEBP; checked by content) added to the report."""
    report = _report(request, progress_report_id)
    actions.save_report(report.project, report, by=request.auth, data=actions.report_form_data(report), files=[file])
    return 201, report_out(_report(request, progress_report_id))


# ---------------------------------------------------------------- task import (.xlsx): preview, then confirm


@router.post("/projects/{project_id}/tasks/import")
def import_tasks(request, project_id: Id, file: File[UploadedFile], confirm: bool = False):
    """Preview an .xlsx of tasks (per-row Chinese errors, the whole network checked); writes no task.

    Confirm with POST /projects/{project_id}/tasks/import/{import_id}/confirm: every row or none, once.
    """
    from core import importing as core_importing
    from core.excel import MAX_UPLOAD_BYTES
    from core.verbs import require_verb

    from . import importing

    project = _project(request, project_id)
    require_verb(request.auth, "projects.plan_tasks", project)
    if confirm:
        raise Invalid(core_importing.CONFIRM_SEPARATELY, {"confirm": [core_importing.CONFIRM_SEPARATELY]})
    rows, has_errors, batch = core_importing.preview(
        file.read(MAX_UPLOAD_BYTES + 1),
        file.name or "",
        validate=lambda upload: importing.validate_rows(upload, project=project),
        by=request.auth,
        kind=importing.KIND,
        scope_key=importing.scope_key(project),
    )
    preview = [{"row": n, "title": d.get("title"), "errors": errs} for n, d, _c, errs in rows]
    if has_errors:
        raise Invalid(
            "表格中有错误，未导入任何任务。", {"file": [f"第{r['row']}行：{e}" for r in preview for e in r["errors"]]}
        )
    return {"import_id": batch.token, "imported": 0, "rows": preview}


@router.post("/projects/{project_id}/tasks/import/{import_id}/confirm", response={200: dict, 202: dict})
def confirm_task_import(request, project_id: Id, import_id: str):
    """Add every row of a previewed import, or none; a second confirm of the same import answers 409."""
    from core import importing as core_importing

    from . import importing

    project = _project(request, project_id)
    batch = core_importing.confirm(
        import_id, by=request.auth, kind=importing.KIND, scope_key=importing.scope_key(project)
    )
    return core_importing.api_confirm(batch, lambda ids: {"import_id": import_id, "imported": len(ids), "tasks": ids})
