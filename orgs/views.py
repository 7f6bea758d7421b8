from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_POST

from accounts import scope
from core import audit, dates
from core.errors import ActionError, Forbidden
from core.excel import Column, Ledger, scope_name, xlsx_response
from core.importing import template_response, two_step_import
from core.models import path_q
from core.modules import contributions
from core.pages import form_page, post_action
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import actions, importing
from .choices import CATEGORIES, ORG_KIND_LABELS, STATUSES
from .forms import OrganisationForm, PersonForm, PositionForm, TransferForm
from .models import Organisation, Person, Position
from .rules import phone_reader

ORG_PAGE = {"back_url": reverse_lazy("org_tree"), "back_label": "组织架构", "max_width": "40rem"}
PERSON_PAGE = {"back_url": reverse_lazy("person_list"), "back_label": "人员管理", "max_width": "40rem"}


def _subtree_counts(orgs):
    """Active Party members per subtree, from one grouped query over the subtrees the orgs span."""
    if not orgs:
        return {}
    steplen = Organisation.steplen
    tops = scope.topmost_paths(o.path for o in orgs)
    per_path = (
        Person.objects.active()
        .party_members()
        .filter(path_q("org__path", tops))
        .values("org__path")
        .annotate(n=Count("id"))
    )
    wanted = {o.path for o in orgs}
    totals = dict.fromkeys(wanted, 0)
    for row in per_path:
        path = row["org__path"]
        for cut in range(steplen, len(path) + 1, steplen):
            prefix = path[:cut]
            if prefix in wanted:
                totals[prefix] += row["n"]
    # Members sit in a branch and belong to a party group through `group`, not through `org`.
    groups = {o.pk: o.path for o in orgs if o.kind == "group"}
    if groups:
        per_group = (
            Person.objects.active()
            .party_members()
            .filter(group_id__in=groups)
            .values("group_id")
            .annotate(n=Count("id"))
        )
        for row in per_group:
            totals[groups[row["group_id"]]] = row["n"]
    return totals


@login_required
def org_tree(request):
    orgs = list(Organisation.objects.visible_to(request.user))
    if not orgs:
        raise Forbidden("您没有可查看的组织。")
    counts = _subtree_counts(orgs)
    min_depth = min(o.depth for o in orgs)
    rows = [{"org": o, "indent": o.depth - min_depth, "members": counts.get(o.path, 0)} for o in orgs]
    can_add = request.user.has_perm("orgs.add_org")
    return render(request, "orgs/org_tree.html", {"rows": rows, "can_add": can_add, "kinds": ORG_KIND_LABELS})


@login_required
def org_detail(request, pk):
    org = get_object_for_user(Organisation, pk, request.user)
    children = list(org.get_children())
    counts = _subtree_counts([org, *children])
    positions = Position.objects.visible_to(request.user).filter(org=org).current().select_related("person")
    can_manage = request.user.has_perm("orgs.change_organisation", org)
    position_form = None
    if can_manage:
        position_form = PositionForm(
            people=Person.objects.structure_editable_by(request.user).filter(org__path__startswith=org.path).active()
        )
    ancestors = list(org.get_ancestors().visible_to(request.user)) if org.depth > 1 else []
    return render(
        request,
        "orgs/org_detail.html",
        {
            "panels": org_panels(request.user, org),
            "org": org,
            "children": [(c, counts.get(c.path, 0)) for c in children],
            "members": counts.get(org.path, 0),
            "positions": positions,
            "can_manage": can_manage,
            # person_list refuses plain members: no link to the roster for them.
            "can_list_people": request.user.has_perm("orgs.list_people"),
            "position_form": position_form,
            "ancestors": ancestors,
        },
    )


def org_panels(user, org):
    """What other modules show on an organisation's page (extension point "orgs.panels"): each contribution is
    a function (user, org) returning a panel {"title", "rows": [{"text", "url", "note"}], "more_url"} or None; an
    optional "html" (a template's rendered, escaped output, e.g. a chart) is shown below the rows."""
    return _panels("orgs.panels", user, org)


def person_panels(user, person):
    """What other modules show on a person's page (extension point "people.panels"), as on an organisation's."""
    return _panels("people.panels", user, person)


def _panels(point, user, obj):
    """The panels modules contribute to `point`: each contribution answers a panel, a list of them, or None."""
    out = []
    for _module, build in contributions(point):
        got = build(user, obj)
        out += [p for p in got if p] if isinstance(got, list) else [got] if got else []
    return out


@login_required
def org_create(request):
    parents = Organisation.objects.structure_editable_by(request.user)
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = request.GET["parent"]
    return form_page(
        request,
        OrganisationForm(request.POST or None, parents=parents, initial=initial),
        action=lambda: actions.create_org(by=request.user, data=request.POST, parents=parents),
        success=lambda org: f"已创建{org.kind_label}：{org.name}",
        redirect_to=lambda org: reverse("org_detail", args=[org.pk]),
        title="新建党组织",
        **ORG_PAGE,
    )


@login_required
def org_edit(request, pk):
    org = get_object_for_user(Organisation, pk, request.user)
    if not request.user.has_perm("orgs.change_organisation", org):
        raise Forbidden("您不能修改该组织。")
    data = {"name": org.name, "kind": org.kind, "unit": org.unit}
    form = OrganisationForm(request.POST or None, initial=data, parents=Organisation.objects.none())
    form.fields.pop("parent")
    payload = {k: request.POST.get(k, "") for k in ("name", "kind", "unit")}
    return form_page(
        request,
        form,
        action=lambda: actions.update_org(org, by=request.user, data=payload),
        success="已保存。",
        redirect_to=reverse("org_detail", args=[org.pk]),
        title=f"修改：{org.name}",
        **ORG_PAGE,
    )


@login_required
@require_POST
def position_assign(request, pk):
    org = get_object_for_user(Organisation, pk, request.user)
    people = Person.objects.structure_editable_by(request.user)
    try:
        p = actions.assign_position(org, by=request.user, data=request.POST, people=people)
        messages.success(request, f"已任命{p.person.name}为{p.title}。")
    except ActionError as e:
        messages.error(request, e.detail)
    return redirect("org_detail", org.pk)


@login_required
@require_POST
def position_end(request, pk):
    position = get_object_for_user(Position, pk, request.user)
    return post_action(
        request,
        actions.end_position,
        position,
        by=request.user,
        ended_on=dates.today(),
        success=f"已免去{position.person.name}的{position.title}职务。",
        next_default=reverse("org_detail", args=[position.org_id]),
    )


def _people_queryset(request):
    """The people list with its filters: name or pinyin initials, category, organisation subtree."""
    g = request.GET
    qs = Person.objects.visible_to(request.user).select_related("org", "group")
    qs = qs.search(g.get("q", "")[:50])
    if g.get("category") in dict(CATEGORIES):
        qs = qs.filter(category=g["category"])
    status = g.get("status", "active")
    if status:
        qs = qs.filter(status=status)
    org = None
    if g.get("org", "").isdigit():
        org = get_object_for_user(Organisation, g["org"], request.user)
        qs = qs.filter(org__path__startswith=org.path)
    return qs, org


@login_required
def person_list(request):
    require_verb(request.user, "orgs.list_people")
    qs, org = _people_queryset(request)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    orgs = Organisation.objects.visible_to(request.user).exclude(kind="group")
    can_add = request.user.has_perm("orgs.add_people")
    return render(
        request,
        "orgs/person_list.html",
        {
            "page": page,
            "categories": CATEGORIES,
            "orgs": orgs,
            "selected_org": org,
            "can_add": can_add,
        },
    )


EXPORT_COLUMNS = [
    Column("序号", "int", 6),
    Column("姓名"),
    Column("性别"),
    Column("民族"),
    Column("出生日期", "date"),
    Column("身份证号（脱敏）", width=22),
    Column("联系电话", width=15),
    Column("学历"),
    Column("入党日期", "date"),
    Column("转正日期", "date"),
    Column("人员类别"),
    Column("所在党组织"),
    Column("所在党小组"),
    Column("状态"),
]
PHONE_COLUMN = 6


@login_required
def person_export(request):
    require_verb(request.user, "orgs.list_people", message="您没有导出人员名册的权限。")
    qs, org = _people_queryset(request)
    may_read_phone = phone_reader(request.user)
    any_phone = request.user.has_perm("orgs.see_phone")
    columns = EXPORT_COLUMNS if any_phone else [c for i, c in enumerate(EXPORT_COLUMNS) if i != PHONE_COLUMN]

    def rows():
        for n, p in enumerate(qs.iterator(chunk_size=2000), start=1):
            row = [
                n,
                p.name,
                p.get_gender_display(),
                p.ethnicity,
                p.birth_date,
                p.id_number_masked,
                p.phone if may_read_phone(p) else audit.mask_phone(p.phone),  # masked as in the audit log
                p.get_education_display(),
                p.joined_on,
                p.full_member_on,
                p.get_category_display(),
                p.org.name,
                p.group.name if p.group else "",
                p.get_status_display(),
            ]
            if not any_phone:
                del row[PHONE_COLUMN]
            yield row

    status = dict(STATUSES).get(request.GET.get("status", "active"), "全部状态")
    category = dict(CATEGORIES).get(request.GET.get("category"), "全部类别")
    if not any_phone:
        phone_note = "　联系电话仅党务管理员可见，本表未列出"
    elif not request.user.has_perm("orgs.see_every_phone"):
        phone_note = "　联系电话只对您管理的党组织完整显示"
    else:
        phone_note = ""
    org_name = org.name if org else scope_name(request.user)
    ledger = Ledger(
        name="人员名册",
        title=f"{org_name}人员名册",
        columns=columns,
        rows=rows(),
        org=org_name,
        note=f"范围：{category}、{status}" + phone_note,
    )
    today = dates.today()
    return xlsx_response(f"人员名册_{today:%Y%m%d}.xlsx", [ledger], by=request.user)


@login_required
def person_import_template(request):
    orgs = Organisation.objects.structure_editable_by(request.user)
    if not orgs.exists():
        raise Forbidden("您没有导入人员的权限。")
    return template_response("人员导入模板.xlsx", importing.SPEC, **importing.template_kwargs(orgs))


@login_required
def person_import(request):
    orgs = Organisation.objects.structure_editable_by(request.user)
    if not orgs.exists():
        raise Forbidden("您没有导入人员的权限。")
    context = {}
    progress = two_step_import(
        request,
        validate=lambda upload: importing.validate_rows(upload, orgs=orgs, by=request.user),
        kind=importing.KIND,
        scope_key=importing.SCOPE,
        context=context,
    )
    if progress is not None:  # confirmed: on to the import's progress page
        return progress
    return render(request, "orgs/person_import.html", context)


@login_required
def person_detail(request, pk):
    person = get_object_for_user(Person.objects.select_related("org", "group", "team"), pk, request.user)
    from .views_teams import person_team_form

    return render(
        request,
        "orgs/person_detail.html",
        {
            "person": person,
            "positions": person.positions.select_related("org"),
            "transfers": person.transfers.select_related("from_org", "to_org"),
            "can_edit": request.user.has_perm("orgs.change_person", person),
            "transfer_form": TransferForm(orgs=Organisation.objects.structure_editable_by(request.user)),
            "panels": person_panels(request.user, person),
            "team_form": person_team_form(request.user, person),
        },
    )


@login_required
def person_create(request):
    orgs = Organisation.objects.structure_editable_by(request.user)
    if not orgs.exists():
        raise Forbidden("您没有新增人员的权限。")
    initial = {"org": request.GET["org"]} if request.GET.get("org", "").isdigit() else {}
    return form_page(
        request,
        PersonForm(request.POST or None, orgs=orgs, initial=initial),
        action=lambda: actions.create_person(by=request.user, data=request.POST, orgs=orgs),
        success=lambda person: f"已新增人员：{person.name}",
        redirect_to=lambda person: reverse("person_detail", args=[person.pk]),
        title="新增人员",
        **PERSON_PAGE,
    )


@login_required
def person_edit(request, pk):
    person = get_object_for_user(Person, pk, request.user)
    if not request.user.has_perm("orgs.change_person", person):
        raise Forbidden("您不能修改该人员信息。")
    orgs = Organisation.objects.structure_editable_by(request.user)
    title = f"修改：{person.name}"
    data = request.POST.copy()
    data["org"] = str(person.org_id)

    def person_form(data, instance):
        form = PersonForm(data, instance=instance, orgs=orgs)
        form.fields["org"].disabled = True
        return form

    return form_page(
        request,
        person_form(request.POST or None, person),
        action=lambda: actions.update_person(person, by=request.user, data=data.dict(), orgs=orgs),
        # The refused action may have changed `person` in memory: refill from the row as stored.
        on_refused=lambda e: person_form(data, Person.objects.get(pk=person.pk)),
        success="已保存。",
        redirect_to=reverse("person_detail", args=[person.pk]),
        title=title,
        **PERSON_PAGE,
    )


@login_required
@require_POST
def person_transfer(request, pk):
    person = get_object_for_user(Person, pk, request.user)
    try:
        t = actions.transfer_person(
            person, by=request.user, data=request.POST, orgs=Organisation.objects.structure_editable_by(request.user)
        )
        messages.success(request, f"已将{person.name}的组织关系转至{t.to_org.name}。")
    except ActionError as e:
        messages.error(request, e.detail)
    return redirect("person_detail", person.pk)
