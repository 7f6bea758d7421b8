"""To-dos of the 七彩心桥 module (declared in FeedbackConfig.todos; see core/todos.py).

- 待受理意见建议 / 待办结意见建议: items the user's organisations handle, due by their step's working-day limit;
- 待认领问题: open problems on the list of an organisation she administers (or one above it), not yet claimed.
"""

from django.urls import reverse

from accounts import scope
from core.todos import TodoItem, capped

from . import rules
from .choices import FeedbackState, ProblemState
from .models import Feedback, Problem

GROUP = "feedback"


def _handling(user):
    if not scope.admin_paths(user) or scope.is_system_user(user):
        return Feedback.objects.none()
    return Feedback.objects.handled_by(user).open()


def _unclaimed(user):
    """Open problems she may claim (few: the list of her organisations and the ones above them)."""
    if not scope.admin_paths(user) or scope.is_system_user(user):
        return []
    qs = Problem.objects.visible_to(user).filter(state=ProblemState.OPEN).select_related("org", "raised_to")
    return [p for p in qs if rules.may_claim_there(user, p)]


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
    problems = _unclaimed(user)
    if problems:
        out.append(
            TodoItem(
                group=GROUP,
                kind="feedback.problem",
                label="待认领问题",
                text=f"问题清单中有 {len(problems)} 个问题待认领",
                url=reverse("feedback:problem_list") + "?state=open",
                count=len(problems),
                note="对号认领，或销号",
            )
        )
    return out


def count(user, today):
    if not scope.admin_paths(user) or scope.is_system_user(user):
        return 0
    return _handling(user).count() + len(_unclaimed(user))
