"""Pages of supervision (台账式督查) and mentors (导师帮带): the ledger, the inspection form, rectifications,
the random sample, supervision groups, the mentor pool; the project page's panel (projects/superv_panel.html)."""

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

from . import actions_superv as actions
from . import commentable, exports_superv, queries, queries_superv, rules
from .choices_superv import InspectionKind, InspectionState, MentorKind, RectificationState
from .forms_superv import FINDING_ROWS, AssignForm, GroupForm, InspectionForm, MentorForm, SampleForm
from .models import Finding, Inspection, InspectionSample, MentorProfile, SupervisionGroup
from .workflows_superv import RECTIFICATION


def _org(request):
    pk = id_param(request.GET.get("org"))
    return get_object_for_user(Organisation, pk, request.user) if pk else None


def _ledger_filters(request):
    get = request.GET
    return {
        "kind": get.get("kind") if get.get("kind") in InspectionKind.values else "",
        "org": _org(request),
        "overdue": get.get("overdue") == "1",
        "pending": {"1": True, "0": False}.get(get.get("pending") or ""),
    }


def _ledger_qs(request, f):
    return queries_superv.inspections(
        request.user, kind=f["kind"], under=f["org"], overdue=f["overdue"], pending=f["pending"]
    )


@login_required
def inspection_list(request):
    """督查台账: every inspection the user reads, with its findings and their rectification."""
    f = _ledger_filters(request)
    page = Paginator(_ledger_qs(request, f), 30).get_page(request.GET.get("page"))
    today_ = queries_superv.today()
    for i in page:
        for finding in i.findings.all():
            finding.overdue = queries_superv.is_overdue(finding, today_)
            finding.badge = RectificationState(finding.state).badge
    return render(
        request,
        "projects/superv_ledger.html",
        {
            "page": page,
            "f": f,
            "kinds": InspectionKind.choices,
            "orgs": Organisation.objects.visible_to(request.user).exclude(kind="group").order_by("path"),
            "may_supervise": rules.may_supervise(request.user),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def inspection_export(request):
    f = _ledger_filters(request)
    return xlsx_response(
        "督查台账.xlsx", exports_superv.inspection_sheets(_ledger_qs(request, f), request.user), by=request.user
    )


def _project(request, pk):
    return get_object_for_user(queries.project_qs(), pk, request.user)


def _finding_rows(form):
    return [(form[f"finding_{n}"], form[f"deadline_{n}"]) for n in range(1, FINDING_ROWS + 1)]


@login_required
def inspection_create(request, pk):
    project = _project(request, pk)
    if not request.user.has_perm("projects.inspect", project):
        raise NotFound()
    form = InspectionForm(request.POST or None, project=project, initial={"date": queries_superv.today()}, direct=True)
    return form_page(
        request,
        form,
        action=lambda: actions.create_inspection(project, by=request.user, data=request.POST),
        success=lambda i: f"已登记{i.get_kind_display()}：{project.title}。",
        redirect_to=reverse("projects:project_detail", args=[project.pk]) + "#supervision",
        template="projects/superv_inspection_form.html",
        title=f"登记督查：{project.title}",
        back_url=reverse("projects:project_detail", args=[project.pk]),
        back_label=project.title,
        project=project,
        rows=_finding_rows(form),
        testid="inspection-form",
        max_width="56rem",
    )


@login_required
def inspection_fill(request, pk):
    """Fill in a drawn 随机抽查."""
    inspection = get_object_for_user(Inspection.objects.select_related("project__org"), pk, request.user)
    project = inspection.project
    if not request.user.has_perm("projects.inspect", project) or inspection.state != InspectionState.PENDING:
        raise NotFound()
    form = InspectionForm(
        request.POST or None,
        project=project,
        kind_locked=True,
        initial={"kind": InspectionKind.RANDOM, "date": queries_superv.today()},
    )
    return form_page(
        request,
        form,
        action=lambda: actions.fill_inspection(inspection, by=request.user, data=request.POST),
        success=f"已填写随机抽查结果：{project.title}。",
        redirect_to=reverse("projects:inspection_list"),
        template="projects/superv_inspection_form.html",
        title=f"填写随机抽查：{project.title}",
        back_url=reverse("projects:inspection_list"),
        back_label="督查台账",
        project=project,
        rows=_finding_rows(form),
        testid="inspection-form",
        max_width="56rem",
    )


@login_required
def rectification_list(request):
    """整改台账: the rectifications the user reads, earliest deadline first, overdue ones flagged."""
    get = request.GET
    state = get.get("state") if get.get("state") in ("open", "reported", "closed") else ""
    overdue = get.get("overdue") == "1"
    qs = queries_superv.rectifications(request.user, state=state, overdue=overdue, under=_org(request))
    project_id = id_param(get.get("project"))
    if project_id:
        qs = qs.filter(inspection__project_id=project_id)
    page = Paginator(qs, 30).get_page(get.get("page"))
    today_ = queries_superv.today()
    rules.led_projects(request.user)  # the rows' buttons ask whether she leads their projects' groups
    rows = []
    for f in page:
        f.overdue = queries_superv.is_overdue(f, today_)
        f.badge = RectificationState(f.state).badge
        f.state_label = RectificationState(f.state).label
        rows.append((f, RECTIFICATION.available(f, request.user)))
    return render(
        request,
        "projects/superv_rectifications.html",
        {"page": page, "rows": rows, "state": state, "overdue": overdue, "query": get.urlencode()},
    )


@login_required
@require_POST
def finding_transition(request, pk, name):
    finding = get_object_for_user(Finding.objects.select_related("inspection__project__org"), pk, request.user)
    data = {k: (request.POST.get(k) or "")[:2000] for k in ("report", "comment", "reason")}
    return post_action(
        request,
        lambda: actions.transition_finding(finding, name, by=request.user, data=data),
        success=lambda f: f"已{RECTIFICATION.transition(name).label}：{f.text[:30]}。",
        next_default=reverse("projects:rectification_list"),
    )


# ---------------------------------------------------------------- 随机抽查 and supervision groups


def _committees(request):
    committees = rules.supervisable_committees(request.user).order_by("path")
    if not committees.exists():
        raise NotFound()
    return committees


@login_required
def sample_page(request):
    committees = _committees(request)
    samples = (
        InspectionSample.objects.visible_to(request.user)
        .select_related("committee", "drawn_by")
        .prefetch_related("inspections__project")[:20]
    )
    return form_page(
        request,
        SampleForm(request.POST or None, committees=committees, initial={"committee": committees.first(), "size": 3}),
        action=lambda: actions.draw_sample(by=request.user, data=request.POST),
        success=lambda s: f"已抽取{len(s.drawn)}个项目（随机种子 {s.seed}），请逐项填写抽查结果。",
        redirect_to=reverse("projects:inspection_sample"),
        template="projects/superv_sample.html",
        title="随机抽查",
        subtitle="从实施中的项目里随机抽取；随机种子和抽取结果记入审计日志，可复核。",
        back_url=reverse("projects:inspection_list"),
        back_label="督查台账",
        submit_label="抽取",
        samples=samples,
        testid="sample-form",
    )


@login_required
def group_list(request):
    groups = queries_superv.groups(request.user).order_by("committee__path", "name")
    return render(
        request,
        "projects/superv_groups.html",
        {"groups": groups, "may_supervise": rules.supervisable_committees(request.user).exists()},
    )


def _committee_choice(request, committees):
    chosen = id_param(request.GET.get("committee") or request.POST.get("committee"))
    return next((c for c in committees if c.pk == chosen), committees[0])


@login_required
def group_create(request):
    committees = list(_committees(request))
    committee = _committee_choice(request, committees)
    return form_page(
        request,
        GroupForm(request.POST or None, committee=committee),
        action=lambda: actions.create_group(committee, by=request.user, data=request.POST),
        success=lambda g: f"已添加督导组“{g.name}”。",
        redirect_to=reverse("projects:group_list"),
        title=f"添加督导组：{committee.name}",
        back_url=reverse("projects:group_list"),
        back_label="督导组",
        testid="group-form",
    )


@login_required
def group_edit(request, pk):
    group = get_object_for_user(SupervisionGroup.objects.select_related("committee"), pk, request.user)
    if not request.user.has_perm("projects.supervise", group.committee):
        raise NotFound()
    payload = request.POST.copy()
    return form_page(
        request,
        GroupForm(request.POST or None, committee=group.committee, initial=actions.group_form_data(group)),
        action=lambda: actions.update_group(group, by=request.user, data=payload),
        success="督导组已保存。",
        redirect_to=reverse("projects:group_list"),
        title=f"修改督导组：{group.name}",
        back_url=reverse("projects:group_list"),
        back_label="督导组",
        testid="group-form",
    )


# ---------------------------------------------------------------- mentors (导师帮带)


@login_required
def mentor_pool(request):
    kind = request.GET.get("kind") if request.GET.get("kind") in MentorKind.values else ""
    mentors = queries_superv.mentors(request.user, kind=kind).order_by("committee__path", "kind", "id")
    committees = list(rules.supervisable_committees(request.user).order_by("path"))
    if not committees and not mentors.exists():
        raise NotFound()
    committee = _committee_choice(request, committees) if committees else None
    context = {"mentors": mentors, "kinds": MentorKind.choices, "kind": kind, "committee": committee}
    if committee is None:
        return render(request, "projects/superv_mentors.html", context)
    return form_page(
        request,
        MentorForm(request.POST or None, committee=committee),
        action=lambda: actions.add_mentor(committee, by=request.user, data=request.POST),
        success=lambda m: f"已将{m.person.name}加入导师库。",
        redirect_to=reverse("projects:mentor_pool") + f"?committee={committee.pk}",
        template="projects/superv_mentors.html",
        title="导师库",
        committees=committees,
        testid="mentor-form",
        submit_label="加入导师库",
        **context,
    )


@login_required
@require_POST
def mentor_remove(request, pk):
    profile = get_object_for_user(
        MentorProfile.objects.select_related("committee", "person", "grant__user"), pk, request.user
    )
    return post_action(
        request,
        lambda: actions.remove_mentor(profile, by=request.user),
        success=lambda m: f"已将{m.person.name}移出导师库。",
        next_default=reverse("projects:mentor_pool"),
    )


@login_required
@require_POST
def mentor_assign(request, pk):
    project = _project(request, pk)
    return post_action(
        request,
        lambda: actions.assign_mentor(project, by=request.user, data=request.POST),
        success=lambda p: "已指派导师。" if p.mentors.exists() else "已取消导师。",
        next_default=reverse("projects:project_detail", args=[project.pk]) + "#mentoring",
    )


@login_required
@require_POST
def comment_create(request, pk):
    project = _project(request, pk)
    return post_action(
        request,
        lambda: actions.add_comment(project, by=request.user, data=request.POST),
        success="帮带意见已发表。",
        next_default=reverse("projects:project_detail", args=[project.pk]) + "#mentoring",
    )


def panel_context(request, project):
    """What projects/superv_panel.html shows on the project page (a few queries, whatever the counts)."""
    user = request.user
    today_ = queries_superv.today()
    inspections = list(queries_superv.inspections(user, project=project)[:10])
    for i in inspections:
        for f in i.findings.all():
            f.overdue = queries_superv.is_overdue(f, today_)
            f.badge = RectificationState(f.state).badge
    may_assign = user.has_perm("projects.assign_mentor", project)
    return {
        "superv_inspections": inspections,
        "superv_may_inspect": user.has_perm("projects.inspect", project),
        "superv_may_assign": may_assign,
        "superv_assign_form": AssignForm(project=project) if may_assign else None,
        "superv_may_comment": user.has_perm("projects.comment", project),
        "superv_comments": list(queries_superv.comments(project, user)[:30]),
        "superv_comment_kinds": commentable.picker(project),
    }
