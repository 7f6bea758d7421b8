"""What plans offers 党建动态 (notices): the 宣传报道 time nodes a news item may complete, and the completion and
its undoing when the item is published or withdrawn (plans.receivers, on notices' signals).

An item chooses one open node of the 宣传报道 items in its own organisation's plans; publishing it completes that
node (by note, dated the item's date, `completed_via` naming the item), withdrawing it reopens the node — only
if the item's publication is still what completed it."""

from django.db.models import Q

from core.errors import ActionError

CATEGORY = "宣传报道"


def via(item):
    return f"notices.newsitem:{item.pk}"


def _label(occ, *, with_org):
    item = occ.item
    when = f"{occ.due.month}月{occ.due.day}日前"
    text = f"{item.plan.year}年 {item.title}（{occ.period} · {when}）"
    return f"{item.plan.org.name}：{text}" if with_org else text


def occurrences(orgs, keep=None):
    """{org id: [(occurrence id, label)]}: the open 宣传报道 nodes of these organisations' plans (and `keep`)."""
    from .models import Occurrence

    ids = [o.pk for o in orgs]
    if not ids:
        return {}
    wanted = Q(completed_on__isnull=True)
    if keep:
        wanted |= Q(pk=keep)
    qs = (
        Occurrence.objects.filter(wanted, item__category=CATEGORY, item__plan__org_id__in=ids)
        .select_related("item__plan__org")
        .order_by("item__plan__org__path", "due", "id")
    )
    rows = list(qs[:500])
    with_org = len({o.item.plan.org_id for o in rows}) > 1
    out: dict[int, list] = {}
    for occ in rows:
        out.setdefault(occ.item.plan.org_id, []).append((occ.pk, _label(occ, with_org=with_org)))
    return out


def complete_for(item, *, by):
    """Complete the node the published item chose; True if it did (False: none chosen, gone, or done already)."""
    from . import workflows
    from .models import Occurrence

    if not item.occurrence_ref:
        return False
    occ = (
        Occurrence.objects.open()
        .filter(pk=item.occurrence_ref, item__category=CATEGORY, item__plan__org_id=item.org_id)
        .select_related("item__plan__org")
        .first()
    )
    if occ is None:
        return False
    try:
        workflows.OCCURRENCE.run(
            occ,
            "complete",
            by=by,
            data={"note": f"党建动态《{item.title}》已发布。", "completed_on": item.date.isoformat()},
            via=via(item),
        )
    except ActionError:
        return False  # not the publisher's to complete: left for its owner
    return True


def undo_for(item, *, by):
    """Reopen the node the item's publication completed (not one completed since by other means)."""
    from . import workflows
    from .models import Occurrence

    occ = Occurrence.objects.filter(completed_via=via(item)).select_related("item__plan__org").first()
    if occ is None or occ.completed_on is None:
        return False
    workflows.OCCURRENCE.run(occ, "reopen", by=by)
    return True
