"""Writing and verifying the audit log: a keyed (HMAC-SHA256) hash chain with signed checkpoints, and the
Chinese labels of its action codes.

Every app names the codes it writes in `<app>/audit_labels.py` (a dict `LABELS = {"notice.publish":
"发布通知", …}`, declared as `audit_labels` on its AppConfig); the audit page shows the label and keeps
the code in a column of its own.

Before/after keep what changed, not the content: long texts become a length and a keyed digest,
phone numbers are masked like ID numbers and attendee lists become head counts (see `redact`).
"""

import dataclasses
import datetime
import decimal
import hashlib
import hmac
import json

from django.conf import settings
from django.db import connection, models, transaction
from django.utils import timezone

from .context import current_ip
from .models import AuditEvent

GENESIS = "0" * 64
RETENTION_DAYS = 180  # the database refuses deleting younger events (see the triggers)
# Fields never copied into before/after: secrets and encrypted personal data.
SECRET_FIELDS = {"password", "id_number_encrypted", "id_number_hash", "key_hash"}
_LOCK_KEY = 727001  # pg advisory lock id that serialises writers of the chain

_LABELS: dict[str, str] = {}
_discovered = False


def register_labels(mapping):
    """Add Chinese labels for action codes (apps with generated codes call this; see core/trash.py)."""
    _LABELS.update(mapping)


def labels():
    """{action code: Chinese label} from every module's declared `audit_labels` (see core/modules.py) and the
    codes registered at run time (the 回收站's)."""
    global _discovered
    if not _discovered:
        from .audit_labels import LABELS as core_labels
        from .modules import audit_labels

        _LABELS.update(core_labels)
        _LABELS.update(audit_labels())
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


# ---- what before/after may keep (field-kind policy) --------------------------------------------
# Business content: minutes, decisions, descriptions, objections, answers, review comments, reasons.
# Any TextField of the audited model counts too, and so does any other string longer than LONG_TEXT.
TEXT_FIELDS = {
    "agenda",
    "content",
    "decisions",
    "minutes",
    "description",
    "method",
    "standard",
    "requirement",
    "note",
    "answer",
    "body",
    "comment",
    "last_comment",
    "reason",
}
PHONE_FIELDS = {"phone", "mobile", "telephone", "contact_phone"}
# Personal data beyond the masked ID number (a birth date would unmask it): only whether it changed.
PRIVATE_FIELDS = {"birth_date"}
# Lists of people: the log keeps how many, not who.
COUNT_FIELDS = {"attendees", "absentees", "participants"}
LONG_TEXT = 200


def chain_key():
    """The HMAC key of the chain: AUDIT_HMAC_KEY from the environment, else derived from SECRET_KEY."""
    key = getattr(settings, "AUDIT_HMAC_KEY", "")
    if key:
        return key.encode()
    return hmac.new(settings.SECRET_KEY.encode(), b"dangjian.audit-chain.v1", hashlib.sha256).digest()


def mask_phone(value):
    """138****5678: the first three and last four characters of a phone number, like ID numbers."""
    value = str(value or "").strip()
    if not value:
        return ""
    if len(value) <= 4:
        return "****"
    if len(value) < 8:
        return f"{value[:1]}****{value[-2:]}"
    return f"{value[:3]}****{value[-4:]}"


def text_digest(value):
    """First 8 hex digits of a keyed SHA-256 of the text: proves sameness without revealing it."""
    return hmac.new(chain_key(), b"text:" + str(value).encode(), hashlib.sha256).hexdigest()[:8]


def _summary(value):
    return f"{len(value)} 字，摘要 {text_digest(value)}"


def _redact_value(key, value, *, text_fields, side, other, has_other, keep=frozenset()):
    if isinstance(value, dict):
        base = other if isinstance(other, dict) else {}
        return {
            k: v
            if k in keep
            else _redact_value(k, v, text_fields=text_fields, side=side, other=base.get(k), has_other=k in base)
            for k, v in value.items()
        }
    if key in COUNT_FIELDS and isinstance(value, list | tuple):
        return f"共 {len(value)} 人"
    if key in PHONE_FIELDS and isinstance(value, str | int):
        return mask_phone(value)
    if isinstance(value, list):
        return [_redact_value(key, v, text_fields=text_fields, side=side, other=None, has_other=False) for v in value]
    if key in PRIVATE_FIELDS and value not in (None, ""):
        return _changed(value, "已隐去", side=side, other=other, has_other=has_other)
    if isinstance(value, str) and value and (key in text_fields or len(value) > LONG_TEXT):
        return _changed(value, _summary(value), side=side, other=other, has_other=has_other)
    return value


def _changed(value, summary, *, side, other, has_other):
    if side == "before":
        return f"原内容（{summary}）"
    if not has_other or other in (None, ""):
        return f"已填写（{summary}）"
    if other == value:
        return f"未修改（{summary}）"
    return f"已修改（{summary}）"


def redact(before, after, *, text_fields=(), keep=()):
    """(before, after) as the log keeps them: who/what/when/where/outcome complete, content summarised.

    keep: top-level keys written as they are — the event's own justification (a break-glass reason), which
    is what the auditor is there to read, not business content."""
    fields = TEXT_FIELDS | set(text_fields)
    keep = frozenset(keep)
    paired = isinstance(before, dict) and isinstance(after, dict)
    return (
        _redact_value(
            "", before, text_fields=fields, side="before", other=after if paired else None, has_other=paired, keep=keep
        ),
        _redact_value(
            "", after, text_fields=fields, side="after", other=before if paired else None, has_other=paired, keep=keep
        ),
    )


def model_text_fields(obj):
    """Names (and attnames) of the model's TextFields: content by nature, summarised in the log."""
    if obj is None:
        return set()
    return {f.attname for f in obj._meta.concrete_fields if isinstance(f, models.TextField)}


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


def _body(payload):
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=str)


def _digest(prev_hash, payload, key=None):
    """The link of one event: HMAC-SHA256 (keyed, so a rewritten chain cannot be re-hashed) over the
    previous link and the event's content."""
    return hmac.new(key or chain_key(), (prev_hash + _body(payload)).encode(), hashlib.sha256).hexdigest()


def _legacy_digest(prev_hash, payload):
    """The unkeyed SHA-256 of events written before the chain was keyed (sealed by a checkpoint)."""
    return hashlib.sha256((prev_hash + _body(payload)).encode()).hexdigest()


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


def _plain(value):
    return json.loads(json.dumps(value, default=str)) if value is not None else None


def record(action, *, by, obj=None, org=None, before=None, after=None, object_type=None, object_repr=None, keep=()):
    """Append one event. Call inside the action's transaction so the event commits with the change.

    Once the transaction commits, a signed checkpoint of the chain's head is appended outside the
    database (core.checkpoints), so cutting the table's tail or emptying it is detected.
    """
    from . import checkpoints

    before, after = redact(_plain(before), _plain(after), text_fields=model_text_fields(obj), keep=keep)
    if object_repr is None and obj is not None:
        object_repr = getattr(obj, "audit_repr", None) or str(obj)
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
            object_repr=(object_repr or "")[:200],
            org_id=getattr(org, "pk", None),
            org_path=getattr(org, "path", "") or "",
            ip=current_ip.get(),
            before=before,
            after=after,
            prev_hash=last or GENESIS,
        )
        event.hash = _digest(event.prev_hash, _payload(event))
        event.save()
    transaction.on_commit(checkpoints.after_commit, robust=True)
    return event


# ---- verification -------------------------------------------------------------------------------


@dataclasses.dataclass
class Verification:
    """What `verify()` found: the chain walked, the checkpoints compared, each problem named."""

    events: int = 0
    checkpoints: int = 0
    latest: dict | None = None
    problems: list = dataclasses.field(default_factory=list)  # [(event id or None, message)]
    notes: list = dataclasses.field(default_factory=list)

    @property
    def ok(self):
        return not self.problems


MAX_EVENT_PROBLEMS = 20


def verify(batch=2000, now=None):
    """Walk the chain in id order and compare it with the signed checkpoints kept outside the table.

    Detects a row edited (even if the attacker re-hashed the chain: the links are keyed), a forged insert,
    a row deleted in the middle, the newest rows deleted, the oldest rows deleted before the retention
    period ended, and an emptied (truncated) table.
    """
    from . import checkpoints

    now = now or timezone.now()
    report = Verification()
    lines, line_problems = checkpoints.load()
    report.problems.extend((None, msg) for msg in line_problems)
    report.checkpoints = len(lines)
    latest = report.latest = lines[-1] if lines else None
    by_id = {cp["last_id"]: cp for cp in lines}
    legacy_upto = max((cp["last_id"] for cp in lines if cp.get("legacy")), default=0)
    key = chain_key()

    event_problems = []
    prev = first = None
    seen = set()
    upto_latest = 0
    last_id = 0
    qs = AuditEvent.objects.order_by("id")
    while True:
        chunk = list(qs.filter(id__gt=last_id)[:batch])
        if not chunk:
            break
        for e in chunk:
            report.events += 1
            if first is None:
                first = e
            elif e.prev_hash != prev:
                event_problems.append((e.id, f"第 {e.id} 号事件与前一条不衔接：其前有事件被删除或插入。"))
            payload = _payload(e)
            expected = (
                _legacy_digest(e.prev_hash, payload) if e.id <= legacy_upto else _digest(e.prev_hash, payload, key)
            )
            if expected != e.hash:
                event_problems.append(
                    (e.id, f"第 {e.id} 号事件的内容与签名不符：事件被修改（即使重算了哈希）或是伪造插入的。")
                )
            cp = by_id.get(e.id)
            if cp is not None:
                seen.add(e.id)
                if cp["head"] != e.hash:
                    event_problems.append((e.id, f"第 {e.id} 号事件的哈希与签名检查点记录的不一致：事件被改写。"))
            if latest is not None and e.id <= latest["last_id"]:
                upto_latest += 1
            prev = e.hash
            last_id = e.id
    report.problems.extend(event_problems[:MAX_EVENT_PROBLEMS])
    if len(event_problems) > MAX_EVENT_PROBLEMS:
        report.problems.append((None, f"另有 {len(event_problems) - MAX_EVENT_PROBLEMS} 处事件问题未列出。"))

    if latest is None:
        if report.events:
            report.problems.append(
                (
                    None,
                    f"未找到签名检查点（{checkpoints.path()}）：无法确认最新事件和事件总数，"
                    "审计表可能被截断，或检查点文件被删除。",
                )
            )
        return report

    cutoff = now - datetime.timedelta(days=RETENTION_DAYS)
    signed_at = checkpoints.parse_time(latest["at"])
    where = f"签名检查点（{signed_at:%Y-%m-%d %H:%M}）记录至第 {latest['last_id']} 号共 {latest['count']} 条事件"
    # Events counted by a checkpoint older than the retention period may have been purged lawfully.
    purgeable = max((cp["count"] for cp in lines if checkpoints.parse_time(cp["at"]) < cutoff), default=0)
    missing = latest["count"] - upto_latest
    if report.events == 0:
        if latest["count"] > purgeable:
            report.problems.append((None, f"审计表中没有任何事件，但{where}：事件被全部删除或表被清空。"))
    else:
        if latest["last_id"] not in seen and signed_at >= cutoff:
            report.problems.append(
                (latest["last_id"], f"{where}，其中最新的第 {latest['last_id']} 号事件已不存在：最新的事件被删除。")
            )
        if missing > purgeable:
            report.problems.append(
                (
                    None,
                    f"{where}，数据库中只剩 {upto_latest} 条：有 {missing} 条事件被删除（未满 {RETENTION_DAYS} 天的事件不得删除）。",
                )
            )
        elif missing < 0:
            report.problems.append(
                (None, f"{where}，数据库中却有 {upto_latest} 条：多出的 {-missing} 条是伪造插入的。")
            )
        elif missing > 0:
            report.notes.append(f"最早的 {missing} 条事件已超过 {RETENTION_DAYS} 天保留期并被清理。")
    tail = report.events - upto_latest
    if tail > 0:
        report.notes.append(f"第 {latest['last_id']} 号之后的 {tail} 条事件尚未写入检查点。")
    return report
