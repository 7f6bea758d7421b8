"""Checking uploaded attachments by their content (magic bytes), never by the name they came with."""

import io
import re
import uuid
import zipfile

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core.errors import Invalid

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
# ext: (content type, kind)
TYPES = {
    "jpg": ("image/jpeg", "photo"),
    "png": ("image/png", "photo"),
    "gif": ("image/gif", "photo"),
    "webp": ("image/webp", "photo"),
    "pdf": ("application/pdf", "document"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "document"),
    "doc": ("application/msword", "document"),
    "xls": ("application/vnd.ms-excel", "document"),
}
ALLOWED_TEXT = "图片（JPG、PNG、GIF、WEBP）、PDF、Word（.docx/.doc）或 Excel（.xlsx/.xls）"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _utf16(name):
    return name.encode("utf-16-le")


def detect(data):
    """The file's real type as an extension from TYPES, or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[:1024].lstrip(b"\r\n\t ").startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist()[:5000])
        except (zipfile.BadZipFile, ValueError, OSError):
            return None
        if "[Content_Types].xml" not in names:
            return None
        if "word/document.xml" in names:
            return "docx"
        if "xl/workbook.xml" in names:
            return "xlsx"
        return None
    if data.startswith(OLE_MAGIC):
        # Compound File directory entries name their streams in UTF-16: Word keeps "WordDocument",
        # Excel "Workbook" (or "Book" before Excel 97).
        if _utf16("WordDocument") in data:
            return "doc"
        if _utf16("Workbook") in data or re.search(re.escape(_utf16("Book")) + b"\x00\x00", data):
            return "xls"
    return None


def check_upload(name, size):
    """Refuse by size before reading the body."""
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise Invalid(f"文件“{clean_name(name)}”超过20MB，不能上传。", {"file": ["文件超过20MB。"]})
    if size == 0:
        raise Invalid(f"文件“{clean_name(name)}”是空的，请重新选择。", {"file": ["文件是空的。"]})


def validate(name, data):
    """(ext, content_type, kind) of an acceptable upload, or Invalid with a Chinese message."""
    check_upload(name, len(data))
    ext = detect(data)
    if ext is None:
        raise Invalid(
            f"文件“{clean_name(name)}”的内容不是允许的类型。只能上传{ALLOWED_TEXT}，改扩展名无效。",
            {"file": ["文件类型不允许。"]},
        )
    return ext, *TYPES[ext]


def clean_name(name):
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch >= " " and ch not in '<>:"|?*').strip() or "附件"
    return name[-120:]


def store(data, ext):
    """Save under MEDIA_ROOT with a random name; return the storage path."""
    path = f"records/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{ext}"
    return default_storage.save(path, ContentFile(data))
