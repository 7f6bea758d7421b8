"""Pages for schemes, declarations and the review queues. Views parse, call an action, render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.dates import this_year
from core.errors import ActionError, Forbidden, NotFound
from core.forms import add_errors
from core.importing import template_response, two_step_import
from core.pages import form_page, post_action
from core.params import id_list
from core.scoping import get_object_for_user
from core.verbs import require_verb, why_not

from . import actions, importing
from .choices import AWAITING_CONFIRMATION, LEVEL_LABELS, LEVEL_STATES, STATE_LEVELS, STATES
from .evidence import ACCEPT
from .forms import DeclarationForm, ItemForm, SchemeForm
from .models import Declaration, Evidence, Review, Scheme
from .rules import administered_units, reviewer_levels, scheme_orgs, unit_confirmation_q
from .workflows import DECLARATION


def require_business(user):
    require_verb(user, "points.use_points")


def pick_scheme(request):
    """The scheme named by ?scheme=, else the newest one the user can see (None if there is none)."""
    qs = Scheme.objects.visible_to(request.user).select_related("org")
    value = request.GET.get("scheme", "")
    if value.isdigit():  # a number out of range is as unknown as any other
        return get_object_for_user(Scheme, value, request.user, queryset=qs)
    return qs.order_by("-year", "-id").first()


@login_required
def home(request):
    require_business(request.user)
    user = request.user
    schemes = list(Scheme.objects.visible_to(user).select_related("org").annotate(n_items=Count("items")))
    mine = Declaration.objects.visible_to(user).filter(declared_by=user)
    counts = dict(mine.values_list("state").annotate(n=Count("id")).order_by())
    queues = [
        (lvl, LEVEL_LABELS[lvl], Declaration.objects.visible_to(user).awaiting_level(lvl, user).count())
        for lvl in reviewer_levels(user)
    ]
    return render(
        request,
        "points/home.html",
        {
            "schemes": schemes,
            "my_counts": [(label, counts.get(code, 0), code) for code, label in STATES if counts.get(code)],
            "queues": queues,
            "can_create_scheme": scheme_orgs(user).filter(kind__in=("committee", "working_committee")).exists(),
            "is_member": bool(user.person_id),
            "own_orgs": administered_units(user),
        },
    )


# ---------------------------------------------------------------- schemes


@login_required
def scheme_create(request):
    require_business(request.user)
    orgs = scheme_orgs(request.user)
    # A scheme is drawn up for the year it runs in (next year's is cloned from this one).
    initial = {"year": this_year(), "full_marks": 100, "linkage_every": 10}
    return form_page(
        request,
        SchemeForm(request.POST or None, orgs=orgs, initial=initial),
        action=lambda: actions.create_scheme(by=request.user, data=request.POST),
        success=lambda scheme: f"已创建积分方案：{scheme.name}",
        redirect_to=lambda scheme: reverse("points:scheme_detail", args=[scheme.pk]),
        title="新建积分方案",
        back_url=reverse("points:home"),
        back_label="积分管理",
        novalidate=True,
    )


@login_required
def scheme_detail(request, pk):
    scheme = get_object_for_user(Scheme, pk, request.user, queryset=Scheme.objects.select_related("org"))
    items = list(scheme.items.select_related("dimension"))
    dims = []
    for item in items:
        if not dims or dims[-1][0] != item.dimension:
            dims.append((item.dimension, []))
        dims[-1][1].append(item)
    can_manage = request.user.has_perm("points.manage_scheme", scheme)
    form = ItemForm(request.POST or None) if can_manage else None
    if request.method == "POST" and can_manage:
        try:
            item = actions.add_item(scheme, by=request.user, data=request.POST)
        except ActionError as e:
            form.is_valid()
            add_errors(form, e) if not form.errors else None
        else:
            messages.success(request, f"已添加积分项目：{item.name}")
            return redirect("points:scheme_detail", scheme.pk)
    return render(
        request,
        "points/scheme_detail.html",
        {
            "scheme": scheme,
            "dims": dims,
            "item_count": len(items),
            "can_manage": can_manage,
            "form": form,
        },
    )


@login_required
@require_POST
def scheme_clone(request, pk):
    scheme = get_object_for_user(Scheme, pk, request.user)
    return post_action(
        request,
        actions.clone_scheme,
        scheme,
        by=request.user,
        success=lambda new: f"已复制为{new.year}年方案：{new.name}",
        next_default=lambda new: reverse("points:scheme_detail", args=[(new or scheme).pk]),
    )


@login_required
def item_import_template(request):
    return template_response("积分项目导入模板.xlsx", importing.SPEC, **importing.template_kwargs())


@login_required
def scheme_import_template(request, pk):
    """The template for one scheme: its dimensions offered in the 维度 column."""
    scheme = get_object_for_user(Scheme, pk, request.user)
    return template_response(
        f"积分项目导入模板_{scheme.name}.xlsx", importing.SPEC, **importing.template_kwargs(scheme)
    )


@login_required
def item_import(request, pk):
    scheme = get_object_for_user(Scheme, pk, request.user)
    require_verb(request.user, "points.manage_scheme", scheme)
    context = {"scheme": scheme}
    progress = two_step_import(
        request,
        validate=importing.validate_rows,
        kind=importing.KIND,
        scope_key=importing.scope_key(scheme),
        context=context,
    )
    if progress is not None:  # confirmed: on to the import's progress page
        return progress
    return render(request, "points/item_import.html", context)


# ---------------------------------------------------------------- declarations


def _records_choices(request, scheme):
    from records.models import Record

    if scheme is None:
        return []
    return list(
        Record.objects.visible_to(request.user)
        .filter(date__year=scheme.year)
        .select_related("org")
        .order_by("-date", "-id")[:200]
    )


def _declaration_page(request, scheme, decl=None):
    items, orgs, people = actions.declaration_choices(request.user, scheme)
    initial = actions.declaration_data(decl) if decl else {"quantity": 1}
    form = DeclarationForm(request.POST or None, initial=initial, items=items, orgs=orgs, people=people)
    evidence_errors = []
    status = 200
    if request.method == "POST":
        records = request.POST.getlist("records")
        submit = request.POST.get("op") == "submit"
        data = request.POST if decl is None else request.POST.dict()
        try:
            # One write: a refused file or field, or a refused submission, saves nothing.
            saved = actions.save_declaration(
                decl,
                by=request.user,
                data=data,
                records=records,
                files=request.FILES.getlist("evidence"),
                submit=submit,
            )
        except ActionError as e:
            # A subject one may not declare for is told like a missing one, with the same 404 as the API.
            status = 404 if isinstance(e, NotFound) else 200
            evidence_errors = e.errors.get("evidence", [])
            form.is_valid()
            others = {k: v for k, v in e.errors.items() if k != "evidence"}
            if evidence_errors:
                form.add_error(None, "申报没有保存，也没有提交：佐证材料未通过核验。请重新选择文件后再保存。")
            elif not form.errors:
                add_errors(form, type(e)(e.detail, others))
        else:
            if submit:
                messages.success(request, f"已提交申报，当前状态：{saved.state_label}")
            else:
                messages.success(request, "已保存申报草稿。")
            return redirect("points:declaration_detail", saved.pk)
    selected = (
        set(id_list(request.POST.getlist("records")))
        if request.method == "POST"
        else (set(decl.records.values_list("pk", flat=True)) if decl else set())
    )
    return render(
        request,
        "points/declaration_form.html",
        {
            "form": form,
            "scheme": scheme,
            "decl": decl,
            "records": _records_choices(request, scheme),
            "selected_records": selected,
            "accept": ACCEPT,
            "evidence_errors": evidence_errors,
            "item_types": {i.pk: i.subject_type for i in items} if items is not None else {},
        },
        status=status,
    )


@login_required
def declaration_create(request):
    require_business(request.user)
    scheme = pick_scheme(request)
    if scheme is None:
        messages.error(request, "还没有可申报的积分方案。")
        return redirect("points:home")
    return _declaration_page(request, scheme)


@login_required
def declaration_edit(request, pk):
    decl = get_object_for_user(Declaration, pk, request.user)
    return _declaration_page(request, decl.scheme, decl)


@login_required
def declaration_list(request):
    require_business(request.user)
    g = request.GET
    qs = Declaration.objects.visible_to(request.user).select_related("item", "subject_org", "subject_person")
    if g.get("mine"):
        qs = qs.filter(declared_by=request.user)
    if g.get("state") in dict(STATES):
        qs = qs.filter(state=g["state"])
    if g.get("confirm"):
        qs = qs.filter(unit_confirmation_q(request.user), state=AWAITING_CONFIRMATION).exclude(declared_by=request.user)
    page = Paginator(qs, 30).get_page(g.get("page"))
    # 申报积分 needs a scheme to declare under (declaration_create sends the user back without one).
    can_declare = Scheme.objects.visible_to(request.user).exists()
    return render(request, "points/declaration_list.html", {"page": page, "states": STATES, "can_declare": can_declare})


@login_required
def declaration_detail(request, pk):
    qs = Declaration.objects.select_related(
        "item", "item__dimension", "scheme__org", "subject_org", "subject_person", "declared_by"
    ).prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("by", "by__person")))
    decl = get_object_for_user(Declaration, pk, request.user, queryset=qs)
    user = request.user
    # Every button on the page is one of these: the page never re-derives who may do what.
    actions_now = {t.name: t for t in DECLARATION.available(decl, user)}
    return render(
        request,
        "points/declaration_detail.html",
        {
            "decl": decl,
            "reviews": decl.reviews.all(),
            "evidence": decl.evidence.all(),
            "records": decl.records.select_related("org"),
            "entries": decl.entries.all(),
            "can_edit": actions.update_refusal(decl, user) is None,
            "submit_actions": [actions_now[n] for n in ("submit",) if n in actions_now],
            "confirm_actions": [actions_now[n] for n in ("confirm", "dispute") if n in actions_now],
            "review_actions": [actions_now[n] for n in ("approve", "return", "reject") if n in actions_now],
            "level_label": LEVEL_LABELS.get(STATE_LEVELS.get(decl.state), ""),
        },
    )


@login_required
def evidence_download(request, pk):
    ev = Evidence.objects.filter(pk=pk, declaration__in=Declaration.objects.visible_to(request.user)).first()
    if ev is None:
        raise NotFound()
    response = FileResponse(ev.file.open("rb"), content_type=ev.content_type, as_attachment=True, filename=ev.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _transition(request, pk, fn, ok_message):
    """Run a declaration's transition from a button; back to the declaration (or a safe `next`)."""
    decl = get_object_for_user(Declaration, pk, request.user)
    return post_action(
        request,
        fn,
        decl,
        success=lambda d: ok_message.format(state=d.state_label),
        next_default=reverse("points:declaration_detail", args=[pk]),
    )


@login_required
@require_POST
def declaration_submit(request, pk):
    return _transition(
        request, pk, lambda d: actions.submit_declaration(d, by=request.user), "已提交，当前状态：{state}"
    )


@login_required
@require_POST
def declaration_confirm(request, pk):
    return _transition(
        request,
        pk,
        lambda d: actions.confirm_declaration(d, by=request.user, data=request.POST),
        "已处理，当前状态：{state}",
    )


@login_required
@require_POST
def declaration_review(request, pk):
    return _transition(
        request,
        pk,
        lambda d: actions.review_declaration(d, by=request.user, data=request.POST),
        "审核完成，当前状态：{state}",
    )


# ---------------------------------------------------------------- review queues


@login_required
def review_queue(request):
    require_business(request.user)
    levels = reviewer_levels(request.user)
    if not levels:
        raise Forbidden("您不是积分审核人。")
    level = int(request.GET["level"]) if request.GET.get("level") in ("1", "2", "3") else levels[0]
    if level not in levels:
        raise Forbidden(f"您不是{LEVEL_LABELS[level]}的审核人。")
    qs = (
        Declaration.objects.visible_to(request.user)
        .awaiting_level(level, request.user)
        .select_related(
            "item", "item__dimension", "subject_org", "subject_person", "declared_by", "declared_by__person"
        )
        .annotate(n_evidence=Count("evidence", distinct=True))
        .order_by("submitted_at", "id")
    )
    qs = qs.prefetch_related(Prefetch("reviews", queryset=Review.objects.filter(by=request.user)))
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    for d in page.object_list:
        # Batch approval offers a row only when approving it would succeed (not her own, not twice).
        d.review_refusal = why_not("points.declaration.review", request.user, d)
    counts = (
        {lvl: Declaration.objects.visible_to(request.user).awaiting_level(lvl, request.user).count() for lvl in levels}
        if len(levels) > 1
        else {level: page.paginator.count}
    )
    return render(
        request,
        "points/review_queue.html",
        {
            "page": page,
            "level": level,
            "level_label": LEVEL_LABELS[level],
            "tabs": [(lvl, LEVEL_LABELS[lvl], counts.get(lvl, 0)) for lvl in levels],
            "state": LEVEL_STATES[level],
            "reviewable": any(d.review_refusal is None for d in page.object_list),
        },
    )


@login_required
@require_POST
def review_batch(request):
    ids = id_list(request.POST.getlist("ids"), limit=200)
    level = request.POST.get("level", "1")
    comment = request.POST.get("comment", "")
    if not ids:
        messages.error(request, "请先勾选要批量通过的申报。")
    elif len(comment) > 500:
        messages.error(request, f"审核意见不能超过500个字（现在有{len(comment)}个），未作审核。")
    else:
        results = actions.batch_review(
            ids,
            by=request.user,
            data={"decision": "approve", "comment": comment},
            queryset=Declaration.objects.visible_to(request.user),
        )
        ok = sum(1 for _pk, good, _m in results if good)
        messages.success(request, f"批量通过 {ok} 条。")
        for pk, good, msg in results:
            if not good:
                messages.error(request, f"申报 #{pk} 未通过：{msg}")
    return redirect(f"/points/reviews/?level={level if level in ('1', '2', '3') else '1'}")
