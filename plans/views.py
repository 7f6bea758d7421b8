"""Pages of the 路径化 module: the list (一解), the division (一表), plan items, claims and templates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import dates, uploads, workflow
from core.errors import ActionError, NotFound
from core.excel import xlsx_response
from core.forms import add_errors
from core.importing import template_response, two_step_import
from core.pages import form_page, post_action
from core.params import int_param
from core.scoping import get_object_for_user
from core.views_trash import trash_message
from orgs.models import Person

from . import actions, importing, reports, rules, workflows
from .choices import CATEGORIES
from .forms import CloneForm, CompleteForm, ItemForm, PlanForm
from .models import Claim, Occurrence, OccurrenceAttachment, Plan, PlanItem


def _plan(request, pk):
    return get_object_for_user(Plan.objects.select_related("org"), pk, request.user)


def _item(request, pk):
    return get_object_for_user(PlanItem.objects.select_related("plan__org"), pk, request.user)


def _may_manage(user, plan):
    """plans.manage: the page guard of the item, import and template pages (what their actions check)."""
    return user.has_perm("plans.manage", plan.org)


@login_required
def plan_list(request):
    year = int_param(request.GET.get("year"), 1900, 2100)
    qs = (
        Plan.objects.visible_to(request.user)
        .select_related("org")
        .annotate(item_count=Count("items", filter=Q(items__deleted_at__isnull=True), distinct=True))
        .order_by("-year", "org__path", "id")
    )
    if year is not None:
        qs = qs.filter(year=year)
    from django.core.paginator import Paginator

    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "plans/plan_list.html",
        {
            "page": page,
            "year": year,
            "templates_count": Plan.objects.template_catalogue(request.user).count(),
        },
    )


@login_required
def plan_create(request):
    orgs = rules.plan_orgs(request.user)
    if not orgs.exists():
        raise NotFound("您没有可编制清单的组织。")
    initial = {"year": dates.today().year}
    return form_page(
        request,
        PlanForm(request.POST or None, request.FILES or None, orgs=orgs, initial=initial),
        action=lambda: actions.create_plan(by=request.user, data=request.POST, files=request.FILES, orgs=orgs),
        success=lambda plan: f"已创建{plan.year}年度工作清单。",
        redirect_to=lambda plan: reverse("plans:plan_detail", args=[plan.pk]),
        title="新建年度工作清单",
        back_url=reverse("plans:plan_list"),
        back_label="路径化管理",
        multipart=True,
    )


def _occurrence_counts(plan, today):
    rows = (
        Occurrence.objects.filter(item__plan=plan)
        .values("item_id")
        .annotate(
            total=Count("id"),
            done=Count("id", filter=Q(completed_on__isnull=False)),
            missed=Count("id", filter=Q(completed_on__isnull=True, due__lt=today)),
        )
    )
    return {r["item_id"]: r for r in rows}


@login_required
def plan_detail(request, pk):
    """一解: the items grouped by category, answering what, when, who, how and to what standard."""
    plan = _plan(request, pk)
    today = dates.today()
    items = reports.items_with_people(plan)
    counts = _occurrence_counts(plan, today)
    for item in items:
        item.counts = counts.get(item.id, {"total": 0, "done": 0, "missed": 0})
    person_id = request.user.person_id
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "groups": reports.grouped(items),
            "my_pending": {c.item_id for i in items for c in i.pending_claims if c.person_id == person_id},
            "tab": "plan",
        },
    )


@login_required
def plan_source(request, pk):
    plan = _plan(request, pk)
    if not plan.source_file:
        raise NotFound()
    ext = plan.source_file.name.rsplit(".", 1)[-1]  # stored under the type detected at upload
    response = FileResponse(
        plan.source_file.open("rb"),
        as_attachment=True,
        filename=f"{plan.title}·依据文件.{ext}",
        content_type=uploads.TYPES.get(ext, ("application/octet-stream",))[0],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def item_create(request, pk):
    plan = _plan(request, pk)
    if not _may_manage(request.user, plan):
        raise NotFound()

    def next_page(item):
        if request.POST.get("again"):
            return f"{request.path}?category={item.category}"
        return reverse("plans:plan_detail", args=[plan.pk])

    return form_page(
        request,
        ItemForm(request.POST or None, plan=plan, initial={"category": request.GET.get("category", "")[:30]}),
        action=lambda: actions.add_item(plan, by=request.user, data=request.POST),
        success=lambda item: f"已添加事项：{item.title}",
        redirect_to=next_page,
        template="plans/item_form.html",
        **_item_page(plan, title="添加事项"),
    )


def _item_page(plan, **context):
    back = reverse("plans:plan_detail", args=[plan.pk])
    return {
        "plan": plan,
        "categories": CATEGORIES,
        "back_url": back,
        "back_label": plan.title,
        "testid": "item-form",
        **context,
    }


@login_required
def item_detail(request, pk):
    """Where a search hit on a plan item lands: its row in the plan's 一解 table."""
    item = get_object_for_user(PlanItem, pk, request.user)
    return redirect(f"{reverse('plans:plan_detail', args=[item.plan_id])}#item-{item.pk}")


@login_required
def item_edit(request, pk):
    item = _item(request, pk)
    plan = item.plan
    if not _may_manage(request.user, plan):
        raise NotFound()
    data = request.POST if request.method == "POST" else None
    # A multi-select sends nothing when every owner is removed: say so explicitly.
    payload = {**request.POST.dict(), "owners": request.POST.getlist("owners")}
    return form_page(
        request,
        ItemForm(data, plan=plan, initial=actions.item_form_data(item)),
        action=lambda: actions.update_item(item, by=request.user, data=payload),
        success="已保存。",
        redirect_to=reverse("plans:plan_detail", args=[plan.pk]),
        template="plans/item_form.html",
        **_item_page(plan, item=item, title=f"修改事项：{item.title}"),
    )


@login_required
@require_POST
def item_delete(request, pk):
    item = _item(request, pk)
    return post_action(
        request,
        lambda: actions.delete_item(item, by=request.user),
        success=trash_message("事项", item.title),
        next_default=f"/plans/{item.plan_id}/",
    )


@login_required
@require_POST
def item_claim(request, pk):
    item = _item(request, pk)
    return post_action(
        request,
        lambda: actions.claim_item(item, by=request.user, data=request.POST),
        success=f"已认领“{item.title}”，等待党务管理员确认。",
        next_default=f"/plans/{item.plan_id}/",
    )


@login_required
@require_POST
def item_assign(request, pk):
    item = _item(request, pk)
    return post_action(
        request,
        lambda: actions.assign_owner(item, by=request.user, data=request.POST),
        success=lambda o: f"已将“{item.title}”指派给{o.person.name}。",
        next_default=f"/plans/{item.plan_id}/division/",
    )


@login_required
@require_POST
def owner_remove(request, pk, person_id):
    item = _item(request, pk)
    person = get_object_for_user(Person, person_id, request.user)
    return post_action(
        request,
        lambda: actions.remove_owner(item, person, by=request.user),
        success=f"已取消{person.name}对“{item.title}”的分工；如需恢复，可在下方重新指派。",
        next_default=f"/plans/{item.plan_id}/division/",
    )


def _claim(request, pk):
    return get_object_for_user(Claim.objects.select_related("item__plan__org", "person"), pk, request.user)


@login_required
@require_POST
def claim_confirm(request, pk):
    claim = _claim(request, pk)
    return post_action(
        request,
        lambda: actions.confirm_claim(claim, by=request.user),
        success=f"已确认{claim.person.name}认领“{claim.item.title}”。",
        next_default=f"/plans/{claim.item.plan_id}/division/",
    )


@login_required
@require_POST
def claim_reject(request, pk):
    claim = _claim(request, pk)
    return post_action(
        request,
        lambda: actions.reject_claim(claim, by=request.user, data=request.POST),
        success=f"已驳回{claim.person.name}的认领。",
        next_default=f"/plans/{claim.item.plan_id}/division/",
    )


@login_required
def division(request, pk):
    """一表: members × items; unclaimed items and members without an item stand out."""
    plan = _plan(request, pk)
    data = reports.division(plan)
    matrix = [(p, [i in its for i in data["items"]]) for p, its in data["members"]]
    # Whom 指派 offers: the assign transition's own form for this plan, so the list is what the action accepts.
    assignable = data["items"] and request.user.has_perm("plans.assign", plan)
    people = (
        list(workflows.ITEM.form(data["items"][0], "assign").fields["person"].queryset.order_by("name", "id"))
        if assignable
        else []
    )
    return render(
        request,
        "plans/division.html",
        {
            "plan": plan,
            "d": data,
            "tab": "division",
            "pending": [(i, c) for i in data["items"] for c in i.pending_claims],
            "assign_people": people,
            "matrix": matrix,
            "person_id": request.user.person_id,
        },
    )


@login_required
def occurrence_detail(request, pk):
    occ = get_object_for_user(
        Occurrence.objects.select_related("item__plan__org", "record").with_item_owner_status(), pk, request.user
    )
    item, plan = occ.item, occ.item.plan
    item.owner_status = occ.item_owner_status
    form = CompleteForm(request.POST or None)
    if request.method == "POST":
        try:
            actions.complete_occurrence(occ, by=request.user, data=request.POST, files=request.FILES.getlist("files"))
        except ActionError as e:
            form.is_valid()
            add_errors(form, e)
        else:
            messages.success(request, "已登记完成。")
            return redirect("plans:occurrence_detail", occ.pk)
    owners = list(item.ownerships.select_related("person"))
    status = occ.status(dates.today())
    transitions = {t.name: t for t in workflow.available(occ, request.user)}
    candidates = []
    if item.record_type and "complete" in transitions:
        from records.models import Record

        candidates = list(
            Record.objects.visible_to(request.user)
            .counting_for(item.record_type, plan.year)
            .filter(org__path__startswith=plan.org.path)
            .order_by("-date")[:20]
        )
    return render(
        request,
        "plans/occurrence.html",
        {
            "occ": occ,
            "item": item,
            "plan": plan,
            "owners": owners,
            "status": status,
            "status_label": reports.status_label(status),
            "form": form,
            "transitions": transitions,
            "candidates": candidates,
            "attachments": occ.attachments.all(),
            "record_url": _record_url(occ.record_id),
        },
    )


def _record_url(record_id):
    from django.urls import NoReverseMatch, reverse

    if record_id is None:
        return None
    try:
        return reverse("records:record_detail", args=[record_id])
    except NoReverseMatch:
        return None


@login_required
@require_POST
def occurrence_reopen(request, pk):
    occ = get_object_for_user(Occurrence.objects.select_related("item__plan__org"), pk, request.user)
    return post_action(
        request,
        lambda: actions.reopen_occurrence(occ, by=request.user),
        success="已撤销完成登记。",
        next_default=f"/plans/occurrences/{occ.pk}/",
    )


@login_required
def attachment_download(request, pk):
    """Served with the type found from the content at upload: a PDF named .html stays a PDF download."""
    att = get_object_for_user(OccurrenceAttachment, pk, request.user)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise NotFound() from None
    inline = att.content_type.startswith("image/")
    response = FileResponse(handle, content_type=att.content_type, as_attachment=not inline, filename=att.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_POST
def plan_publish(request, pk):
    plan = _plan(request, pk)
    publish = request.POST.get("publish", "1") == "1"
    return post_action(
        request,
        lambda: actions.publish_template(plan, by=request.user, published=publish),
        success="已发布为模板，其他组织可以复制使用。" if publish else "已取消发布。",
        next_default=f"/plans/{plan.pk}/",
    )


@login_required
def template_list(request):
    templates = (
        Plan.objects.template_catalogue(request.user)
        .select_related("org")
        .annotate(item_count=Count("items", filter=Q(items__deleted_at__isnull=True)))
        .order_by("-published_at")
    )
    return render(request, "plans/templates.html", {"templates": templates})


@login_required
def plan_clone(request, pk):
    source = Plan.objects.clonable_by(request.user).select_related("org").filter(pk=pk).first()
    if source is None:
        raise NotFound()
    orgs = rules.plan_orgs(request.user)
    if not orgs.exists():
        raise NotFound()
    initial = {"year": source.year + 1 if source.org.path in {o.path for o in orgs} else source.year}
    return form_page(
        request,
        CloneForm(request.POST or None, orgs=orgs, initial=initial),
        action=lambda: actions.clone_plan(source, by=request.user, data=request.POST, orgs=orgs),
        success=lambda plan: f"已复制为{plan.org.name}{plan.year}年度清单；责任人需重新认领或指派。",
        redirect_to=lambda plan: reverse("plans:plan_detail", args=[plan.pk]),
        template="plans/clone.html",
        source=source,
        items=source.items.order_by("position", "id"),  # lazy: read only when the page is shown
    )


@login_required
def plan_export(request, pk):
    plan = _plan(request, pk)
    return xlsx_response(
        f"{plan.org.name}_{plan.year}年度工作清单.xlsx",
        importing.plan_sheet(plan, dates.today()),
        by=request.user,
    )


@login_required
def division_export(request, pk):
    plan = _plan(request, pk)
    return xlsx_response(
        f"{plan.org.name}_{plan.year}年度全员分工表.xlsx", importing.division_sheets(plan), by=request.user
    )


@login_required
def import_template(request):
    return template_response("清单事项导入模板.xlsx", importing.SPEC, **importing.template_kwargs())


@login_required
def plan_import_template(request, pk):
    """The template for one plan: its year in the examples, its people offered as owners."""
    plan = _plan(request, pk)
    if not _may_manage(request.user, plan):
        raise NotFound()
    return template_response(
        f"{plan.org.name}_{plan.year}年度清单事项导入模板.xlsx", importing.SPEC, **importing.template_kwargs(plan)
    )


@login_required
def item_import(request, pk):
    plan = _plan(request, pk)
    if not _may_manage(request.user, plan):
        raise NotFound()
    context = {"plan": plan}
    progress = two_step_import(
        request,
        validate=lambda upload: importing.validate_rows(upload, plan=plan),
        kind=importing.KIND,
        scope_key=importing.scope_key(plan),
        context=context,
    )
    if progress is not None:  # confirmed: on to the import's progress page
        return progress
    return render(request, "plans/import.html", context)
