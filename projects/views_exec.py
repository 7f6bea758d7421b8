"""Pages of the execution part: the Gantt chart with its plain task table, task forms, progress reports,
the 进度表 print, the tasks export and import."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.dates import today
from core.errors import NotFound
from core.excel import xlsx_response
from core.importing import template_response, two_step_import
from core.pages import form_page, post_action
from core.scoping import get_object_for_user

from . import actions_exec as actions
from . import exports_exec, gantt, importing, queries
from .forms_exec import ReportForm, TaskForm
from .models import ProgressReport, ReportPhoto, Task


def _project(request, pk):
    return get_object_for_user(queries.project_qs(), pk, request.user)


def _task(request, pk):
    return get_object_for_user(Task.objects.select_related("project__org", "owner"), pk, request.user)


def _mine(user, rows):
    return {r.task.pk for r in rows if user.person_id and r.task.owner_id == user.person_id}


@login_required
def schedule(request, pk):
    """甘特图 and the task table (the table is the whole page on a phone or without script)."""
    project = _project(request, pk)
    rows = gantt.rows(project)
    may_plan = request.user.has_perm("projects.plan_tasks", project)
    current, base = gantt.finish(rows)
    mine = _mine(request.user, rows)
    return render(
        request,
        "projects/exec_schedule.html",
        {
            "project": project,
            "rows": rows,
            "may_plan": may_plan and project.state in actions.TASK_STATES,
            "may_progress": project.state in actions.PROGRESS_STATES,
            "mine": mine,
            "may_report": request.user.has_perm("projects.report", project) and project.state in actions.REPORT_STATES,
            "finish": current,
            "baseline_finish": base,
            "today": today(),
            "critical_count": sum(1 for r in rows if r.critical),
            "late_count": sum(1 for r in rows if r.overdue(today())),
        },
    )


def _task_page(project, **context):
    return {
        "template": "projects/exec_task_form.html",
        "testid": "task-form",
        "max_width": "48rem",
        "back_url": reverse("projects:schedule", args=[project.pk]),
        "back_label": f"{project.title} · 进度计划",
        "project": project,
        **context,
    }


@login_required
def task_create(request, pk):
    project = _project(request, pk)
    if not request.user.has_perm("projects.plan_tasks", project):
        raise NotFound()
    form = TaskForm(request.POST or None, project=project, initial={"start": project.start, "progress": 0})
    return form_page(
        request,
        form,
        action=lambda: actions.create_task(project, by=request.user, data=request.POST),
        success=lambda t: f"已添加任务“{t.title}”。",
        redirect_to=reverse("projects:schedule", args=[project.pk]),
        title="添加任务",
        **_task_page(project),
    )


@login_required
def task_edit(request, pk):
    task = _task(request, pk)
    project = task.project
    if not request.user.has_perm("projects.plan_tasks", project):
        raise NotFound()
    form = TaskForm(request.POST or None, project=project, task=task, initial=actions.task_form_data(task))
    return form_page(
        request,
        form,
        action=lambda: actions.update_task(task, by=request.user, data=request.POST),
        success=lambda t: f"任务“{t.title}”已保存。",
        redirect_to=reverse("projects:schedule", args=[project.pk]),
        title=f"修改任务：{task.title}",
        task=task,
        **_task_page(project),
    )


@login_required
@require_POST
def task_delete(request, pk):
    task = _task(request, pk)
    return post_action(
        request,
        lambda: actions.delete_task(task, by=request.user),
        success=f"已删除任务“{task.title}”。",
        next_default=reverse("projects:schedule", args=[task.project_id]),
    )


@login_required
@require_POST
def task_progress(request, pk):
    task = _task(request, pk)
    return post_action(
        request,
        lambda: actions.set_progress(task, by=request.user, data=request.POST),
        success=lambda t: f"“{t.title}”的进度已更新为{t.progress}%。",
        next_default=reverse("projects:schedule", args=[task.project_id]),
    )


# ---------------------------------------------------------------- progress reports


@login_required
def reports(request, pk):
    project = _project(request, pk)
    return render(
        request,
        "projects/exec_reports.html",
        {
            "project": project,
            "reports": ProgressReport.objects.filter(project=project).prefetch_related("photos"),
            "may_report": request.user.has_perm("projects.report", project) and project.state in actions.REPORT_STATES,
        },
    )


def _report_page(project, **context):
    return {
        "template": "projects/exec_report_form.html",
        "testid": "report-form",
        "multipart": True,
        "max_width": "48rem",
        "back_url": reverse("projects:reports", args=[project.pk]),
        "back_label": f"{project.title} · 进度报告",
        "project": project,
        "accept": actions.PHOTO_ACCEPT,
        **context,
    }


@login_required
def report_create(request, pk):
    project = _project(request, pk)
    if not request.user.has_perm("projects.report", project):
        raise NotFound()
    return form_page(
        request,
        ReportForm(request.POST or None, initial={"month": f"{today():%Y-%m}"}),
        action=lambda: actions.save_report(
            project, by=request.user, data=request.POST, files=request.FILES.getlist("photos")
        ),
        success=lambda r: f"已填报{r.month.year}年{r.month.month}月进度报告。",
        redirect_to=reverse("projects:reports", args=[project.pk]),
        title="填报进度报告",
        **_report_page(project),
    )


@login_required
def report_edit(request, pk):
    report = get_object_for_user(ProgressReport.objects.select_related("project__org"), pk, request.user)
    project = report.project
    if not request.user.has_perm("projects.report", project):
        raise NotFound()
    return form_page(
        request,
        ReportForm(request.POST or None, initial=actions.report_form_data(report)),
        action=lambda: actions.save_report(
            project, report, by=request.user, data=request.POST, files=request.FILES.getlist("photos")
        ),
        success=lambda r: f"{r.month.year}年{r.month.month}月进度报告已保存。",
        redirect_to=reverse("projects:reports", args=[project.pk]),
        title=f"修改{report.month.year}年{report.month.month}月进度报告",
        report=report,
        **_report_page(project),
    )


@login_required
def report_photo(request, pk):
    photo = ReportPhoto.objects.visible_to(request.user).filter(pk=pk).first()
    if photo is None:
        raise NotFound()
    response = FileResponse(photo.file.open("rb"), content_type=photo.content_type, filename=photo.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


# ---------------------------------------------------------------- paper and Excel


@login_required
def schedule_print(request, pk):
    """进度表 on A4 (landscape): the task table and the Gantt as static bars, baseline under the plan."""
    project = _project(request, pk)
    rows = gantt.rows(project)
    return render(
        request,
        "projects/exec_schedule_print.html",
        {"project": project, **exports_exec.print_chart(project, rows), "today": today()},
    )


@login_required
def task_export(request, pk):
    project = _project(request, pk)
    rows = gantt.rows(project)
    return xlsx_response(
        f"{project.title}_任务进度表.xlsx", exports_exec.task_sheets(project, rows, request.user), by=request.user
    )


@login_required
def task_import(request, pk):
    project = _project(request, pk)
    if not request.user.has_perm("projects.plan_tasks", project):
        raise NotFound()
    context = {"project": project}
    progress = two_step_import(
        request,
        validate=lambda upload: importing.validate_rows(upload, project=project),
        kind=importing.KIND,
        scope_key=importing.scope_key(project),
        context=context,
    )
    if progress is not None:
        return progress
    return render(request, "projects/exec_task_import.html", context)


@login_required
def task_import_template(request, pk):
    project = _project(request, pk)
    return template_response(f"任务导入模板_{project.title}.xlsx", importing.SPEC, **importing.template_kwargs(project))
