"""年终总评 (DOMAIN §5, issue 12 item 7): a committee's annual overall evaluation of one year.

The year's published rounds, the points ranking and the project results, each with a weight in percent (adding up
to exactly 100), give each target organisation its annual score, rank and stars by the scheme's thresholds
(assessments/annual.py); the results go through 公示 (core/publicity.py) before they are final, and each one says
whether the organisation rose or fell against the previous year (晋位升级).

Who reads what: the evaluation (its components and weights) is read by the committee's subtree and the bodies
above it, like its scheme; its results by the committee (and above) at once, by a target organisation only its
own row, once publicized (公示中) or published (已发布).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import OrgScopedQuerySet, TimeStampedModel, path_q, reach_q
from core.publicity import ObjectionFields, PublicityFields

from .choices_annual import RELEASED_ANNUAL_STATES, AnnualState, Change, ComponentKind

__all__ = ["AnnualComponent", "AnnualEvaluation", "AnnualObjection", "AnnualPublicity", "AnnualResult"]


def _active_business(user):
    from accounts.scope import is_system_user

    return user is not None and user.is_authenticated and user.is_active and not is_system_user(user)


class AnnualEvaluationQuerySet(OrgScopedQuerySet):
    org_path_lookup = "org__path"

    def visible_to(self, user):
        """The committee's subtree and the bodies above it (a branch sees the weights it is judged by)."""
        if not _active_business(user):
            return self.none()
        return self.filter(reach_q(self.org_path_lookup, user))


class AnnualEvaluation(TimeStampedModel):
    """年终总评: e.g. 2026年度党支部年终总评 of a committee, with its weighted components and star thresholds."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="组织单位", on_delete=models.PROTECT, related_name="annual_evaluations"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    scheme = models.ForeignKey(
        "assessments.Scheme",
        verbose_name="星级标准所依方案",
        on_delete=models.PROTECT,
        related_name="annual_evaluations",
    )
    title = models.CharField("名称", max_length=100)
    state = models.CharField("状态", max_length=16, choices=AnnualState.choices, default=AnnualState.DRAFT)
    computed_at = models.DateTimeField("计算时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AnnualEvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = "年终总评"
        verbose_name_plural = "年终总评"
        ordering = ["-year", "org__path", "-id"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="one_annual_per_org_year")]

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        try:
            return str(AnnualState(self.state).label)
        except ValueError:
            return self.state

    @property
    def state_badge(self):
        try:
            return AnnualState(self.state).badge
        except ValueError:
            return "secondary"

    @property
    def released(self):
        return self.state in RELEASED_ANNUAL_STATES


class AnnualComponentQuerySet(OrgScopedQuerySet):
    org_path_lookup = "evaluation__org__path"

    def visible_to(self, user):
        if not _active_business(user):
            return self.none()
        return self.filter(reach_q(self.org_path_lookup, user))


class AnnualComponent(models.Model):
    """年终总评的组成: a published round of the year (its score out of 100), the points ranking's normalised
    score or the project results (both out of 100), with its weight in percent."""

    evaluation = models.ForeignKey(
        AnnualEvaluation, verbose_name="年终总评", on_delete=models.CASCADE, related_name="components"
    )
    position = models.PositiveSmallIntegerField("排序", default=0)
    kind = models.CharField("类型", max_length=10, choices=ComponentKind.choices)
    round = models.ForeignKey(
        "assessments.Round",
        verbose_name="考核轮次",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="annual_components",
    )
    weight = models.DecimalField(
        "权重（%）", max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    objects = AnnualComponentQuerySet.as_manager()

    class Meta:
        verbose_name = "年终总评组成"
        verbose_name_plural = "年终总评组成"
        ordering = ["evaluation_id", "position", "id"]

    def __str__(self):
        return f"{self.label}（{self.weight}%）"

    @property
    def label(self):
        if self.kind == ComponentKind.ROUND and self.round_id:
            return self.round.title
        return str(ComponentKind(self.kind).label) if self.kind in ComponentKind.values else self.kind


class AnnualResultQuerySet(OrgScopedQuerySet):
    org_path_lookup = "org__path"

    def visible_to(self, user):
        """The committee (and above) reads every row; an organisation its own (and its subtree's) once released."""
        from accounts.scope import business_paths

        if not _active_business(user):
            return self.none()
        paths = business_paths(user)
        committee = path_q("evaluation__org__path", paths)
        own = path_q("org__path", paths) & Q(evaluation__state__in=RELEASED_ANNUAL_STATES)
        return self.filter(committee | own)


class AnnualResult(models.Model):
    """年终总评结果: one organisation's annual score (two decimals), rank (ties share), stars (the scheme's
    thresholds, capped by a veto of a component round) and its change against the previous year, with the
    component breakdown it came from."""

    evaluation = models.ForeignKey(
        AnnualEvaluation, verbose_name="年终总评", on_delete=models.CASCADE, related_name="results"
    )
    org = models.ForeignKey("orgs.Organisation", verbose_name="组织", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("总评得分", max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    stars = models.PositiveSmallIntegerField("星级")
    stars_uncapped = models.PositiveSmallIntegerField("按得分应得星级")
    vetoes = models.JSONField("一票否决", default=list, blank=True, help_text="[{round, title, items, cap}]")
    components = models.JSONField("分项得分", default=list, blank=True)
    missing = models.PositiveSmallIntegerField("缺少数据的分项数", default=0)
    previous_stars = models.PositiveSmallIntegerField("上年星级", null=True, blank=True)
    previous_label = models.CharField("比较对象", max_length=120, blank=True)
    change = models.CharField("晋位升级", max_length=8, choices=Change.choices, default=Change.NEW)
    computed_at = models.DateTimeField("计算时间", auto_now=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="计算人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AnnualResultQuerySet.as_manager()

    class Meta:
        verbose_name = "年终总评结果"
        verbose_name_plural = "年终总评结果"
        ordering = ["evaluation_id", "rank", "org__path"]
        constraints = [models.UniqueConstraint(fields=["evaluation", "org"], name="one_annual_result_per_org")]

    def __str__(self):
        return f"{self.org}：{self.score}分 {self.stars}星"

    @property
    def change_label(self):
        return Change(self.change).label if self.change in Change.values else self.change

    @property
    def change_badge(self):
        return {"up": "success", "down": "danger"}.get(self.change, "secondary")

    @property
    def change_text(self):
        """升星, 升2星, 降星, 持平, 首次 (the steps as the history of rounds says them)."""
        steps = 0 if self.previous_stars is None else self.stars - self.previous_stars
        if self.change == Change.UP and steps > 1:
            return f"升{steps}星"
        if self.change == Change.DOWN and steps < -1:
            return f"降{-steps}星"
        return self.change_label


class AnnualPublicityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Read by whoever reads one of the evaluation's results."""
        return self.filter(evaluation_id__in=AnnualResult.objects.visible_to(user).values("evaluation_id"))


class AnnualPublicity(PublicityFields, TimeStampedModel):
    """年终总评结果公示: the frozen annual results published for an objection period (working days), then announced
    (the evaluation is then 已发布), or withdrawn back to 已计算. The mechanism is core's (core/publicity.py)."""

    evaluation = models.ForeignKey(
        AnnualEvaluation, verbose_name="年终总评", on_delete=models.CASCADE, related_name="publicities"
    )
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)

    objects = AnnualPublicityQuerySet.as_manager()

    class Meta:
        verbose_name = "年终总评结果公示"
        verbose_name_plural = "年终总评结果公示"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation"], condition=Q(withdrawn_at__isnull=True), name="one_current_annual_publicity"
            )
        ]

    @property
    def audit_org(self):
        return self.evaluation.org


class AnnualObjection(ObjectionFields):
    """年终总评结果异议: raised during the publicity by a target organisation's 党务管理员, answered by the committee."""

    publicity = models.ForeignKey(
        AnnualPublicity, verbose_name="年终总评结果公示", on_delete=models.CASCADE, related_name="objections"
    )

    class Meta:
        verbose_name = "年终总评结果异议"
        verbose_name_plural = "年终总评结果异议"
        ordering = ["id"]

    @property
    def audit_repr(self):
        return f"对《{self.publicity.title}》的异议"

    @property
    def audit_org(self):
        return self.publicity.evaluation.org
