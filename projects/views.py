"""Pages of 项目化管理: project list, charter create/edit/detail, transitions, 立项表 print, export, catalogue, settings."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.errors import NotFound
from core.excel import xlsx_response
from core.pages import form_page, post_action
from core.params import id_param
from core.scoping import get_object_for_user
from orgs.models import Organisation

from . import actions, config, exports, queries, rules
from .choices import ProjectState, Tier
from .completeness import missing
from .forms import CategoryForm, EntryForm, ProjectForm, SettingsForm
from .models import CatalogueEntry
from .workflows import PROJECT


def _filters(request):
    get = request.GET
    org = (
        get_object_for_user(Organisation, id_param(get.get("org")), request.user) if id_param(get.get("org")) else None
    )
    tier = get.get("tier") if get.get("tier") in Tier.values else ""
    state = get.get("state") if get.get("state") in ProjectState.values else ""
    category = id_param(get.get("category"))
    return {"org": org, "tier": tier, "state": state, "category": category}


@login_required
def project_list(request):
    f = _filters(request)
    qs = queries.projects(request.user, under=f["org"], tier=f["tier"], category=f["category"], state=f["state"])
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project_list.html",
        {
            "page": page,
            "f": f,
            "tiers": Tier.choices,
            "states": ProjectState.choices,
            "categories": queries.categories(request.user),
            "orgs": Organisation.objects.visible_to(request.user).exclude(kind="group").order_by("path"),
            "may_create": rules.creatable_orgs(request.user).exists(),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def project_export(request):
    """项目管理台账 (.xlsx): the projects of the list's filters."""
    f = _filters(request)
    qs = queries.projects(request.user, under=f["org"], tier=f["tier"], category=f["category"], state=f["state"])
    return xlsx_response("项目管理台账.xlsx", exports.project_sheets(qs, request.user), by=request.user)


def _charter_page(**context):
    return {"template": "projects/project_form.html", "testid": "project-form", "max_width": "60rem", **context}


@login_required
def project_create(request):
    orgs = rules.creatable_orgs(request.user)
    if not orgs.exists():
        raise NotFound("您没有可立项的党组织。")
    entry = None
    entry_id = id_param(request.GET.get("entry") or request.POST.get("entry"))
    if entry_id:
        entry = get_object_for_user(CatalogueEntry.objects.select_related("category"), entry_id, request.user)
    initial = {"org": orgs.first().pk if orgs.count() == 1 else None, **(actions.entry_initial(entry) if entry else {})}
    problem = _problem_param(request)
    if problem is not None:
        initial.update(problems=[problem.pk], problem=problem.title)
    form = ProjectForm(request.POST or None, orgs=orgs, initial=initial, user=request.user)
    return form_page(
        request,
        form,
        action=lambda: actions.create_project(by=request.user, data=request.POST, entry=entry),
        success=lambda p: f"已创建项目“{p.title}”（草稿）。立项表填写完整后可申报立项。",
        redirect_to=lambda p: reverse("projects:project_detail", args=[p.pk]),
        title="新建党建项目（选题）" + (f"：参照“{entry.title}”" if entry else ""),
        back_url=reverse("projects:project_list"),
        back_label="党建项目",
        entry=entry,
        submit_label="保存草稿",
        **_charter_page(),
    )


def _problem_param(request):
    """`?problem=` (from the problem page, through the catalogue): the problem the new project breaks."""
    from .forms import problem_choices

    problem_id = id_param(request.GET.get("problem"))
    return get_object_for_user(problem_choices(request.user), problem_id, request.user) if problem_id else None


def _project(request, pk):
    return get_object_for_user(queries.project_qs(), pk, request.user)


@login_required
def project_edit(request, pk):
    project = _project(request, pk)
    if not request.user.has_perm("projects.update", project):
        raise NotFound()
    payload = request.POST.copy()
    return form_page(
        request,
        ProjectForm(
            request.POST or None,
            orgs=rules.creatable_orgs(request.user),
            initial=actions.project_form_data(project),
            user=request.user,
        ),
        action=lambda: actions.update_project(project, by=request.user, data=payload),
        success="立项表已保存。",
        redirect_to=reverse("projects:project_detail", args=[project.pk]),
        title=f"修改立项表：{project.title}",
        back_url=reverse("projects:project_detail", args=[project.pk]),
        back_label=project.title,
        project=project,
        **_charter_page(),
    )


@login_required
def project_detail(request, pk):
    project = _project(request, pk)
    five, one5, _errors = missing(project)
    available = PROJECT.available(project, request.user)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "transitions": [(t, t.form is not None) for t in available],
            "log": _log(project),
            "missing_five": five,
            "missing_one5": one5,
            "may_edit": request.user.has_perm("projects.update", project) and project.state in ("draft", "returned"),
            "settings": config.project_settings(project),
            "needs_approval": config.needs_approval(project),
        },
    )


def _log(project):
    rows = list(project.log.select_related("by"))
    for row in rows:
        row.label = PROJECT._by_name[row.action].label if row.action in PROJECT._by_name else row.action
    return rows


@login_required
@require_POST
def project_transition(request, pk, name):
    project = _project(request, pk)
    comment = (request.POST.get("comment") or "")[:500]
    return post_action(
        request,
        lambda: actions.transition(project, name, by=request.user, comment=comment),
        success=lambda p: f"已{PROJECT.transition(name).label}：{p.title}（{p.state_label}）。",
        next_default=reverse("projects:project_detail", args=[project.pk]),
    )


@login_required
def project_print(request, pk):
    """立项表 on A4: every field of the charter, the assessment mechanism and the signatures."""
    project = _project(request, pk)
    return render(
        request,
        "projects/project_print.html",
        {"project": project, "log": _log(project), "settings": config.project_settings(project)},
    )


# ---------------------------------------------------------------- catalogue and settings


@login_required
def catalogue(request):
    category = id_param(request.GET.get("category"))
    entries = queries.entries(request.user, category=category).order_by(
        "category__committee__path", "category__position", "title"
    )
    return render(
        request,
        "projects/catalogue.html",
        {
            "entries": entries,
            "categories": queries.categories(request.user),
            "category": category,
            "may_add": rules.configurable_committees(request.user).exists(),
            "may_create": rules.creatable_orgs(request.user).exists(),
            "problem": _problem_param(request),
        },
    )


@login_required
def entry_create(request):
    categories = actions.manageable_categories(request.user)
    if not categories.exists():
        raise NotFound("您管理的党委（工委）还没有项目类别，请先在项目化管理设置中添加类别。")
    return form_page(
        request,
        EntryForm(request.POST or None, categories=categories),
        action=lambda: actions.add_entry(by=request.user, data=request.POST),
        success=lambda e: f"已添加参考项目“{e.title}”。",
        redirect_to=reverse("projects:catalogue"),
        title="添加参考目录条目",
        back_url=reverse("projects:catalogue"),
        back_label="项目参考目录库",
        testid="entry-form",
    )


@login_required
def settings_page(request):
    committees = list(rules.configurable_committees(request.user).order_by("path"))
    if not committees:
        raise NotFound()
    chosen = id_param(request.GET.get("committee") or request.POST.get("committee"))
    committee = next((c for c in committees if c.pk == chosen), committees[0])
    stored = config.settings_for(committee)
    initial = {
        "approval_tiers": stored.approval_tiers,
        "approval_levels": stored.approval_levels,
        "satisfaction_threshold": stored.satisfaction_threshold,
    }
    url = f"{reverse('projects:settings')}?committee={committee.pk}"
    return form_page(
        request,
        SettingsForm(request.POST or None, initial=initial),
        action=lambda: actions.update_settings(committee, by=request.user, data=request.POST),
        success="项目化管理设置已保存。",
        redirect_to=url,
        template="projects/settings.html",
        title=f"项目化管理设置：{committee.name}",
        committee=committee,
        committees=committees,
        categories=committee.project_categories.all(),
        category_form=CategoryForm(),
        testid="settings-form",
    )


@login_required
@require_POST
def category_create(request, org_id):
    committee = get_object_for_user(Organisation, org_id, request.user)
    return post_action(
        request,
        lambda: actions.add_category(committee, by=request.user, data=request.POST),
        success=lambda c: f"已添加项目类别“{c.name}”。",
        next_default=f"{reverse('projects:settings')}?committee={committee.pk}",
    )
