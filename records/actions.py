"""Writes on records and their attachments: validate, change inside a transaction, audit.

Saving a Record re-indexes it for search through the registry's post_save hook, inside the same
transaction, so an edit is searchable the moment it commits.
"""

from django.core.files.storage import default_storage
from django.db import transaction

from accounts.permissions import require
from core import audit
from core.errors import ActionError, Conflict, Invalid
from core.forms import validate

from . import files
from .forms import RecordForm
from .models import Absence, Attachment, Record
from .signals import record_filed

FIELDS = [
    "org",
    "type",
    "also_counts_as",
    "title",
    "date",
    "for_year",
    "start_time",
    "place",
    "host",
    "recorder",
    "agenda",
    "content",
    "decisions",
]


def record_snapshot(record):
    data = audit.snapshot(record)
    data["attendees"] = sorted(record.attendees.values_list("pk", flat=True))
    data["observers"] = sorted(record.observers.values_list("pk", flat=True))
    data["absentees"] = [{"person": a.person_id, "reason": a.reason} for a in record.absences.order_by("person_id")]
    return data


def record_form_data(record):
    """A record as form data, so a partial update (PATCH) validates the merged whole."""
    return {
        "org": record.org_id,
        "type": record.type,
        "also_counts_as": list(record.also_counts_as),
        "title": record.title,
        "date": record.date.isoformat(),
        "for_year": record.for_year or "",
        "start_time": record.start_time.strftime("%H:%M") if record.start_time else "",
        "place": record.place,
        "host": record.host_id or "",
        "recorder": record.recorder_id or "",
        "attendees": list(record.attendees.values_list("pk", flat=True)),
        "observers": list(record.observers.values_list("pk", flat=True)),
        "agenda": record.agenda,
        "content": record.content,
        "decisions": record.decisions,
    }


def _as_form_data(data):
    """Lists stay lists for the multi-value fields (a QueryDict keeps them with getlist)."""
    if hasattr(data, "getlist"):
        out = {k: data.get(k) for k in data}
        out["attendees"] = data.getlist("attendees")
        out["observers"] = data.getlist("observers")
        out["also_counts_as"] = data.getlist("also_counts_as")
        return out
    return dict(data)


class _FormData(dict):
    """What Django's multi-value widgets expect from a plain dict."""

    def getlist(self, key):
        value = self.get(key)
        if value in (None, ""):
            return []
        return list(value) if isinstance(value, list | tuple) else [value]


def _apply(record, cleaned):
    for name in FIELDS:
        setattr(record, name, cleaned[name])


def _set_people(record, cleaned):
    record.attendees.set(cleaned["attendees"])
    record.observers.set(cleaned["observers"])
    record.absences.all().delete()
    Absence.objects.bulk_create([Absence(record=record, person=p, reason=r) for p, r in cleaned["absentees"]])


MAX_PHOTOS = 30


def _read_photos(photos):
    """[(name, bytes)] of uploaded photos, each checked by content before anything is saved."""
    if len(photos) > MAX_PHOTOS:
        msg = f"一次最多上传{MAX_PHOTOS}张照片。"
        raise Invalid(msg, {"photos": [msg]})
    checked = []
    for upload in photos:
        try:
            files.check_upload(upload.name, upload.size)
            data = upload.read(files.MAX_ATTACHMENT_BYTES + 1)
            _ext, _content_type, kind = files.validate(upload.name, data)
        except ActionError as e:
            e.errors = {"photos": [e.detail]}
            raise
        if kind != "photo":
            msg = f"文件“{files.clean_name(upload.name)}”不是照片；其他文件请在记录保存后作为附件上传。"
            raise Invalid(msg, {"photos": [msg]})
        checked.append((upload.name, data))
    return checked


def create_record(*, by, data, absentees=None, orgs, photos=()):
    """File a record, with the photos taken at the meeting; a refused photo leaves nothing saved."""
    cleaned = validate(RecordForm(_FormData(_as_form_data(data)), orgs=orgs, absentees=absentees or []))
    require(by, "records.add_record", cleaned["org"], message="您不能为该党组织登记活动记录。")
    checked = _read_photos(list(photos))
    stored = []
    try:
        with transaction.atomic():
            record = Record(created_by=by)
            _apply(record, cleaned)
            record.save()
            _set_people(record, cleaned)
            audit.record("record.create", by=by, obj=record, after=record_snapshot(record))
            for name, content in checked:
                stored.append(add_attachment(record, by=by, name=name, data=content).file.name)
            record_filed.send(sender=Record, record=record, by=by, created=True)
    except Exception:
        for path in stored:  # the rows rolled back; their files must not stay behind
            default_storage.delete(path)
        raise
    return record


def update_record(record, *, by, data, absentees=None, orgs):
    """Change a record; `absentees=None` keeps the registered absentees as they are."""
    require(by, "records.change_record", record, message="您不能修改该活动记录。")
    if record.deleted_at:
        raise Conflict("该记录已删除，不能修改。")
    merged = {**record_form_data(record), **_as_form_data(data)}
    if absentees is None:
        absentees = [{"person": a.person_id, "reason": a.reason} for a in record.absences.all()]
    cleaned = validate(RecordForm(_FormData(merged), orgs=orgs, absentees=absentees))
    if cleaned["org"].pk != record.org_id:
        require(by, "records.add_record", cleaned["org"], message="您不能把记录移到该党组织。")
    with transaction.atomic():
        record = Record.objects.select_for_update().get(pk=record.pk)
        before = record_snapshot(record)
        _apply(record, cleaned)
        record.save()
        _set_people(record, cleaned)
        audit.record("record.update", by=by, obj=record, before=before, after=record_snapshot(record))
        record_filed.send(sender=Record, record=record, by=by, created=False)
    return record


def delete_record(record, *, by):
    """Soft delete: the record leaves lists, archive and search and waits in the 回收站 for 30 days
    (see core/trash.py); the audit log keeps what it was."""
    require(by, "records.delete_record", record, message="您不能删除该活动记录。")
    with transaction.atomic():
        record = Record.objects.with_deleted().select_for_update().get(pk=record.pk)
        if record.deleted_at:
            raise Conflict("该记录已删除。")
        before = record_snapshot(record)
        record.soft_delete(by)
        audit.record("record.delete", by=by, obj=record, before=before, after={"deleted_at": record.deleted_at})
    return record


def add_attachment(record, *, by, name, data):
    """Check the content, store under a random name, register it; a refused file leaves nothing behind."""
    require(by, "records.change_record", record, message="您不能为该记录上传附件。")
    if record.deleted_at:
        raise Conflict("该记录已删除，不能上传附件。")
    if data is None:
        raise Invalid("请选择要上传的文件。", {"file": ["请选择要上传的文件。"]})
    ext, content_type, kind = files.validate(name, data)
    path = files.store(data, ext)
    try:
        with transaction.atomic():
            att = Attachment.objects.create(
                record=record,
                file=path,
                name=files.stored_name(name, ext),
                kind=kind,
                content_type=content_type,
                size=len(data),
                uploaded_by=by,
            )
            audit.record(
                "record.attachment_add",
                by=by,
                obj=att,
                org=record.org,
                after=audit.snapshot(att, fields=["record", "name", "kind", "content_type", "size"]),
            )
    except Exception:
        default_storage.delete(path)
        raise
    return att


def delete_attachment(att, *, by):
    """Soft delete: the file stays stored until the 回收站 purges it (30 days), so it can be restored."""
    require(by, "records.change_record", att.record, message="您不能删除该附件。")
    with transaction.atomic():
        att = Attachment.objects.with_deleted().select_for_update().select_related("record__org").get(pk=att.pk)
        if att.deleted_at:
            raise Conflict("该附件已删除。")
        before = audit.snapshot(att, fields=["record", "name", "kind", "content_type", "size", "file"])
        att.soft_delete(by)
        audit.record(
            "record.attachment_delete",
            by=by,
            obj=att,
            org=att.record.org,
            before=before,
            after={"deleted_at": att.deleted_at},
        )
    return att
