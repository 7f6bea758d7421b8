"""To-dos of 通知公告 (joined into the module's to-dos by notices/todos.py): each published notice a recipient has
not signed (due on its reminder day), and for a branch secretary (书记 of the branch, with business rights) each
notice that people of her branch have left unsigned past twice its deadline (督促签收)."""

from django.db.models import Count, Q
from django.urls import reverse

from accounts import scope
from core.todos import TodoItem, capped
from orgs.models import Position

from . import deadlines
from .models_notices import Notice, NoticeState, Recipient

GROUP = "notices"


def _business(user):
    return bool(user.person_id) and not scope.is_system_user(user) and bool(scope.business_paths(user))


def _unsigned(user):
    if not _business(user):
        return Notice.objects.none()
    mine = Recipient.objects.filter(person_id=user.person_id, signed_at__isnull=True).values("notice_id")
    return Notice.objects.filter(state=NoticeState.PUBLISHED, pk__in=mine)


def _escalated(user, today):
    if not _business(user):
        return Recipient.objects.none()
    branches = Position.objects.filter(person_id=user.person_id, title="书记").filter(
        Q(started_on__isnull=True) | Q(started_on__lte=today), Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    return deadlines.escalated(today).filter(branch_id__in=branches.values("org_id"))


def items(user, today):
    qs = _unsigned(user).select_related("org").order_by("published_at", "id")

    def make(n):
        return TodoItem(
            group=GROUP,
            kind="notices.unsigned",
            label="通知待签收",
            text=f"签收通知《{n.title}》",
            url=reverse("notices:notice_detail", args=[n.pk]),
            due=deadlines.due_on(n.published_at, n.remind_days),
            note=f"{n.org.name}发布" + ("，须填写回执" if n.receipt_fields else ""),
        )

    def more(k):
        return TodoItem(
            group=GROUP,
            kind="notices.unsigned",
            label="通知待签收",
            text=f"另有{k}条通知待签收",
            url=reverse("notices:notice_list") + "?tab=received",
            count=k,
        )

    out = capped(qs, make, total=lambda: qs.count(), more=more)
    late = list(
        _escalated(user, today)
        .values("notice_id", "notice__title", "branch_id", "branch__name")
        .annotate(n=Count("id"))
        .order_by("notice_id", "branch_id")[:20]
    )
    for g in late:
        out.append(
            TodoItem(
                group=GROUP,
                kind="notices.escalated",
                label="督促签收",
                text=f"{g['branch__name']}有{g['n']}人逾期未签收《{g['notice__title']}》",
                url=reverse("notices:notice_receipts", args=[g["notice_id"]]) + f"?org={g['branch_id']}#unsigned",
                count=g["n"],
                note="已超过签收期限的两倍",
            )
        )
    return out


def counted(user, today):
    return [_unsigned(user), _escalated(user, today)]
