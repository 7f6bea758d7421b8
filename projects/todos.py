"""To-dos of 项目化管理 (declared in ProjectsConfig.todos; see core/todos.py).

- 项目待审批: submitted projects waiting at a level the user approves (or files), one entry per project;
- 项目被退回: returned charters of organisations the user manages, to be revised and submitted again;
- 结题待验收: closing requests the user decides as the committee;
- 待验收评分: projects whose acceptance panel the user sits on and has not scored, while closing is requested;
- 任务已逾期 (exec): tasks of projects in progress whose end has passed below 100%, for the task's owner and the
  project's responsible person (责任人), one entry per task;
- 整改待完成 / 整改逾期 / 整改待销号 (superv): rectifications the project's organisation must report, and the
  overdue or reported ones the organisations above follow up and close (销号).
"""

from django.db.models import Q
from django.urls import reverse

from accounts import scope
from core.todos import TodoItem, capped

from .choices import PENDING_STATES, ProjectState
from .choices_superv import RectificationState
from .models import Project, Task

GROUP = "projects"


def _waiting_q(paths, user):
    below = Q(pk__in=[])
    for p in paths:
        below |= Q(org__path__startswith=p) & ~Q(org__path=p)
    q = below & Q(state__in=[*PENDING_STATES, ProjectState.CLOSING_REQUESTED])
    if user.person_id:
        q &= ~Q(owner_id=user.person_id)
    return q


def _capped(rows, make, kind, label):
    rows = list(rows)
    return capped(
        rows,
        make,
        total=lambda: len(rows),
        more=lambda n: TodoItem(
            group=GROUP, kind=kind, label=label, text=f"另有{n}个项目", url=reverse("projects:project_list"), count=n
        ),
    )


def _to_score(user):
    """Projects whose acceptance panel (验收评审组) the user sits on and has not scored yet, while closing is
    requested (the only time scores are taken)."""
    from .models import Scorer

    if not user.person_id or scope.is_system_user(user):
        return None
    return Scorer.objects.filter(
        person_id=user.person_id, scored_at__isnull=True, project__state=ProjectState.CLOSING_REQUESTED
    )


def _waiting_and_returned(user):
    """The projects waiting for a decision from above that the user gives — pending or closing projects of
    organisations strictly below one she administers (never her own organisation's), not hers to answer for —
    the returned charters of the organisations she administers as their own, and the projects she is to score on
    an acceptance panel, in one query (told apart by state and by an EXISTS column). The approval chain's finer
    rules (the level's organisation, distinct reviewers) are the workflow's, shown on the project page."""
    from django.db.models import Exists, OuterRef

    paths = [] if scope.is_system_user(user) else scope.admin_paths(user)
    scoring = _to_score(user)
    if not paths and scoring is None:
        return [], [], []
    q = Q(pk__in=[])
    if paths:
        q |= _waiting_q(paths, user) | Q(org__path__in=paths, state=ProjectState.RETURNED)
    qs = Project.objects.all()
    if scoring is not None:
        qs = qs.annotate(to_score=Exists(scoring.filter(project=OuterRef("pk"))))
        q |= Q(to_score=True)
    rows = list(qs.filter(q).select_related("org").order_by("submitted_at", "id"))
    mine = [p for p in rows if getattr(p, "to_score", False)]
    ours = [p for p in rows if _waiting_q_matches(p, paths, user)]
    returned = [p for p in rows if p.state == ProjectState.RETURNED and p.org.path in paths]
    returned.sort(key=lambda p: (p.created_at, p.pk), reverse=True)  # the model's order (newest first)
    return ours, returned, mine


def _waiting_q_matches(project, paths, user):
    """The Python twin of _waiting_q for a fetched row (a row may be in the list only because she scores it)."""
    if project.state not in (*PENDING_STATES, ProjectState.CLOSING_REQUESTED):
        return False
    if user.person_id and project.owner_id == user.person_id:
        return False
    return any(project.org.path.startswith(p) and project.org.path != p for p in paths)


def items(user, today):
    out = []
    waiting, returned, to_score = _waiting_and_returned(user)
    out += _capped(
        [p for p in waiting if p.state != ProjectState.CLOSING_REQUESTED],
        lambda p: TodoItem(
            group=GROUP,
            kind="projects.approval",
            label="项目待审批",
            text=f"{p.org.name}：{p.title}",
            url=reverse("projects:project_detail", args=[p.pk]),
            note=f"{p.get_tier_display()} · {p.state_label}",
        ),
        "projects.approval",
        "项目待审批",
    )
    out += _capped(
        [p for p in waiting if p.state == ProjectState.CLOSING_REQUESTED],
        lambda p: TodoItem(
            group=GROUP,
            kind="projects.acceptance",
            label="结题待验收",
            text=f"{p.org.name}：{p.title}",
            url=reverse("projects:project_detail", args=[p.pk]),
        ),
        "projects.acceptance",
        "结题待验收",
    )
    out += _capped(
        _late_tasks(user, today).select_related("project", "owner").order_by("end", "id"),
        lambda t: TodoItem(
            group=GROUP,
            kind="projects.late_task",
            label="任务已逾期",
            text=f"{t.project.title}：{t.title}",
            url=reverse("projects:schedule", args=[t.project_id]),
            due=t.end,
            note=f"进度{t.progress}%" + (f" · 负责人{t.owner.name}" if t.owner_id else ""),
        ),
        "projects.late_task",
        "任务已逾期",
    )
    out += _capped(
        returned,
        lambda p: TodoItem(
            group=GROUP,
            kind="projects.returned",
            label="项目被退回",
            text=f"{p.org.name}：{p.title}",
            url=reverse("projects:project_edit", args=[p.pk]),
            note=f"退回理由：{p.last_comment}" if p.last_comment else "",
        ),
        "projects.returned",
        "项目被退回",
    )
    out += _capped(
        to_score,
        lambda p: TodoItem(
            group=GROUP,
            kind="projects.score",
            label="待验收评分",
            text=f"{p.org.name}：{p.title}",
            url=reverse("projects:project_detail", args=[p.pk]) + "#acceptance",
            note="您是该项目验收评审组成员，请按考核机制逐项评分。",
        ),
        "projects.score",
        "待验收评分",
    )
    out += rectification_items(user, today)  # superv
    return out


def _late_tasks(user, today):
    """Late tasks (exec) the user answers for: her own, or any of a project she is responsible for."""
    if not user.person_id or scope.is_system_user(user):
        return Task.objects.none()
    mine = Q(owner_id=user.person_id) | Q(project__owner_id=user.person_id)
    return Task.objects.filter(
        mine,
        project__state=ProjectState.IN_PROGRESS,
        end__lt=today,
        progress__lt=100,
        children__isnull=True,
        project__in=Project.objects.visible_to(user),
    )


def count(user, today):
    """One counting query (none for a user who administers nothing and has no person): the sidebar asks it on
    every page. Projects waiting or returned, projects to score on a panel, late tasks and rectifications are
    counted together (UNION ALL under one COUNT; each part selects distinct primary keys of its own rows)."""
    from .models import Finding

    paths = [] if scope.is_system_user(user) else scope.admin_paths(user)
    if scope.is_system_user(user) or (not paths and not user.person_id):
        return 0
    parts = [_late_tasks(user, today).order_by().values("pk")]
    scoring = _to_score(user)
    if scoring is not None:
        parts.append(scoring.order_by().values("pk"))
    if paths:
        returned = Q(org__path__in=paths, state=ProjectState.RETURNED)
        parts.append(Project.objects.filter(_waiting_q(paths, user) | returned).order_by().values("pk"))
        own, above = rectification_qs(paths, today)
        parts.append(Finding.objects.filter(own | above).order_by().values("pk"))
    first, *rest = parts
    return first.union(*rest, all=True).count() if rest else first.count()


# ---- superv: rectifications (整改) to report, late ones, and reported ones to close (销号)


def rectification_qs(paths, today, *, finding="", project="inspection__project__"):
    """(to report: open rectifications of projects of the user's own organisations; to decide: reported ones and
    overdue open ones of projects strictly below an organisation she administers). `finding` and `project` are
    the lookups' prefixes from the queried model (Finding by default; Project for the sidebar's count)."""
    org = f"{project}org__path"
    below = Q(pk__in=[])
    for p in paths:
        below |= Q(**{f"{org}__startswith": p}) & ~Q(**{org: p})
    own = Q(**{f"{org}__in": paths, f"{finding}state": RectificationState.OPEN})
    above = below & (
        Q(**{f"{finding}state": RectificationState.REPORTED})
        | Q(**{f"{finding}state": RectificationState.OPEN, f"{finding}deadline__lt": today})
    )
    return own, above


def rectification_items(user, today):
    from .models import Finding

    paths = scope.admin_paths(user)
    if not paths or scope.is_system_user(user):
        return []
    own, above = rectification_qs(paths, today)
    rows = list(
        Finding.objects.filter(own | above).select_related("inspection__project__org").order_by("deadline", "id")
    )
    out = []
    own_rows = [f for f in rows if f.inspection.project.org.path in paths]
    above_rows = [f for f in rows if f.inspection.project.org.path not in paths]
    for label, kind, chosen in (
        ("整改待完成", "projects.rectification", own_rows),
        ("整改逾期", "projects.rectification_overdue", [f for f in above_rows if f.state == RectificationState.OPEN]),
        ("整改待销号", "projects.rectification_close", [f for f in above_rows if f.state != RectificationState.OPEN]),
    ):
        out += _capped(
            chosen,
            lambda f, label=label, kind=kind: TodoItem(
                group=GROUP,
                kind=kind,
                label=label,
                text=f"{f.inspection.project.title}：{f.text[:40]}",
                url=reverse("projects:rectification_list") + f"?project={f.inspection.project_id}",
                due=f.deadline if f.state == RectificationState.OPEN else None,
                note=f"{f.inspection.project.org.name} · {f.get_state_display()}"
                + ("（已逾期）" if f.state == RectificationState.OPEN and f.deadline < today else ""),
            ),
            kind,
            label,
        )
    return out
