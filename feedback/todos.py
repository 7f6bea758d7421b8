"""To-dos of the 七彩心桥 module (declared in FeedbackConfig.todos; see core/todos.py).

- 待受理意见建议 / 待办结意见建议: items the user's organisations handle, due by their step's working-day limit;
- 待认领问题: open problems on the list of an organisation she administers (or one above it), not yet claimed.
"""

from django.db.models import Q
from django.urls import reverse

from accounts import scope
from core.models import path_q
from core.todos import TodoItem, capped

from .choices import FeedbackState, ProblemState
from .models import Feedback, Problem, ancestor_paths

GROUP = "feedback"


def _handling(user):
    if not scope.admin_paths(user) or scope.is_system_user(user):
        return Feedback.objects.none()
    return Feedback.objects.handled_by(user).open()


def _unclaimed(user):
    """Open problems she may claim (feedback.claim_problem, in SQL): on the list of an organisation at or above
    one she administers, or below one."""
    paths = scope.admin_paths(user)
    if not paths or scope.is_system_user(user):
        return Problem.objects.none()
    at_or_above = [*ancestor_paths(paths), *paths]
    home_is = (Q(raised_to__isnull=True) & (Q(org__path__in=at_or_above) | path_q("org__path", paths))) | (
        Q(raised_to__isnull=False) & (Q(raised_to__path__in=at_or_above) | path_q("raised_to__path", paths))
    )
    return Problem.objects.filter(home_is, state=ProblemState.OPEN)


def _label(item):
    return "待受理意见建议" if item.state == FeedbackState.SUBMITTED else "待办结意见建议"


def items(user, today):
    out = []
    qs = _handling(user).select_related("handler").order_by("due_on", "id")
    out += capped(
        qs,
        lambda i: TodoItem(
            group=GROUP,
            kind="feedback.feedback",
            label=_label(i),
            text=str(i),
            url=reverse("feedback:feedback_detail", args=[i.pk]),
            due=i.due_on,
            note=i.handler.name,
        ),
        total=lambda: _handling(user).count(),
        more=lambda n: TodoItem(
            group=GROUP,
            kind="feedback.feedback",
            label="意见建议",
            text=f"另有 {n} 条意见建议待办理",
            url=reverse("feedback:feedback_list") + "?state=open",
            count=n,
        ),
    )
    problems = _unclaimed(user).count()
    if problems:
        out.append(
            TodoItem(
                group=GROUP,
                kind="feedback.problem",
                label="待认领问题",
                text=f"问题清单中有 {problems} 个问题待认领",
                url=reverse("feedback:problem_list") + "?state=open",
                count=problems,
                note="对号认领，或销号",
            )
        )
    return out


def count(user, today):
    if not scope.admin_paths(user) or scope.is_system_user(user):
        return 0
    # One query for the sidebar's badge: both queues counted in one statement.
    handling = _handling(user).order_by().values("pk")
    return handling.union(_unclaimed(user).order_by().values("pk"), all=True).count()
