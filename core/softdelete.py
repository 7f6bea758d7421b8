"""Soft delete shared by every business object: deleted rows leave every read, and the 回收站 brings them back.

A model opts in by inheriting `SoftDeleteModel` (adds `deleted_at`, `deleted_by`) and using a manager built
on `SoftDeleteManager` as its default manager::

    class PlanItemManager(SoftDeleteManager.from_queryset(PlanItemQuerySet)):
        pass

    class PlanItem(SoftDeleteModel, TimeStampedModel):
        objects = PlanItemManager()

The default manager hides deleted rows, so `PlanItem.objects.visible_to(user)`, reverse relations
(`plan.items`) and many-to-many managers (`person.plan_items`) stop seeing them without any change to the
callers. `PlanItem.objects.deleted()` and `PlanItem.objects.with_deleted()` reach them on purpose
(the recycle bin, restore, purge).

Children are not flagged themselves: they are hidden through their parent, so restoring the parent is
one flag and brings it back whole. A child model names the path to its soft-deleted parent(s)::

    class OccurrenceManager(SoftDeleteManager.from_queryset(OccurrenceQuerySet)):
        hidden_through = ("item",)

Forward relations (`occurrence.item`) use Django's base manager and still reach a deleted parent.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

RETENTION_DAYS = 30


class SoftDeleteManager(models.Manager):
    """Default manager that hides soft-deleted rows (own flag, and the flags of `hidden_through` parents)."""

    hidden_through: tuple[str, ...] = ()

    def _own_flag(self):
        return any(f.name == "deleted_at" for f in self.model._meta.concrete_fields)

    def _parents_alive(self, qs):
        for lookup in self.hidden_through:
            qs = qs.filter(**{f"{lookup}__deleted_at__isnull": True})
        return qs

    def get_queryset(self):
        qs = self._parents_alive(super().get_queryset())
        if self._own_flag():
            qs = qs.filter(deleted_at__isnull=True)
        return qs

    def with_deleted(self):
        """Every row, deleted or not (restore and purge look objects up here)."""
        return super().get_queryset()

    def deleted(self):
        """Rows deleted themselves while their parents are alive: what the recycle bin lists."""
        return self._parents_alive(super().get_queryset()).filter(deleted_at__isnull=False)


class SoftDeleteModel(models.Model):
    deleted_at = models.DateTimeField("删除时间", null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="删除人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = SoftDeleteManager()

    class Meta:
        abstract = True

    @property
    def is_deleted(self):
        return self.deleted_at is not None

    def soft_delete(self, by):
        """Flag the row deleted (call inside the action's transaction; the action writes the audit event)."""
        self.deleted_at = timezone.now()
        self.deleted_by = by if by is not None and by.pk else None
        self.save(update_fields=["deleted_at", "deleted_by"])

    def undelete(self):
        self.deleted_at = None
        self.deleted_by = None
        self.save(update_fields=["deleted_at", "deleted_by"])

    def restore_deadline(self):
        if self.deleted_at is None:
            return None
        return self.deleted_at + datetime.timedelta(days=RETENTION_DAYS)
