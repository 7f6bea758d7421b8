"""考核轮次: a round of a scheme over target organisations, their self-checks (自查) and the panel's scores.

Fields only: the round's workflow and states (choices), who reads what (the querysets' refinements), and the
actions belong to the rounds part (assessments/workflows.py, actions_rounds.py).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import OrgScopedQuerySet, StoredFile, TimeStampedModel

from .choices import RoundKind


class RoundQuerySet(OrgScopedQuerySet):
    org_path_lookup = "scheme__org__path"


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


class TargetQuerySet(OrgScopedQuerySet):
    org_path_lookup = "org__path"


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

    objects = TargetQuerySet.as_manager()

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


class SelfCheckAttachment(StoredFile):
    selfcheck = models.ForeignKey(
        SelfCheck, verbose_name="自查报告", on_delete=models.CASCADE, related_name="attachments"
    )

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

    objects = TargetQuerySet.as_manager()

    class Meta:
        verbose_name = "考核评分"
        verbose_name_plural = "考核评分"
        ordering = ["round_id", "org_id", "item_id", "assessor_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "org", "item", "assessor"], name="one_score_per_assessor_item")
        ]

    def __str__(self):
        return f"{self.item}：{self.points}"
