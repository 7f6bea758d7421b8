"""The writes of 通知公告: each checks its verb, validates through a form, runs in one transaction and is audited.

Signing is one conditional UPDATE of the recipient's unsigned row: a second signature (or two requests racing)
finds the row signed and changes nothing, so a notice is signed once per person whatever arrives."""

import uuid

from django.db import transaction
from django.utils import timezone

from core import audit, uploads, workflow
from core.errors import ActionError, Conflict, Invalid
from core.forms import validate
from core.verbs import require_verb

from . import rules
from .forms_notices import MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS, NoticeForm, ReceiptForm
from .models_notices import Notice, NoticeAttachment, NoticeState, Recipient


def _snapshot(notice):
    return {
        "org": notice.org_id,
        "title": notice.title,
        "body": notice.body,
        "audience": notice.audience,
        "categories": notice.categories,
        "receipt_fields": list(notice.receipt_fields),
        "remind_days": notice.remind_days,
    }


def _apply(notice, cleaned):
    notice.org = cleaned["org"]
    notice.title = cleaned["title"].strip()
    notice.body = cleaned["body"].strip()
    notice.audience = cleaned["audience"]
    cats = cleaned.get("categories") or []
    notice.categories = ("," + ",".join(cats) + ",") if cats else ""
    notice.receipt_fields = cleaned.get("receipt_fields") or []
    notice.remind_days = cleaned["remind_days"]


def _checked_files(files):
    """(file, ext, content type) of each upload, checked by its content before anything is written."""
    files = [f for f in (files or []) if f]
    if len(files) > MAX_ATTACHMENTS:
        msg = f"一次最多上传{MAX_ATTACHMENTS}个附件。"
        raise Invalid(msg, {"attachments": [msg]})
    out = []
    for f in files:
        try:
            uploads.check_size(f.name, f.size, max_bytes=MAX_ATTACHMENT_BYTES)
            f.seek(0)
            ext, content_type, _kind = uploads.validate(
                f.name, f.read(), max_bytes=MAX_ATTACHMENT_BYTES, allowed=uploads.WITH_PRESENTATIONS
            )
        except ActionError as e:
            e.errors = {"attachments": [e.detail]}
            raise
        f.seek(0)
        out.append((f, ext, content_type))
    return out


def _store(notice, checked, by):
    saved = []
    for f, ext, content_type in checked:
        name = uploads.stored_name(f.name, ext)
        size = f.size
        f.name = f"{uuid.uuid4().hex}.{ext}"
        saved.append(
            NoticeAttachment.objects.create(
                notice=notice, file=f, name=name[:200], content_type=content_type, size=size, uploaded_by=by
            )
        )
    return saved


def create_notice(*, by, data, files=(), draft=False):
    """A notice of an organisation the user administers: published at once (its recipients fixed) unless draft."""
    require_verb(by, "notices.publish", rules.notice_orgs(by).first())
    cleaned = validate(NoticeForm(data, orgs=rules.notice_orgs(by)))
    require_verb(by, "notices.publish", cleaned["org"])
    checked = _checked_files(files)
    with transaction.atomic():
        notice = Notice(created_by=by)
        _apply(notice, cleaned)
        notice.save()
        _store(notice, checked, by)
        audit.record(
            "notices.notice.create",
            by=by,
            obj=notice,
            after={**_snapshot(notice), "attachments": [n for _f, n, _c in checked]},
        )
        if not draft:
            notice = workflow.run(notice, "publish", by=by)
    return notice


def _editable(notice):
    if notice.state != NoticeState.DRAFT:
        raise Conflict("通知已发布，不能再修改；如有变化请另发通知。")


def update_notice(notice, *, by, data, files=()):
    """A draft's text, audience and receipt form (and further attachments); unchanged, nothing is written."""
    require_verb(by, "notices.publish", notice)
    _editable(notice)
    cleaned = validate(NoticeForm(data, orgs=rules.notice_orgs(by)))
    require_verb(by, "notices.publish", cleaned["org"])
    checked = _checked_files(files)
    with transaction.atomic():
        notice = Notice.objects.select_for_update().select_related("org").get(pk=notice.pk)
        _editable(notice)
        before = _snapshot(notice)
        _apply(notice, cleaned)
        after = _snapshot(notice)
        if before == after and not checked:
            return notice  # saved back unchanged: nothing changes, nothing is logged
        notice.save()
        _store(notice, checked, by)
        audit.record(
            "notices.notice.update",
            by=by,
            obj=notice,
            before=before,
            after={**after, "attachments": [n for _f, n, _c in checked]},
        )
    return notice


def delete_attachment(attachment, *, by):
    notice = attachment.notice
    require_verb(by, "notices.publish", notice)
    _editable(notice)
    with transaction.atomic():
        audit.record("notices.attachment.delete", by=by, obj=notice, before={"attachment": attachment.name})
        attachment.file.delete(save=False)
        attachment.delete()


def transition_notice(notice, name, *, by):
    return workflow.run(notice, name, by=by)


def sign(notice, *, by, data=None, receipt=None):
    """签收 with the receipt filled (each item required). Returns (recipient row, whether this call signed it);
    a notice already signed answers its first signature unchanged."""
    require_verb(by, "notices.sign", notice)
    if notice.state != NoticeState.PUBLISHED:
        raise Conflict("通知已归档，不能再签收。" if notice.state == NoticeState.ARCHIVED else "通知尚未发布。")
    row = Recipient.objects.get(notice=notice, person_id=by.person_id)
    if row.signed_at is not None:
        return row, False
    labels = list(notice.receipt_fields)
    if receipt is not None:
        unknown = [k for k in receipt if k not in labels]
        if unknown:
            msg = f"回执中没有“{unknown[0]}”这一项。"
            raise Invalid(msg, {"receipt": [msg]})
        data = ReceiptForm.data_from_receipt(labels, receipt)
    form = ReceiptForm(data or {}, labels=labels)
    validate(form)
    filled = form.receipt()
    with transaction.atomic():
        now = timezone.now()
        done = Recipient.objects.filter(pk=row.pk, signed_at__isnull=True).update(signed_at=now, receipt=filled)
        row.refresh_from_db()
        if not done:  # another request signed first: that signature stands
            return row, False
        audit.record("notices.recipient.sign", by=by, obj=row, after={"notice": notice.pk, "receipt": filled})
    return row, True
