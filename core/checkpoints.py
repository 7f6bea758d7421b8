"""Signed checkpoints of the audit chain, kept outside the database.

After every commit that wrote audit events, one line is appended to a file under AUDIT_CHECKPOINT_DIR:
the id and hash of the newest event, how many events exist up to it, when, and an HMAC over all of that
and over the previous line (so lines cannot be dropped from the middle either). `audit_verify` compares
the table with the newest line: a cut tail, an emptied table or deleted early events no longer verify.

Several processes (web workers, task workers, management commands) append to the same file: each append
holds an exclusive lock on it (flock) and re-reads the head under that lock, so lines stay whole and their
ids only grow. AUDIT_CHECKPOINT_EVERY > 1 writes a line only every N events (the newest events between two
lines are then covered by the chain alone).
"""

import datetime
import hashlib
import hmac
import json
import logging
import os
from pathlib import Path

from django.conf import settings
from django.utils import timezone

try:
    import fcntl
except ImportError:  # pragma: no cover - not a POSIX system
    fcntl = None  # type: ignore[assignment]  # typeshed knows only the POSIX module

FILE_NAME = "audit-checkpoints.log"
VERSION = 1
log = logging.getLogger("dangjian.audit")


def path():
    return Path(settings.AUDIT_CHECKPOINT_DIR) / FILE_NAME


def _canonical(fields):
    return json.dumps(fields, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def sign(fields):
    from .audit import chain_key

    body = {k: v for k, v in fields.items() if k != "mac"}
    return hmac.new(chain_key(), b"checkpoint:" + _canonical(body).encode(), hashlib.sha256).hexdigest()


def parse_time(value):
    """The checkpoint's time (stored in UTC) in the local time zone."""
    return timezone.localtime(datetime.datetime.fromisoformat(value))


def _last_line(fh, block=8192):
    fh.seek(0, os.SEEK_END)
    size = fh.tell()
    if size == 0:
        return None
    fh.seek(max(0, size - block))
    lines = [ln for ln in fh.read().splitlines() if ln.strip()]
    if not lines:
        return None
    try:
        return json.loads(lines[-1])
    except ValueError:
        log.error("audit checkpoint file %s ends with an unreadable line", fh.name)
        return None


def append(*, model=None, legacy=False, force=False):
    """Append a checkpoint of the current head if it moved on; returns the line written or None."""
    if model is None:
        from .models import AuditEvent as model
    head = model.objects.order_by("-id").values_list("id", "hash").first()
    if head is None:
        return None
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "a+b") as fh:
        if fcntl is not None:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            last = _last_line(fh)
            # Re-read under the lock: another process may have committed (and signed) since.
            head = model.objects.order_by("-id").values_list("id", "hash").first()
            since = last["last_id"] if last else 0
            if head[0] <= since:
                return None
            new = model.objects.filter(id__gt=since, id__lte=head[0]).count()
            every = max(1, int(getattr(settings, "AUDIT_CHECKPOINT_EVERY", 1)))
            if not force and last is not None and new < every:
                return None
            line = {
                "v": VERSION,
                "seq": (last.get("seq", 0) if last else 0) + 1,
                "last_id": head[0],
                "head": head[1],
                "count": (last.get("count", 0) if last else 0) + new,
                "at": timezone.now().astimezone(datetime.UTC).isoformat(timespec="seconds"),
                "prev": last.get("mac", "") if last else "",
                "legacy": bool(legacy),
            }
            line["mac"] = sign(line)
            fh.seek(0, os.SEEK_END)
            fh.write((_canonical(line) + "\n").encode())
            fh.flush()
            os.fsync(fh.fileno())
            return line
        finally:
            if fcntl is not None:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def after_commit():
    """on_commit hook of audit.record(): the change is committed whatever happens here, so log, never raise."""
    try:
        append()
    except Exception:
        log.exception("could not write the audit checkpoint to %s", path())


def load():
    """The valid checkpoint lines in order, and a Chinese message for each line that is not."""
    target = path()
    if not target.exists():
        return [], []
    lines, problems = [], []
    prev = None
    with open(target, "rb") as fh:
        raw_lines = fh.read().splitlines()
    for number, raw in enumerate(raw_lines, 1):
        if not raw.strip():
            continue
        try:
            cp = json.loads(raw)
            if not isinstance(cp, dict) or not {"seq", "last_id", "head", "count", "at", "prev", "mac"} <= cp.keys():
                raise ValueError
            parse_time(cp["at"])
        except (ValueError, TypeError):
            problems.append(f"检查点文件第 {number} 行无法解析：文件被改动。")
            continue
        if not hmac.compare_digest(str(cp["mac"]), sign(cp)):
            problems.append(f"检查点文件第 {number} 行的签名不符：检查点被改动或伪造。")
            continue
        if prev is None:
            if cp["seq"] != 1 or cp["prev"]:
                problems.append(f"检查点文件第 {number} 行之前的检查点被删除。")
        elif cp["prev"] != prev["mac"] or cp["seq"] != prev["seq"] + 1:
            problems.append(f"检查点文件第 {number} 行与上一个检查点不衔接：有检查点被删除。")
        elif cp["last_id"] < prev["last_id"] or cp["count"] < prev["count"]:
            problems.append(f"检查点文件第 {number} 行的事件编号或数量倒退：检查点顺序被改动。")
        lines.append(cp)
        prev = cp
    return lines, problems
