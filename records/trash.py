"""Records and their attachments in the shared 回收站 (see core/trash.py)."""

from django.urls import reverse

from core.errors import Conflict


def record_contents(record):
    from .models import Attachment

    attachments = list(Attachment.objects.with_deleted().filter(record=record).values_list("kind", flat=True))
    photos = sum(1 for k in attachments if k == "photo")
    documents = len(attachments) - photos
    parts = []
    if photos:
        parts.append(f"{photos}张照片")
    if documents:
        parts.append(f"{documents}个文件")
    present, absent = record.attendees.count(), record.absences.count()
    if present or absent:
        parts.append(f"出席登记（出席{present}人、缺席{absent}人）")
    if not parts:
        return ""
    return "它的" + (parts[0] if len(parts) == 1 else "、".join(parts[:-1]) + "和" + parts[-1])


def record_files(record):
    from .models import Attachment

    return list(Attachment.objects.with_deleted().filter(record=record).values_list("file", flat=True))


def check_attachment_restore(att):
    if att.record.deleted_at is not None:
        raise Conflict("该附件所属的活动记录已删除，请先恢复活动记录。")


def kinds():
    """The 回收站 kinds of this app (declared on its AppConfig)."""
    from core import trash

    from .models import Attachment, Record

    return [
        trash.kind(
            Record,
            label="活动记录",
            noun="活动记录",
            name=lambda r: r.title,
            detail=lambda r: f"{r.type_label} · {r.date:%Y-%m-%d}",
            org=lambda r: r.org,
            can_restore=lambda user, r: user.has_perm("records.delete_record", r),
            contents=record_contents,
            restore_note="它的照片、文件和出席登记",
            url=lambda r: reverse("records:record_detail", args=[r.pk]),
            files=record_files,
            select_related=("org",),
        ),
        trash.kind(
            Attachment,
            label="活动附件",
            noun="附件",
            name=lambda a: a.name,
            detail=lambda a: f"活动记录《{a.record.title}》",
            org=lambda a: a.record.org,
            can_restore=lambda user, a: user.has_perm("records.change_record", a.record),
            url=lambda a: reverse("records:record_detail", args=[a.record_id]),
            check_restore=check_attachment_restore,
            files=lambda a: [a.file.name],
            select_related=("record__org",),
        ),
    ]
