from django.db import models
from pypinyin import Style, lazy_pinyin
from treebeard.mp_tree import MP_Node, MP_NodeManager

from core import crypto
from core.models import TimeStampedModel

from . import idnumber
from .choices import CATEGORIES, EDUCATIONS, GENDERS, ORG_KIND_LABELS, ORG_KINDS, POSITION_TITLES, STATUSES
from .querysets import OrganisationQuerySet, PersonQuerySet, PositionQuerySet


class OrganisationManager(MP_NodeManager.from_queryset(OrganisationQuerySet)):
    def get_queryset(self):
        return OrganisationQuerySet(self.model).order_by("path")


class Organisation(MP_Node):
    """党组织: a node of the organisation tree (党委, 工委, 党总支, 党支部, 党小组) with its host unit."""

    name = models.CharField("名称", max_length=100)
    kind = models.CharField("类型", max_length=20, choices=ORG_KINDS)
    unit = models.CharField("所在单位", max_length=100, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    node_order_by = None
    objects = OrganisationManager()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"

    def __str__(self):
        return self.name

    @property
    def kind_label(self):
        return ORG_KIND_LABELS.get(self.kind, self.kind)

    @property
    def audit_org(self):
        return self

    @property
    def parent_id_value(self):
        if self.depth <= 1:
            return None
        parent = self.get_parent()
        return parent.pk if parent else None


class Person(TimeStampedModel):
    """人员: a Party member or someone on the way to membership, kept in one primary organisation."""

    name = models.CharField("姓名", max_length=50)
    name_initials = models.CharField("拼音首字母", max_length=50, blank=True, db_index=True)
    gender = models.CharField("性别", max_length=10, choices=GENDERS)
    ethnicity = models.CharField("民族", max_length=20, default="汉族")
    birth_date = models.DateField("出生日期", null=True, blank=True)
    id_number_encrypted = models.TextField("身份证号（加密）", blank=True)
    id_number_hash = models.CharField(max_length=64, null=True, blank=True, unique=True)
    id_number_masked = models.CharField("身份证号", max_length=18, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    education = models.CharField("学历", max_length=20, choices=EDUCATIONS, blank=True)
    joined_on = models.DateField("入党日期", null=True, blank=True)
    full_member_on = models.DateField("转正日期", null=True, blank=True)
    category = models.CharField("人员类别", max_length=20, choices=CATEGORIES, default="full")
    org = models.ForeignKey(Organisation, verbose_name="所在党组织", on_delete=models.PROTECT, related_name="people")
    group = models.ForeignKey(
        Organisation,
        verbose_name="所在党小组",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="group_people",
    )
    status = models.CharField("状态", max_length=20, choices=STATUSES, default="active")
    # 班组/科室 (orgs/models_teams.py): at most one; set by its own action, not by the register's edit form.
    team = models.ForeignKey(
        "orgs.Team",
        verbose_name="所在班组/科室",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = "人员"
        verbose_name_plural = "人员"
        ordering = ["org__path", "name", "id"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_initials = "".join(lazy_pinyin(self.name, style=Style.FIRST_LETTER)).lower()[:50]
        super().save(*args, **kwargs)

    def set_id_number(self, value):
        """Store a validated ID number encrypted, with a blind index and the masked form for display."""
        if not value:
            self.id_number_encrypted, self.id_number_hash, self.id_number_masked = "", None, ""
            return
        number, _birth, _gender = idnumber.parse(value)
        self.id_number_encrypted = crypto.encrypt(number)
        self.id_number_hash = crypto.blind_index(number)
        self.id_number_masked = idnumber.mask(number)

    def get_id_number(self):
        return crypto.decrypt(self.id_number_encrypted)

    @property
    def is_party_member(self):
        return self.category in ("full", "probationary")


class Position(models.Model):
    """党内职务: a post in an organisation's committee; holding one makes a person a 党务干部."""

    org = models.ForeignKey(Organisation, verbose_name="党组织", on_delete=models.CASCADE, related_name="positions")
    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="positions")
    title = models.CharField("职务", max_length=20, choices=POSITION_TITLES)
    started_on = models.DateField("任职日期", null=True, blank=True)
    ended_on = models.DateField("免职日期", null=True, blank=True)

    objects = PositionQuerySet.as_manager()

    class Meta:
        verbose_name = "党内职务"
        verbose_name_plural = "党内职务"
        ordering = ["org__path", "id"]

    def __str__(self):
        return f"{self.org.name} {self.title} {self.person.name}"


class Transfer(models.Model):
    """组织关系转接: one move of a person between organisations; history is never overwritten."""

    person = models.ForeignKey(Person, verbose_name="人员", on_delete=models.CASCADE, related_name="transfers")
    from_org = models.ForeignKey(
        Organisation, verbose_name="转出组织", on_delete=models.PROTECT, related_name="transfers_out"
    )
    to_org = models.ForeignKey(
        Organisation, verbose_name="转入组织", on_delete=models.PROTECT, related_name="transfers_in"
    )
    transferred_on = models.DateField("转接日期")
    reason = models.CharField("原因", max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="经办人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "组织关系转接"
        verbose_name_plural = "组织关系转接"
        ordering = ["-transferred_on", "-id"]

    def __str__(self):
        return f"{self.person.name}: {self.from_org.name} → {self.to_org.name}"


from .models_teams import *  # noqa: E402, F403
