"""Plan items in the shared 回收站 (see core/trash.py): deleting an item hides its time nodes, claims,
owners and completion records with it; restoring it brings them all back."""

from django.urls import reverse


def _join(parts):
    return parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "和" + parts[-1]


def item_contents(item):
    from .models import Claim, ItemOwner, Occurrence

    occurrences = Occurrence.objects.with_deleted().filter(item=item)
    total, done = occurrences.count(), occurrences.filter(completed_on__isnull=False).count()
    owners = ItemOwner.objects.with_deleted().filter(item=item).count()
    claims = Claim.objects.with_deleted().filter(item=item).count()
    parts = []
    if total:
        parts.append(f"{total}个时间节点" + (f"（其中{done}个已登记完成）" if done else ""))
    if owners:
        parts.append(f"{owners}名责任人的分工")
    if claims:
        parts.append(f"{claims}条认领记录")
    return f"它的{_join(parts)}" if parts else ""


def item_files(item):
    from .models import OccurrenceAttachment

    return list(
        OccurrenceAttachment.objects.with_deleted().filter(occurrence__item=item).values_list("file", flat=True)
    )


def kinds():
    """The 回收站 kinds of this app (declared on its AppConfig)."""
    from core import trash

    from .models import PlanItem

    return [
        trash.kind(
            PlanItem,
            label="清单事项",
            noun="事项",
            name=lambda item: item.title,
            detail=lambda item: f"清单《{item.plan.title}》",
            org=lambda item: item.plan.org,
            can_restore=lambda user, item: user.has_perm("plans.manage", item.plan.org),
            contents=item_contents,
            restore_note="它的时间节点、责任人分工、认领和完成记录",
            url=lambda item: f"{reverse('plans:plan_detail', args=[item.plan_id])}#item-{item.pk}",
            files=item_files,
            select_related=("plan__org",),
        ),
    ]
