"""Reminders of 通知公告 for the reminders part (`contributes = {"notices.reminders": …}`, Interface 3): each
recipient who has not signed after the notice's N working days, and — still unsigned after 2N — the secretary of
her branch, once per notice and branch (the reminders part delivers each (person, key) once per channel)."""

from django.db.models import Count, Q
from django.urls import reverse

from core import dates
from orgs.models import Position

from . import deadlines


def _secretaries(branch_ids, today):
    """{branch id: the person holding its 书记 post today} in one query."""
    held = Position.objects.filter(org_id__in=branch_ids, title="书记").filter(
        Q(started_on__isnull=True) | Q(started_on__lte=today), Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    out = {}
    for pos in held.select_related("person").order_by("started_on", "pk"):
        if pos.person.status == "active":
            out.setdefault(pos.org_id, pos.person)
    return out


def due_reminders(today=None):
    """[{"person", "key", "title", "body", "url"}] due today: reminders to recipients, escalations to secretaries."""
    today = today or dates.today()
    out = []
    rows = deadlines.overdue(today).select_related("person", "notice__org").order_by("notice_id", "person_id")
    for r in rows.iterator(chunk_size=2000):
        n = r.notice
        out.append(
            {
                "person": r.person,
                "key": f"notices.notice.{n.pk}.unsigned",
                "title": f"请签收通知《{n.title}》",
                "body": f"{n.org.name}于{dates_label(n.published_at)}发布的通知尚未签收"
                + ("，请阅读后填写回执并签收。" if n.receipt_fields else "，请阅读后签收。"),
                "url": reverse("notices:notice_detail", args=[n.pk]),
            }
        )
    groups = list(
        deadlines.escalated(today)
        .values("notice_id", "notice__title", "branch_id", "branch__name")
        .annotate(n=Count("id"))
        .order_by("notice_id", "branch_id")
    )
    secretaries = _secretaries({g["branch_id"] for g in groups}, today)
    for g in groups:
        person = secretaries.get(g["branch_id"])
        if person is None:
            continue
        out.append(
            {
                "person": person,
                "key": f"notices.notice.{g['notice_id']}.escalated.{g['branch_id']}",
                "title": f"{g['branch__name']}有{g['n']}人未签收《{g['notice__title']}》",
                "body": "已超过签收期限的两倍，请督促本支部人员及时签收。",
                "url": reverse("notices:notice_receipts", args=[g["notice_id"]]) + f"?org={g['branch_id']}",
            }
        )
    return out


def dates_label(value):
    local = value.astimezone(dates.SHANGHAI)
    return f"{local.month}月{local.day}日"
