"""三会一课台账汇总 (ComplianceMark): keeping each organisation's first record per obligation and month current.

A record counts for every code in its type and 也计为 (`counts_as_key`), in the month of its date, and for the
yearly duties (组织生活会, 民主评议党员) also in the year it is held for (所属年度). Whenever a record is saved
(filed, changed, deleted to the 回收站, restored) or purged, the months it counts in now, and those where it
was the first before, are worked out again from the records themselves — a few indexed queries, in the same
transaction. The organisations' rows are locked first, so two filings for one branch cannot both miss the
other's record. Bulk loads (the demo, the generator) call `rebuild()`.
"""

import calendar
import datetime

from django.db import transaction


def keys_of(record):
    """{(org_id, code, bucket)} a live record counts in."""
    if record.deleted_at is not None or record.date is None:
        return set()
    return {
        (record.org_id, code, bucket) for code, bucket in buckets(record.counts_as_key, record.date, record.for_year)
    }


def buckets(counts_as_key, date, for_year):
    """[(code, bucket)] a record of these codes, date and 所属年度 counts in: its month, and for the yearly
    duties the year it is held for."""
    from records.choices import ANNUAL_TYPES

    out = []
    for code in (c for c in (counts_as_key or "").split(",") if c):
        out.append((code, f"{date.year}-{date.month:02d}"))
        if code in ANNUAL_TYPES:
            out.append((code, f"Y{for_year or date.year}"))
    return out


def _first(org_id, code, bucket):
    from records.models import Record

    qs = Record.objects.filter(org_id=org_id)
    if bucket.startswith("Y"):
        qs = qs.counting_for(code, int(bucket[1:]))
    else:
        year, month = int(bucket[:4]), int(bucket[5:7])
        last = calendar.monthrange(year, month)[1]
        qs = qs.of_type(code).filter(
            date__gte=datetime.date(year, month, 1), date__lte=datetime.date(year, month, last)
        )
    return qs.order_by("date", "id").values_list("id", "date", "title").first()


def refresh(keys):
    """Work the given (org_id, code, bucket) marks out again from the records."""
    from orgs.models import Organisation

    from .models import ComplianceMark

    if not keys:
        return
    with transaction.atomic():
        list(Organisation.objects.select_for_update().filter(pk__in={k[0] for k in keys}).order_by("pk"))
        for org_id, code, bucket in sorted(keys):
            first = _first(org_id, code, bucket)
            if first is None:
                ComplianceMark.objects.filter(org_id=org_id, code=code, bucket=bucket).delete()
                continue
            rid, date, title = first
            ComplianceMark.objects.update_or_create(
                org_id=org_id, code=code, bucket=bucket, defaults={"record_id": rid, "date": date, "title": title}
            )


def record_saved(sender, instance, raw=False, **kwargs):
    """post_save of Record: where it counts now, and where it was the first before."""
    from .models import ComplianceMark

    if raw:
        return
    was = set(ComplianceMark.objects.filter(record_id=instance.pk).values_list("org_id", "code", "bucket"))
    refresh(keys_of(instance) | was)


def record_deleted(sender, instance, **kwargs):
    """post_delete of Record (a purge from the 回收站): its marks went with it; find the next record."""
    instance.deleted_at = None
    refresh(keys_of(instance))


def rebuild():
    """Every mark again from the records (after bulk loads that bypass the model's save)."""
    from records.models import Record

    from .models import ComplianceMark

    firsts = {}
    rows = Record.objects.order_by("date", "id").values_list(
        "id", "org_id", "date", "title", "counts_as_key", "for_year"
    )
    for rid, org_id, date, title, key, for_year in rows.iterator(chunk_size=5000):
        for code, bucket in buckets(key, date, for_year):
            firsts.setdefault((org_id, code, bucket), (rid, date, title))
    with transaction.atomic():
        ComplianceMark.objects.all().delete()
        ComplianceMark.objects.bulk_create(
            [
                ComplianceMark(org_id=o, code=c, bucket=b, record_id=rid, date=d, title=t)
                for (o, c, b), (rid, d, t) in firsts.items()
            ],
            batch_size=5000,
        )
    return len(firsts)
