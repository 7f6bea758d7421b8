"""The writes of the execution part: tasks (with dependencies, push and the baseline), progress, reports.

Every schedule change is checked as a whole network by core.schedule inside the transaction that writes it
(the project row locked, so two people moving bars at once are checked one after the other): a refusal
names each broken rule in Chinese and changes nothing.
"""

from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F, Max

from core import audit, schedule, uploads
from core.errors import ActionError, Conflict, Invalid, NotFound
from core.forms import validate, with_label
from core.verbs import require_verb

from . import gantt
from .choices import ProjectState as S
from .forms_exec import ProgressForm, ReportForm, TaskForm
from .locking import lock_project
from .models import MAX_TASKS, ProgressReport, ReportPhoto, Task, TaskDependency

TASK_STATES = {S.DRAFT, S.RETURNED, S.APPROVED, S.IN_PROGRESS}
PROGRESS_STATES = {S.APPROVED, S.IN_PROGRESS}
REPORT_STATES = {S.APPROVED, S.IN_PROGRESS}
NEW = "new"  # the schedule id of a task not yet saved
MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTOS = 12
PHOTO_ACCEPT = "image/jpeg,image/png,image/gif,image/webp"


def _state(project, states, what):
    if project.state not in states:
        raise Conflict(f"项目当前为“{project.state_label}”，{what}。")


def _lock(project, states, what):
    locked = lock_project(project, "org")
    _state(locked, states, what)
    return locked


def _dates(project):
    if project.start is None or project.end is None:
        raise Invalid("请先在立项表中填写项目的开始日期和完成时限，再安排任务。", {"start": ["项目尚未填写起止日期。"]})
    return project.start, project.end


def _refuse(errors):
    """Invalid naming every broken rule (keyed by task id, the new task as "task")."""
    lines = list(dict.fromkeys(m for msgs in errors.values() for m in msgs))
    keyed = {("task" if tid == NEW else str(tid)): msgs for tid, msgs in errors.items()}
    if len(lines) == 1:
        return Invalid(f"未保存：{lines[0]}", keyed)
    return Invalid(f"任务安排有{len(lines)}处不符合规则，未保存：" + "；".join(lines[:6]), keyed)


def task_form_data(task, deps=None) -> dict[str, Any]:
    """The task as form data (the edit page's initial values; the API's PATCH merges onto it)."""
    deps = gantt.dependencies_of(task.project) if deps is None else deps
    data: dict[str, Any] = {
        "title": task.title,
        "parent": task.parent_id,
        "owner": task.owner_id,
        "start": task.start,
        "end": task.end,
        "progress": task.progress,
        "milestone": task.milestone,
    }
    for pred, lag in deps.get(task.pk, []):
        data[f"pred_{pred}"] = True
        data[f"lag_{pred}"] = lag
    return data


def _snapshot(task):
    return {
        **audit.snapshot(task),
        "depends_on": [
            [p, lag] for p, lag in TaskDependency.objects.filter(task=task).values_list("predecessor", "lag")
        ],
    }


def create_task(project, *, by, data):
    require_verb(by, "projects.plan_tasks", project)
    cleaned = validate(TaskForm(data, project=project))
    with transaction.atomic():
        project = _lock(project, TASK_STATES, "不能再安排任务")
        start, end = _dates(project)
        tasks = gantt.tasks_of(project)
        if len(tasks) >= MAX_TASKS:
            raise Invalid(f"一个项目最多安排{MAX_TASKS}项任务。")
        deps = gantt.dependencies_of(project)
        parent = cleaned.get("parent")
        new = schedule.Task(
            id=NEW,
            start=cleaned["start"],
            end=cleaned["end"],
            depends_on=list(cleaned["depends_on"]),
            milestone=cleaned["milestone"],
            progress=cleaned["progress"],
            parent=parent.pk if parent else None,
            title=cleaned["title"],
        )
        errors = schedule.validate([*gantt.network(tasks, deps), new], start, end)
        if errors:
            raise _refuse(errors)
        position = (Task.objects.filter(project=project).aggregate(m=Max("position"))["m"] or 0) + 1
        task = Task.objects.create(
            project=project,
            parent=parent,
            title=cleaned["title"],
            owner=cleaned.get("owner"),
            start=cleaned["start"],
            end=cleaned["end"],
            progress=cleaned["progress"],
            milestone=cleaned["milestone"],
            position=position,
        )
        TaskDependency.objects.bulk_create(
            TaskDependency(task=task, predecessor_id=p, lag=lag) for p, lag in cleaned["depends_on"]
        )
        audit.record("projects.task.create", by=by, obj=task, org=project.org, after=_snapshot(task))
    return task


def update_task(task, *, by, data, push=None):
    """Change a task (dates, dependencies, anything); with push, dependants move forward to make room."""
    project = task.project
    require_verb(by, "projects.plan_tasks", project)
    form = TaskForm(data, project=project, task=task)
    cleaned = validate(form)
    push = cleaned.get("push") if push is None else push
    with transaction.atomic():
        project = _lock(project, TASK_STATES, "任务不能再调整")
        start, end = _dates(project)
        tasks = gantt.tasks_of(project)
        current = next((t for t in tasks if t.pk == task.pk), None)
        if current is None:
            raise NotFound()
        deps = gantt.dependencies_of(project)
        before = _snapshot(current)
        parent = cleaned.get("parent")
        net = gantt.network(tasks, {**deps, task.pk: list(cleaned["depends_on"])})
        mine = next(t for t in net if t.id == task.pk)
        mine.milestone, mine.progress, mine.title = cleaned["milestone"], cleaned["progress"], cleaned["title"]
        mine.parent = parent.pk if parent else None
        moved = schedule.reschedule(
            net, task.pk, cleaned["start"], cleaned["end"], push=bool(push), project_start=start, project_end=end
        )
        if not moved.ok:
            error = _refuse(moved.errors)
            successors = {tid for tid, ds in deps.items() if any(p == task.pk for p, _ in ds)}
            if not push and successors & set(moved.errors):
                error.detail += "（如需后续任务一并顺延，请勾选“顺延后续任务”。）"
            raise error
        by_id = {t.pk: t for t in tasks}
        current.title, current.owner = cleaned["title"], cleaned.get("owner")
        current.parent, current.progress, current.milestone = parent, cleaned["progress"], cleaned["milestone"]
        current.start, current.end = moved.changes.get(task.pk, (current.start, current.end))
        if current.milestone:
            current.end = current.start
        current.save()
        pushed = []
        for tid, (s, e) in moved.changes.items():
            if tid == task.pk:
                continue
            other = by_id[tid]
            other.start, other.end = s, e
            other.save(update_fields=["start", "end", "updated_at"])
            pushed.append([tid, s.isoformat(), e.isoformat()])
        if deps.get(task.pk, []) != list(cleaned["depends_on"]):
            TaskDependency.objects.filter(task=current).delete()
            TaskDependency.objects.bulk_create(
                TaskDependency(task=current, predecessor_id=p, lag=lag) for p, lag in cleaned["depends_on"]
            )
        after = _snapshot(current)
        if pushed:
            after["pushed"] = pushed
        audit.record("projects.task.update", by=by, obj=current, org=project.org, before=before, after=after)
    return current


def set_progress(task, *, by, data):
    """The owner's (or an admin's) progress report on one task: its progress and nothing else."""
    require_verb(by, "projects.task_progress", task)
    cleaned = validate(ProgressForm(data))
    with transaction.atomic():
        _lock(task.project, PROGRESS_STATES, "还不能更新任务进度（立项后才能更新）")
        locked = Task.objects.select_for_update().filter(pk=task.pk).first()
        if locked is None:
            raise NotFound()
        before = audit.snapshot(locked)
        locked.progress = cleaned["progress"]
        locked.save(update_fields=["progress", "updated_at"])
        audit.record(
            "projects.task.progress",
            by=by,
            obj=locked,
            org=task.project.org,
            before=before,
            after=audit.snapshot(locked),
        )
    return locked


def delete_task(task, *, by):
    """Remove a task with its subtasks and every dependency on them."""
    project = task.project
    require_verb(by, "projects.plan_tasks", project)
    with transaction.atomic():
        project = _lock(project, TASK_STATES, "任务不能再删除")
        locked = Task.objects.filter(pk=task.pk, project=project).first()
        if locked is None:
            raise NotFound()
        before = _snapshot(locked)
        subtasks = list(Task.objects.filter(parent=locked).values_list("pk", flat=True))
        audit.record(
            "projects.task.delete", by=by, obj=locked, org=project.org, before={**before, "subtasks": subtasks}
        )
        locked.delete()
    return project


def freeze_baseline(project, *, by):
    """基线: each task's dates as they stand at approval (立项); tasks added later have none."""
    with transaction.atomic():
        # Only tasks without one: approval happens once, and a replayed signal never moves a frozen baseline.
        n = Task.objects.filter(project=project, baseline_start__isnull=True).update(
            baseline_start=F("start"), baseline_end=F("end")
        )
        audit.record("projects.task.baseline", by=by, obj=project, org=project.org, after={"tasks": n})
    return n


# ---------------------------------------------------------------- progress reports


def check_photos(files):
    """[(name, content type, ext, bytes)] of acceptable photos, or Invalid naming each refused file."""
    files = list(files)
    if len(files) > MAX_PHOTOS:
        raise Invalid(f"一次最多上传{MAX_PHOTOS}张照片（这次选了{len(files)}张）。", {"photos": ["照片过多。"]})
    checked, errors = [], []
    for f in files:
        try:
            uploads.check_size(f.name, f.size, max_bytes=MAX_PHOTO_BYTES)
            data = f.read(MAX_PHOTO_BYTES + 1)
            ext, content_type, kind = uploads.validate(f.name, data, max_bytes=MAX_PHOTO_BYTES)
            if kind != "photo":
                raise Invalid(
                    f"文件“{uploads.clean_name(f.name)}”不是图片。进度报告只能上传照片（JPG、PNG、GIF、WEBP）。",
                    {"photos": ["只能上传图片。"]},
                )
            checked.append((uploads.stored_name(f.name, ext), content_type, ext, data))
        except ActionError as e:
            errors.append(e.detail)
    if errors:
        raise Invalid(errors[0] if len(errors) == 1 else "；".join(errors), {"photos": errors})
    return checked


def _store_photos(report, checked, *, by, stored):
    for name, content_type, ext, data in checked:
        photo = ReportPhoto(report=report, name=name, content_type=content_type, size=len(data), uploaded_by=by)
        photo.file.save(f"{report.pk}.{ext}", ContentFile(data), save=False)
        stored.append(photo)
        photo.save()


def _discard(stored):
    for photo in stored:
        photo.file.storage.delete(photo.file.name)


def _report_snapshot(report):
    return {**audit.snapshot(report), "photos": list(report.photos.values_list("pk", flat=True))}


def report_form_data(report):
    return {
        "month": f"{report.month:%Y-%m}",
        "summary": report.summary,
        "problems": report.problems,
        "next_steps": report.next_steps,
    }


DUPLICATE = "该月的进度报告已经填报，请在原报告上修改。"


def save_report(project, report=None, *, by, data, files=()):
    """Create (or edit) a month's progress report with its photos: all of it is saved, or nothing."""
    require_verb(by, "projects.report", project)
    form = ReportForm(data)
    if not form.is_valid():
        errors = {k: [str(m) for m in v] for k, v in form.errors.items()}
        try:
            check_photos(files)
        except Invalid as e:
            errors["photos"] = e.errors["photos"]
        field, msgs = next(iter(errors.items()))
        label = form.fields[field].label if field in form.fields else ""
        raise Invalid(with_label(label, msgs[0]), errors)
    cleaned = form.cleaned_data
    checked = check_photos(files)
    stored: list[ReportPhoto] = []
    try:
        with transaction.atomic():
            _lock(project, REPORT_STATES, "不能填报进度报告（立项后、结题前填报）")
            clash = ProgressReport.objects.filter(project=project, month=cleaned["month"])
            if report is not None:
                clash = clash.exclude(pk=report.pk)
            if clash.exists():
                raise Invalid(DUPLICATE, {"month": [DUPLICATE]})
            if report is None:
                report = ProgressReport(project=project, created_by=by)
                before = None
            else:
                report = ProgressReport.objects.select_for_update().filter(pk=report.pk).first()
                if report is None:
                    raise NotFound()
                before = _report_snapshot(report)
            report.month = cleaned["month"]
            report.summary = cleaned["summary"]
            report.problems = cleaned.get("problems") or ""
            report.next_steps = cleaned.get("next_steps") or ""
            report.save()
            _store_photos(report, checked, by=by, stored=stored)
            if before is None:
                audit.record(
                    "projects.report.create", by=by, obj=report, org=project.org, after=_report_snapshot(report)
                )
            else:
                audit.record(
                    "projects.report.update",
                    by=by,
                    obj=report,
                    org=project.org,
                    before=before,
                    after=_report_snapshot(report),
                )
    except IntegrityError:
        _discard(stored)
        raise Invalid(DUPLICATE, {"month": [DUPLICATE]}) from None
    except Exception:
        _discard(stored)
        raise
    return report
