"""考核评星 (DOMAIN §5): schemes (六考一评) of categories and items with star thresholds.

Rounds, self-checks and scores, 民主评议 and recognitions live in their own model files, imported at the end so
Django finds them in this app's models module.
"""

import copy

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import OrgScopedQuerySet, TimeStampedModel, reach_q

from .choices import DEFAULT_SELFCHECK_SECTIONS, MAX_STARS, Method

_reach_q = reach_q  # a committee's scheme is read by everyone of its subtree (the branches it assesses) and above


class SchemeQuerySet(OrgScopedQuerySet):
    org_path_lookup = "org__path"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(_reach_q(self.org_path_lookup, user))


def default_sections():
    return copy.deepcopy(DEFAULT_SELFCHECK_SECTIONS)


class Scheme(TimeStampedModel):
    """考核方案 of one committee for one year (e.g. 2026年“六考一评”考核方案); a new year's scheme is a clone."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="制定单位", on_delete=models.PROTECT, related_name="assessment_schemes"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    name = models.CharField("方案名称", max_length=100)
    description = models.TextField("说明", blank=True)
    selfcheck_sections = models.JSONField("自查报告栏目", default=default_sections, blank=True)
    cloned_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="clones"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "考核方案"
        verbose_name_plural = "考核方案"
        ordering = ["-year", "org__path", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "name"], name="one_scheme_name_per_org_year")]

    def __str__(self):
        return f"{self.year}年{self.name}"


class ChildQuerySet(OrgScopedQuerySet):
    org_path_lookup = "scheme__org__path"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(_reach_q(self.org_path_lookup, user))


class StarThreshold(models.Model):
    """星级标准: a score at or above `min` earns `stars` (the highest threshold reached counts)."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="thresholds")
    stars = models.PositiveSmallIntegerField("星级", validators=[MinValueValidator(1), MaxValueValidator(MAX_STARS)])
    min = models.DecimalField(
        "最低得分", max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = "星级标准"
        verbose_name_plural = "星级标准"
        ordering = ["scheme_id", "-stars"]
        constraints = [models.UniqueConstraint(fields=["scheme", "stars"], name="one_threshold_per_star_level")]

    def __str__(self):
        return f"{self.stars}星：{self.min}分以上"


class Category(models.Model):
    """考核类别 (六考: 党建、宣传、党风廉政、工会、共青团、社会治安及武装保卫)."""

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="categories")
    name = models.CharField("类别", max_length=50)
    position = models.PositiveSmallIntegerField("排序", default=0)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = "考核类别"
        verbose_name_plural = "考核类别"
        ordering = ["scheme_id", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="one_category_name_per_scheme")]

    def __str__(self):
        return self.name


class Item(models.Model):
    """考核项目: a standard with its maximum points and how it is scored.

    `veto` (一票否决): failing it caps the star level at `veto_cap` whatever the score. `source` names a measure
    registered in assessments/sources.py (网站汇总: the item takes its points from the platform's own data) and
    `formula` holds the committee's parameters of that measure's points.
    """

    scheme = models.ForeignKey(Scheme, verbose_name="考核方案", on_delete=models.CASCADE, related_name="items")
    category = models.ForeignKey(Category, verbose_name="类别", on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField("排序", default=0)
    name = models.CharField("考核内容", max_length=200)
    standard = models.TextField("考核标准", blank=True)
    max_points = models.DecimalField(
        "分值", max_digits=5, decimal_places=2, validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    method = models.CharField("考核方式", max_length=16, choices=Method.choices, default=Method.DOCUMENTS)
    veto = models.BooleanField("一票否决", default=False)
    veto_cap = models.PositiveSmallIntegerField(
        "否决后最高星级", default=0, validators=[MinValueValidator(0), MaxValueValidator(MAX_STARS)]
    )
    source = models.CharField("数据来源", max_length=40, blank=True, default="")
    formula = models.JSONField("计分公式参数", default=dict, blank=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        verbose_name = "考核项目"
        verbose_name_plural = "考核项目"
        ordering = ["scheme_id", "category__position", "category_id", "position", "id"]

    def __str__(self):
        return self.name


# ---- the parts' models: appraisal (民主评议党员, 公开承诺, 限期改正), awards (award types, nominations, 表彰公示),
# rounds (rounds, self-checks, scores)
from .models_appraisal import *  # noqa: E402, F403
from .models_awards import *  # noqa: E402, F403
from .models_rounds import *  # noqa: E402, F403

# ---- results: the frozen results of a round ----
# isort: split
from .models_results import *  # noqa: E402, F403

# ---- annual: 年终总评 ----
# isort: split
from .models_annual import *  # noqa: E402, F403

# ---- mass: 群众满意度测评 and 双评 群众评议 with one-time codes ----
# isort: split
from .models_mass import *  # noqa: E402, F403
