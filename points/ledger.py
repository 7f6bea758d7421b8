"""Posting to the append-only ledger: one entry per approved declaration (the review workflow's last step)."""

from django.db import IntegrityError, transaction
from django.db.models import Sum

from core import audit
from core.errors import Conflict

from .models import Item, LedgerEntry


def post_entry(decl, *, by):
    """One ledger entry per approved declaration: points × quantity, capped by the item's cap for the cycle."""
    item = Item.objects.select_for_update().get(pk=decl.item_id) if decl.item.cap is not None else decl.item
    points = decl.points
    reason = ""
    if item.cap is not None:
        subject = (
            {"subject_person": decl.subject_person}
            if decl.subject_person_id
            else {"subject_org": decl.subject_org, "subject_person__isnull": True}
        )
        already = LedgerEntry.objects.filter(item=item, **subject).aggregate(s=Sum("points"))["s"] or 0
        allowed = max(item.cap - already, 0)
        if points > allowed:
            points, reason = allowed, f"该项目每周期上限{item.cap}分，按上限计入。"
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                scheme=decl.scheme,
                item=item,
                declaration=decl,
                subject_type=decl.subject_type,
                subject_org=decl.subject_org,
                subject_person=decl.subject_person,
                points=points,
                occurred_on=decl.occurred_on,
                reason=reason,
                posted_by=by,
            )
    except IntegrityError:
        raise Conflict("该申报已记入积分台账。")
    audit.record("points.ledger.post", by=by, obj=entry, after=audit.snapshot(entry))
    return entry
