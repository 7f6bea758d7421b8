"""网络学院 extras: 补录 of off-line training, 需求调查, 资料征订, 学历认证 and 学习之星.

- `OfflineTraining` (线下培训补录): an admin enters a person's off-line training with its certificate; another
  admin of the branch (or one above it) approves it, which credits the hours to the ledger (`hours.credit`
  with `HourSource.OFFLINE` and the entry's id); revoking an approved one takes them back.
- `NeedsSurvey` / `NeedsAnswer` (学习需求调查): a committee asks its subtree's members which topics and formats
  they want; one answer per member (answering again replaces hers while the survey is open).
- `MaterialOffer` / `MaterialItem` / `MaterialOrder` (资料征订): a committee offers study materials for a year;
  each organisation under it orders quantities until the deadline, one order line per item and organisation.
- `EducationRecord` (学历认证): a person's education with its certificate, verified by an admin.
- `StudyStar` (学习之星): a member named star of a month or a quarter by a committee, with her hours and rank
  of the period as they stood when she was named.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import OrgScopedQuerySet, StoredFile, TimeStampedModel

from .choices import (
    EducationLevel,
    EducationState,
    MaterialKind,
    NeedsState,
    OfflineState,
    StarPeriod,
)


class PersonalQuerySet(OrgScopedQuerySet):
    """A person's own rows are hers: she reads them; the staff of her organisation's subtree read everyone's
    there (a plain member never reads another's)."""

    org_path_lookup = "org__path"

    def visible_to(self, user):
        from accounts.scope import is_system_user, staff_paths
        from core.models import path_q

        if user is None or not user.is_authenticated or not user.is_active or is_system_user(user):
            return self.none()
        mine = models.Q(person_id=user.person_id) if user.person_id else models.Q(pk__in=[])
        return self.filter(mine | path_q("org__path", staff_paths(user)))


class SharedQuerySet(OrgScopedQuerySet):
    """What a committee offers its tree (a survey, a subscription round, its stars) is read in its whole
    subtree and above it."""

    org_path_lookup = "org__path"

    def visible_to(self, user):
        from accounts.scope import is_system_user
        from core.models import reach_q

        if user is None or not user.is_authenticated or not user.is_active or is_system_user(user):
            return self.none()
        return self.filter(reach_q("org__path", user))


# ---------------------------------------------------------------- 补录


class OfflineTraining(TimeStampedModel):
    """线下培训补录: off-line training a person attended (a 党校 course, a training class), entered with its
    certificate by an admin and approved by another; approval credits its hours."""

    person = models.ForeignKey("orgs.Person", verbose_name="人员", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="所在党组织",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="补录时人员所在的党组织",
    )
    title = models.CharField("培训名称", max_length=100)
    organiser = models.CharField("举办单位", max_length=100, blank=True)
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    hours = models.DecimalField("学时", max_digits=4, decimal_places=1)
    state = models.CharField("状态", max_length=10, choices=OfflineState.choices, default=OfflineState.SUBMITTED)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="补录人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="审核人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    comment = models.CharField("审核意见", max_length=200, blank=True)

    objects = PersonalQuerySet.as_manager()

    class Meta:
        verbose_name = "线下培训补录"
        verbose_name_plural = "线下培训补录"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.person} {self.title}"

    @property
    def state_label(self):
        return self.get_state_display()


def certificate_path(instance, filename):
    return f"learning/certificates/{filename}"


class OfflineCertificate(StoredFile):
    """The certificate (结业证书、培训证明) of an off-line training: an image or a PDF checked by its content."""

    training = models.OneToOneField(OfflineTraining, on_delete=models.CASCADE, related_name="certificate")
    file = models.FileField("文件", upload_to=certificate_path, max_length=300)

    class Meta:
        verbose_name = "培训证书"
        verbose_name_plural = "培训证书"


# ---------------------------------------------------------------- 需求调查


class NeedsSurvey(TimeStampedModel):
    """学习需求调查: a committee asks the members of its subtree which topics and formats they want."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="发起党委", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("调查名称", max_length=100)
    intro = models.TextField("说明", blank=True)
    topics = models.JSONField("学习内容选项", default=list)
    formats = models.JSONField("学习形式选项", default=list)
    closes = models.DateField("截止日期")
    state = models.CharField("状态", max_length=10, choices=NeedsState.choices, default=NeedsState.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "学习需求调查"
        verbose_name_plural = "学习需求调查"
        ordering = ["-closes", "-id"]

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        return self.get_state_display()


class NeedsAnswer(models.Model):
    """One member's answer to a needs survey (at most one each)."""

    survey = models.ForeignKey(NeedsSurvey, verbose_name="调查", on_delete=models.CASCADE, related_name="answers")
    person = models.ForeignKey("orgs.Person", verbose_name="党员", on_delete=models.CASCADE, related_name="+")
    topics = models.JSONField("想学的内容", default=list)
    formats = models.JSONField("喜欢的形式", default=list)
    comment = models.CharField("其他建议", max_length=500, blank=True)
    answered_at = models.DateTimeField("填写时间", auto_now=True)

    class Meta:
        verbose_name = "需求调查答卷"
        verbose_name_plural = "需求调查答卷"
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="one_needs_answer_per_person")]

    def __str__(self):
        return f"{self.person} · {self.survey}"


# ---------------------------------------------------------------- 资料征订


class MaterialOffer(TimeStampedModel):
    """资料征订: a committee's offer of study materials for a year; its organisations order until the deadline."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="征订党委", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField("征订名称", max_length=100)
    note = models.TextField("征订说明", blank=True)
    deadline = models.DateField("征订截止日期")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="发起人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "资料征订"
        verbose_name_plural = "资料征订"
        ordering = ["-year", "-deadline", "-id"]

    def __str__(self):
        return self.title


class MaterialItem(models.Model):
    """One material of an offer (a book or a periodical) with its price per unit."""

    offer = models.ForeignKey(MaterialOffer, verbose_name="征订", on_delete=models.CASCADE, related_name="items")
    name = models.CharField("资料名称", max_length=100)
    kind = models.CharField("类别", max_length=10, choices=MaterialKind.choices, default=MaterialKind.BOOK)
    publisher = models.CharField("出版单位", max_length=100, blank=True)
    price = models.DecimalField("单价（元）", max_digits=8, decimal_places=2)
    unit = models.CharField("单位", max_length=10, default="册")

    class Meta:
        verbose_name = "征订资料"
        verbose_name_plural = "征订资料"
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["offer", "name"], name="one_material_name_per_offer")]

    def __str__(self):
        return self.name


class MaterialOrderQuerySet(OrgScopedQuerySet):
    """An organisation's orders are read by its own subtree's users and the committee above (which offered)."""

    org_path_lookup = "org__path"


class MaterialOrder(models.Model):
    """What one organisation orders of one material (one line each; a quantity of 0 is no order)."""

    item = models.ForeignKey(MaterialItem, verbose_name="资料", on_delete=models.CASCADE, related_name="orders")
    org = models.ForeignKey("orgs.Organisation", verbose_name="订购党组织", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField("数量", validators=[MaxValueValidator(100000)])
    ordered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("填报时间", auto_now=True)

    objects = MaterialOrderQuerySet.as_manager()

    class Meta:
        verbose_name = "资料订购"
        verbose_name_plural = "资料订购"
        constraints = [models.UniqueConstraint(fields=["item", "org"], name="one_material_order_per_org")]

    def __str__(self):
        return f"{self.org} · {self.item} × {self.quantity}"


# ---------------------------------------------------------------- 学历认证


class EducationRecord(TimeStampedModel):
    """学历: a person's education with its certificate (毕业证书、学位证书), verified by an admin."""

    person = models.ForeignKey("orgs.Person", verbose_name="人员", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey("orgs.Organisation", verbose_name="所在党组织", on_delete=models.PROTECT, related_name="+")
    level = models.CharField("学历", max_length=12, choices=EducationLevel.choices)
    school = models.CharField("毕业院校", max_length=100)
    major = models.CharField("专业", max_length=100, blank=True)
    graduated_on = models.DateField("毕业日期")
    state = models.CharField("状态", max_length=10, choices=EducationState.choices, default=EducationState.PENDING)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="填报人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="认证人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    verified_at = models.DateTimeField("认证时间", null=True, blank=True)
    comment = models.CharField("认证意见", max_length=200, blank=True)

    objects = PersonalQuerySet.as_manager()

    class Meta:
        verbose_name = "学历认证"
        verbose_name_plural = "学历认证"
        ordering = ["-graduated_on", "-id"]

    def __str__(self):
        return f"{self.person} {self.get_level_display()}"

    @property
    def state_label(self):
        return self.get_state_display()


class EducationCertificate(StoredFile):
    """The certificate of an education record."""

    record = models.OneToOneField(EducationRecord, on_delete=models.CASCADE, related_name="certificate")
    file = models.FileField("文件", upload_to=certificate_path, max_length=300)

    class Meta:
        verbose_name = "学历证书"
        verbose_name_plural = "学历证书"


# ---------------------------------------------------------------- 学习之星


class StudyStar(models.Model):
    """学习之星: a member named star of a month or a quarter by a committee (her hours and rank then)."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="评选党委", on_delete=models.PROTECT, related_name="+")
    period_kind = models.CharField("周期", max_length=10, choices=StarPeriod.choices)
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    period = models.PositiveSmallIntegerField("月份或季度", validators=[MinValueValidator(1), MaxValueValidator(12)])
    person = models.ForeignKey("orgs.Person", verbose_name="党员", on_delete=models.CASCADE, related_name="+")
    hours = models.DecimalField("当期学时", max_digits=6, decimal_places=1)
    rank = models.PositiveIntegerField("当期名次")
    note = models.CharField("评语", max_length=200, blank=True)
    named_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="评选人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    named_at = models.DateTimeField("评选时间", auto_now_add=True)

    objects = SharedQuerySet.as_manager()

    class Meta:
        verbose_name = "学习之星"
        verbose_name_plural = "学习之星"
        ordering = ["-year", "-period", "rank", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["org", "period_kind", "year", "period", "person"], name="one_star_per_person_period"
            )
        ]

    def __str__(self):
        return f"{self.person} {self.period_label}学习之星"

    @property
    def period_label(self):
        return period_label(self.period_kind, self.year, self.period)


def period_label(kind, year, period):
    return f"{year}年{period}月" if kind == StarPeriod.MONTH else f"{year}年第{period}季度"
