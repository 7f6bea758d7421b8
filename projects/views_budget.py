"""Pages of the project budget (经费), the links to records and point declarations, 计划书 and 台账 prints, exports."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import NotFound
from core.excel import xlsx_response
from core.pages import form_page, post_action
from core.params import id_param
from core.scoping import get_object_for_user

from . import actions_budget, budget, config, exports_budget, queries
from .forms_budget import ExpenseForm
from .models import ExpenseReceipt, Project
from .views import _filters, _project


def _files(request, name):
    return [(f.name, f.size, f.read) for f in request.FILES.getlist(name)]


@login_required
def expense_create(request, pk):
    """登记支出: the overspend warning is shown before anything is saved, and the form asks to confirm."""
    project = _project(request, pk)
    if not request.user.has_perm("projects.manage_budget", project):
        raise NotFound()
    s = budget.summary(project)
    form = ExpenseForm(request.POST or None, project=project)

    def refused(e):
        form.overspend_warning = e.detail if getattr(e, "code", None) == "overspend" else ""
        return form

    return form_page(
        request,
        form,
        on_refused=refused,
        action=lambda: actions_budget.add_expense(
            project, by=request.user, data=request.POST, files=_files(request, "receipts")
        ),
        success=lambda e: f"已登记支出“{e.item}”{budget.money(e.amount)}元。",
        redirect_to=reverse("projects:project_detail", args=[project.pk]) + "#budget",
        template="projects/budget_expense_form.html",
        title=f"登记经费支出：{project.title}",
        back_url=reverse("projects:project_detail", args=[project.pk]),
        back_label=project.title,
        project=project,
        summary=s,
        innovation_allowed=budget.innovation_allowed(project),
        multipart=True,
        testid="expense-form",
        max_width="44rem",
    )


@login_required
@require_POST
def funding_create(request, pk):
    project = _project(request, pk)
    return post_action(
        request,
        lambda: actions_budget.add_funding(project, by=request.user, data=request.POST),
        success=lambda f: f"已登记经费来源：{f.get_source_display()}{budget.money(f.amount)}元。",
        next_default=reverse("projects:project_detail", args=[project.pk]) + "#budget",
    )


@login_required
@require_POST
def funding_delete(request, pk, funding_id):
    project = _project(request, pk)
    funding = project.fundings.filter(pk=funding_id).first()
    if funding is None:
        raise NotFound()
    return post_action(
        request,
        lambda: actions_budget.delete_funding(funding, by=request.user),
        success="已删除该经费来源。",
        next_default=reverse("projects:project_detail", args=[project.pk]) + "#budget",
    )


def _expense(project, expense_id):
    expense = queries.expenses(project).filter(pk=expense_id).first()
    if expense is None:
        raise NotFound()
    return expense


@login_required
@require_POST
def expense_delete(request, pk, expense_id):
    project = _project(request, pk)
    expense = _expense(project, expense_id)
    return post_action(
        request,
        lambda: actions_budget.delete_expense(expense, by=request.user),
        success=f"已删除支出“{expense.item}”。",
        next_default=reverse("projects:project_detail", args=[project.pk]) + "#budget",
    )


@login_required
@require_POST
def receipt_upload(request, pk, expense_id):
    project = _project(request, pk)
    expense = _expense(project, expense_id)
    return post_action(
        request,
        lambda: actions_budget.add_receipts(expense, by=request.user, files=_files(request, "receipts")),
        success=lambda stored: f"已上传凭证{len(stored)}个。",
        next_default=reverse("projects:project_detail", args=[project.pk]) + "#budget",
    )


@login_required
def receipt_download(request, receipt_id):
    receipt = (
        ExpenseReceipt.objects.filter(pk=receipt_id, expense__project__in=Project.objects.visible_to(request.user))
        .select_related("expense")
        .first()
    )
    if receipt is None:
        raise NotFound()
    response = FileResponse(
        receipt.file.open("rb"), content_type=receipt.content_type, as_attachment=True, filename=receipt.name
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def expense_export(request, pk):
    """经费支出明细 (.xlsx) of one project."""
    project = _project(request, pk)
    return xlsx_response(
        f"{project.title}经费支出明细.xlsx", exports_budget.expense_sheets(project, request.user), by=request.user
    )


@login_required
def expense_export_all(request):
    """经费支出台账 (.xlsx): the expenses of every project of the list's filters."""
    f = _filters(request)
    qs = queries.projects(request.user, under=f["org"], tier=f["tier"], category=f["category"], state=f["state"])
    return xlsx_response(
        "党建项目经费支出台账.xlsx", exports_budget.all_expense_sheets(qs, request.user), by=request.user
    )


# ---------------------------------------------------------------- records and point declarations


@login_required
@require_POST
def record_link(request, pk):
    from records.models import Record

    project = _project(request, pk)
    record = get_object_for_user(Record, id_param(request.POST.get("record")), request.user)
    return post_action(
        request,
        lambda: actions_budget.link_record(project, record, by=request.user),
        success=f"已将活动记录“{record.title}”关联到本项目。",
        next_default=reverse("projects:project_detail", args=[project.pk]) + "#links",
    )


@login_required
@require_POST
def record_unlink(request, pk, record_id):
    from records.models import Record

    project = _project(request, pk)
    record = get_object_for_user(Record, record_id, request.user)
    return post_action(
        request,
        lambda: actions_budget.unlink_record(project, record, by=request.user),
        success=f"已取消关联“{record.title}”。",
        next_default=reverse("projects:project_detail", args=[project.pk]) + "#links",
    )


@login_required
@require_POST
def citation_create(request, pk):
    from points.models import Declaration

    project = _project(request, pk)
    declaration = get_object_for_user(Declaration, id_param(request.POST.get("declaration")), request.user)
    return post_action(
        request,
        lambda: actions_budget.cite_project(declaration, project, by=request.user),
        success="已在积分申报中引用本项目作为佐证。",
        next_default=reverse("projects:project_detail", args=[project.pk]) + "#links",
    )


# ---------------------------------------------------------------- prints


@login_required
def plan_print(request, pk):
    """计划书 on A4: the full charter, the problems it breaks, the funding plan and (when there are) its tasks."""
    project = _project(request, pk)
    tasks_manager = getattr(project, "tasks", None)
    tasks = list(tasks_manager.all()[:200]) if tasks_manager is not None else None
    return render(
        request,
        "projects/budget_plan_print.html",
        {
            "project": project,
            "summary": budget.summary(project),
            "fundings": list(project.fundings.all()),
            "problems": list(project.problems.all()),
            "tasks": tasks,
            "settings": config.project_settings(project),
        },
    )


@login_required
def ledger_print(request):
    """项目管理台账 on A4 landscape: every visible project (the list's filters) with its budget and spending."""
    from core.excel import scope_name

    f = _filters(request)
    qs = queries.with_spent(
        queries.projects(request.user, under=f["org"], tier=f["tier"], category=f["category"], state=f["state"])
    )
    rows = list(qs)
    for p in rows:
        p.remaining = (p.budget or 0) - p.spent
    total_budget = sum((p.budget or 0) for p in rows)
    total_spent = sum((p.spent or 0) for p in rows)
    return render(
        request,
        "projects/budget_ledger_print.html",
        {
            "rows": rows,
            "scope": scope_name(request.user),
            "total_budget": total_budget,
            "total_spent": total_spent,
            "total_remaining": total_budget - total_spent,
            "query": request.GET.urlencode(),
        },
    )
