"""To-dos of the 路径化 module (declared in PlansConfig.todos; see core/todos.py).

- 到期事项: occurrences of the items I answer for, overdue or due within a week;
- 认领待确认: members' claims on items of organisations I manage (never my own: another admin decides);
- 未认领事项: this year's items nobody answers for and nobody has claimed, per plan.
"""

import datetime

from django.db.models import Count
from django.urls import reverse

from accounts import scope
from core.todos import SOON_DAYS, TodoItem, capped

from .models import Claim, Occurrence, PlanItem

GROUP = "plans"


def _due_occurrences(user, today):
    if not user.person_id or not scope.business_paths(user):
        return Occurrence.objects.none()
    return (
        Occurrence.objects.visible_to(user)
        .open()
        .filter(
            item__ownerships__person_id=user.person_id,
            due__lte=today + datetime.timedelta(days=SOON_DAYS),
            due__year__gte=today.year - 1,  # an old plan's leftovers are not today's work
        )
    )


def _waiting_claims(user):
    if not scope.admin_paths(user):
        return Claim.objects.none()
    # The claims plans.confirm_claim allows her (a claim of one's own is confirmed by another admin).
    return Claim.objects.visible_to(user).decidable_by(user)


def _unclaimed(user, today):
    if not scope.admin_paths(user):
        return PlanItem.objects.none()
    return (
        PlanItem.objects.visible_to(user)
        .administered_by(user)
        .filter(plan__year=today.year)
        .in_owner_status("unclaimed")
    )


def items(user, today):
    out = []
    occs = _due_occurrences(user, today).select_related("item__plan__org").order_by("due", "item__start_time", "id")
    out += capped(
        occs,
        lambda o: TodoItem(
            group=GROUP,
            kind="plans.occurrence",
            label="到期事项",
            text=o.item.title,
            url=reverse("plans:occurrence_detail", args=[o.pk]),
            due=o.due,
            note=" · ".join(
                x
                for x in [
                    o.item.plan.org.name,
                    o.item.start_time.strftime("%H:%M") if o.item.start_time else "",
                    o.item.place,
                ]
                if x
            ),
        ),
        total=lambda: _due_occurrences(user, today).count(),
        more=lambda n: TodoItem(
            group=GROUP,
            kind="plans.occurrence",
            label="到期事项",
            text=f"另有 {n} 个到期事项",
            url=reverse("plans:plan_list"),
            count=n,
        ),
    )
    claims = _waiting_claims(user).select_related("item__plan__org", "person").order_by("created_at", "id")
    out += capped(
        claims,
        lambda c: TodoItem(
            group=GROUP,
            kind="plans.claim",
            label="认领待确认",
            text=f"{c.person.name} 认领“{c.item.title}”",
            url=f"{reverse('plans:division', args=[c.item.plan_id])}#pending-claims",
            note=f"{c.item.plan.org.name} · {c.note}" if c.note else c.item.plan.org.name,
        ),
        total=lambda: _waiting_claims(user).count(),
        more=lambda n: TodoItem(
            group=GROUP,
            kind="plans.claim",
            label="认领待确认",
            text=f"另有 {n} 个认领待确认",
            url=reverse("plans:plan_list"),
            count=n,
        ),
    )
    per_plan = (
        _unclaimed(user, today)
        .values("plan_id", "plan__org__name", "plan__org__path")
        .annotate(n=Count("id"))
        .order_by("plan__org__path", "plan_id")
    )
    for row in per_plan:
        out.append(
            TodoItem(
                group=GROUP,
                kind="plans.unclaimed",
                label="未认领事项",
                text=f"{row['plan__org__name']}：{row['n']} 个事项无人认领",
                url=reverse("plans:division", args=[row["plan_id"]]),
                count=row["n"],
                note="认领或指派责任人",
            )
        )
    return out


def count(user, today):
    n = _due_occurrences(user, today).count() if user.person_id else 0
    if scope.admin_paths(user):
        n += _waiting_claims(user).count() + _unclaimed(user, today).count()
    return n
