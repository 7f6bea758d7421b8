"""回收站: the registry of trashable kinds, the bin's listing, restore within 30 days, and the purge after.

A module declares its soft-deletable models (see core/softdelete.py) on its AppConfig
(`trash = "<app>.trash.kinds"`, see core/modules.py): a function returning one `kind()` per model::

    from core import trash

    def kinds():
        from .models import Notice

        return [
            trash.kind(
                Notice,
                label="通知公告",                              # the kind, as the bin and the dialogs name it
                noun="通知",                                   # "删除通知《…》？"
                name=lambda n: n.title,                        # how to name one object
                org=lambda n: n.org,                           # the owning organisation
                can_restore=lambda user, n: may_manage(user, n.org),       # the app's own rule
                contents=notice_contents,                      # "它的3条回执" (optional)
                restore_note="它的附件和回执",                   # for the restore dialog (optional)
                url=lambda n: f"/notices/{n.pk}/",             # where the restored object shows (optional)
            )
        ]

Who may restore is the 党务管理员 of the object's organisation subtree, through the app's own rules; the
system roles hold no business rights (三员分立) and see an empty bin.

Retention: an object can be restored for RETENTION_DAYS days after its deletion. After that
`manage.py purge_recycle_bin` deletes it for good (with its children and stored files) and writes one
audit event per object; until the command has run, an expired object stays in the database but is
neither listed nor restorable. The audit log keeps the deletion event with the object's content.
"""

import datetime
import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from . import audit
from .errors import Conflict, Forbidden
from .softdelete import RETENTION_DAYS, SoftDeleteModel


@dataclass
class Kind:
    model: type[SoftDeleteModel]
    label: str
    noun: str
    name: Callable[[Any], str]
    org: Callable[[Any], Any]
    can_restore: Callable[[Any, Any], bool]
    contents: Callable[[Any], str] | None = None
    restore_note: str = ""
    detail: Callable[[Any], str] | None = None
    url: Callable[[Any], str] | None = None
    check_restore: Callable[[Any], None] | None = None
    files: Callable[[Any], list] | None = None
    select_related: tuple = ()

    @property
    def key(self):
        return self.model._meta.label_lower

    @property
    def restore_action(self):
        return f"{self.key}.restore"

    @property
    def purge_action(self):
        return f"{self.key}.purge"

    @property
    def org_lookup(self):
        return getattr(self.model._default_manager.all(), "org_path_lookup", "org__path")


KINDS: dict[str, Kind] = {}


def kind(model, *, label, name, org, can_restore, noun=None, **options):
    """One trashable kind (`noun` defaults to the label)."""
    return Kind(model=model, label=label, noun=noun or label, name=name, org=org, can_restore=can_restore, **options)


def add(new):
    """Register a kind (Module.ready() does this for every declared one; registering again replaces)."""
    KINDS[new.key] = new
    audit.register_labels(
        {
            new.restore_action: f"从回收站恢复{new.label}",
            new.purge_action: f"永久清除{new.label}（超过{RETENTION_DAYS}天）",
        }
    )
    return new


def get(key):
    return KINDS.get(key)


def kind_for(obj):
    return KINDS.get(obj._meta.label_lower)


def _now(now=None):
    return now or timezone.now()


def cutoff(now=None):
    """Objects deleted before this moment are past the restore period."""
    return _now(now) - datetime.timedelta(days=RETENTION_DAYS)


def delete_warning(obj):
    """The confirm dialog's text: what will be deleted and what goes with it."""
    kind = kind_for(obj)
    if kind is None:
        return f"确定删除《{obj}》吗？"
    contents = kind.contents(obj) if kind.contents else ""
    what = f"{contents}将一并移入回收站" if contents else "删除后将移入回收站"
    return f"删除{kind.noun}《{kind.name(obj)}》？{what}，{RETENTION_DAYS}天内可由本组织党务管理员恢复。"


def restore_warning(kind, obj):
    """The restore dialog's text (no per-object counts: the bin lists many objects in a few queries)."""
    tail = f"{kind.restore_note}将一并恢复，" if kind.restore_note else ""
    return f"恢复{kind.noun}《{kind.name(obj)}》？{tail}恢复后将重新出现在列表和搜索中。"


@dataclass
class Entry:
    kind: Kind
    obj: Any
    now: datetime.datetime

    @property
    def name(self):
        return self.kind.name(self.obj)

    @property
    def detail(self):
        return self.kind.detail(self.obj) if self.kind.detail else ""

    @property
    def org(self):
        return self.kind.org(self.obj)

    @property
    def deleted_by(self):
        user = self.obj.deleted_by
        return user.display_name if user is not None else "系统"

    @property
    def deadline(self):
        return self.obj.deleted_at + datetime.timedelta(days=RETENTION_DAYS)

    @property
    def days_left(self):
        return max(0, math.ceil((self.deadline - self.now) / datetime.timedelta(days=1)))

    @property
    def confirm(self):
        return restore_warning(self.kind, self.obj)


def entries(user, *, now=None):
    """What the user may restore: objects deleted within the restore period, in her 党务管理员 subtrees."""
    from accounts import scope

    from .models import path_q

    now = _now(now)
    paths = scope.admin_paths(user)
    if not paths:
        return []
    out = []
    for kind in KINDS.values():
        qs = (
            kind.model._default_manager.deleted()
            .filter(path_q(kind.org_lookup, paths), deleted_at__gte=cutoff(now))
            .select_related("deleted_by__person", *kind.select_related)
        )
        out += [Entry(kind, obj, now) for obj in qs]
    out.sort(key=lambda e: e.obj.deleted_at, reverse=True)
    return out


def find_deleted(key, pk, user):
    """A deleted object the user may see; anything else (unknown kind, outside scope, not deleted) is 404."""
    from .errors import NotFound

    kind = get(key)
    if kind is None:
        raise NotFound()
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound()
    qs = kind.model._default_manager.deleted().visible_to(user).select_related(*kind.select_related)
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj


def restore(obj, *, by, now=None):
    """Bring a deleted object back whole (its children were only hidden through it); audited."""
    kind = kind_for(obj)
    if kind is None:
        raise Conflict("该对象不能从回收站恢复。")
    if not kind.can_restore(by, obj):
        raise Forbidden("只有本组织的党务管理员可以恢复回收站中的内容。")
    with transaction.atomic():
        obj = kind.model._default_manager.with_deleted().select_for_update().get(pk=obj.pk)
        if obj.deleted_at is None:
            raise Conflict(f"该{kind.noun}没有被删除，或已恢复。")
        if obj.deleted_at < cutoff(now):
            raise Conflict(f"该{kind.noun}删除已超过{RETENTION_DAYS}天，不能再恢复。")
        if kind.check_restore:
            kind.check_restore(obj)
        before = {"deleted_at": obj.deleted_at, "deleted_by": obj.deleted_by_id}
        obj.undelete()
        audit.record(
            kind.restore_action,
            by=by,
            obj=obj,
            org=kind.org(obj),
            before=before,
            after={"deleted_at": None},
            object_repr=kind.name(obj),
        )
    return obj


def purge(*, now=None):
    """Delete for good what was deleted more than RETENTION_DAYS days ago → {kind label: count}."""
    limit = cutoff(now)
    counts: dict[str, int] = {}
    for kind in KINDS.values():
        manager = kind.model._default_manager
        ids = list(manager.with_deleted().filter(deleted_at__lt=limit).values_list("pk", flat=True))
        for pk in ids:
            with transaction.atomic():
                obj = manager.with_deleted().select_for_update().filter(pk=pk, deleted_at__lt=limit).first()
                if obj is None:  # gone with a purged parent
                    continue
                names = [n for n in (kind.files(obj) if kind.files else []) if n]
                audit.record(
                    kind.purge_action,
                    by=None,
                    obj=obj,
                    org=kind.org(obj),
                    before=audit.snapshot(obj),
                    object_repr=kind.name(obj),
                )
                obj.delete()
                transaction.on_commit(functools.partial(_delete_files, names))
            counts[kind.label] = counts.get(kind.label, 0) + 1
    return counts


def _delete_files(names):
    for name in names:
        default_storage.delete(name)
