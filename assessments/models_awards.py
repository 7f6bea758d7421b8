"""表彰: award types a committee configures (with a yearly quota), nominations under review, the 公示 of the
approved ones, and the awards recorded when the publicity is announced."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import OrgScopedQuerySet, TimeStampedModel, TransitionLog
from core.publicity import ObjectionFields, PublicityFields

from .choices_awards import AwardSubject, NominationSource, NominationState


def _reach(lookup, user):
    from .models import _reach_q

    return _reach_q(lookup, user)


class AwardTypeQuerySet(OrgScopedQuerySet):
    org_path_lookup = "committee__path"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(_reach(self.org_path_lookup, user))


class AwardType(models.Model):
    """表彰类型 of one committee (四优共产党员, 四强党支部 …): for people or for collectives, with a yearly quota."""

    committee = models.ForeignKey(
        "orgs.Organisation", verbose_name="表彰单位", on_delete=models.CASCADE, related_name="award_types"
    )
    name = models.CharField("表彰类型", max_length=40)
    subject = models.CharField("表彰对象", max_length=8, choices=AwardSubject.choices)
    quota = models.PositiveSmallIntegerField(
        "年度名额", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(10000)]
    )
    description = models.CharField("评选条件", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    objects = AwardTypeQuerySet.as_manager()

    class Meta:
        verbose_name = "表彰类型"
        verbose_name_plural = "表彰类型"
        ordering = ["committee__path", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="one_award_type_name_per_committee")]

    def __str__(self):
        return self.name


class NominationQuerySet(OrgScopedQuerySet):
    """A nomination is read in the nominee's organisation's subtree and above it (the committee that awards)."""

    org_path_lookup = "org__path"


class Nomination(TimeStampedModel):
    """表彰提名: a person (of `org`) or a collective (`org` itself) proposed for an award type in a year."""

    award_type = models.ForeignKey(
        AwardType, verbose_name="表彰类型", on_delete=models.PROTECT, related_name="nominations"
    )
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    org = models.ForeignKey("orgs.Organisation", verbose_name="所在组织", on_delete=models.PROTECT, related_name="+")
    person = models.ForeignKey(
        "orgs.Person", verbose_name="被提名人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField("主要事迹")
    source = models.CharField("提名依据", max_length=12, choices=NominationSource.choices, default="manual")
    source_note = models.CharField("依据说明", max_length=200, blank=True)
    state = models.CharField("状态", max_length=16, choices=NominationState.choices, default="draft")
    last_comment = models.TextField("最近审核意见", blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提名人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    publicity = models.ForeignKey(
        "assessments.AwardPublicity",
        verbose_name="表彰公示",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="nominations",
    )
    awarded_on = models.DateField("表彰日期", null=True, blank=True)
    certificate_no = models.CharField("证书编号", max_length=40, blank=True)

    objects = NominationQuerySet.as_manager()

    class Meta:
        verbose_name = "表彰提名"
        verbose_name_plural = "表彰提名"
        ordering = ["-year", "award_type__position", "award_type_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["award_type", "year", "person"],
                condition=Q(person__isnull=False) & ~Q(state="rejected"),
                name="one_live_nomination_per_person_type_year",
            ),
            models.UniqueConstraint(
                fields=["award_type", "year", "org"],
                condition=Q(person__isnull=True) & ~Q(state="rejected"),
                name="one_live_nomination_per_org_type_year",
            ),
        ]

    def __str__(self):
        return f"{self.year}年度{self.award_type.name}：{self.nominee_name}"

    @property
    def nominee_name(self):
        return self.person.name if self.person_id else self.org.name

    @property
    def state_label(self):
        return NominationState(self.state).label

    @property
    def audit_org(self):
        return self.org


class NominationReview(TransitionLog):
    nomination = models.ForeignKey(
        Nomination, verbose_name="表彰提名", on_delete=models.CASCADE, related_name="reviews"
    )
    level = models.PositiveSmallIntegerField("审核级别", default=0)

    class Meta:
        verbose_name = "表彰审核记录"
        verbose_name_plural = "表彰审核记录"
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.action} @ {self.at:%Y-%m-%d}"


class AwardPublicityQuerySet(OrgScopedQuerySet):
    """A committee's 表彰公示 is read by everyone of its subtree (and above it)."""

    org_path_lookup = "committee__path"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(_reach(self.org_path_lookup, user))


class AwardPublicity(PublicityFields, TimeStampedModel):
    """表彰公示: the approved nominations of a committee's year, published for objections, then announced."""

    committee = models.ForeignKey(
        "orgs.Organisation", verbose_name="表彰单位", on_delete=models.PROTECT, related_name="award_publicities"
    )
    year = models.PositiveSmallIntegerField("年度")

    objects = AwardPublicityQuerySet.as_manager()

    class Meta:
        verbose_name = "表彰公示"
        verbose_name_plural = "表彰公示"
        ordering = ["-id"]

    @property
    def audit_org(self):
        return self.committee


class AwardObjection(ObjectionFields):
    publicity = models.ForeignKey(
        AwardPublicity, verbose_name="表彰公示", on_delete=models.CASCADE, related_name="objections"
    )

    class Meta:
        verbose_name = "表彰公示异议"
        verbose_name_plural = "表彰公示异议"
        ordering = ["id"]

    @property
    def audit_repr(self):
        return f"对《{self.publicity.title}》的异议"

    @property
    def audit_org(self):
        return self.publicity.committee
