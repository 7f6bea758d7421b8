"""通知公告: notices a committee or branch publishes to its subtree (everyone, only 党务干部, or chosen categories of
people), with attachments and an optional receipt form (回执); each recipient signs (签收) once.

Publishing materialises the recipients: one row per person of the subtree meant by the audience, with the
organisation she belonged to at publication, so "who received it" never changes afterwards and the per-branch
figures of the receipts page and the cockpit are aggregates over one indexed table.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from core.models import OrgScopedQuerySet, StoredFile, TimeStampedModel
from core.workflow import WorkflowState


class NoticeState(WorkflowState):
    DRAFT = "draft", "secondary", "草稿"
    PUBLISHED = "published", "green", "已发布"
    ARCHIVED = "archived", "azure", "已归档"


class Audience(models.TextChoices):
    ALL = "all", "全体人员"
    CADRES = "cadres", "党务干部"
    CATEGORIES = "categories", "指定人员类别"


DEFAULT_REMIND_DAYS = 3


def _no_one(user):
    from accounts.scope import is_system_user

    return user is None or not user.is_authenticated or not user.is_active or is_system_user(user)


class NoticeQuerySet(OrgScopedQuerySet):
    """A notice is read by the 党务管理员 of its organisation's subtree (every state: they publish there), once
    published by the 党务管理员 of organisations below (they follow its receipts in their subtrees) and by each
    of its recipients (an account linked to the person, with business rights). The
    three system roles read none (三员分立)."""

    def visible_to(self, user):
        from accounts.scope import admin_paths, business_paths
        from core.models import path_q
        from orgs.models import Organisation

        if _no_one(user):
            return self.none()
        paths = admin_paths(user)
        q = path_q("org__path", paths)
        # A 党务管理员 below the publisher follows the notice in her subtree (its receipts there).
        step = Organisation.steplen
        above = sorted({p[:n] for p in paths for n in range(step, len(p), step)})
        if above:
            q |= models.Q(state__in=[NoticeState.PUBLISHED, NoticeState.ARCHIVED], org__path__in=above)
        if user.person_id and business_paths(user):
            received = Recipient.objects.filter(person_id=user.person_id).values("notice_id")
            q |= models.Q(state__in=[NoticeState.PUBLISHED, NoticeState.ARCHIVED], pk__in=received)
        return self.filter(q)

    def scope_paths(self, user):
        """The full-text index finds the notices published in the user's subtrees (recipients above them read
        theirs from the notice list)."""
        from accounts.scope import admin_paths

        return [] if _no_one(user) else admin_paths(user)

    def received_by(self, person_id):
        return self.filter(state__in=[NoticeState.PUBLISHED, NoticeState.ARCHIVED], recipients__person_id=person_id)


class Notice(TimeStampedModel):
    """通知公告: a notice of an organisation to (part of) its subtree, which each recipient signs for."""

    org = models.ForeignKey("orgs.Organisation", verbose_name="发布组织", on_delete=models.PROTECT, related_name="+")
    title = models.CharField("标题", max_length=100)
    body = models.TextField("正文")
    audience = models.CharField("发送范围", max_length=12, choices=Audience.choices, default=Audience.ALL)
    # ",full,probationary," — the chosen categories when the audience is `categories`.
    categories = models.CharField("人员类别", max_length=120, blank=True)
    # The labels of the receipt form's fields (回执), each filled by every recipient when she signs.
    receipt_fields = models.JSONField("回执项目", default=list, blank=True)
    remind_days = models.PositiveSmallIntegerField(
        "提醒期限（工作日）",
        default=DEFAULT_REMIND_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    state = models.CharField("状态", max_length=12, choices=NoticeState.choices, default=NoticeState.DRAFT)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NoticeQuerySet.as_manager()

    class Meta:
        verbose_name = "通知公告"
        verbose_name_plural = "通知公告"
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["state", "published_at"], name="notice_state_published")]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.org

    @property
    def category_list(self):
        return [c for c in self.categories.strip(",").split(",") if c]

    @property
    def audience_text(self):
        if self.audience == Audience.CATEGORIES:
            from orgs.choices import CATEGORIES

            labels = dict(CATEGORIES)
            return "、".join(labels.get(c, c) for c in self.category_list)
        return self.get_audience_display()

    @property
    def state_badge(self):
        return NoticeState(self.state).badge


def _attachment_path(instance, filename):
    return f"notices/{instance.notice_id}/{filename}"


class AttachmentQuerySet(OrgScopedQuerySet):
    org_path_lookup = "notice__org__path"

    def visible_to(self, user):
        return self.filter(notice__in=Notice.objects.visible_to(user))


class NoticeAttachment(StoredFile):
    """通知附件: a file sent with a notice (checked by its content), served only to those who read the notice."""

    notice = models.ForeignKey(Notice, verbose_name="通知", on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField("文件", upload_to=_attachment_path, max_length=300)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        verbose_name = "通知附件"
        verbose_name_plural = "通知附件"
        ordering = ["id"]


class RecipientQuerySet(OrgScopedQuerySet):
    """The recipients of a notice are read by its publisher's admins; a person reads her own row."""

    org_path_lookup = "notice__org__path"

    def visible_to(self, user):
        from accounts.scope import admin_paths
        from core.models import path_q

        if _no_one(user):
            return self.none()
        mine = models.Q(person_id=user.person_id) if user.person_id else models.Q(pk__in=[])
        return self.filter(mine | path_q("notice__org__path", admin_paths(user)))


class Recipient(models.Model):
    """签收记录: one person a published notice reached, the organisation she was in then, and her signature (签收)
    with the receipt she filled. One row per person and notice: signing twice (or two requests at once) counts
    once."""

    notice = models.ForeignKey(Notice, verbose_name="通知", on_delete=models.CASCADE, related_name="recipients")
    person = models.ForeignKey("orgs.Person", verbose_name="接收人", on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(
        "orgs.Organisation", verbose_name="所在党组织", on_delete=models.PROTECT, related_name="+"
    )
    branch_path = models.CharField("党组织路径", max_length=255, db_index=True)
    signed_at = models.DateTimeField("签收时间", null=True, blank=True)
    receipt = models.JSONField("回执", default=dict, blank=True)
    reminded_on = models.DateField("提醒日期", null=True, blank=True)

    objects = RecipientQuerySet.as_manager()

    class Meta:
        verbose_name = "通知签收"
        verbose_name_plural = "通知签收"
        ordering = ["branch_path", "person_id"]
        constraints = [models.UniqueConstraint(fields=["notice", "person"], name="one_recipient_per_notice_person")]
        indexes = [
            models.Index(fields=["notice", "branch"], name="recipient_notice_branch"),
            models.Index(fields=["person", "signed_at"], name="recipient_person_signed"),
        ]

    def __str__(self):
        return f"{self.notice} · {self.person}"

    @property
    def audit_org(self):
        return self.notice.org


__all__ = ["Audience", "Notice", "NoticeAttachment", "NoticeState", "Recipient"]
