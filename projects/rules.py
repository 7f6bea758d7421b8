"""Who may do what in 项目化管理: one verb per action (core.verbs), and the choice lists forms share.

Approval is the higher organisations' (ApprovalChain in projects/workflows.py): level n is reviewed by a
党务管理员 over the n-th organisation above the project's (or the tree's top one when there are fewer), never by
the project's own organisation. The committee's decision on a closing request (验收) likewise comes from above.
"""

import rules
from django.db.models import Q

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED
from core.models import path_q
from core.verbs import verb

from .models import COMMITTEE_KINDS, ancestor_paths

MENTOR = "mentor"
MANAGE_MESSAGE = "只有项目所在党组织的党务管理员可以执行此操作。"
DECIDE_MESSAGE = "项目验收由上级党组织（党委/工委）决定，本组织不能验收自己的项目。"
SETTINGS_MESSAGE = "只有该党委（工委）的党务管理员可以修改项目化管理设置和参考目录库。"


def higher_paths(org):
    """The paths of the organisations above `org`, nearest last."""
    return ancestor_paths(org)[:-1]


def level_org_path(project, level):
    """The path of the organisation whose admins approve at `level`: the level-th above, or the top one."""
    above = higher_paths(project.org)
    if not above:
        return None
    return above[-level] if level <= len(above) else above[0]


def holds_level(user, role, project):
    """The approval chain's role check: `role` is "up<n>", an admin over the organisation n levels up."""
    level = int(role.removeprefix("up"))
    path = level_org_path(project, level)
    return path is not None and not scope.is_system_user(user) and scope.under(path, scope.admin_paths(user))


@rules.predicate
def is_business_user(user):
    return not scope.is_system_user(user)


@rules.predicate
def administers_org(user, org):
    return org is not None and user.is_authenticated and scope.under(org.path, scope.admin_paths(user))


@rules.predicate
def manages_project(user, project):
    return project is not None and scope.under(project.org.path, scope.admin_paths(user))


@rules.predicate
def decides_project(user, project):
    """An admin over an organisation above the project's (the committee decides, not the branch itself)."""
    return project is not None and any(scope.under(p, scope.admin_paths(user)) for p in higher_paths(project.org))


@rules.predicate
def files_project(user, project):
    return project is not None and holds_level(user, "up1", project)


@rules.predicate
def administers_committee(user, committee):
    return (
        committee is not None
        and committee.kind in COMMITTEE_KINDS
        and scope.under(committee.path, scope.admin_paths(user))
    )


BUSINESS = (is_business_user, SYSTEM_ROLE_REFUSED)

verb("projects.create", BUSINESS, (administers_org, "只能为您管理的党组织创建项目。"))
verb("projects.update", BUSINESS, (manages_project, MANAGE_MESSAGE))
verb("projects.submit", BUSINESS, (manages_project, "只有项目所在党组织的党务管理员可以申报立项。"))
verb("projects.manage", BUSINESS, (manages_project, MANAGE_MESSAGE))
verb("projects.file", BUSINESS, (files_project, "项目备案由上级党组织的党务管理员办理，本组织不能为自己的项目备案。"))
verb("projects.decide", BUSINESS, (decides_project, DECIDE_MESSAGE))
verb("projects.configure", BUSINESS, (administers_committee, SETTINGS_MESSAGE))


# ---------------------------------------------------------------- choice lists


def creatable_orgs(user):
    """Organisations the user may start a project for (not a 党小组: it belongs to its branch)."""
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user).exclude(kind="group")


def configurable_committees(user):
    from orgs.models import Organisation

    if scope.is_system_user(user):
        return Organisation.objects.none()
    return Organisation.objects.administered_by(user).filter(kind__in=COMMITTEE_KINDS)


def member_people(paths):
    """Active people of the subtrees: owners and team members come from the project's own organisation."""
    from orgs.models import Person

    return Person.objects.filter(path_q("org__path", paths), status="active")


def leader_people(org):
    """包联领导: someone of the project's organisation or of an organisation above it."""
    from orgs.models import Person

    return Person.objects.filter(
        Q(org__path__startswith=org.path) | Q(org__path__in=higher_paths(org)), status="active"
    )


def mentor_people(org):
    """导师: people whose account holds the mentor role over the project's organisation (the mentor pool)."""
    from accounts.models import RoleAssignment
    from orgs.models import Person

    grants = RoleAssignment.objects.filter(role=MENTOR, org__path__in=ancestor_paths(org)).values("user__person_id")
    return Person.objects.filter(pk__in=grants, status="active")


def ancestor_paths_of_path(path):
    from orgs.models import Organisation

    step = Organisation.steplen
    return [path[:n] for n in range(step, len(path) + 1, step)]


def mentor_pool(paths):
    """People holding the mentor role granted at any of `paths` (the form's choices; clean() narrows by org)."""
    from accounts.models import RoleAssignment
    from orgs.models import Person

    grants = RoleAssignment.objects.filter(role=MENTOR, org__path__in=list(paths)).values("user__person_id")
    return Person.objects.filter(pk__in=grants, status="active")


def may_configure(user):
    """The settings entry of the sidebar: a 党务管理员 of a 党委/工委 (from the cached grants: no query)."""
    if scope.is_system_user(user):
        return False
    return any(a.role == "org_admin" and a.org_id and a.org.kind in COMMITTEE_KINDS for a in scope.assignments(user))


# ---- budget: funding, expenses, records and citations ----

verb("projects.manage_budget", BUSINESS, (manages_project, "只有项目所在党组织的党务管理员可以登记项目经费和支出。"))
verb("projects.link_record", BUSINESS, (manages_project, "只有项目所在党组织的党务管理员可以关联活动记录。"))
# ---- exec: tasks, progress and progress reports ----
# The project organisation's admins plan the tasks and write the reports; the owner of a task (负责人) may also
# report the progress of her own task, nothing else of it. Mentors read (Project.objects.visible_to), never write.


@rules.predicate
def plans_task(user, task):
    return task is not None and manages_project(user, task.project)


@rules.predicate
def owns_task(user, task):
    return task is not None and bool(user.person_id) and task.owner_id == user.person_id


verb("projects.plan_tasks", BUSINESS, (manages_project, "只有项目所在党组织的党务管理员可以安排项目任务。"))
verb(
    "projects.task_progress",
    BUSINESS,
    (plans_task | owns_task, "只有任务负责人或项目所在党组织的党务管理员可以更新任务进度。"),
)
verb("projects.report", BUSINESS, (manages_project, "只有项目所在党组织的党务管理员可以填报进度报告。"))
# ---------------------------------------------------------------- superv: supervision (台账式督查) and mentors

INSPECT_MESSAGE = "督查由项目所在党组织的上级党组织（党委/工委的党务管理员）或该项目的督导领导进行。"
SUPERVISE_MESSAGE = "只有该党委（工委）的党务管理员可以配置督导组、组织随机抽查和管理导师库。"


def leads_group(user, project):
    """The user is the supervising leader (分片督导 / 联系指导) of a group the project belongs to."""
    from .models import SupervisionGroup

    if project is None or not user.person_id:
        return False
    led = getattr(user, "_led_projects", None)  # set for one request by a list page (led_projects below)
    if led is not None:
        return project.pk in led
    return SupervisionGroup.objects.filter(leader_id=user.person_id, projects=project).exists()


def led_projects(user):
    """Remember, on this request's user, the projects she supervises as a leader: a list page asks every row."""
    from .models import SupervisionGroup

    user._led_projects = (
        set(SupervisionGroup.objects.filter(leader_id=user.person_id).values_list("projects", flat=True))
        if user.person_id
        else set()
    )


@rules.predicate
def inspects_project(user, project):
    return project is not None and (decides_project.test(user, project) or leads_group(user, project))


def _finding_project(finding):
    return finding.inspection.project if finding is not None else None


@rules.predicate
def manages_finding_project(user, finding):
    return manages_project.test(user, _finding_project(finding))


@rules.predicate
def inspects_finding_project(user, finding):
    return inspects_project.test(user, _finding_project(finding))


@rules.predicate
def mentors_project(user, project):
    return bool(project is not None and user.person_id and project.mentors.filter(pk=user.person_id).exists())


verb("projects.inspect", BUSINESS, (inspects_project, INSPECT_MESSAGE))


@rules.predicate
def inspects_from_above(user, finding):
    return decides_project.test(user, _finding_project(finding))


verb(
    "projects.report_rectification",
    BUSINESS,
    (manages_finding_project, "整改完成情况由项目所在党组织的党务管理员报告。"),
    (~inspects_from_above, "整改完成情况由项目所在党组织报告，上级党组织（督查方）不能代为报告。"),
)
verb(
    "projects.close_rectification",
    BUSINESS,
    (inspects_finding_project, "整改销号由督查方（上级党组织或督导领导）确认，项目所在党组织不能为自己销号。"),
)
verb("projects.supervise", BUSINESS, (administers_committee, SUPERVISE_MESSAGE))
verb("projects.assign_mentor", BUSINESS, (manages_project, "只有项目所在党组织或上级党组织的党务管理员可以指派导师。"))
verb("projects.comment", BUSINESS, (mentors_project, "只有该项目的导师可以发表帮带意见。"))


def supervisable_committees(user):
    """Committees whose groups, samples and mentor pool the user configures."""
    return configurable_committees(user)


def may_supervise(user):
    """The sidebar entries of supervision and the mentor pool (cached grants: no query)."""
    return may_configure(user)


# ---------------------------------------------------------------- public: 四公开, acceptance panel, awards

SURVEY_STATES = ("approved", "in_progress", "closing_requested", "accepted", "not_accepted")
REPORT_STATES = ("in_progress", "closing_requested")
PANEL_STATES = ("in_progress", "closing_requested")


@rules.predicate
def is_public(user, project):
    """The project has a public page (四公开): once approved (立项), not before."""
    return project is not None and project.state in SURVEY_STATES


@rules.predicate
def may_report(user, project):
    return project is not None and project.state in REPORT_STATES


@rules.predicate
def panel_open(user, project):
    return project is not None and project.state in PANEL_STATES


@rules.predicate
def on_panel(user, project):
    """The user is a member of the project's acceptance panel (验收评审组)."""
    return (
        project is not None
        and bool(getattr(user, "person_id", None))
        and project.scorers.filter(person_id=user.person_id).exists()
    )


@rules.predicate
def scoring_open(user, project):
    return project is not None and project.state == "closing_requested"


def award_committee(project):
    """The committee that nominates the project's awards: the nearest 党委/工委 at or above its organisation."""
    from .config import committee_of

    cached = getattr(project, "_award_committee", None)  # a list fills it once per organisation
    if cached is None:
        cached = project._award_committee = committee_of(project.org)
    return cached


def award_decider(project, kind):
    """Who decides: the nominating committee; for 示范项目 the committee above it (申报区级示范项目), if any."""
    from .config import committee_of

    committee = award_committee(project)
    if kind == "demo":
        above = higher_paths(committee)
        if above:
            from orgs.models import Organisation

            parent = Organisation.objects.filter(path=above[-1]).first()
            if parent is not None:
                return committee_of(parent)
    return committee


@rules.predicate
def nominates(user, project):
    return project is not None and scope.under(award_committee(project).path, scope.admin_paths(user))


@rules.predicate
def decides_award(user, award):
    return award is not None and scope.under(award.decider.path, scope.admin_paths(user))


@rules.predicate
def withdraws_award(user, award):
    return award is not None and scope.under(award.committee.path, scope.admin_paths(user))


verb(
    "projects.disclose",
    BUSINESS,
    (manages_project, "只有项目所在党组织的党务管理员可以维护四公开内容。"),
    (is_public, "项目立项后才能公开（四公开）。"),
)
verb(
    "projects.enter_survey",
    BUSINESS,
    (manages_project, "只有项目所在党组织的党务管理员可以录入满意度测评。"),
    (is_public, "项目立项后才能开展群众满意度测评。"),
)
verb(
    "projects.report_closing",
    BUSINESS,
    (manages_project, "只有项目所在党组织的党务管理员可以填写结题报告。"),
    (may_report, "项目实施中或已申请结题时才能填写结题报告。"),
)
verb(
    "projects.assign_panel",
    BUSINESS,
    (decides_project, "验收评审组由上级党组织（党委/工委）指定，本组织不能为自己的项目指定评审人。"),
    (panel_open, "项目实施中或已申请结题时才能调整验收评审组。"),
)
verb(
    "projects.score",
    BUSINESS,
    (on_panel, "您不是该项目验收评审组的成员。"),
    (scoring_open, "项目申请结题后、验收决定前才能评分。"),
)
verb(
    "projects.nominate",
    BUSINESS,
    (nominates, "只有项目所属党委（工委）的党务管理员可以推荐评选十佳、精品、示范项目。"),
)
verb(
    "projects.decide_award",
    BUSINESS,
    (decides_award, "该荣誉由审定党委（工委）的党务管理员审定，您不是审定人。"),
)
verb(
    "projects.withdraw_award",
    BUSINESS,
    (withdraws_award, "只有提名党委（工委）的党务管理员可以撤回提名。"),
)


def panel_candidates(project):
    """Who may sit on the panel: active people with an account in the tree of the committee that decides 示范项目
    (the project's committee, or the one above it) or in the mentor pool — neither of the project's own
    organisation nor its own mentors (the panel is independent of the project)."""
    from accounts.models import User
    from orgs.models import Person

    committee = award_decider(project, "demo")
    with_account = User.objects.filter(is_active=True, person__isnull=False).values("person_id")
    pool = mentor_pool(ancestor_paths(project.org))
    return (
        Person.objects.filter(Q(org__path__startswith=committee.path) | Q(pk__in=pool.values("pk")), status="active")
        .filter(pk__in=with_account)
        .exclude(org__path__startswith=project.org.path)
        .exclude(pk__in=project.mentors.values("pk"))  # a mentor does not judge the project she guided
        .order_by("org__path", "name")
    )
