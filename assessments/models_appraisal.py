"""民主评议党员 (DOMAIN §1, §8): a branch's yearly appraisal of its members, their public pledges (公开承诺)
and the follow-up (限期改正) of a member graded 不合格.

The stages run on core.workflow (workflows_appraisal.py): 个人自评 → 党员互评 → 民主测评 → 支部评定 → 已完成.
Each participant is a row of the appraisal (the branch's party members when it was opened); members grade one
another once per pair (MutualGrade, shown only as a tally: who gave which grade is never shown); the branch's
decision is the participant's `grade`, 优秀 at most one third of the participants.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import OrgScopedQuerySet, TimeStampedModel

from .choices_appraisal import AppraisalState, FollowUpState, Grade


class AppraisalQuerySet(OrgScopedQuerySet):
    """Read by the branch (its admin and its members) and by the committees above it."""

    org_path_lookup = "org__path"


class Appraisal(TimeStampedModel):
    """民主评议党员: one branch's appraisal of its members for one year."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="党支部", on_delete=models.PROTECT, related_name="appraisals"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    state = models.CharField("阶段", max_length=12, choices=AppraisalState.choices, default=AppraisalState.SELF)
    self_due = models.DateField("自评截止日期", null=True, blank=True)
    mutual_due = models.DateField("互评截止日期", null=True, blank=True)
    note = models.TextField("工作安排", blank=True)
    # The 民主评议党员 record counting for this year in the compliance view (filed when the appraisal closes).
    record = models.ForeignKey(
        "records.Record", verbose_name="评议记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField("完成时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AppraisalQuerySet.as_manager()

    class Meta:
        verbose_name = "民主评议党员"
        verbose_name_plural = "民主评议党员"
        ordering = ["-year", "org__path", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="one_appraisal_per_branch_year")]

    def __str__(self):
        return f"{self.org.name}{self.year}年度民主评议党员"

    @property
    def title(self):
        return f"{self.year}年度民主评议党员"


class ParticipantQuerySet(OrgScopedQuerySet):
    org_path_lookup = "appraisal__org__path"


class Participant(models.Model):
    """参评党员: a member appraised in one appraisal, with her self-evaluation and the branch's grade."""

    appraisal = models.ForeignKey(
        Appraisal, verbose_name="民主评议", on_delete=models.CASCADE, related_name="participants"
    )
    person = models.ForeignKey("orgs.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    self_text = models.TextField("个人自评", blank=True)
    self_grade = models.CharField("自评等次", max_length=12, choices=Grade.choices, blank=True)
    self_at = models.DateTimeField("自评时间", null=True, blank=True)
    grade = models.CharField("评定等次", max_length=12, choices=Grade.choices, blank=True)
    grade_reason = models.TextField("评定理由", blank=True)
    # 不合格: the deadline of the 限期改正 that closing the appraisal opens.
    rectify_by = models.DateField("限期改正截止日期", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评定人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("评定时间", null=True, blank=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "参评党员"
        verbose_name_plural = "参评党员"
        ordering = ["appraisal_id", "person__name", "person_id"]
        constraints = [models.UniqueConstraint(fields=["appraisal", "person"], name="one_participant_per_person")]

    def __str__(self):
        return f"{self.person.name}（{self.appraisal.year}年度）"


class MutualGrade(models.Model):
    """党员互评: the grade one participant gives another, once per pair; only the tally is ever shown."""

    appraisal = models.ForeignKey(Appraisal, verbose_name="民主评议", on_delete=models.CASCADE, related_name="mutual")
    rater = models.ForeignKey(Participant, verbose_name="评议人", on_delete=models.CASCADE, related_name="given")
    ratee = models.ForeignKey(Participant, verbose_name="被评议人", on_delete=models.CASCADE, related_name="received")
    grade = models.CharField("等次", max_length=12, choices=Grade.choices)
    updated_at = models.DateTimeField("评议时间", auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        verbose_name = "党员互评"
        verbose_name_plural = "党员互评"
        constraints = [
            models.UniqueConstraint(fields=["rater", "ratee"], name="one_mutual_grade_per_pair"),
            models.CheckConstraint(condition=~models.Q(rater=models.F("ratee")), name="mutual_grade_not_self"),
        ]

    def __str__(self):
        return f"{self.ratee}：{self.get_grade_display()}"


class PledgeQuerySet(OrgScopedQuerySet):
    org_path_lookup = "org__path"


class Pledge(TimeStampedModel):
    """公开承诺: what a member pledges for the year, made public in her branch (shown beside her appraisal)."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="党支部", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("orgs.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    content = models.TextField("承诺内容")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填写人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PledgeQuerySet.as_manager()

    class Meta:
        verbose_name = "公开承诺"
        verbose_name_plural = "公开承诺"
        ordering = ["-year", "org__path", "person__name", "id"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="one_pledge_per_person_year")]

    def __str__(self):
        return f"{self.person.name}{self.year}年公开承诺"


class FollowUpQuerySet(OrgScopedQuerySet):
    """A 限期改正 is read by the member herself and by those who read the branch by a role (its admin, the
    committees above) — not by the branch's other members (a `member` grant reaches her own only)."""

    org_path_lookup = "org__path"

    def visible_to(self, user):
        from accounts import scope
        from accounts.roles import MEMBER, reads_subtree
        from core.models import path_q

        if user is None or not user.is_authenticated or not user.is_active or scope.is_system_user(user):
            return self.none()
        paths = scope.topmost_paths(
            a.org.path for a in scope.assignments(user) if a.org_id and a.role != MEMBER and reads_subtree(a.role)
        )
        q = path_q(self.org_path_lookup, paths)
        if scope.member_branch(user) is not None:
            q |= models.Q(person_id=user.person_id)
        return self.filter(q)

    def overdue(self, today):
        return self.filter(state=FollowUpState.OPEN, deadline__lt=today)


class FollowUp(TimeStampedModel):
    """限期改正: the follow-up of a member graded 不合格, tracked until the branch records its outcome."""

    participant = models.OneToOneField(
        Participant, verbose_name="参评党员", on_delete=models.CASCADE, related_name="followup"
    )
    org = models.ForeignKey("orgs.Organisation", verbose_name="党支部", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey("orgs.Person", verbose_name="党员", on_delete=models.PROTECT, related_name="+")
    requirement = models.TextField("整改要求")
    deadline = models.DateField("改正期限")
    state = models.CharField("状态", max_length=12, choices=FollowUpState.choices, default=FollowUpState.OPEN)
    outcome = models.TextField("处理结果", blank=True)
    closed_at = models.DateTimeField("办结时间", null=True, blank=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        verbose_name = "限期改正"
        verbose_name_plural = "限期改正"
        ordering = ["deadline", "id"]

    def __str__(self):
        return f"{self.person.name}限期改正"

    def is_overdue(self, today):
        return self.state == FollowUpState.OPEN and self.deadline < today
