"""To-dos of 党建动态 (joined into the notices app's by notices/todos.py): for a reviewer, the items of the branches
below her waiting for review (not her own); for a branch's 党务管理员 (and
the author), the items returned to be revised."""

from django.db.models import Q
from django.urls import reverse

from accounts import scope
from core.todos import TodoItem, capped

from .models_news import NewsItem, NewsState
from .rules_news import reviewer_paths

GROUP = "notices"


def _waiting(user):
    paths = reviewer_paths(user)
    if not paths:
        return NewsItem.objects.none()
    below = Q(pk__in=[])
    for p in paths:
        below |= Q(org__path__startswith=p) & ~Q(org__path=p)
    return NewsItem.objects.filter(below, state=NewsState.SUBMITTED).exclude(author_id=user.pk)


def _returned(user):
    if scope.is_system_user(user):
        return NewsItem.objects.none()
    paths = scope.admin_paths(user)
    if not paths:
        return NewsItem.objects.none()
    # The organisation's own admins and the author: not every committee admin above (she returned it).
    mine = Q(org__path__in=paths) | Q(author_id=user.pk)
    return NewsItem.objects.filter(mine, state=NewsState.RETURNED)


def items(user, today):
    waiting = _waiting(user).select_related("org").order_by("submitted_at", "id")
    returned = _returned(user).select_related("org").order_by("decided_at", "id")

    def review(n):
        return TodoItem(
            group=GROUP,
            kind="notices.news_review",
            label="党建动态待审核",
            text=f"审核党建动态《{n.title}》",
            url=reverse("notices:news_detail", args=[n.pk]),
            note=n.org.name,
        )

    def revise(n):
        return TodoItem(
            group=GROUP,
            kind="notices.news_returned",
            label="党建动态被退回",
            text=f"修改党建动态《{n.title}》",
            url=reverse("notices:news_edit", args=[n.pk]),
            note=f"退回理由：{n.reason}" if n.reason else n.org.name,
        )

    def more_review(n):
        return TodoItem(
            group=GROUP,
            kind="notices.news_review",
            label="党建动态待审核",
            text=f"另有{n}条党建动态待审核",
            url=reverse("notices:news_review"),
            count=n,
        )

    def more_revise(n):
        return TodoItem(
            group=GROUP,
            kind="notices.news_returned",
            label="党建动态被退回",
            text=f"另有{n}条党建动态被退回待修改",
            url=reverse("notices:news_manage") + "?state=returned",
            count=n,
        )

    return capped(waiting, review, total=lambda: _waiting(user).count(), more=more_review) + capped(
        returned, revise, total=lambda: _returned(user).count(), more=more_revise
    )


def counted(user, today):
    return [_waiting(user), _returned(user)]
