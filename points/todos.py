"""Home-page to-dos: review queues per level, confirmations waiting for the unit, returned declarations."""

from django.urls import reverse

from accounts import scope

from .choices import AWAITING_CONFIRMATION, LEVEL_LABELS, RETURNED
from .models import Declaration
from .views import reviewer_levels, unit_confirmation_q


def todos(request):
    user = request.user
    if not user.is_authenticated or not scope.business_paths(user):
        return []
    visible = Declaration.objects.visible_to(user)
    entries = []
    for level in reviewer_levels(user):
        n = visible.awaiting_level(level, user).count()
        if n:
            entries.append((f"积分申报待{LEVEL_LABELS[level]}", f"{reverse('points:review_queue')}?level={level}", n))
    n = visible.filter(unit_confirmation_q(user), state=AWAITING_CONFIRMATION).exclude(declared_by=user).count()
    if n:
        entries.append(("工委录入的积分待本单位确认", f"{reverse('points:declaration_list')}?confirm=1", n))
    n = visible.filter(declared_by=user, state=RETURNED).count()
    if n:
        entries.append(("被退回待修改的积分申报", f"{reverse('points:declaration_list')}?mine=1&state={RETURNED}", n))
    return [("积分管理", entries)] if entries else []
