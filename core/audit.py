"""Writing and verifying the hash-chained audit log, and the Chinese labels of its action codes.

Every app names the codes it writes in `<app>/audit_labels.py` (a dict `LABELS = {"plan.item.delete":
"删除清单事项", …}`); the audit page shows the label and keeps the code in a column of its own.
"""

import datetime
import decimal
import hashlib
import json

from django.db import connection, models, transaction
from django.utils import timezone

from .context import current_ip
from .models import AuditEvent

GENESIS = "0" * 64
# Fields never copied into before/after: secrets and encrypted personal data.
SECRET_FIELDS = {"password", "id_number_encrypted", "id_number_hash", "key_hash"}
_LOCK_KEY = 727001  # pg advisory lock id that serialises writers of the chain

_LABELS: dict[str, str] = {}
_discovered = False


def register_labels(mapping):
    """Add Chinese labels for action codes (apps with generated codes call this; see core/trash.py)."""
    _LABELS.update(mapping)


def labels():
    """{action code: Chinese label} from every installed app's audit_labels.LABELS."""
    global _discovered
    if not _discovered:
        import importlib

        from django.apps import apps
        from django.utils.module_loading import module_has_submodule

        for config in apps.get_app_configs():
            if module_has_submodule(config.module, "audit_labels"):
                _LABELS.update(importlib.import_module(f"{config.name}.audit_labels").LABELS)
        _discovered = True
    return dict(_LABELS)


def label(code):
    """The Chinese label of an action code (the code itself when none is registered)."""
    return labels().get(code, code)


def describe(events):
    """Give each event its Chinese action label, object kind and object name.

    The name is the text stored with the event (as the object was named then); events stored without one
    get the object's current name, looked up per object type in one query each.
    """
    from django.apps import apps

    events = list(events)
    missing = {}
    for e in events:
        e.label = label(e.action)
        e.model = None
        if e.object_type:
            try:
                e.model = apps.get_model(e.object_type)
            except (LookupError, ValueError):
                e.model = None
        e.kind_label = e.model._meta.verbose_name if e.model is not None else ""
        e.name = e.object_repr
        if not e.name and e.model is not None and e.object_id:
            missing.setdefault(e.model, set()).add(e.object_id)
    names = {}
    for model, ids in missing.items():
        pks = [int(i) for i in ids if i.isdigit()]
        for obj in model._base_manager.filter(pk__in=pks):
            names[(model, str(obj.pk))] = str(obj)
    for e in events:
        if not e.name and e.model is not None:
            e.name = names.get((e.model, e.object_id), "")
    return events


def _jsonable(value):
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def snapshot(obj, fields=None):
    """The audit view of a model instance: concrete fields minus secrets; personal data stays masked."""
    if obj is None:
        return None
    data = {}
    for f in obj._meta.concrete_fields:
        if f.name in SECRET_FIELDS or (fields and f.name not in fields):
            continue
        data[f.attname] = _jsonable(getattr(obj, f.attname))
    return data


def _digest(prev_hash, payload):
    body = json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256((prev_hash + body).encode()).hexdigest()


def _payload(e):
    return {
        "created_at": e.created_at.astimezone(datetime.UTC).isoformat(),
        "actor_id": e.actor_id,
        "actor_name": e.actor_name,
        "action": e.action,
        "object_type": e.object_type,
        "object_id": e.object_id,
        "object_repr": e.object_repr,
        "org_id": e.org_id,
        "org_path": e.org_path,
        "ip": e.ip,
        "before": e.before,
        "after": e.after,
    }


def record(action, *, by, obj=None, org=None, before=None, after=None, object_type=None, object_repr=None):
    """Append one event. Call inside the action's transaction so the event commits with the change."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        last = AuditEvent.objects.order_by("-id").values_list("hash", flat=True).first()
        if org is None and obj is not None:
            org = getattr(obj, "audit_org", None) or getattr(obj, "org", None)
        event = AuditEvent(
            created_at=timezone.now().replace(microsecond=0),
            actor=by if by is not None and by.pk else None,
            actor_name=getattr(by, "username", "") or "系统",
            action=action,
            object_type=object_type or (obj._meta.label if obj is not None else ""),
            object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
            object_repr=(object_repr or (str(obj) if obj is not None else ""))[:200],
            org_id=getattr(org, "pk", None),
            org_path=getattr(org, "path", "") or "",
            ip=current_ip.get(),
            before=json.loads(json.dumps(before, default=str)) if before is not None else None,
            after=json.loads(json.dumps(after, default=str)) if after is not None else None,
            prev_hash=last or GENESIS,
        )
        event.hash = _digest(event.prev_hash, _payload(event))
        event.save()
        return event


def verify_chain(batch=2000):
    """Walk the chain in id order; return None if intact, else (event_id, reason) of the first bad link."""
    # The first surviving event anchors the chain: events past the 180-day retention may be purged.
    prev = None
    qs = AuditEvent.objects.order_by("id")
    last_id = 0
    while True:
        chunk = list(qs.filter(id__gt=last_id)[:batch])
        if not chunk:
            return None
        for e in chunk:
            if prev is not None and e.prev_hash != prev:
                return e.id, "前一条的哈希不匹配（有记录被删除或插入）"
            if _digest(e.prev_hash, _payload(e)) != e.hash:
                return e.id, "内容与哈希不符（记录被修改）"
            prev = e.hash
            last_id = e.id
