"""网络学院's study-hour ledger (学时): the yearly requirement per committee and where each person's hours came from.

An `HourEntry` is one credit: a record of a learning type the person attended, a lesson she completed, an exam
she passed, or off-line training entered by an admin. Credits other than a record's name their source object by
`(source, ref)` (a course, an exam, an approved 补录), at most one per person: `learning.hours.credit` keeps them. A record's credits are kept by the records' event
(`learning/receivers.py`), one per attendee (the unique constraint means filing or editing a record never
doubles them); a deleted record's credits stop counting while it is in the 回收站 and count again if restored.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import OrgScopedQuerySet, TimeStampedModel

from .choices import DEFAULT_CADRE_HOURS, DEFAULT_MEMBER_HOURS, HourSource


class HourRuleQuerySet(OrgScopedQuerySet):
    """A committee's rule is read by its whole subtree (each member sees what she must reach) and above it."""

    def visible_to(self, user):
        from accounts.scope import is_system_user
        from core.models import reach_q

        if user is None or not user.is_authenticated or not user.is_active or is_system_user(user):
            return self.none()
        return self.filter(reach_q("org__path", user))


class HourRule(TimeStampedModel):
    """学时要求 of a committee for a year: hours required per category and what each record type credits."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="党组织", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField("年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    member_hours = models.DecimalField(
        "党员年度学时要求", max_digits=5, decimal_places=1, default=Decimal(DEFAULT_MEMBER_HOURS)
    )
    cadre_hours = models.DecimalField(
        "党务干部年度学时要求",
        max_digits=5,
        decimal_places=1,
        default=Decimal(DEFAULT_CADRE_HOURS),
        help_text="支部书记和班子成员",
    )
    record_hours = models.JSONField("活动记录折算学时", default=dict, blank=True, help_text="{活动类型: 学时}")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="修改人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = HourRuleQuerySet.as_manager()

    class Meta:
        verbose_name = "学时要求"
        verbose_name_plural = "学时要求"
        constraints = [models.UniqueConstraint(fields=["org", "year"], name="one_hour_rule_per_org_year")]

    def __str__(self):
        return f"{self.org.name} {self.year}年学时要求"


class HourEntryQuerySet(OrgScopedQuerySet):
    """A person's hours are hers: she reads her own; the admins and staff of her organisation's subtree read
    everyone's there (a plain member never reads another's)."""

    def visible_to(self, user):
        from accounts.scope import is_system_user, staff_paths
        from core.models import path_q

        if user is None or not user.is_authenticated or not user.is_active or is_system_user(user):
            return self.none()
        mine = models.Q(person_id=user.person_id) if user.person_id else models.Q(pk__in=[])
        return self.filter(mine | path_q("person__org__path", staff_paths(user)))

    def counting(self):
        """The credits that count: a deleted record's wait in the 回收站 and count again once it is restored."""
        return self.filter(models.Q(record__isnull=True) | models.Q(record__deleted_at__isnull=True))


class HourEntry(models.Model):
    """One credit of study hours to one person."""

    person = models.ForeignKey("orgs.Person", verbose_name="人员", on_delete=models.CASCADE, related_name="+")
    org = models.ForeignKey(
        "orgs.Organisation",
        verbose_name="所在党组织",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="获得学时时所在的党组织",
    )
    year = models.PositiveSmallIntegerField("年度", db_index=True)
    date = models.DateField("日期")
    source = models.CharField("来源", max_length=10, choices=HourSource.choices)
    record = models.ForeignKey(
        "records.Record", verbose_name="活动记录", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    ref = models.PositiveBigIntegerField(
        "来源编号", null=True, blank=True, help_text="在线学习、网上考试和补录的来源对象编号（活动记录用 record）"
    )
    hours = models.DecimalField("学时", max_digits=5, decimal_places=1)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("记入时间", auto_now_add=True)

    objects = HourEntryQuerySet.as_manager()

    class Meta:
        verbose_name = "学时记录"
        verbose_name_plural = "学时记录"
        ordering = ["date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["record", "person"], condition=models.Q(record__isnull=False), name="one_credit_per_record"
            ),
            models.UniqueConstraint(
                fields=["source", "ref", "person"], condition=models.Q(ref__isnull=False), name="one_credit_per_source"
            ),
        ]
        indexes = [models.Index(fields=["person", "year"])]

    def __str__(self):
        return f"{self.person} {self.date} {self.hours}学时"


# ---- courses ----
from .models_courses import *  # noqa: E402, F403

# ---- exams ----
from .models_exams import *  # noqa: E402, F403

# ---- extras ----
from .models_extras import *  # noqa: E402, F403
