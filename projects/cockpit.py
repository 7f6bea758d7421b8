"""The 驾驶舱 widgets of 项目化管理 (core.modules.CockpitWidget): projects by state and tier with the overdue ones,
and the masses' satisfaction (四公开 surveys) over the subtree's projects of the year."""

from django.db.models import Count
from django.urls import reverse

from core import cockpit

from .choices import ProjectState, Tier
from .models import Project

# Approved and running projects whose end date has passed without a closing request (未完成项目计划).
RUNNING = (ProjectState.APPROVED, ProjectState.IN_PROGRESS)


def _projects(user, org):
    return Project.objects.visible_to(user).filter(org__path__startswith=org.path)


def overview(user, org, today):
    """{"key", "title", "value", "unit", "status", "items"} over the subtree's projects the user reads (None: none)."""
    qs = _projects(user, org)
    by_state = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    total = sum(by_state.values())
    if not total:
        return None
    by_tier = dict(qs.order_by().values_list("tier").annotate(n=Count("pk")))
    overdue = qs.filter(state__in=RUNNING, end__lt=today).count()
    url = reverse("projects:project_list")
    items = [
        {
            "group": "state",
            "code": s,
            "label": label,
            "value": by_state.get(s, 0),
            "url": f"{url}?org={org.id}&state={s}",
        }
        for s, label in ProjectState.choices
    ]
    items += [{"group": "tier", "code": t, "label": label, "value": by_tier.get(t, 0)} for t, label in Tier.choices]
    items.append(
        {
            "group": "overdue",
            "code": "overdue",
            "label": "逾期未结题",
            "value": overdue,
            "status": "red" if overdue else None,
        }
    )
    return {
        "key": "projects.overview",
        "title": "党建项目",
        "value": total,
        "unit": "个",
        "status": "red" if overdue else "green",
        "items": items,
    }


def satisfaction(user, org, today):
    """群众满意率: the satisfied share of all survey answers of the subtree's projects of the year, per branch
    (three queries: the branches, the projects, their survey answers)."""
    from .metrics_public import Satisfaction, satisfaction_of
    from .results import year_projects

    projects = list(
        year_projects(org, today.year).filter(pk__in=_projects(user, org).values("pk")).values_list("pk", "org__path")
    )
    if not projects:
        return None
    answers = satisfaction_of([pk for pk, _path in projects])
    if not answers:
        return None
    branches = cockpit.Branches(org)
    total, per_branch = Satisfaction(), {}
    for pk, path in projects:
        s = answers.get(pk)
        if s is None:
            continue
        branch = branches.of(path)
        acc = per_branch.setdefault(branch.id if branch else None, Satisfaction())
        for acc_ in (total, acc):
            acc_.satisfied += s.satisfied
            acc_.basically_satisfied += s.basically_satisfied
            acc_.dissatisfied += s.dissatisfied
    url = reverse("projects:project_list")
    items = [
        cockpit.item(
            b,
            f"{per_branch[b.id].count}份测评",
            per_branch[b.id].rate,
            cockpit.rate_status(per_branch[b.id].rate),
            f"{url}?org={b.id}",
        )
        for b in branches
        if b.id in per_branch
    ]
    return cockpit.widget(
        "projects.satisfaction",
        "项目群众满意率",
        total.rate,
        "%",
        cockpit.rate_status(total.rate),
        items,
        note=f"{today.year}年项目共{total.count}份群众满意度测评",
    )
