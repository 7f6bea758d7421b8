"""考核结果: the frozen, explainable result of one target organisation in one round (score, rank, stars).

A round's results are computed from its Score rows (assessments/results.py) by the committee while the round is
in review and frozen when it goes to publicity: later changes to scores or to the scheme do not move them.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import OrgScopedQuerySet, TimeStampedModel, path_q
from core.publicity import ObjectionFields, PublicityFields

# The round states in which a target organisation reads its own result (公示中, 已发布); the committee reads
# its rounds' results as soon as they are computed.
RELEASED_STATES = ("publicity", "published")


class ResultQuerySet(OrgScopedQuerySet):
    org_path_lookup = "org__path"

    def visible_to(self, user):
        """The committee (and above) reads every result of its rounds; an organisation reads its own result (and
        its subtree's) once the round is released, never another branch's."""
        from accounts.scope import business_paths

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        paths = business_paths(user)
        committee = path_q("round__scheme__org__path", paths)
        own = path_q("org__path", paths) & Q(round__state__in=RELEASED_STATES)
        return self.filter(committee | own)


class Result(models.Model):
    """考核结果: one organisation's score (two decimals), rank (ties share), stars (by the scheme's thresholds,
    capped by veto items, lowered by quotas) in one round, with the category breakdown it came from."""

    round = models.ForeignKey(
        "assessments.Round", verbose_name="考核轮次", on_delete=models.CASCADE, related_name="results"
    )
    org = models.ForeignKey("orgs.Organisation", verbose_name="被考核组织", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("得分", max_digits=6, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    stars = models.PositiveSmallIntegerField("星级")
    stars_uncapped = models.PositiveSmallIntegerField("按得分应得星级")
    capped_by = models.JSONField("否决项目", default=list, blank=True, help_text="降低星级的一票否决项目 id")
    demoted_by_quota = models.PositiveSmallIntegerField("因名额所限降低的星级数", default=0)
    categories = models.JSONField("分类得分", default=list, blank=True)
    items = models.JSONField("项目得分", default=dict, blank=True, help_text="{item id: 各考核组成员得分的平均分}")
    unscored = models.PositiveIntegerField("未评分项目数", default=0)
    computed_at = models.DateTimeField("计算时间", auto_now=True)
    computed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="计算人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ResultQuerySet.as_manager()

    class Meta:
        verbose_name = "考核结果"
        verbose_name_plural = "考核结果"
        ordering = ["round_id", "rank", "org__path"]
        constraints = [models.UniqueConstraint(fields=["round", "org"], name="one_result_per_round_org")]

    def __str__(self):
        return f"{self.org}：{self.score}分 {self.stars}星"

    @property
    def vetoed(self):
        return self.stars_uncapped > self.stars and bool(self.capped_by)


class ResultPublicityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The publicity of a round is read by whoever reads one of its results (the committee, the targets once
        released)."""
        return self.filter(round_id__in=Result.objects.visible_to(user).values("round_id"))


class ResultPublicity(PublicityFields, TimeStampedModel):
    """考核结果公示: a round's frozen results published for an objection period in working days, then announced
    (the round is then 已发布), or withdrawn back to review. The mechanism is core's (core/publicity.py)."""

    round = models.ForeignKey(
        "assessments.Round", verbose_name="考核轮次", on_delete=models.CASCADE, related_name="publicities"
    )
    # 撤回公示: the committee takes the results back to review (an objection upheld, a score to correct); the
    # withdrawn publicity stays with its objections, the next one starts afresh.
    withdrawn_at = models.DateTimeField("撤回时间", null=True, blank=True)
    withdraw_reason = models.TextField("撤回理由", blank=True)

    objects = ResultPublicityQuerySet.as_manager()

    class Meta:
        verbose_name = "考核结果公示"
        verbose_name_plural = "考核结果公示"
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round"], condition=Q(withdrawn_at__isnull=True), name="one_current_result_publicity"
            )
        ]

    @property
    def audit_org(self):
        return self.round.scheme.org


class ResultObjection(ObjectionFields):
    """考核结果异议: raised during the publicity by a target organisation's 党务管理员, answered by the committee."""

    publicity = models.ForeignKey(
        ResultPublicity, verbose_name="考核结果公示", on_delete=models.CASCADE, related_name="objections"
    )

    class Meta:
        verbose_name = "考核结果异议"
        verbose_name_plural = "考核结果异议"
        ordering = ["id"]

    @property
    def audit_repr(self):
        """The log names the publicity, never the objection's text."""
        return f"对《{self.publicity.title}》的异议"

    @property
    def audit_org(self):
        return self.publicity.round.scheme.org
