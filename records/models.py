from django.db import models

from core.models import StoredFile, TimeStampedModel
from core.softdelete import SoftDeleteModel

from .choices import ANNUAL_TYPES, RECORD_TYPE_LABELS, RECORD_TYPES, default_for_year
from .querysets import AttachmentManager, RecordManager


class Record(SoftDeleteModel, TimeStampedModel):
    """活动记录: the record of one meeting or activity of an organisation (会议记录/活动记录)."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="党组织", on_delete=models.PROTECT, related_name="records"
    )
    type = models.CharField("类型", max_length=30, choices=RECORD_TYPES, db_index=True)
    # Codes of other obligations this event also fulfils, e.g. a 主题党日 that was also the quarter's 党课.
    also_counts_as = models.JSONField("同时计为", default=list, blank=True)
    # ",type,code,…," kept in step with type and also_counts_as: a portable index for "counts as X" filters.
    counts_as_key = models.CharField(max_length=300, editable=False, default="", db_index=True)
    title = models.CharField("标题", max_length=200)
    date = models.DateField("日期", db_index=True)
    # The year whose 组织生活会 / 民主评议党员 this is (the 2025 one is often held in February 2026);
    # set only when the record counts as one of ANNUAL_TYPES, and then always.
    for_year = models.PositiveSmallIntegerField("所属年度", null=True, blank=True)
    start_time = models.TimeField("开始时间", null=True, blank=True)
    place = models.CharField("地点", max_length=200, blank=True)
    host = models.ForeignKey(
        "orgs.Person",
        verbose_name="主持人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorder = models.ForeignKey(
        "orgs.Person",
        verbose_name="记录人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # 实到: the expected people (应到, see records.attendance) who attended.
    attendees = models.ManyToManyField(
        "orgs.Person", verbose_name="出席人员", blank=True, related_name="attended_records"
    )
    # 列席: people who attended without being expected (发展对象, 积极分子, a member at a 支委会 …);
    # shown apart and never counted in the attendance rate.
    observers = models.ManyToManyField(
        "orgs.Person", verbose_name="列席人员", blank=True, related_name="observed_records"
    )
    agenda = models.TextField("议程", blank=True)
    content = models.TextField("会议内容/纪要", blank=True)
    decisions = models.TextField("决议事项", blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # deleted_at / deleted_by come from SoftDeleteModel: a deleted record waits in the 回收站 for 30 days.
    objects = RecordManager()

    class Meta:
        verbose_name = "活动记录"
        verbose_name_plural = "活动记录"
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org", "date"], name="record_org_date")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.title}"

    def counts_as(self):
        return {self.type, *self.also_counts_as}

    @property
    def annual_codes(self):
        """The yearly duties (组织生活会, 民主评议党员 …) this record counts as."""
        return self.counts_as() & ANNUAL_TYPES

    def year_for(self, code):
        """The year in which this record fulfils obligation `code`: 所属年度 for the yearly duties, else its date's."""
        if code in ANNUAL_TYPES and code in self.counts_as():
            return self.for_year or default_for_year(self.date)
        return self.date.year

    @property
    def type_label(self):
        return RECORD_TYPE_LABELS.get(self.type, self.type)

    @property
    def also_counts_as_labels(self):
        return [RECORD_TYPE_LABELS.get(c, c) for c in self.also_counts_as]

    @staticmethod
    def rate(present, absent):
        """出席率: 实到 over 应到 (the expected people registered present or absent; 列席 never counts).

        None when nobody expected is registered."""
        expected = present + absent
        return round(100 * present / expected, 1) if expected else None

    def save(self, *args, **kwargs):
        codes = [self.type, *[c for c in self.also_counts_as if c != self.type]]
        self.counts_as_key = "," + ",".join(codes) + ","
        if not self.annual_codes:
            self.for_year = None
        elif self.for_year is None and self.date:
            self.for_year = default_for_year(self.date)
        super().save(*args, **kwargs)


class Absence(models.Model):
    """缺席登记: a person absent from a record's meeting, with the reason."""

    record = models.ForeignKey(Record, on_delete=models.CASCADE, related_name="absences")
    person = models.ForeignKey("orgs.Person", verbose_name="缺席人员", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField("缺席原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "缺席登记"
        verbose_name_plural = "缺席登记"
        constraints = [models.UniqueConstraint(fields=["record", "person"], name="unique_absence")]

    def __str__(self):
        return f"{self.person} 缺席 {self.record}"


class Attachment(SoftDeleteModel, StoredFile):
    """活动附件: a photo or document of a record, stored under a random name, served only through a view."""

    KINDS = [("photo", "照片"), ("document", "文件")]

    record = models.ForeignKey(Record, verbose_name="活动记录", on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField("类别", max_length=10, choices=KINDS)
    # The column kept its first name when the field took the shared one (no table rewrite, no downtime).
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True, db_column="created_at")

    objects = AttachmentManager()

    class Meta:
        verbose_name = "活动附件"
        verbose_name_plural = "活动附件"
        ordering = ["record_id", "id"]

    @property
    def audit_org(self):
        return self.record.org

    @property
    def is_image(self):
        return self.kind == "photo"
