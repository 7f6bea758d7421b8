"""Warning checks records contributes to the dashboard (Interface 2, `contributes["dashboard.checks"]`).

谈心谈话全覆盖: a branch whose members have all been talked with this year is green; otherwise it is green with a
note until `amber_from_month` (October: a quarter left), amber from then, and red in the last `red_days` days of
the year (the regulation's once a year about to be missed)."""

import datetime

from django.urls import reverse

from . import talks

DEFAULTS = {"amber_from_month": 10, "red_days": 31}


def _status(today, missing, params):
    if not missing:
        return "green"
    year_end = datetime.date(today.year, 12, 31)
    if (year_end - today).days < int(params.get("red_days", DEFAULTS["red_days"])):
        return "red"
    if today.month >= int(params.get("amber_from_month", DEFAULTS["amber_from_month"])):
        return "amber"
    return "green"


def evaluate_talks(orgs, today, params):
    """{branch id: finding} for the branches given, from two queries whatever their number."""
    params = {**DEFAULTS, **(params or {})}
    counts = talks.missing_per_branch(list(orgs), today)
    base = reverse("records:talks")
    out = {}
    for org in orgs:
        total, missing = counts.get(org.pk, (0, 0))
        if not total:
            text = "支部暂无党员"
        elif missing:
            text = f"本年度尚有 {missing} 名党员未开展谈心谈话（共 {total} 名）"
        else:
            text = f"本年度 {total} 名党员均已开展谈心谈话"
        out[org.pk] = {
            "status": _status(today, missing, params),
            "text": text,
            "url": f"{base}?org={org.pk}&missing=1",
        }
    return out


def checks():
    return [
        {
            "code": "records.talks_yearly",
            "label": "谈心谈话全覆盖",
            "citation": talks.CITATION,
            "params": dict(DEFAULTS),
            "evaluate": evaluate_talks,
        }
    ]
