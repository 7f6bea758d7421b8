"""Excel import of a project's tasks (任务导入): preview every row, then add all of them or none.

Rows name their 上级任务 and 前置任务 by task name — a task already in the project or a row above — and the
whole network (the project's tasks plus the new rows) is checked by core.schedule before anything is written.
"""

import re

from django import forms
from django.db import transaction
from django.urls import reverse

from core import audit, schedule
from core.errors import Invalid
from core.excel import cell_date, cell_text
from core.forms import StyledFormMixin
from core.importing import ImportColumn, ImportSpec, add_error, make_row, register_kind, tick
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import gantt, rules
from .actions_exec import TASK_STATES, _lock
from .forms_exec import _bounded
from .models import MAX_LAG_DAYS, MAX_TASKS, Project, Task, TaskDependency

KIND = "projects.task"
YES = {"是", "Y", "y", "yes", "1", "TRUE", "True", "true", "√"}
PRED = re.compile(r"^(?P<name>.+?)\s*(?:[（(]\s*间隔\s*(?P<lag>\d{1,3})\s*天\s*[)）]|\+\s*(?P<plus>\d{1,3}))?$")
SPLIT = re.compile(r"[、，,；;\n]+")

SPEC = ImportSpec(
    "项目任务导入模板",
    [
        ImportColumn("title", "任务名称", required=True, kind="long", width=26),
        ImportColumn("parent", "上级任务", kind="names", hint="本项目已有任务或表中上方某行的任务名称；没有留空"),
        ImportColumn("owner", "负责人", kind="names", hint="项目所在党组织的人员姓名"),
        ImportColumn("start", "开始日期", required=True, kind="date"),
        ImportColumn("end", "结束日期", kind="date", hint="里程碑可不填"),
        ImportColumn("progress", "进度（%）", kind="number", hint="0到100的整数，留空为0"),
        ImportColumn("milestone", "里程碑", kind="choice", choices={"1": "是", "0": "否"}),
        ImportColumn(
            "predecessors",
            "前置任务",
            kind="long",
            hint="前置任务的名称，多个用顿号分隔；有间隔的写作“任务名称（间隔3天）”",
        ),
    ],
)
EXAMPLE = ["入户走访", "", "王秀英", "2026-03-02", "2026-03-06", 0, "否", ""]


class ImportTaskForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="任务名称", max_length=100)
    start = forms.DateField(label="开始日期")
    end = forms.DateField(label="结束日期", required=False)
    progress = forms.IntegerField(label="进度（%）", min_value=0, max_value=100, required=False)
    milestone = forms.BooleanField(label="里程碑", required=False)

    def clean_start(self):
        return _bounded(self.cleaned_data.get("start"), "开始日期")

    def clean_end(self):
        return _bounded(self.cleaned_data.get("end"), "结束日期")

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") is None:
            if data.get("milestone"):
                data["end"] = data["start"]
            elif "end" not in self.errors:
                self.add_error("end", "请填写结束日期（里程碑可不填）。")
        data["progress"] = data.get("progress") or 0
        return data


def scope_key(project):
    return f"project:{project.pk}"


def _project_pk(key):
    return int(key.removeprefix("project:"))


def template_kwargs(project):
    people = list(rules.member_people([project.org.path]).values_list("name", flat=True).order_by("name")[:500])
    return {"examples": [EXAMPLE], "lists": {"owner": people}, "title": f"项目任务导入模板：{project.title}"}


def validate_rows(upload, *, project):
    """(rows, has_errors): every row checked alone, then the network of the project's tasks and the rows."""
    rows = SPEC.read(upload)
    existing = gantt.tasks_of(project)
    deps = gantt.dependencies_of(project)
    by_title = {t.title: t.pk for t in existing}
    people = {}
    for p in rules.member_people([project.org.path]).order_by("id"):
        people.setdefault(p.name, []).append(p)
    result, seen = [], {}
    if len(existing) + len(rows) > MAX_TASKS:
        raise Invalid(f"一个项目最多安排{MAX_TASKS}项任务：本项目已有{len(existing)}项，表中有{len(rows)}行。")
    for n, raw in rows:
        data = {k: cell_text(raw.get(k)) for k in ("title", "progress")}
        data["start"], data["end"] = cell_date(raw.get("start")), cell_date(raw.get("end"))
        data["milestone"] = cell_text(raw.get("milestone")) in YES
        extra: dict[str, list[str]] = {}
        owner_name = cell_text(raw.get("owner"))
        owner = None
        if owner_name:
            found = people.get(owner_name, [])
            if not found:
                extra["owner"] = [f"项目所在党组织中没有名为“{owner_name}”的人员。"]
            elif len(found) > 1:
                extra["owner"] = [f"项目所在党组织中有{len(found)}位“{owner_name}”，请在页面上逐项指定负责人。"]
            else:
                owner = found[0]
        parent_name = cell_text(raw.get("parent"))
        parent = None
        if parent_name:
            parent = seen.get(parent_name) or by_title.get(parent_name)
            if parent is None:
                extra["parent"] = [f"上级任务“{parent_name}”不是本项目已有的任务，也不在表中上方的行里。"]
        preds = []
        for part in (p.strip() for p in SPLIT.split(cell_text(raw.get("predecessors")))):
            if not part:
                continue
            m = PRED.match(part)
            name = m["name"].strip() if m else part
            lag = int((m["lag"] or m["plus"] or 0) if m else 0)
            ref = seen.get(name) or by_title.get(name)
            if ref is None:
                extra.setdefault("predecessors", []).append(
                    f"前置任务“{name}”不是本项目已有的任务，也不在表中上方的行里。"
                )
            elif lag > MAX_LAG_DAYS:
                extra.setdefault("predecessors", []).append(f"与“{name}”的间隔天数不能超过{MAX_LAG_DAYS}天。")
            else:
                preds.append((ref, lag))
        row = make_row(SPEC, n, raw, data, ImportTaskForm(data), extra)
        if row.cleaned is not None:
            title = row.cleaned["title"]
            if title in seen or title in by_title:
                add_error(row, "title", "任务名称与本项目已有任务或表中其他行重复。")
            else:
                row.cleaned.update(owner=owner, parent=parent, depends_on=preds, ref=f"row{n}")
        seen.setdefault(cell_text(raw.get("title")), f"row{n}")
        result.append(row)
    if not any(r.errors for r in result):
        _check_network(project, existing, deps, result)
    return result, any(r.errors for r in result)


def _check_network(project, existing, deps, rows):
    if project.start is None or project.end is None:
        for row in rows:
            add_error(row, "start", "项目尚未填写起止日期，请先在立项表中填写。")
        return
    net = gantt.network(existing, deps)
    for row in rows:
        c = row.cleaned
        net.append(
            schedule.Task(
                id=c["ref"],
                start=c["start"],
                end=c["end"],
                depends_on=list(c["depends_on"]),
                milestone=c["milestone"],
                progress=c["progress"],
                parent=c["parent"],
                title=c["title"],
            )
        )
    errors = schedule.validate(net, project.start, project.end)
    by_ref = {r.cleaned["ref"]: r for r in rows}
    for tid, msgs in errors.items():
        target = by_ref.get(tid) if isinstance(tid, str) else None
        for m in msgs:
            if target is not None:
                add_error(target, "start", m)
            else:
                for row in rows:  # a rule of an existing task broken by the rows: told on every row
                    add_error(row, "predecessors", m)


def import_cleaned(project, rows, *, by):
    """Create every row's task (and its dependencies), or none, in the import's transaction."""
    require_verb(by, "projects.plan_tasks", project)
    if any(r[3] for r in rows):
        raise Invalid("表格中仍有错误，未导入任何数据。请修改后重新上传。")
    created = []
    with transaction.atomic():
        project = _lock(project, TASK_STATES, "不能再安排任务")
        position = max((t.position for t in gantt.tasks_of(project)), default=0)
        refs: dict[str | int, int] = {}
        for _n, _d, c, _e in rows:
            position += 1
            parent = refs.get(c["parent"], c["parent"]) if c["parent"] is not None else None
            task = Task.objects.create(
                project=project,
                parent_id=parent,
                title=c["title"],
                owner=c["owner"],
                start=c["start"],
                end=c["end"],
                progress=c["progress"],
                milestone=c["milestone"],
                position=position,
            )
            refs[c["ref"]] = task.pk
            TaskDependency.objects.bulk_create(
                TaskDependency(task=task, predecessor_id=refs.get(p, p), lag=lag) for p, lag in c["depends_on"]
            )
            created.append(task)
            tick()
        audit.record(
            "projects.task.import", by=by, obj=project, org=project.org, after={"tasks": [t.pk for t in created]}
        )
    return created


def _back(key, user):
    pk = _project_pk(key)
    title = Project.objects.visible_to(user).filter(pk=pk).values_list("title", flat=True).first()
    return reverse("projects:schedule", args=[pk]), title or "党建项目"


register_kind(
    KIND,
    label="项目任务导入",
    unit="项任务",
    validate=lambda upload, *, by, scope_key: validate_rows(
        upload, project=get_object_for_user(Project, _project_pk(scope_key), by)
    ),
    write=lambda rows, *, by, scope_key: import_cleaned(
        get_object_for_user(Project, _project_pk(scope_key), by), rows, by=by
    ),
    back=_back,
    again=lambda scope_key: reverse("projects:task_import", args=[_project_pk(scope_key)]),
)
