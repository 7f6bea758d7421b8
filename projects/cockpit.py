"""The 驾驶舱 widget of 项目化管理 (core.modules.CockpitWidget): projects by state and tier, and the overdue ones."""

from django.db.models import Count

from .choices import ProjectState, Tier
from .models import Project

# Approved and running projects whose end date has passed without a closing request (未完成项目计划).
RUNNING = (ProjectState.APPROVED, ProjectState.IN_PROGRESS)


def overview(user, today):
    """{"key", "title", "value", "unit", "status", "items"} over the projects the user reads (None: none at all)."""
    qs = Project.objects.visible_to(user)
    by_state = dict(qs.order_by().values_list("state").annotate(n=Count("pk")))
    total = sum(by_state.values())
    if not total:
        return None
    by_tier = dict(qs.order_by().values_list("tier").annotate(n=Count("pk")))
    overdue = qs.filter(state__in=RUNNING, end__lt=today).count()
    items = [
        {"group": "state", "code": s, "label": label, "value": by_state.get(s, 0)} for s, label in ProjectState.choices
    ]
    items += [{"group": "tier", "code": t, "label": label, "value": by_tier.get(t, 0)} for t, label in Tier.choices]
    items.append({"group": "overdue", "code": "overdue", "label": "逾期未结题", "value": overdue})
    return {
        "key": "projects.overview",
        "title": "党建项目",
        "value": total,
        "unit": "个",
        "status": "red" if overdue else "green",
        "items": items,
    }
