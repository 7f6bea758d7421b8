"""网络学院 on a person's page (the `people.panels` contribution): her study hours, the courses she has started,
her exam results, her education records and her 学习之星 titles, each panel shown only to those who may read it."""

from django.urls import reverse
from django.utils import timezone

from . import queries_exams, views, views_courses, views_extras
from .choices import AttemptState

EXAM_ROWS = 5  # the latest handed-in attempts shown


def person_panels(user, person):
    return [
        *views.hours_panels(user, person),
        *views_courses.person_panels(user, person),
        *exam_panels(user, person),
        *views_extras.person_panels(user, person),
    ]


def exam_panels(user, person):
    """网上考试: her handed-in attempts that the reader may read (the person herself, or the 党务管理员 of the exam's
    organisation and above), the latest first, each with its score and whether it passed (one query)."""
    rows = list(queries_exams.person_results(person, by=user)[:EXAM_ROWS])
    if not rows:
        return []
    return [
        {
            "title": "网上考试",
            "rows": [
                {
                    "text": a.exam.title + (f"（第{a.number}次）" if a.number > 1 else ""),
                    "url": reverse("learning:attempt", args=[a.pk]),
                    "note": _note(a),
                }
                for a in rows
            ],
        }
    ]


def _note(attempt):
    day = f"{timezone.localtime(attempt.submitted_at):%Y-%m-%d} · " if attempt.submitted_at else ""
    if attempt.state == AttemptState.MARKING:
        return f"{day}已交卷，待阅卷"
    verdict = "通过" if attempt.passed else "未通过"
    return f"{day}{attempt.score}分（满分{attempt.exam.total}分）· {verdict}"
