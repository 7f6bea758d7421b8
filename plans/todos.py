"""Home-page to-dos of the 路径化 module."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts import scope
from core.models import path_q

from . import compliance
from .models import Occurrence, PlanItem


def todos(request, today=None):
    """[(title, [(text, url, badge)])]: my items due within 7 days or overdue; for admins, what needs them."""
    user = request.user
    if not user.is_authenticated or scope.is_system_user(user):
        return []
    today = today or timezone.localdate()
    sections = []
    if user.person_id:
        mine = (
            Occurrence.objects.visible_to(user)
            .open()
            .filter(
                item__ownerships__person_id=user.person_id,
                due__lte=today + datetime.timedelta(days=7),
                due__year__gte=today.year - 1,
            )
            .select_related("item")
            .order_by("due")[:20]
        )
        entries = []
        for occ in mine:
            overdue = occ.due < today
            badge = (
                f"逾期{(today - occ.due).days}天"
                if overdue
                else ("今天" if occ.due == today else f"{(occ.due - today).days}天后到期")
            )
            entries.append(
                (f"{occ.due:%m-%d} {occ.item.title}", reverse("plans:occurrence_detail", args=[occ.pk]), badge)
            )
        sections.append(("我负责的党建事项", entries))
    admin_paths = scope.admin_paths(user)
    if admin_paths:
        unclaimed = (
            PlanItem.objects.filter(
                path_q("plan__org__path", admin_paths), plan__year=today.year, ownerships__isnull=True
            )
            .select_related("plan__org")
            .order_by("plan__org__path", "position")[:15]
        )
        entries = [
            (f"{i.plan.org.name}：{i.title}", reverse("plans:division", args=[i.plan_id]), "未认领") for i in unclaimed
        ]
        cells = []
        for root, _p in compliance.resolve_scope(user):
            if any(root.path.startswith(p) for p in admin_paths):
                cells += compliance.compute(root, today.year, today=today)
        url = reverse("plans:compliance")
        for c in [c for c in cells if c.status == "missing"][:15]:
            entries.append((f"{c.org.name}：{c.period} {c.obligation_label}无记录", url, "缺失"))
        sections.append(("党建清单待办", entries))
    return sections
