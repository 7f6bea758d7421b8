"""积分制: schemes with dimensions and items, declarations under review, the append-only ledger, publicity."""

from decimal import Decimal

import pgtrigger
from django.db import models

from core.models import AppendOnlyModel, AppendOnlyQuerySet, StoredFile, TimeStampedModel, TransitionLog
from core.publicity import ObjectionFields, PublicityFields

from .choices import (
    DRAFT,
    LINKAGE_MODES,
    REVIEW_ACTIONS,
    STATE_LABELS,
    STATES,
    SUBJECT_TYPE_LABELS,
    SUBJECT_TYPES,
)
from .querysets import (
    DeclarationQuerySet,
    ItemQuerySet,
    LedgerEntryQuerySet,
    PublicityQuerySet,
    SchemeQuerySet,
)

POINTS = {"max_digits": 10, "decimal_places": 2}


class Scheme(TimeStampedModel):
    """积分制管理办法: a working committee's points scheme for one cycle (a year)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="制定组织", on_delete=models.PROTECT, related_name="point_schemes"
    )
    year = models.PositiveSmallIntegerField("年度")
    name = models.CharField("名称", max_length=200)
    full_marks = models.DecimalField("满分", default=Decimal(100), **POINTS)
    linkage_every = models.PositiveSmallIntegerField(
        "挂钩分值", default=10, help_text="党务干部、党员积分每满N分，所在党组织加1分"
    )
    linkage_mode = models.CharField("挂钩方式", max_length=20, choices=LINKAGE_MODES, default="per_person")
    cloned_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SchemeQuerySet.as_manager()

    class Meta:
        verbose_name = "积分方案"
        verbose_name_plural = "积分方案"
        ordering = ["-year", "id"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "name"], name="unique_scheme_per_org_year")]

    def __str__(self):
        return self.name if str(self.year) in self.name else f"{self.year}年 {self.name}"


class Dimension(models.Model):
    """积分维度: a group of items in a scheme (e.g. 基础工作再提升)."""

    scheme = models.ForeignKey(Scheme, verbose_name="积分方案", on_delete=models.CASCADE, related_name="dimensions")
    name = models.CharField("维度", max_length=100)
    order = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "积分维度"
        verbose_name_plural = "积分维度"
        ordering = ["scheme", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["scheme", "name"], name="unique_dimension_name")]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.scheme.org


class Item(models.Model):
    """积分项目: one item of a scheme with its requirement, standard, point value and subject type."""

    scheme = models.ForeignKey(Scheme, verbose_name="积分方案", on_delete=models.CASCADE, related_name="items")
    dimension = models.ForeignKey(Dimension, verbose_name="维度", on_delete=models.PROTECT, related_name="items")
    name = models.CharField("项目名称", max_length=200)
    requirement = models.TextField("目标要求", blank=True)
    standard = models.TextField("考评标准", blank=True)
    points = models.DecimalField("分值", **POINTS)
    subject_type = models.CharField("积分对象", max_length=10, choices=SUBJECT_TYPES)
    cap = models.DecimalField("每周期上限", null=True, blank=True, help_text="留空表示不设上限", **POINTS)
    allow_fraction = models.BooleanField("数量可为小数", default=False)
    order = models.PositiveSmallIntegerField("排序", default=0)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = "积分项目"
        verbose_name_plural = "积分项目"
        ordering = ["scheme", "dimension__order", "order", "id"]

    def __str__(self):
        return self.name

    @property
    def audit_org(self):
        return self.scheme.org

    @property
    def subject_type_label(self):
        return SUBJECT_TYPE_LABELS[self.subject_type]


class Declaration(TimeStampedModel):
    """积分申报: a declaration of points for one item by or for one subject (an organisation or a person)."""

    scheme = models.ForeignKey(Scheme, verbose_name="积分方案", on_delete=models.PROTECT, related_name="declarations")
    item = models.ForeignKey(Item, verbose_name="积分项目", on_delete=models.PROTECT, related_name="declarations")
    subject_type = models.CharField("积分对象类型", max_length=10, choices=SUBJECT_TYPES)
    # For a person the organisation she belonged to when declaring: scope, review and linkage follow it.
    subject_org = models.ForeignKey(
        "orgs.Organisation", verbose_name="党组织", on_delete=models.PROTECT, related_name="point_declarations"
    )
    subject_person = models.ForeignKey(
        "orgs.Person",
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="point_declarations",
    )
    quantity = models.DecimalField("数量", max_digits=8, decimal_places=2, default=Decimal(1))
    points = models.DecimalField("申报分值", **POINTS)
    occurred_on = models.DateField("发生日期")
    description = models.TextField("情况说明", blank=True)
    state = models.CharField("状态", max_length=30, choices=STATES, default=DRAFT, db_index=True)
    declared_by = models.ForeignKey(
        "accounts.User", verbose_name="申报人", on_delete=models.PROTECT, related_name="point_declarations"
    )
    # 双向确认: entries the committee initiates wait for the unit; the unit's own are confirmed by the review.
    needs_unit_confirmation = models.BooleanField("须单位确认", default=False)
    confirmed_by = models.ForeignKey(
        "accounts.User", verbose_name="单位确认人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    last_comment = models.CharField("最近意见", max_length=500, blank=True)
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    records = models.ManyToManyField("records.Record", verbose_name="关联活动记录", blank=True, related_name="+")

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = "积分申报"
        verbose_name_plural = "积分申报"
        ordering = ["-id"]
        indexes = [models.Index(fields=["scheme", "state"], name="declaration_scheme_state")]

    def __str__(self):
        return f"{self.subject_name} · {self.item.name}"

    @property
    def audit_org(self):
        return self.subject_org

    @property
    def subject_name(self):
        return self.subject_person.name if self.subject_person_id else self.subject_org.name

    @property
    def state_label(self):
        return STATE_LABELS.get(self.state, self.state)


class Evidence(StoredFile):
    """佐证材料: an attachment (photo, PDF, office document) supporting a declaration."""

    declaration = models.ForeignKey(
        Declaration, verbose_name="积分申报", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to="points/evidence/%Y/%m/", max_length=300)

    class Meta:
        verbose_name = "佐证材料"
        verbose_name_plural = "佐证材料"
        ordering = ["id"]


class Review(TransitionLog):
    """审核意见: one step of a declaration's workflow (from, to, action, by, comment, at) at one level of the
    three-level review, or the unit's confirmation (level 0). Written by the workflow's log hook only."""

    declaration = models.ForeignKey(
        Declaration, verbose_name="积分申报", on_delete=models.CASCADE, related_name="reviews"
    )
    level = models.PositiveSmallIntegerField("审核级别")  # 0 = 单位确认
    action = models.CharField("结论", max_length=32, choices=REVIEW_ACTIONS)

    class Meta:
        verbose_name = "审核意见"
        verbose_name_plural = "审核意见"
        ordering = ["id"]

    def __str__(self):
        return f"{self.declaration_id} L{self.level} {self.action}"


class LedgerEntryQuerySetGuard(AppendOnlyQuerySet, LedgerEntryQuerySet):
    """The ledger's queries (scope, filters) on an append-only table."""


class LedgerEntry(AppendOnlyModel):
    """积分台账条目: one immutable ledger entry; an approved declaration posts one, a correction reverses one."""

    append_only_label = "积分台账"
    append_only_hint = "更正请使用冲销"

    scheme = models.ForeignKey(Scheme, verbose_name="积分方案", on_delete=models.PROTECT, related_name="entries")
    item = models.ForeignKey(Item, verbose_name="积分项目", on_delete=models.PROTECT, related_name="entries")
    declaration = models.ForeignKey(
        Declaration, verbose_name="积分申报", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    subject_type = models.CharField("积分对象类型", max_length=10, choices=SUBJECT_TYPES)
    subject_org = models.ForeignKey(
        "orgs.Organisation", verbose_name="党组织", on_delete=models.PROTECT, related_name="point_entries"
    )
    subject_person = models.ForeignKey(
        "orgs.Person",
        verbose_name="人员",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="point_entries",
    )
    points = models.DecimalField("积分", **POINTS)
    occurred_on = models.DateField("计分日期")
    reverses = models.OneToOneField(
        "self", verbose_name="冲销条目", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    reason = models.CharField("说明", max_length=500, blank=True)
    posted_by = models.ForeignKey("accounts.User", verbose_name="记账人", on_delete=models.PROTECT, related_name="+")
    posted_at = models.DateTimeField("记账时间", auto_now_add=True)

    objects = LedgerEntryQuerySetGuard.as_manager()

    class Meta:
        verbose_name = "积分台账条目"
        verbose_name_plural = "积分台账"
        ordering = ["-occurred_on", "-id"]
        constraints = [
            # One posting per approved declaration; reversals carry no declaration of their own.
            models.UniqueConstraint(
                fields=["declaration"], condition=models.Q(reverses__isnull=True), name="one_entry_per_declaration"
            ),
        ]
        indexes = [
            # Rankings scan one scheme up to a date and group by subject: keep that scan index-only.
            models.Index(
                fields=["scheme", "occurred_on", "subject_type", "subject_org", "subject_person", "points"],
                name="ledger_ranking_scan",
            ),
            models.Index(fields=["subject_org", "occurred_on"], name="ledger_org_date"),
        ]
        triggers = [
            pgtrigger.Protect(name="ledger_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="ledger_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self):
        return f"{self.occurred_on} {self.subject_name} {self.points}"

    @property
    def audit_org(self):
        return self.subject_org

    @property
    def subject_name(self):
        return self.subject_person.name if self.subject_person_id else self.subject_org.name

    @property
    def is_reversal(self):
        return self.reverses_id is not None


class Publicity(PublicityFields, TimeStampedModel):
    """积分公示: a frozen ranking snapshot, published for an objection period, then announced (公布)."""

    scheme = models.ForeignKey(Scheme, verbose_name="积分方案", on_delete=models.PROTECT, related_name="publicities")
    subject_type = models.CharField("积分对象", max_length=10, choices=SUBJECT_TYPES)
    until = models.DateField("统计截至")
    snapshot = models.JSONField("排名快照", default=list)

    objects = PublicityQuerySet.as_manager()

    class Meta:
        verbose_name = "积分公示"
        verbose_name_plural = "积分公示"
        ordering = ["-id"]

    @property
    def audit_org(self):
        return self.scheme.org

    @property
    def subject_type_label(self):
        return SUBJECT_TYPE_LABELS[self.subject_type]


class Objection(ObjectionFields):
    """公示异议: an objection raised during the publicity period, and its answer."""

    publicity = models.ForeignKey(
        Publicity, verbose_name="积分公示", on_delete=models.CASCADE, related_name="objections"
    )

    class Meta:
        verbose_name = "公示异议"
        verbose_name_plural = "公示异议"
        ordering = ["id"]

    @property
    def audit_repr(self):
        """The log names the publicity, never the objection's text."""
        return f"对《{self.publicity.title}》的异议"

    @property
    def audit_org(self):
        return self.publicity.scheme.org


class SubjectTotal(models.Model):
    """积分汇总: one subject's running total in a scheme, kept by the ledger's inserts (points/totals.py).

    Keyed like the ranking groups the ledger (scheme, subject type, organisation, person), so the rankings and
    "我的积分" read a row per subject instead of summing every entry; entries dated after a ranking's date send
    that ranking back to the ledger itself.
    """

    scheme = models.ForeignKey(Scheme, verbose_name="积分方案", on_delete=models.CASCADE, related_name="+")
    subject_type = models.CharField("积分对象类型", max_length=10, choices=SUBJECT_TYPES)
    subject_org = models.ForeignKey(
        "orgs.Organisation", verbose_name="党组织", on_delete=models.CASCADE, related_name="+"
    )
    subject_person = models.ForeignKey(
        "orgs.Person", verbose_name="人员", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    key = models.CharField("汇总键", max_length=80, unique=True)
    points = models.DecimalField("积分合计", max_digits=14, decimal_places=2, default=Decimal("0"))
    entries = models.PositiveIntegerField("条目数", default=0)

    class Meta:
        verbose_name = "积分汇总"
        verbose_name_plural = "积分汇总"
        indexes = [
            models.Index(fields=["scheme", "subject_type", "subject_person", "points"], name="points_total_rank"),
        ]

    def __str__(self):
        return f"{self.key} {self.points}"
