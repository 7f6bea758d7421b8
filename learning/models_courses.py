"""网络学院 · 在线学习: courses a committee or branch publishes to its subtree, their lessons (video, PDF, article
text, link), each person's progress per lesson and per course, and the ratings of 学习评估.

A lesson is complete when its material was really used: a video watched to 90 % of its length by position
reports at a plausible pace (learning/courses.py checks them), a PDF, an article or a link open for its minimum
time. Completing a lesson credits its hours to the learner's study-hour ledger (`hours.credit`, source lesson,
ref the lesson's id), once.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import OrgScopedQuerySet, StoredFile, TimeStampedModel

from .choices import AUDIENCE_LABELS, CourseState, LessonKind


def _no_one(user):
    from accounts.scope import is_system_user

    return user is None or not user.is_authenticated or not user.is_active or is_system_user(user)


class CourseQuerySet(OrgScopedQuerySet):
    """A published (or archived) course is read in its organisation's subtree; its organisation's admins (and
    those above) read it in every state. The three system roles read none (三员分立)."""

    def visible_to(self, user):
        from accounts.scope import admin_paths
        from core.models import path_q, reach_q

        if _no_one(user):
            return self.none()
        offered = models.Q(state__in=[CourseState.PUBLISHED, CourseState.ARCHIVED]) & reach_q("org__path", user)
        return self.filter(offered | path_q("org__path", admin_paths(user)))

    def scope_paths(self, user):
        """What the search index reaches (it holds published and archived courses only): the courses of the
        user's subtrees, and exactly ("=" + path, see search/registry.py `exactly`) those of the organisations
        above them, which publish to their subtree."""
        from accounts.scope import business_paths
        from orgs.models import Organisation

        if _no_one(user):
            return []
        paths = business_paths(user)
        step = Organisation.steplen
        above = sorted({p[:n] for p in paths for n in range(step, len(p), step)})
        return [*paths, *("=" + p for p in above)]

    def for_person(self, person):
        """Published courses offered to the person's organisation (published by it or an organisation above)."""
        step = type(person.org).steplen
        above = [person.org.path[:n] for n in range(step, len(person.org.path) + 1, step)]
        return self.filter(state=CourseState.PUBLISHED, org__path__in=above)


class Course(TimeStampedModel):
    """课程: lessons a committee or branch offers its subtree, optionally required of an audience by a date."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="发布组织", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("课程名称", max_length=100)
    description = models.TextField("课程简介", blank=True)
    # ",full,cadre," — delimited so that "required of cadres" is a plain LIKE on SQLite and PostgreSQL alike.
    audience = models.CharField("学习对象", max_length=80, default=",full,probationary,")
    required = models.BooleanField("必修", default=False)
    due = models.DateField("完成期限", null=True, blank=True)
    state = models.CharField("状态", max_length=12, choices=CourseState.choices, default=CourseState.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CourseQuerySet.as_manager()

    class Meta:
        verbose_name = "课程"
        verbose_name_plural = "课程"
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    @property
    def audience_list(self):
        return [a for a in self.audience.strip(",").split(",") if a]

    @property
    def audience_labels(self):
        return [AUDIENCE_LABELS.get(a, a) for a in self.audience_list]

    @property
    def audit_org(self):
        return self.org

    @property
    def state_badge(self):
        return CourseState(self.state).badge


class LessonQuerySet(OrgScopedQuerySet):
    org_path_lookup = "course__org__path"

    def visible_to(self, user):
        return self.filter(course__in=Course.objects.visible_to(user))


class Lesson(models.Model):
    """课时: one piece of a course, with the hours its completion credits."""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField("顺序", default=0)
    title = models.CharField("课时名称", max_length=100)
    kind = models.CharField("类型", max_length=10, choices=LessonKind.choices)
    hours = models.DecimalField(
        "学时", max_digits=4, decimal_places=1, validators=[MinValueValidator(0), MaxValueValidator(24)]
    )
    body = models.TextField("正文", blank=True)
    url = models.URLField("链接", max_length=500, blank=True)
    duration = models.PositiveIntegerField("视频时长（秒）", null=True, blank=True)
    min_seconds = models.PositiveIntegerField("最少学习时间（秒）", default=120)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    objects = LessonQuerySet.as_manager()

    class Meta:
        verbose_name = "课时"
        verbose_name_plural = "课时"
        ordering = ["course_id", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.course.org


def _material_path(instance, filename):
    return f"learning/lessons/{instance.lesson_id}/{filename}"


class LessonFileQuerySet(OrgScopedQuerySet):
    org_path_lookup = "lesson__course__org__path"

    def visible_to(self, user):
        return self.filter(lesson__course__in=Course.objects.visible_to(user))


class LessonFile(StoredFile):
    """课时材料: the video or PDF of a lesson, served only through the lesson's page (with range requests)."""

    lesson = models.OneToOneField(Lesson, verbose_name="课时", on_delete=models.CASCADE, related_name="material")
    file = models.FileField("文件", upload_to=_material_path, max_length=300)

    objects = LessonFileQuerySet.as_manager()

    class Meta:
        verbose_name = "课时材料"
        verbose_name_plural = "课时材料"


class ProgressQuerySet(OrgScopedQuerySet):
    """A person's progress is hers: she reads her own; the staff of her organisation's subtree read everyone's
    there (a plain member never reads another's)."""

    org_path_lookup = "person__org__path"

    def visible_to(self, user):
        from accounts.scope import staff_paths
        from core.models import path_q

        if _no_one(user):
            return self.none()
        mine = models.Q(person_id=user.person_id) if user.person_id else models.Q(pk__in=[])
        return self.filter(mine | path_q("person__org__path", staff_paths(user)))


class LessonProgress(models.Model):
    """学习进度 of one person in one lesson: the parts of a video she watched (merged [start, end] seconds
    accepted from plausible reports), or the time a PDF, article or link was open; completed once enough."""

    person = models.ForeignKey("orgs.Person", verbose_name="学员", on_delete=models.CASCADE, related_name="+")
    lesson = models.ForeignKey(Lesson, verbose_name="课时", on_delete=models.CASCADE, related_name="progress")
    position = models.FloatField("播放位置（秒）", default=0)
    segments = models.JSONField("已观看片段", default=list, blank=True)
    watched = models.FloatField("已观看（秒）", default=0)
    seconds_open = models.FloatField("学习时间（秒）", default=0)
    reports = models.PositiveIntegerField("进度报告次数", default=0)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    reported_at = models.DateTimeField("最近报告时间")
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = "课时学习进度"
        verbose_name_plural = "课时学习进度"
        constraints = [models.UniqueConstraint(fields=["person", "lesson"], name="one_progress_per_person_lesson")]

    def __str__(self):
        return f"{self.person} · {self.lesson}"


class CourseProgress(models.Model):
    """A person's progress in a course: how many of its lessons she completed, and when she completed them all."""

    person = models.ForeignKey("orgs.Person", verbose_name="学员", on_delete=models.CASCADE, related_name="+")
    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="progress")
    lessons_done = models.PositiveSmallIntegerField("已完成课时", default=0)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    completed_at = models.DateTimeField("完成时间", null=True, blank=True)

    objects = ProgressQuerySet.as_manager()

    class Meta:
        verbose_name = "课程学习进度"
        verbose_name_plural = "课程学习进度"
        constraints = [models.UniqueConstraint(fields=["person", "course"], name="one_progress_per_person_course")]

    def __str__(self):
        return f"{self.person} · {self.course}"


class RatingQuerySet(OrgScopedQuerySet):
    """A rating is its author's; the admins of the course's organisation read them all (学习评估)."""

    org_path_lookup = "course__org__path"

    def visible_to(self, user):
        from accounts.scope import admin_paths
        from core.models import path_q

        if _no_one(user):
            return self.none()
        mine = models.Q(person_id=user.person_id) if user.person_id else models.Q(pk__in=[])
        return self.filter(mine | path_q("course__org__path", admin_paths(user)))


class CourseRating(TimeStampedModel):
    """学习评估: one learner's stars (1–5) and comment on a course; rating again changes hers."""

    course = models.ForeignKey(Course, verbose_name="课程", on_delete=models.CASCADE, related_name="ratings")
    person = models.ForeignKey("orgs.Person", verbose_name="学员", on_delete=models.CASCADE, related_name="+")
    stars = models.PositiveSmallIntegerField("评分", validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.CharField("意见建议", max_length=500, blank=True)

    objects = RatingQuerySet.as_manager()

    class Meta:
        verbose_name = "课程评价"
        verbose_name_plural = "课程评价"
        ordering = ["-updated_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["course", "person"], name="one_rating_per_person_course")]

    def __str__(self):
        return f"{self.course} · {self.stars}星"


__all__ = ["Course", "CourseProgress", "CourseRating", "Lesson", "LessonFile", "LessonProgress"]
