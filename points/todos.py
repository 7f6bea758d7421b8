"""To-dos of the 积分制 module (declared in PointsConfig.todos; see core/todos.py).

- 待我审核: declarations waiting at each review level I hold (reviewer_l1/l2/l3), one entry per level;
- 待单位确认: entries the committee recorded for a unit I manage, waiting for its 双向确认;
- 被退回待修改: my declarations a reviewer returned, each with the reviewer's comment;
- 异议待答复: objections to a publicity of a scheme I manage, still unanswered while it is published.
"""

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from accounts import scope
from core.todos import TodoItem, capped

from .choices import AWAITING_CONFIRMATION, LEVEL_LABELS, RETURNED
from .models import Declaration, Objection, Publicity
from .rules import administers_any, managed_schemes_q, reviewer_levels, unit_confirmation_q

GROUP = "points"


def _declarations(user):
    return Declaration.objects.visible_to(user)


def _to_confirm(user):
    if not administers_any(user):
        return Declaration.objects.none()
    return (
        _declarations(user)
        .filter(unit_confirmation_q(user), state=AWAITING_CONFIRMATION)
        .exclude(declared_by=user)  # the declarant never confirms her own entry
    )


def _returned(user):
    return _declarations(user).filter(declared_by=user, state=RETURNED)


def _open_objections(user):
    """Unanswered objections on published (not yet announced) publicities of schemes the user manages."""
    if not administers_any(user):
        return Objection.objects.none()
    return Objection.objects.filter(
        answered_at__isnull=True,
        publicity__in=Publicity.objects.visible_to(user).filter(managed_schemes_q(user), state="published"),
    )


def items(user, today):
    if not scope.business_paths(user):
        return []
    out = []
    for level in reviewer_levels(user):
        queue = _declarations(user).awaiting_level(level, user).aggregate(n=Count("id"), first=Min("submitted_at"))
        if queue["n"]:
            first = timezone.localtime(queue["first"]) if queue["first"] else None
            out.append(
                TodoItem(
                    group=GROUP,
                    kind="points.review",
                    label="待我审核",
                    text=f"{queue['n']} 件积分申报待{LEVEL_LABELS[level]}",
                    url=f"{reverse('points:review_queue')}?level={level}",
                    count=queue["n"],
                    note=f"最早一件提交于{first.month}月{first.day}日" if first else "",
                )
            )
    n = _to_confirm(user).count()
    if n:
        out.append(
            TodoItem(
                group=GROUP,
                kind="points.confirm",
                label="待单位确认",
                text=f"{n} 条工委录入的积分待本单位确认",
                url=f"{reverse('points:declaration_list')}?confirm=1",
                count=n,
                note="双向确认：核对后确认或提出异议",
            )
        )
    returned = _returned(user).select_related("item", "subject_org", "subject_person").order_by("-updated_at", "-id")
    out += capped(
        returned,
        lambda d: TodoItem(
            group=GROUP,
            kind="points.returned",
            label="被退回待修改",
            text=f"{d.item.name} · {d.subject_name}",
            url=reverse("points:declaration_edit", args=[d.pk]),
            note=f"退回意见：{d.last_comment}" if d.last_comment else "修改后重新提交",
        ),
        total=lambda: _returned(user).count(),
        more=lambda n: TodoItem(
            group=GROUP,
            kind="points.returned",
            label="被退回待修改",
            text=f"另有 {n} 件被退回的申报",
            url=f"{reverse('points:declaration_list')}?mine=1&state={RETURNED}",
            count=n,
        ),
    )
    per_publicity = (
        _open_objections(user)
        .values("publicity_id", "publicity__title", "publicity__objection_deadline")
        .annotate(n=Count("id"))
        .order_by("publicity__objection_deadline", "publicity_id")
    )
    for row in per_publicity:
        out.append(
            TodoItem(
                group=GROUP,
                kind="points.objection",
                label="异议待答复",
                text=f"“{row['publicity__title']}”有 {row['n']} 条异议待答复",
                url=reverse("points:publicity_detail", args=[row["publicity_id"]]),
                due=row["publicity__objection_deadline"],
                count=row["n"],
                note="答复全部异议后才能正式公布",
            )
        )
    return out


def count(user, today):
    if not scope.business_paths(user):
        return 0
    n = sum(_declarations(user).awaiting_level(level, user).count() for level in reviewer_levels(user))
    n += _returned(user).count()
    if administers_any(user):
        n += _to_confirm(user).count() + _open_objections(user).count()
    return n
