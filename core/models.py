"""Shared building blocks: timestamps, org-scoped querysets and the audit log."""

from typing import TypeVar

import pgtrigger
from django.conf import settings
from django.db import models
from django.utils import timezone

_AppendOnly = TypeVar("_AppendOnly", bound="AppendOnlyModel")


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        abstract = True


class StoredFile(models.Model):
    """存储的文件: an uploaded file kept under a random name and served only through a view that checks scope.

    The base of every attachment (records' 活动附件, points' 佐证材料, plans' 完成佐证, and those to come):
    the name it came with, the type found from its content at upload (core.uploads.detect, never from the
    name), its size, who uploaded it and when. A subclass adds the object it belongs to and, if it stores
    files under a path of its own, overrides `file` with that `upload_to`."""

    file = models.FileField("文件", max_length=300)
    name = models.CharField("文件名", max_length=200)
    content_type = models.CharField("文件类型", max_length=120)
    size = models.PositiveIntegerField("大小（字节）")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def is_image(self):
        return self.content_type.startswith("image/")


class AppendOnlyQuerySet(models.QuerySet[_AppendOnly]):
    """Refuses bulk update() and delete(): rows of an append-only table are written once and kept.

    The model names what it is and how to correct it (AppendOnlyModel); PostgreSQL triggers (pgtrigger) refuse
    the same below the ORM, so raw SQL cannot either."""

    def update(self, **kwargs):
        raise PermissionError(self.model.append_only_refusal("update"))

    def delete(self):
        raise PermissionError(self.model.append_only_refusal("delete"))


class AppendOnlyModel(models.Model):
    """Base of the append-only tables (the audit log, the points ledger): save() writes a new row only,
    delete() is refused, and the default manager refuses bulk update() and delete()."""

    append_only_label = "该记录"  # what the table is, in the refusal: "审计日志只能追加，不能修改。"
    append_only_hint = ""  # how to correct a row instead, e.g. "更正请使用冲销"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk:
            raise PermissionError(self.append_only_refusal("update"))
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError(self.append_only_refusal("delete"))

    @classmethod
    def append_only_refusal(cls, operation):
        verb = "修改" if operation == "update" else "删除"
        hint = f"；{cls.append_only_hint}" if cls.append_only_hint else ""
        return f"{cls.append_only_label}只能追加，不能{verb}{hint}。"


class OrgScopedQuerySet(models.QuerySet):
    """Base for every org-owned model: `visible_to(user)` is the one choke point for reads;
    `administered_by(user)` narrows to what the user administers as 党务管理员 (the business scope of writes).

    Subclasses name the lookup to the owning organisation's materialised path in `org_path_lookup`
    and may override `scope_paths()` to pick which of the user's roles reach the data.
    """

    org_path_lookup = "org__path"

    def scope_paths(self, user):
        from accounts.scope import business_paths

        return business_paths(user)

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        paths = self.scope_paths(user)
        if paths is None:  # unrestricted
            return self
        return self.filter(path_q(self.org_path_lookup, paths))

    def administered_by(self, user):
        """Objects of the organisations the user administers as 党务管理员 (org_admin over their subtrees).

        A business scope: the system administrator's structure rights (`structure_editable_by` on
        organisations and people) give none, and nor does any other role (三员分立)."""
        from accounts.scope import admin_paths

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(path_q(self.org_path_lookup, admin_paths(user)))

    def under(self, org):
        return self.filter(**{f"{self.org_path_lookup}__startswith": org.path})


def path_q(lookup, paths):
    """Q matching any subtree in `paths` (prefixes already de-duplicated)."""
    q = models.Q(pk__in=[])
    for p in paths:
        q |= models.Q(**{f"{lookup}__startswith": p})
    return q


def reach_q(lookup, user):
    """Q of what a committee shares with its tree (settings, catalogues, schemes): objects owned in the user's
    business subtrees and those owned by the organisations above them."""
    from accounts.scope import business_paths
    from orgs.models import Organisation

    paths = business_paths(user)
    step = Organisation.steplen
    above = {p[:n] for p in paths for n in range(step, len(p) + 1, step)}
    return path_q(lookup, paths) | models.Q(**{f"{lookup}__in": sorted(above)})


class AuditEventQuerySet(AppendOnlyQuerySet["AuditEvent"]):
    pass


class AuditEvent(AppendOnlyModel):
    """审计事件: one append-only, hash-chained entry for every write (who, what, where, before/after)."""

    append_only_label = "审计日志"

    created_at = models.DateTimeField("时间", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
    )
    actor_name = models.CharField("操作人账号", max_length=150, blank=True)
    action = models.CharField("操作", max_length=80, db_index=True)
    object_type = models.CharField("对象类型", max_length=80, blank=True)
    object_id = models.CharField("对象编号", max_length=40, blank=True)
    object_repr = models.CharField("对象", max_length=200, blank=True)
    org_id = models.BigIntegerField("组织", null=True, blank=True)
    org_path = models.CharField("组织路径", max_length=255, blank=True, db_index=True)
    ip = models.GenericIPAddressField("IP地址", null=True, blank=True)
    before = models.JSONField("修改前", null=True, blank=True)
    after = models.JSONField("修改后", null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()  # type: ignore[misc]  # django-stubs#1713: no ClassVar for as_manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = "审计事件"
        verbose_name_plural = "审计事件"
        triggers = [
            pgtrigger.Protect(name="audit_no_update", operation=pgtrigger.Update),
            # TRUNCATE fires no row triggers: refuse it with a statement-level trigger of its own.
            pgtrigger.Trigger(
                name="audit_no_truncate",
                level=pgtrigger.Statement,
                when=pgtrigger.Before,
                operation=pgtrigger.Truncate,
                func="RAISE EXCEPTION 'pgtrigger: Cannot truncate % table', TG_TABLE_NAME;",
            ),
            # Events may be purged only once they are older than the 180-day retention period.
            pgtrigger.Protect(
                name="audit_keep_180_days",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Condition("OLD.created_at > now() - interval '180 days'"),
            ),
        ]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.object_repr}"


class ImportBatch(TimeStampedModel):
    """One Excel import: previewed once, confirmed once, run once.

    The uploaded workbook is kept here between preview and run (never served). Confirming claims the row
    under a lock (previewed → queued), so two confirms of one preview import it once; the other is refused.
    The task that runs it claims it again (queued → importing), so a task delivered twice runs it once;
    the import and the move to `done` commit in one transaction, so a batch given up as stuck
    (`imports_cleanup`) can never be written after all.
    """

    PREVIEWED, QUEUED, IMPORTING, DONE, FAILED = "previewed", "queued", "importing", "done", "failed"
    STATES = [
        (PREVIEWED, "已预览"),
        (QUEUED, "排队中"),
        (IMPORTING, "导入中"),
        (DONE, "已导入"),
        (FAILED, "导入失败"),
    ]
    RUNNING = (QUEUED, IMPORTING)

    token = models.CharField("导入编号", max_length=32, unique=True)
    kind = models.CharField("导入类型", max_length=30)  # "<app>.<what>", e.g. orgs.person
    scope_key = models.CharField("导入对象", max_length=60)  # what it imports into: "plan:12", "scheme:3", "people"
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_batches", verbose_name="上传人"
    )
    state = models.CharField("状态", max_length=12, choices=STATES, default=PREVIEWED)
    file_name = models.CharField("文件名", max_length=255, blank=True)
    data = models.BinaryField("文件内容", blank=True, default=b"")  # emptied once the import is done or failed
    row_count = models.PositiveIntegerField("行数", default=0)  # rows in total
    rows_checked = models.PositiveIntegerField("已检查行数", default=0)  # re-validated by the run
    rows_done = models.PositiveIntegerField("已写入行数", default=0)
    result = models.JSONField("导入结果", default=dict, blank=True)  # {"count", "ids"} or {"error", "status"}
    task_id = models.CharField("后台任务编号", max_length=64, blank=True)
    queued_at = models.DateTimeField("确认时间", null=True, blank=True)
    started_at = models.DateTimeField("开始时间", null=True, blank=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "Excel 导入"
        verbose_name_plural = "Excel 导入"
        indexes = [
            models.Index(fields=["created_by", "kind", "scope_key"], name="core_import_owner_idx"),
            models.Index(fields=["state", "updated_at"], name="core_import_state_idx"),
        ]

    def __str__(self):
        return f"{self.kind} {self.token} ({self.get_state_display()})"

    @property
    def percent(self):
        """How far the run is, 0–100: checking every row again is the first half, writing them the second."""
        if self.state == self.DONE:
            return 100
        if not self.row_count:
            return 0
        return min(100, (self.rows_checked + self.rows_done) * 50 // self.row_count)

    @property
    def error(self):
        return (self.result or {}).get("error", "") if self.state == self.FAILED else ""

    @property
    def imported(self):
        return (self.result or {}).get("count") if self.state == self.DONE else None


class IdempotencyKey(models.Model):
    """One claimed idempotency key (core/idempotency.py): a form's hidden `idempotency_key` or an API client's
    `Idempotency-Key` header, with the first response to repeat. Unique per user; kept for 24 hours."""

    PENDING = "pending"
    DONE = "done"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=100)
    method = models.CharField(max_length=10)
    path = models.CharField(max_length=500)
    fingerprint = models.CharField("请求摘要", max_length=64)
    state = models.CharField(max_length=10, default=PENDING)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    location = models.CharField("跳转地址", max_length=1000, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = "幂等键"
        verbose_name_plural = "幂等键"
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_unique_user_key")]

    def __str__(self):
        return f"{self.user_id} {self.method} {self.path} {self.key}"


class TransitionLog(models.Model):
    """Abstract log of a workflow's transitions: from, to, action, by, comment, at.

    Reviews of point declarations and (later) project approvals subclass it, adding what they need (the
    object they log, a review level). Rows are written by the workflow's `log` hook, never edited.
    """

    from_state = models.CharField("原状态", max_length=32, blank=True, default="")
    to_state = models.CharField("新状态", max_length=32, blank=True, default="")
    action = models.CharField("操作", max_length=32)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="操作人")
    comment = models.TextField("意见", blank=True, default="")
    at = models.DateTimeField("时间", default=timezone.now)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
