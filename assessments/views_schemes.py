"""Pages of 考核方案: the list, a scheme's page (categories, items, totals, thresholds, sections), its forms, the
.xlsx import with its template, the clone, and the 网站汇总 measure of an item for one organisation."""

import datetime

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.dates import this_year, today
from core.errors import ActionError
from core.importing import template_response, two_step_import
from core.pages import form_page, post_action
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_schemes as actions
from . import importing_schemes as importing
from . import rules, schemes_read, sources
from .choices import DEFAULT_SELFCHECK_SECTIONS
from .forms_schemes import CloneForm, ItemForm, SchemeForm
from .models import Item, Scheme

DEFAULT_STARS = {"star_5": 90, "star_4": 80, "star_3": 70, "star_2": 60, "star_1": 0}


def may_use(user):
    return user.has_perm("assessments.use_schemes")


def _scheme(request, pk):
    return get_object_for_user(Scheme, pk, request.user, queryset=Scheme.objects.select_related("org"))


def _item(request, pk):
    qs = Item.objects.select_related("scheme__org", "category")
    return get_object_for_user(Item, pk, request.user, queryset=qs)


@login_required
def scheme_list(request):
    require_verb(request.user, "assessments.use_schemes")
    qs = Scheme.objects.visible_to(request.user).select_related("org")
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(year=int(year))
    views = schemes_read.summaries(list(qs[:200]))
    return render(
        request,
        "assessments/schemes/scheme_list.html",
        {"views": views, "can_create": rules.scheme_orgs(request.user).exists(), "year": year},
    )


@login_required
def scheme_create(request):
    require_verb(request.user, "assessments.use_schemes")
    orgs = rules.scheme_orgs(request.user)
    initial = {
        "year": this_year(),
        "sections": "\n".join(s["label"] for s in DEFAULT_SELFCHECK_SECTIONS),
        **DEFAULT_STARS,
    }
    first = orgs.order_by("path").first()
    if first is not None:
        initial["org"] = first.pk
    return form_page(
        request,
        SchemeForm(request.POST or None, orgs=orgs, initial=initial),
        action=lambda: actions.create_scheme(by=request.user, data=request.POST, page=True),
        success=lambda scheme: f"已创建考核方案：{scheme}",
        redirect_to=lambda scheme: reverse("assessments:scheme_detail", args=[scheme.pk]),
        title="新建考核方案",
        back_url=reverse("assessments:scheme_list"),
        back_label="考核方案",
        note="星级标准：得分达到某星级的最低得分即评为该星级（取达到的最高星级）；不设的星级留空。",
        novalidate=True,
        testid="scheme-form",
    )


@login_required
def scheme_detail(request, pk):
    scheme = _scheme(request, pk)
    view = schemes_read.SchemeView(scheme)
    return render(
        request,
        "assessments/schemes/scheme_detail.html",
        {
            "scheme": scheme,
            "view": view,
            "can_manage": view.may_manage(request.user),
            "methods": sorted({i.get_method_display() for i in view.items}),
        },
    )


@login_required
def scheme_edit(request, pk):
    scheme = _scheme(request, pk)
    require_verb(request.user, "assessments.manage_scheme", scheme)
    form = SchemeForm(
        request.POST or None,
        orgs=Organisation.objects.filter(pk=scheme.org_id),
        current_sections=scheme.selfcheck_sections,
        initial=actions.scheme_form_data(scheme, page=True),
    )
    form.fields["org"].disabled = True
    in_use = actions.opened_round(scheme)
    return form_page(
        request,
        form,
        action=lambda: actions.update_scheme(scheme, by=request.user, data=request.POST, page=True),
        success="已保存。",
        redirect_to=reverse("assessments:scheme_detail", args=[scheme.pk]),
        title=f"修改考核方案：{scheme}",
        back_url=reverse("assessments:scheme_detail", args=[scheme.pk]),
        back_label=str(scheme),
        note=(
            f"该方案已用于“{in_use.title}”，年度、星级标准和自查报告栏目不能再修改。"
            if in_use
            else "星级标准：得分达到某星级的最低得分即评为该星级；不设的星级留空。"
        ),
        novalidate=True,
        testid="scheme-form",
    )


@login_required
def scheme_clone(request, pk):
    scheme = _scheme(request, pk)
    require_verb(request.user, "assessments.manage_scheme", scheme)
    return form_page(
        request,
        CloneForm(request.POST or None, initial={"year": scheme.year + 1, "name": scheme.name}),
        action=lambda: actions.clone_scheme(scheme, by=request.user, data=request.POST),
        success=lambda new: f"已复制为{new}，共{new.items.count()}个考核项目。",
        redirect_to=lambda new: reverse("assessments:scheme_detail", args=[new.pk]),
        title=f"复制考核方案：{scheme}",
        back_url=reverse("assessments:scheme_detail", args=[scheme.pk]),
        back_label=str(scheme),
        submit_label="复制",
        note="复制类别、考核项目（含一票否决、数据来源和计分公式）、星级标准和自查报告栏目；考核轮次和评分不复制。",
        novalidate=True,
        testid="clone-form",
    )


def _item_page(scheme, **context):
    return {
        "scheme": scheme,
        "categories": list(scheme.categories.values_list("name", flat=True)),
        "measures": list(sources.REGISTRY.values()),
        "back_url": reverse("assessments:scheme_detail", args=[scheme.pk]),
        "back_label": str(scheme),
        "novalidate": True,
        "testid": "item-form",
        **context,
    }


@login_required
def item_create(request, pk):
    scheme = _scheme(request, pk)
    require_verb(request.user, "assessments.manage_scheme", scheme)

    def next_page(item):
        if request.POST.get("again"):
            return f"{request.path}?category={item.category.name}"
        return reverse("assessments:scheme_detail", args=[scheme.pk]) + f"#item-{item.pk}"

    return form_page(
        request,
        ItemForm(request.POST or None, initial={"category": request.GET.get("category", "")[:50]}),
        action=lambda: actions.add_item(scheme, by=request.user, data=request.POST),
        success=lambda item: f"已添加考核项目：{item.name}",
        redirect_to=next_page,
        template="assessments/schemes/item_form.html",
        **_item_page(scheme, title="添加考核项目"),
    )


@login_required
def item_edit(request, pk):
    item = _item(request, pk)
    require_verb(request.user, "assessments.manage_scheme", item)
    scheme = item.scheme
    return form_page(
        request,
        ItemForm(request.POST or None, initial=actions.item_form_data(item)),
        action=lambda: actions.update_item(item, by=request.user, data=request.POST),
        success="已保存。",
        redirect_to=reverse("assessments:scheme_detail", args=[scheme.pk]) + f"#item-{item.pk}",
        template="assessments/schemes/item_form.html",
        **_item_page(scheme, item=item, title=f"修改考核项目：{item.name}"),
    )


@login_required
@require_POST
def item_delete(request, pk):
    item = _item(request, pk)
    name = item.name
    return post_action(
        request,
        lambda: actions.delete_item(item, by=request.user),
        success=f"已删除考核项目：{name}",
        next_default=reverse("assessments:scheme_detail", args=[item.scheme_id]),
    )


@login_required
def item_import_template(request):
    require_verb(request.user, "assessments.use_schemes")
    return template_response("考核项目导入模板.xlsx", importing.SPEC, **importing.template_kwargs())


@login_required
def scheme_import_template(request, pk):
    scheme = _scheme(request, pk)
    return template_response(f"考核项目导入模板_{scheme}.xlsx", importing.SPEC, **importing.template_kwargs(scheme))


@login_required
def item_import(request, pk):
    scheme = _scheme(request, pk)
    require_verb(request.user, "assessments.manage_scheme", scheme)
    context = {"scheme": scheme, "in_use": actions.opened_round(scheme)}
    if context["in_use"] is not None and request.method == "POST":
        try:
            actions.refuse_if_in_use(scheme)
        except ActionError as e:
            context["error"] = e.detail
            return render(request, "assessments/schemes/item_import.html", context, status=409)
    progress = two_step_import(
        request,
        validate=lambda upload: importing.validate_rows(upload, scheme=scheme),
        kind=importing.KIND,
        scope_key=importing.scope_key(scheme),
        context=context,
    )
    if progress is not None:
        return progress
    if context.get("rows"):
        context["total_after"] = importing.total_after(scheme, context["rows"])
    return render(request, "assessments/schemes/item_import.html", context)


def _date(value, default):
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return None


@login_required
def item_measure(request, pk):
    """试算: what a 网站汇总 item's measure gives one organisation in a period, with the evidence link."""
    item = schemes_read.measurable_item(pk, request.user)
    scheme = item.scheme
    orgs = list(schemes_read.measure_orgs(item, request.user))
    year_start = datetime.date(scheme.year, 1, 1)
    start = _date(request.GET.get("start", ""), year_start)
    end = _date(request.GET.get("end", ""), min(today(), datetime.date(scheme.year, 12, 31)))
    org_id = request.GET.get("org", "")
    chosen = next((o for o in orgs if str(o.pk) == org_id), orgs[0] if orgs and not org_id else None)
    result, error = None, None
    if start is None or end is None:
        error = "日期格式应为 2026-03-31。"
    elif chosen is None:
        error = "未找到该组织，或您无权查看其数据。" if org_id else "没有可查看数据的组织。"
    else:
        try:
            result = schemes_read.measure_for(item, chosen, start, end, by=request.user)
        except ActionError as e:
            error = e.detail
    return render(
        request,
        "assessments/schemes/item_measure.html",
        {
            "item": item,
            "scheme": scheme,
            "orgs": orgs,
            "chosen": chosen,
            "start": start or year_start,
            "end": end or year_start,
            "result": result,
            "error": error,
            "formula_text": sources.formula_sentence(item),
        },
    )
