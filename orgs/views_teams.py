"""Pages of 班组/科室: the teams of a host unit, a team with its people and covering party groups, and the
coverage view (党员空白班组, teams no party group covers, the front-line share). Views parse, call an action
(orgs/actions_teams.py) and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import dates
from core.errors import ActionError, NotFound
from core.excel import Column, Ledger, xlsx_response
from core.pages import form_page, post_action, safe_next
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import actions_teams as actions
from . import teams
from .forms_teams import PersonTeamForm, TeamForm, TeamGroupsForm, TeamPeopleForm
from .models import Organisation, Person
from .models_teams import Team

TEAM_PAGE = {"back_label": "班组/科室", "max_width": "40rem"}


def _chosen_org(request):
    """The organisation whose subtree a page shows: ?org= (404 outside the user's scope), else her topmost one."""
    user = request.user
    require_verb(user, "orgs.view_teams")
    raw = request.GET.get("org", "")
    if raw:
        return get_object_for_user(Organisation, raw, user)
    org = Organisation.objects.visible_to(user).exclude(kind="group").first()
    if org is None:
        raise NotFound()
    return org


def _org_choices(user):
    return Organisation.objects.visible_to(user).exclude(kind="group")


@login_required
def team_list(request):
    org = _chosen_org(request)
    cov = teams.coverage(org, user=request.user)
    return render(
        request,
        "orgs/teams/team_list.html",
        {
            "org": org,
            "orgs": _org_choices(request.user),
            "cov": cov,
            "can_manage": request.user.has_perm("orgs.manage_teams", org),
        },
    )


@login_required
def team_coverage(request):
    org = _chosen_org(request)
    cov = teams.coverage(org, user=request.user)
    return render(
        request,
        "orgs/teams/coverage.html",
        {
            "org": org,
            "orgs": _org_choices(request.user),
            "cov": cov,
            "status": teams.status_of(cov),
            "covered": len(cov.teams) - len(cov.uncovered),
        },
    )


COVERAGE_COLUMNS = [
    Column("序号", "int", 6),
    Column("所在单位"),
    Column("所属党组织"),
    Column("班组/科室"),
    Column("类别"),
    Column("一线"),
    Column("人数", "int"),
    Column("党员数", "int"),
    Column("覆盖党小组", width=30),
    Column("问题", width=24),
]


@login_required
def team_coverage_export(request):
    org = _chosen_org(request)
    cov = teams.coverage(org, user=request.user)

    def rows():
        for n, t in enumerate(cov.teams, start=1):
            problems = (["党员空白班组"] if t.n_party == 0 else []) + (["无党小组覆盖"] if t.n_groups == 0 else [])
            yield [
                n,
                t.org.unit,
                t.org.name,
                t.name,
                t.kind_label,
                "是" if t.front_line else "否",
                t.n_people,
                t.n_party,
                "、".join(g.name for g in t.covering),
                "、".join(problems),
            ]

    share = f"{cov.share}%" if cov.share is not None else "无一线班组人员"
    ledger = Ledger(
        name="班组覆盖",
        title=f"{org.name}班组党员覆盖情况",
        columns=COVERAGE_COLUMNS,
        rows=rows(),
        org=org.name,
        note=(
            f"党员空白班组 {len(cov.blank)} 个，无党小组覆盖 {len(cov.uncovered)} 个；"
            f"一线班组党员占比 {share}（目标 {cov.target:.0f}%）"
        ),
    )
    return xlsx_response(f"班组覆盖_{dates.today():%Y%m%d}.xlsx", [ledger], by=request.user)


@login_required
def team_create(request):
    require_verb(request.user, "orgs.manage_teams")
    orgs = actions.team_orgs(request.user)
    initial = {"org": request.GET["org"]} if request.GET.get("org", "").isdigit() else {}
    return form_page(
        request,
        TeamForm(request.POST or None, orgs=orgs, initial=initial),
        action=lambda: actions.create_team(by=request.user, data=request.POST),
        success=lambda t: f"已新建{t.kind_label}：{t.name}",
        redirect_to=lambda t: reverse("team_detail", args=[t.pk]),
        title="新建班组/科室",
        back_url=reverse("team_list"),
        testid="team-form",
        **TEAM_PAGE,
    )


def _team(request, pk):
    return get_object_for_user(Team.objects.select_related("org"), pk, request.user)


@login_required
def team_detail(request, pk):
    team = _team(request, pk)
    cov = teams.coverage_of_team(team)
    can_manage = request.user.has_perm("orgs.manage_teams", team)
    people = list(team.people.active().select_related("org").order_by("org__path", "name"))
    context = {"team": team, "t": cov, "people": people, "can_manage": can_manage}
    if can_manage:
        candidates = actions.team_people(team).exclude(team=team).select_related("org", "team")
        context["people_form"] = TeamPeopleForm(people=candidates)
        context["candidates"] = list(candidates.order_by("org__path", "name"))
    return render(request, "orgs/teams/team_detail.html", context)


@login_required
def team_edit(request, pk):
    team = _team(request, pk)
    require_verb(request.user, "orgs.manage_teams", team)
    form = TeamForm(
        request.POST or None,
        initial=actions.team_form_data(team),
        orgs=Organisation.objects.filter(pk=team.org_id),
    )
    form.fields["org"].disabled = True
    payload = {
        "name": request.POST.get("name", ""),
        "kind": request.POST.get("kind", ""),
        "front_line": request.POST.get("front_line", ""),
    }
    return form_page(
        request,
        form,
        action=lambda: actions.update_team(team, by=request.user, data=payload),
        success="已保存。",
        redirect_to=reverse("team_detail", args=[team.pk]),
        title=f"修改：{team.name}",
        back_url=reverse("team_detail", args=[team.pk]),
        testid="team-form",
        **{**TEAM_PAGE, "back_label": team.name},
    )


@login_required
@require_POST
def team_delete(request, pk):
    team = _team(request, pk)
    name = team.name
    try:
        org = actions.delete_team(team, by=request.user)
    except ActionError as e:
        messages.error(request, e.detail)
        return redirect("team_detail", team.pk)
    messages.success(request, f"已删除班组/科室：{name}，其人员已移出该班组。")
    return redirect(f"{reverse('team_list')}?org={org.pk}")


@login_required
@require_POST
def team_people_add(request, pk):
    team = _team(request, pk)
    return post_action(
        request,
        actions.add_team_people,
        team,
        by=request.user,
        data=request.POST,
        success=lambda people: f"已将{len(people)}人编入{team.name}。",
        next_default=reverse("team_detail", args=[team.pk]),
    )


@login_required
@require_POST
def person_team(request, pk):
    """Put a person into a team or out of any (the person's page and the 移出 buttons of a team's page)."""
    person = get_object_for_user(Person.objects.select_related("org", "team"), pk, request.user)
    visible = Team.objects.visible_to(request.user)
    try:
        p = actions.set_person_team(person, by=request.user, data=request.POST, teams=visible)
    except ActionError as e:
        messages.error(request, e.detail)
    else:
        messages.success(request, f"已将{p.name}编入{p.team.name}。" if p.team else f"已将{p.name}移出班组/科室。")
    return redirect(safe_next(request, reverse("person_detail", args=[person.pk])))


@login_required
def team_groups(request, pk):
    """The coverage editor: which party groups of the unit's subtree cover this team."""
    team = _team(request, pk)
    require_verb(request.user, "orgs.manage_teams", team)
    form = TeamGroupsForm(
        request.POST or None,
        groups=actions.team_groups(team),
        initial={"groups": list(team.groups.values_list("pk", flat=True))},
    )
    return form_page(
        request,
        form,
        action=lambda: actions.set_team_groups(team, by=request.user, data=request.POST),
        success=lambda t: f"已保存{t.name}的党小组覆盖。",
        redirect_to=reverse("team_detail", args=[team.pk]),
        title=f"党小组覆盖：{team.name}",
        subtitle="勾选负责联系、覆盖该班组/科室的党小组；不勾选任何党小组表示该班组暂无党小组覆盖。",
        back_url=reverse("team_detail", args=[team.pk]),
        testid="team-groups-form",
        **{**TEAM_PAGE, "back_label": team.name},
    )


def person_team_form(user, person):
    """The person page's 班组/科室 form (None for those who may not assign her)."""
    if not user.has_perm("orgs.manage_teams", person.org):
        return None
    choices = Team.objects.visible_to(user).filter(org__path__in=_ancestor_paths(person.org))
    return PersonTeamForm(teams=choices, initial={"team": person.team_id})


def _ancestor_paths(org):
    step = Organisation.steplen
    return [org.path[:cut] for cut in range(step, len(org.path) + 1, step)]
