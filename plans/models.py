from django.db import models

from core import dates
from core.models import StoredFile, TimeStampedModel
from core.softdelete import SoftDeleteModel

from .choices import (
    CLAIM_STATES,
    OBLIGATIONS,
    OWNER_SOURCES,
    OWNER_STATUS_LABELS,
    RECURRENCE_LABELS,
    RECURRENCES,
)
from .querysets import (
    AttachmentManager,
    ClaimManager,
    ItemOwnerManager,
    ObligationRuleQuerySet,
    OccurrenceManager,
    PlanItemManager,
    PlanQuerySet,
)


class Plan(TimeStampedModel):
    """年度党建工作清单: one organisation's annual responsibility list (一解) and its source document."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="党组织", on_delete=models.PROTECT, related_name="plans")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("名称", max_length=200)
    source = models.CharField("依据文件", max_length=300, blank=True)
    source_file = models.FileField("依据文件附件", upload_to="plans/sources/%Y/", blank=True)
    is_template = models.BooleanField("已发布为模板", default=False)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    cloned_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="clones"
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = "年度工作清单"
        verbose_name_plural = "年度工作清单"
        ordering = ["-year", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="one_plan_per_org_year")]

    def __str__(self):
        return f"{self.year}年 {self.title}"


class PlanItem(SoftDeleteModel, TimeStampedModel):
    """清单事项: one line of the 一解 — what, when, who, how and the completion standard."""

    plan = models.ForeignKey(Plan, verbose_name="清单", on_delete=models.CASCADE, related_name="items")
    category = models.CharField("分类", max_length=30)
    title = models.CharField("要求干什么", max_length=200)
    # When: exactly one of due_date, month, recurrence (+ day, and month for quarterly/yearly) is set.
    due_date = models.DateField("截止日期", null=True, blank=True)
    month = models.PositiveSmallIntegerField("月份", null=True, blank=True)
    recurrence = models.CharField("周期", max_length=10, choices=RECURRENCES, blank=True)
    day = models.PositiveSmallIntegerField("日", null=True, blank=True)
    start_time = models.TimeField("开始时间", null=True, blank=True)
    place = models.CharField("地点", max_length=100, blank=True)
    method = models.TextField("怎么干", blank=True)
    standard = models.TextField("干到什么样子（完成标准）", blank=True)
    # A meeting-type item is completed by linking a record of this type; others by a note.
    record_type = models.CharField("对应记录类型", max_length=30, blank=True)
    position = models.PositiveIntegerField("排序", default=0)
    owners = models.ManyToManyField(
        "orgs.Person", verbose_name="责任人", through="ItemOwner", related_name="plan_items"
    )

    objects = PlanItemManager()

    class Meta:
        verbose_name = "清单事项"
        verbose_name_plural = "清单事项"
        ordering = ["plan", "position", "id"]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.plan.org

    @property
    def owner_status_label(self):
        """Label of the `owner_status` annotation (PlanItem.objects.with_owner_status())."""
        return OWNER_STATUS_LABELS.get(getattr(self, "owner_status", ""), "")

    @property
    def when(self):
        if self.recurrence:
            data = {"recurrence": self.recurrence, "day": self.day}
            if self.recurrence != "monthly" and self.month:
                data["month"] = self.month
            return data
        if self.due_date:
            return {"due": self.due_date}
        return {"month": self.month}

    @property
    def when_label(self):
        if self.recurrence == "monthly":
            return f"每月{self.day}日"
        if self.recurrence == "quarterly":
            nth = {1: "首月", 2: "第二个月", 3: "末月"}.get(self.month or 3, "末月")
            return f"每季度{nth}{self.day}日"
        if self.recurrence == "yearly":
            return f"每年{self.month or 12}月{self.day}日"
        if self.due_date:
            return f"{self.due_date.month}月{self.due_date.day}日前"
        if self.month:
            return f"{self.month}月内"
        return ""

    @property
    def recurrence_label(self):
        return RECURRENCE_LABELS.get(self.recurrence, "")


class ItemOwner(models.Model):
    """事项责任人: a person responsible for an item, by confirmed claim or by direct assignment."""

    item = models.ForeignKey(PlanItem, on_delete=models.CASCADE, related_name="ownerships")
    person = models.ForeignKey("orgs.Person", verbose_name="责任人", on_delete=models.CASCADE, related_name="+")
    source = models.CharField("方式", max_length=10, choices=OWNER_SOURCES, default="assigned")
    assigned_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ItemOwnerManager()

    class Meta:
        verbose_name = "事项责任人"
        verbose_name_plural = "事项责任人"
        constraints = [models.UniqueConstraint(fields=["item", "person"], name="unique_item_owner")]

    def __str__(self):
        return f"{self.item} · {self.person}"


class Occurrence(models.Model):
    """事项节点: one dated instance of an item (a recurring item has one per month/quarter/year)."""

    item = models.ForeignKey(PlanItem, verbose_name="事项", on_delete=models.CASCADE, related_name="occurrences")
    period = models.CharField("期次", max_length=10)
    due = models.DateField("应完成日期", db_index=True)
    completed_on = models.DateField("完成日期", null=True, blank=True)
    record = models.ForeignKey(
        "records.Record",
        verbose_name="关联记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plan_occurrences",
    )
    note = models.TextField("完成说明", blank=True)
    completed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    # What completed it when another module's object did (e.g. "notices.newsitem:12", a published 党建动态): its
    # undoing reopens only a node it completed itself.
    completed_via = models.CharField("完成依据", max_length=60, blank=True, default="", db_index=True)

    objects = OccurrenceManager()

    class Meta:
        verbose_name = "事项节点"
        verbose_name_plural = "事项节点"
        ordering = ["due", "id"]
        constraints = [models.UniqueConstraint(fields=["item", "period"], name="unique_occurrence_period")]

    def __str__(self):
        return f"{self.item} · {self.period}"

    @property
    def audit_org(self):
        return self.item.plan.org

    def status(self, today=None):
        """done (on time) / late (done after the due date) / missed / due (within 7 days) / upcoming."""
        today = today or dates.today()
        if self.completed_on:
            return "done" if self.completed_on <= self.due else "late"
        if self.due < today:
            return "missed"
        if (self.due - today).days <= 7:
            return "due"
        return "upcoming"

    @property
    def on_time(self):
        return bool(self.completed_on) and self.completed_on <= self.due


def attachment_path(instance, filename):
    return f"plans/occurrences/{instance.occurrence_id}/{filename}"


class OccurrenceAttachment(StoredFile):
    """完成佐证: a file attached to an occurrence completed by note (photos, scans, documents)."""

    occurrence = models.ForeignKey(Occurrence, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=attachment_path, max_length=300)
    # The column kept its first name when the field took the shared one (no table rewrite, no downtime).
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True, db_column="created_at")

    objects = AttachmentManager()

    class Meta:
        verbose_name = "完成佐证"
        verbose_name_plural = "完成佐证"


class Claim(models.Model):
    """认领: a member offers to take an item; the branch admin confirms or rejects it."""

    item = models.ForeignKey(PlanItem, verbose_name="事项", on_delete=models.CASCADE, related_name="claims")
    person = models.ForeignKey("orgs.Person", verbose_name="认领人", on_delete=models.CASCADE, related_name="+")
    state = models.CharField("状态", max_length=10, choices=CLAIM_STATES, default="pending")
    note = models.CharField("认领说明", max_length=200, blank=True)
    claimed_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey("accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField("驳回理由", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ClaimManager()

    class Meta:
        verbose_name = "认领"
        verbose_name_plural = "认领"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "person"],
                condition=models.Q(state="pending"),
                name="one_pending_claim_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.person} 认领 {self.item}"

    @property
    def audit_org(self):
        return self.item.plan.org


class ObligationRule(models.Model):
    """组织生活规则: how often an organisation kind must hold an obligation (三会一课 …), with its source.

    A rule with no `org` is the default; a rule set on an organisation overrides it for that subtree
    (local rules differ, e.g. a committee asking for a 党课 every month).
    """

    org_kind = models.CharField("组织类型", max_length=20)
    obligation = models.CharField("组织生活", max_length=30, choices=OBLIGATIONS)
    frequency = models.CharField("频次", max_length=10, choices=RECURRENCES)
    per_group = models.BooleanField("按党小组检查", default=False)
    source = models.CharField("依据", max_length=300)
    active = models.BooleanField("启用", default=True)
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="适用范围",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="obligation_rules",
    )

    objects = ObligationRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "组织生活规则"
        verbose_name_plural = "组织生活规则"
        ordering = ["org_kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org_kind", "obligation", "org"], name="unique_rule_per_scope"),
            models.UniqueConstraint(
                fields=["org_kind", "obligation"],
                condition=models.Q(org__isnull=True),
                name="unique_default_rule",
            ),
        ]

    def __str__(self):
        return f"{self.get_obligation_display()} {self.get_frequency_display()}"

    @property
    def audit_org(self):
        return self.org


class ComplianceMark(models.Model):
    """三会一课台账汇总: the first record (by date, then id) that counts as an obligation for one organisation
    in one month ("2026-03") or, for the yearly duties counted by 所属年度, one year ("Y2025").

    Kept by plans/marks.py as records are filed, changed, deleted and restored, so the compliance views read
    at most one row per organisation, obligation and month instead of every record of the year.
    """

    org = models.ForeignKey("orgs.Organisation", verbose_name="党组织", on_delete=models.CASCADE, related_name="+")
    code = models.CharField("类型", max_length=30)
    bucket = models.CharField("期间", max_length=8)
    record = models.ForeignKey("records.Record", verbose_name="活动记录", on_delete=models.CASCADE, related_name="+")
    date = models.DateField("日期")
    title = models.CharField("标题", max_length=200)

    class Meta:
        verbose_name = "三会一课台账汇总"
        verbose_name_plural = "三会一课台账汇总"
        constraints = [models.UniqueConstraint(fields=["org", "code", "bucket"], name="compliance_mark_unique")]
        indexes = [models.Index(fields=["code", "bucket"], name="compliance_mark_lookup")]

    def __str__(self):
        return f"{self.org_id}:{self.code}:{self.bucket} → {self.record_id}"
