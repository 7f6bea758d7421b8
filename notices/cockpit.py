"""The 驾驶舱 widget of 通知公告 (Interface 1): the people of a subtree who have not signed its published notices,
per branch, red where some are past twice the deadline, amber past the deadline. Two queries whatever the
subtree's size."""

from django.db.models import Count
from django.urls import reverse

from . import deadlines
from .models_notices import Recipient


def unsigned(user, org, today):
    rows = list(
        deadlines.unsigned()
        .filter(branch_path__startswith=org.path)
        .values("branch_id", "branch__name", "branch_path")
        .annotate(
            n=Count("id"),
            late=Count("id", filter=deadlines.past_q(today)),
            escalated=Count("id", filter=deadlines.past_q(today, factor=2)),
        )
        .order_by("-n", "branch_path")
    )
    if not rows:
        published = Recipient.objects.filter(branch_path__startswith=org.path, notice__state="published").exists()
        if not published:
            return None
    url = reverse("notices:unsigned")

    def status(r):
        return "red" if r["escalated"] else "amber" if r["late"] else "green"

    items = [
        {
            "org": {"id": r["branch_id"], "name": r["branch__name"]},
            "label": f"{r['n']}人未签收" + (f"，{r['late']}人逾期" if r["late"] else ""),
            "value": r["n"],
            "status": status(r),
            "url": f"{url}?org={r['branch_id']}",
        }
        for r in rows
    ]
    total = sum(r["n"] for r in rows)
    late = sum(r["late"] for r in rows)
    overall = "red" if any(r["escalated"] for r in rows) else "amber" if late else "green"
    return {
        "key": "notices.unsigned",
        "title": "通知签收",
        "value": total,
        "unit": "人",
        "status": overall,
        "note": f"已发布通知中未签收的人次，其中逾期{late}人次" if total else "已发布的通知均已签收",
        "items": items,
    }
