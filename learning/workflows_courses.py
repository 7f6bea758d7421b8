"""The course's workflow: draft → published (to the organisation's subtree) → withdrawn (and published again) or
archived. A course is published only with at least one lesson, and a required course only before its deadline."""

from django.utils import timezone

from core import dates
from core.errors import Conflict
from core.workflow import Transition, Workflow

from .choices import CourseState as S
from .choices import LessonKind
from .models_courses import Course


def _publish(course, ctx):
    if not course.lessons.exists():
        raise Conflict("课程还没有课时，添加课时后才能发布。")
    bare = course.lessons.filter(kind__in=[LessonKind.VIDEO, LessonKind.PDF], material__isnull=True).first()
    if bare is not None:
        raise Conflict(f"课时“{bare.title}”还没有上传文件，上传后才能发布。")
    if course.required and course.due and course.due < dates.today():
        raise Conflict("必修课程的完成期限已过，请先修改完成期限。")
    if course.published_at is None:
        course.published_at = timezone.now()


COURSE = Workflow(
    "learning.course",
    model=Course,
    states=S,
    lock_related=("org",),
    transitions=[
        Transition("publish", "发布", [S.DRAFT, S.WITHDRAWN], S.PUBLISHED, "learning.manage_course", effect=_publish),
        Transition(
            "withdraw",
            "撤回",
            [S.PUBLISHED],
            S.WITHDRAWN,
            "learning.manage_course",
            style="outline-warning",
            confirm="撤回后学员将看不到该课程，已完成的学时保留。确定撤回吗？",
        ),
        Transition(
            "archive",
            "归档",
            [S.PUBLISHED, S.WITHDRAWN],
            S.ARCHIVED,
            "learning.manage_course",
            style="outline-secondary",
            confirm="归档后课程不再开放学习，也不能再修改，已完成的学时保留。确定归档吗？",
        ),
    ],
)
