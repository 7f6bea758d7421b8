"""To-dos of 群众测评 (joined into the module's to-dos by assessments/todos.py), for the 党务管理员 who run a survey:

- 群众测评待结束: an open survey past its 截止日期. The public page already refuses its codes (mass.is_open), but
  the survey counts in the 满意度 measure and the recognitions only once it is closed, on the day it is closed.
"""

from django.urls import reverse

from accounts import scope
from core.models import path_q
from core.todos import TodoItem

from .models_mass import MassState, MassSurvey

GROUP = "assessments"


def _overdue(user, today):
    paths = scope.admin_paths(user)
    if not paths or scope.is_system_user(user):
        return MassSurvey.objects.none()
    return MassSurvey.objects.filter(path_q("org__path", paths), state=MassState.OPEN, closes__lt=today)


def items(user, today):
    return [
        TodoItem(
            group=GROUP,
            kind="assessments.mass_close",
            label="群众测评待结束",
            text=f"“{s.title}”已过截止日期（{s.closes:%Y-%m-%d}），请结束测评",
            url=reverse("assessments:mass_detail", args=[s.pk]),
            due=s.closes,
            note="结束后计入满意度测评和表彰提名，未使用的测评码作废",
        )
        for s in _overdue(user, today).order_by("closes", "id")
    ]


def counted(user, today):
    return [_overdue(user, today)]
