"""考核轮次: a round of a scheme over target organisations, their self-checks (自查) and the panel's scores.

Who reads what: a round is read by its committee's subtree (and the organisations above it) and by the
assessors it names (the `assessor` role reads nothing by itself); a self-check and a score are read by the
target organisation's subtree, by the organisations above it, and by the round's assessors (a self-check once
submitted; a score, her own). Another branch of the same committee never reads them.
The round's workflow is assessments/workflows.py, its writes assessments/actions_rounds.py.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import OrgScopedQuerySet, StoredFile, TimeStampedModel, path_q

from .choices import RoundKind


def _active(user):
    return user is not None and user.is_authenticated and user.is_active


def _assessor_rounds(user):
    """The ids of the rounds that name the user as an assessor (a subquery)."""
    return Round.assessors.through.objects.filter(user_id=user.pk).values("round_id")


class RoundQuerySet(OrgScopedQuerySet):
    org_path_lookup = "scheme__org__path"

    def visible_to(self, user):
        from accounts.scope import is_system_user

        from .models import _reach_q

        if not _active(user) or is_system_user(user):
            return self.none()
        return self.filter(_reach_q(self.org_path_lookup, user) | Q(pk__in=_assessor_rounds(user)))

    def assessed_by(self, user):
        """The rounds that name the user as an assessor."""
        if not _active(user):
            return self.none()
        return self.filter(pk__in=_assessor_rounds(user))


class Round(TimeStampedModel):
    """考核轮次: e.g. 2026年第一季度考核 of the 六考一评 scheme over the committee's branches."""

    scheme = models.ForeignKey(
        "assessments.Scheme", verbose_name="考核方案", on_delete=models.PROTECT, related_name="rounds"
    )
    kind = models.CharField("类型", max_length=10, choices=RoundKind.choices, default=RoundKind.QUARTER)
    period = models.CharField("考核期", max_length=12, help_text="2026Q1、2026 或专项考核的自定编号")
    title = models.CharField("名称", max_length=100)
    starts = models.DateField("考核期开始")
    ends = models.DateField("考核期结束")
    state = models.CharField("状态", max_length=16, default="draft")
    targets = models.ManyToManyField("orgs.Organisation", verbose_name="考核对象", related_name="assessment_rounds")
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name="考核组成员", blank=True, related_name="assessment_rounds"
    )
    methods = models.JSONField("考核方式", default=list, blank=True)
    quotas = models.JSONField(
        "星级名额", default=dict, blank=True, help_text='{"5": "10%", "4": 3}：某星级最多的比例或个数'
    )
    selfcheck_due = models.DateField("自查截止日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = "考核轮次"
        verbose_name_plural = "考核轮次"
        ordering = ["-starts", "-id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "period"], name="one_round_per_scheme_period")]

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        from .choices import RoundState

        try:
            return str(RoundState(self.state).label)
        except ValueError:
            return self.state

    @property
    def state_badge(self):
        from .choices import RoundState

        try:
            return RoundState(self.state).badge
        except ValueError:
            return "secondary"


class TargetQuerySet(OrgScopedQuerySet):
    """Self-checks and scores: the target's subtree and those above it (business paths), and the assessors."""

    org_path_lookup = "org__path"

    def _by_assessor(self, user):
        return Q(round_id__in=_assessor_rounds(user))

    def visible_to(self, user):
        from accounts.scope import business_paths, is_system_user

        if not _active(user) or is_system_user(user):
            return self.none()
        return self.filter(path_q(self.org_path_lookup, business_paths(user)) | self._by_assessor(user))


class SelfCheckQuerySet(TargetQuerySet):
    def _by_assessor(self, user):
        # An assessor reads a self-check once the organisation has submitted it; a draft is its own.
        return Q(round_id__in=_assessor_rounds(user), submitted_at__isnull=False)

    def submitted(self):
        return self.filter(submitted_at__isnull=False)


class ScoreQuerySet(TargetQuerySet):
    def _by_assessor(self, user):
        # An assessor reads her own scores; the others' are the committee's to compare.
        return Q(assessor_id=user.pk)


class SelfCheck(TimeStampedModel):
    """自查: the target organisation's report in the scheme's sections, with a self-score per item."""

    round = models.ForeignKey(Round, verbose_name="考核轮次", on_delete=models.CASCADE, related_name="selfchecks")
    org = models.ForeignKey("orgs.Organisation", verbose_name="被考核组织", on_delete=models.PROTECT, related_name="+")
    sections = models.JSONField("自查报告", default=dict, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="提交人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SelfCheckQuerySet.as_manager()

    class Meta:
        verbose_name = "自查报告"
        verbose_name_plural = "自查报告"
        ordering = ["round_id", "org__path"]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="one_selfcheck_per_round_org")]

    def __str__(self):
        return f"{self.org}自查报告"


class SelfScore(models.Model):
    selfcheck = models.ForeignKey(SelfCheck, verbose_name="自查报告", on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey("assessments.Item", verbose_name="考核项目", on_delete=models.CASCADE, related_name="+")
    points = models.DecimalField(
        "自评分", max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    class Meta:
        verbose_name = "自评分"
        verbose_name_plural = "自评分"
        constraints = [models.UniqueConstraint(fields=["selfcheck", "item"], name="one_selfscore_per_item")]

    def __str__(self):
        return f"{self.item}：{self.points}"


class AttachmentQuerySet(OrgScopedQuerySet):
    org_path_lookup = "selfcheck__org__path"

    def visible_to(self, user):
        return self.filter(selfcheck__in=SelfCheck.objects.visible_to(user))


class SelfCheckAttachment(StoredFile):
    """自查佐证材料: a file the target organisation attaches to its self-check."""

    selfcheck = models.ForeignKey(
        SelfCheck, verbose_name="自查报告", on_delete=models.CASCADE, related_name="attachments"
    )

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "自查佐证材料"
        verbose_name_plural = "自查佐证材料"


class Score(models.Model):
    """One assessor's points for one item of one target organisation; below the maximum needs a reason (扣分理由).

    `computed` keeps what a 网站汇总 item's measure showed when the assessor saved (value, points, evidence), so
    the result stays explainable after the data moves on.
    """

    round = models.ForeignKey(Round, verbose_name="考核轮次", on_delete=models.CASCADE, related_name="scores")
    org = models.ForeignKey("orgs.Organisation", verbose_name="被考核组织", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey("assessments.Item", verbose_name="考核项目", on_delete=models.CASCADE, related_name="+")
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="考核组成员", on_delete=models.PROTECT, related_name="+"
    )
    points = models.DecimalField(
        "得分", max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    reason = models.TextField("扣分理由", blank=True)
    computed = models.JSONField("网站汇总数据", null=True, blank=True)
    updated_at = models.DateTimeField("评分时间", auto_now=True)

    objects = ScoreQuerySet.as_manager()

    class Meta:
        verbose_name = "考核评分"
        verbose_name_plural = "考核评分"
        ordering = ["round_id", "org_id", "item_id", "assessor_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "org", "item", "assessor"], name="one_score_per_assessor_item")
        ]

    def __str__(self):
        return f"{self.item}：{self.points}"
