"""To-dos of 网上考试 (joined into 网络学院's to-dos by learning/todos.py):

- 待参加考试: an open exam for her organisation that she has not started, due at its close;
- 答卷待阅卷: attempts with short answers waiting for the author's marks, one entry per exam.
"""

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from accounts import scope
from core.models import path_q
from core.todos import TodoItem
from orgs.models import Person

from .choices import AttemptState, ExamState
from .models_exams import Attempt, Exam

GROUP = "learning"


def _to_take(user):
    if not user.person_id or scope.is_system_user(user):
        return Exam.objects.none()
    now = timezone.now()
    # Hers when her organisation lies in the exam organisation's subtree (one query, no read of her person).
    in_tree = Person.objects.filter(pk=user.person_id, org__path__startswith=OuterRef("org__path"))
    return Exam.objects.filter(Exists(in_tree), state=ExamState.PUBLISHED, opens__lte=now, closes__gt=now).exclude(
        attempt_set__person_id=user.person_id
    )


def _to_mark(user):
    paths = [] if scope.is_system_user(user) else scope.admin_paths(user)
    if not paths:
        return Attempt.objects.none()
    return Attempt.objects.filter(path_q("exam__org__path", paths), state=AttemptState.MARKING)


def items(user, today):
    out = []
    for e in _to_take(user).order_by("closes", "id")[:20]:
        local = timezone.localtime(e.closes)
        out.append(
            TodoItem(
                group=GROUP,
                kind="learning.exam_take",
                label="待参加考试",
                text=e.title,
                url=reverse("learning:exam_detail", args=[e.pk]),
                due=local.date(),
                note=f"{local:%m月%d日 %H:%M} 截止 · 限时 {e.minutes} 分钟",
            )
        )
    rows = _to_mark(user).values("exam_id", "exam__title").annotate(n=Count("id")).order_by("exam_id")
    for r in rows:
        out.append(
            TodoItem(
                group=GROUP,
                kind="learning.exam_mark",
                label="答卷待阅卷",
                text=f"{r['exam__title']}：{r['n']} 份答卷的简答题待阅卷",
                url=reverse("learning:exam_results", args=[r["exam_id"]]),
                count=r["n"],
            )
        )
    return out


def counted(user, today):
    return [_to_take(user), _to_mark(user)]
