"""积分汇总: each subject's running total per scheme, kept current by the ledger's own inserts.

The ledger is append-only (a correction is a reversing entry), so a total only ever grows by the points of a
new entry: `add` runs in the posting's transaction (a post_save receiver, so every way an entry is written
keeps it), and bulk loads call `rebuild`. A ranking at a date on or after the scheme's newest entry reads
these rows (`covers`); a ranking at an earlier date still sums the ledger itself.
"""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum


def total_key(scheme_id, subject_type, org_id, person_id):
    return f"{scheme_id}:{subject_type}:{org_id}:{person_id or ''}"


def add(entry):
    """Add one new ledger entry's points to its subject's total (inside the posting's transaction)."""
    from .models import SubjectTotal

    key = total_key(entry.scheme_id, entry.subject_type, entry.subject_org_id, entry.subject_person_id)
    grow = {"points": F("points") + entry.points, "entries": F("entries") + 1}
    if SubjectTotal.objects.filter(key=key).update(**grow):
        return
    try:
        with transaction.atomic():
            SubjectTotal.objects.create(
                key=key,
                scheme_id=entry.scheme_id,
                subject_type=entry.subject_type,
                subject_org_id=entry.subject_org_id,
                subject_person_id=entry.subject_person_id,
                points=entry.points,
                entries=1,
            )
    except IntegrityError:  # a concurrent posting created the row first: add to it
        SubjectTotal.objects.filter(key=key).update(**grow)


def rebuild(schemes=None, batch=5000):
    """Recompute the totals of `schemes` (every scheme by default) from the ledger; for bulk loads."""
    from .models import LedgerEntry, SubjectTotal

    with transaction.atomic():
        rows = LedgerEntry.objects.all()
        gone = SubjectTotal.objects.all()
        if schemes is not None:
            ids = [getattr(s, "pk", s) for s in schemes]
            rows, gone = rows.filter(scheme_id__in=ids), gone.filter(scheme_id__in=ids)
        gone.delete()
        groups = (
            rows.values("scheme_id", "subject_type", "subject_org_id", "subject_person_id")
            .annotate(total=Sum("points"), n=Count("id"))
            .order_by()
        )
        made = [
            SubjectTotal(
                key=total_key(g["scheme_id"], g["subject_type"], g["subject_org_id"], g["subject_person_id"]),
                scheme_id=g["scheme_id"],
                subject_type=g["subject_type"],
                subject_org_id=g["subject_org_id"],
                subject_person_id=g["subject_person_id"],
                points=g["total"] or Decimal("0"),
                entries=g["n"],
            )
            for g in groups.iterator(chunk_size=batch)
        ]
        SubjectTotal.objects.bulk_create(made, batch_size=batch)
    return len(made)


def covers(scheme, until):
    """Whether the totals are the ledger summed up to `until`: no entry of the scheme is dated after it."""
    from .models import LedgerEntry

    return not LedgerEntry.objects.filter(scheme=scheme, occurred_on__gt=until).exists()


def entry_saved(sender, instance, created=False, raw=False, **kwargs):
    """post_save of LedgerEntry: entries are only ever inserted (the table refuses updates)."""
    if created and not raw:
        add(instance)
