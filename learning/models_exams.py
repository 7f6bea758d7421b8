"""网上考试: a question bank of five types, exams drawn from it by a blueprint, each candidate's attempts (her own
questions and option order, kept so an interrupted exam resumes as it was), and her 错题本.

- A `Question` belongs to an organisation and is used by the exam authors of its subtree (and read by those above).
- An `Exam`'s blueprint is a list of rows {type, topic?, difficulty?, count, points}: each candidate draws `count`
  questions of the row from the bank (the exam organisation's and those above it) when she starts.
- An `Attempt` keeps its `AttemptItem`s: the question, the order its options were shown in, the points, the
  answer saved and the score. The deadline is the start plus the minutes, and never later than the window's close.
- A `Mistake` is a question a person got wrong (in an exam whose answers she may see), for practice.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import OrgScopedQuerySet, TimeStampedModel, path_q

from .choices import AttemptState, ExamReview, ExamState, QuestionType


def _above(paths):
    from orgs.models import Organisation

    step = Organisation.steplen
    return sorted({p[:n] for p in paths for n in range(step, len(p) + 1, step)})


class QuestionQuerySet(OrgScopedQuerySet):
    """The bank is the authors': a 党务管理员 uses the questions of her subtree and of the organisations above it.
    A plain member never reads the bank (she sees her own exam's questions through her attempt)."""

    def visible_to(self, user):
        from accounts.scope import admin_paths, is_system_user

        if user is None or not user.is_authenticated or not user.is_active or is_system_user(user):
            return self.none()
        paths = admin_paths(user)
        if not paths:
            return self.none()
        return self.filter(path_q("org__path", paths) | models.Q(org__path__in=_above(paths)))

    def for_org(self, org):
        """The bank an exam of `org` draws from: the organisation's own questions and those of the ones above."""
        return self.filter(org__path__in=_above([org.path]), active=True)


class Question(TimeStampedModel):
    """试题: one question of the bank."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="所属党组织", on_delete=models.CASCADE, related_name="+")
    type = models.CharField("题型", max_length=10, choices=QuestionType.choices)
    topic = models.CharField("知识点", max_length=50)
    difficulty = models.PositiveSmallIntegerField(
        "难度", default=3, validators=[MinValueValidator(1), MaxValueValidator(5)], help_text="1 最易，5 最难"
    )
    stem = models.TextField("题干", max_length=2000)
    options = models.JSONField("选项", default=list, blank=True)
    answer = models.JSONField("答案", default=list)
    explanation = models.TextField("解析", max_length=2000, blank=True)
    active = models.BooleanField("启用", default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = QuestionQuerySet.as_manager()

    class Meta:
        verbose_name = "试题"
        verbose_name_plural = "试题"
        ordering = ["topic", "type", "id"]
        indexes = [models.Index(fields=["org", "type", "topic"])]

    def __str__(self):
        return self.stem[:40]


class ExamQuerySet(OrgScopedQuerySet):
    """Candidates (the members of the exam organisation's subtree) read a published exam; the organisation's
    党务管理员 (and those above) read it in every state."""

    def visible_to(self, user):
        from accounts.scope import admin_paths, business_paths, is_system_user

        if user is None or not user.is_authenticated or not user.is_active or is_system_user(user):
            return self.none()
        mine = models.Q(org__path__in=_above(business_paths(user))) & ~models.Q(state=ExamState.DRAFT)
        return self.filter(mine | path_q("org__path", admin_paths(user)))


class Exam(TimeStampedModel):
    """考试: a paper defined by a blueprint, taken in a window by the members of the organisation's subtree."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="组织单位", on_delete=models.CASCADE, related_name="+")
    title = models.CharField("考试名称", max_length=100)
    description = models.TextField("考试说明", max_length=2000, blank=True)
    state = models.CharField("状态", max_length=10, choices=ExamState.choices, default=ExamState.DRAFT)
    opens = models.DateTimeField("开始时间")
    closes = models.DateTimeField("截止时间")
    minutes = models.PositiveSmallIntegerField(
        "答题时长（分钟）", validators=[MinValueValidator(1), MaxValueValidator(600)]
    )
    attempts = models.PositiveSmallIntegerField(
        "允许次数", default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    pass_mark = models.DecimalField("及格分", max_digits=6, decimal_places=1)
    partial_credit = models.BooleanField("多选题少选得部分分", default=False)
    review = models.CharField("答案和解析", max_length=12, choices=ExamReview.choices, default=ExamReview.AFTER_SUBMIT)
    hours = models.DecimalField("通过可获学时", max_digits=4, decimal_places=1, default=0)
    blueprint = models.JSONField("组卷规则", default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ExamQuerySet.as_manager()

    class Meta:
        verbose_name = "考试"
        verbose_name_plural = "考试"
        ordering = ["-opens", "-id"]

    def __str__(self):
        return self.title

    @property
    def total(self):
        from decimal import Decimal

        return sum((Decimal(str(r["points"])) * int(r["count"]) for r in self.blueprint), Decimal(0))

    @property
    def question_count(self):
        return sum(int(r["count"]) for r in self.blueprint)

    def is_open(self, now):
        return self.state == ExamState.PUBLISHED and self.opens <= now < self.closes

    def answers_shown(self, now):
        """Whether candidates may see the answers and 解析 of a submitted attempt now."""
        if self.review == ExamReview.AFTER_SUBMIT:
            return True
        return self.review == ExamReview.AFTER_CLOSE and now >= self.closes


class AttemptQuerySet(OrgScopedQuerySet):
    """A candidate reads her own attempts; the 党务管理员 of the exam's organisation (or above) reads all."""

    org_path_lookup = "exam__org__path"

    def visible_to(self, user):
        from accounts.scope import admin_paths, is_system_user

        if user is None or not user.is_authenticated or not user.is_active or is_system_user(user):
            return self.none()
        mine = models.Q(person_id=user.person_id) if user.person_id else models.Q(pk__in=[])
        return self.filter(mine | path_q("exam__org__path", admin_paths(user)))


class Attempt(models.Model):
    """答卷: one candidate's attempt at an exam, with the questions she drew."""

    exam = models.ForeignKey(Exam, verbose_name="考试", on_delete=models.CASCADE, related_name="attempt_set")
    person = models.ForeignKey("orgs.Person", verbose_name="考生", on_delete=models.CASCADE, related_name="+")
    number = models.PositiveSmallIntegerField("第几次")
    state = models.CharField("状态", max_length=12, choices=AttemptState.choices, default=AttemptState.ANSWERING)
    started_at = models.DateTimeField("开始时间")
    deadline = models.DateTimeField("交卷截止")
    submitted_at = models.DateTimeField("交卷时间", null=True, blank=True)
    auto_submitted = models.BooleanField("超时自动交卷", default=False)
    score = models.DecimalField("得分", max_digits=6, decimal_places=1, null=True, blank=True)
    passed = models.BooleanField("通过", null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="阅卷人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = AttemptQuerySet.as_manager()

    class Meta:
        verbose_name = "答卷"
        verbose_name_plural = "答卷"
        ordering = ["exam", "person", "number"]
        constraints = [
            models.UniqueConstraint(fields=["exam", "person", "number"], name="one_attempt_number_per_person")
        ]
        indexes = [models.Index(fields=["exam", "state"])]

    def __str__(self):
        return f"{self.exam} · {self.person} 第{self.number}次"


class AttemptItem(models.Model):
    """One question of an attempt: where it came in the paper, the order its options were shown in
    (`order[i]` is the bank index of the i-th option shown), its points, the answer saved (in the bank's letters)
    and the score."""

    attempt = models.ForeignKey(Attempt, verbose_name="答卷", on_delete=models.CASCADE, related_name="items")
    question = models.ForeignKey(Question, verbose_name="试题", on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField("题号")
    order = models.JSONField("选项顺序", default=list, blank=True)
    points = models.DecimalField("分值", max_digits=5, decimal_places=1)
    answer = models.JSONField("作答", null=True, blank=True)
    score = models.DecimalField("得分", max_digits=5, decimal_places=1, null=True, blank=True)
    correct = models.BooleanField("答对", null=True, blank=True)

    class Meta:
        verbose_name = "答题"
        verbose_name_plural = "答题"
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="one_item_per_attempt_question")]

    def __str__(self):
        return f"{self.attempt} 第{self.position}题"


class MistakeQuerySet(models.QuerySet):
    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active or not user.person_id:
            return self.none()
        return self.filter(person_id=user.person_id)


class Mistake(models.Model):
    """错题本: a question the person got wrong in an exam, until she answers it right in practice."""

    person = models.ForeignKey("orgs.Person", verbose_name="人员", on_delete=models.CASCADE, related_name="+")
    question = models.ForeignKey(Question, verbose_name="试题", on_delete=models.CASCADE, related_name="+")
    exam = models.ForeignKey(Exam, verbose_name="考试", on_delete=models.CASCADE, related_name="+")
    wrong_times = models.PositiveSmallIntegerField("答错次数", default=1)
    last_wrong_at = models.DateTimeField("最近答错")
    practised = models.PositiveSmallIntegerField("练习次数", default=0)
    mastered_at = models.DateTimeField("已掌握", null=True, blank=True)

    objects = MistakeQuerySet.as_manager()

    class Meta:
        verbose_name = "错题"
        verbose_name_plural = "错题本"
        ordering = ["mastered_at", "-last_wrong_at", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "question"], name="one_mistake_per_question")]

    def __str__(self):
        return f"{self.person} 错题：{self.question}"
