"""Checking uploaded files by their content (magic bytes), never by the name they came with.

Every app that accepts files (record attachments, plan evidence, point evidence) validates here, so the
same disguised file is refused everywhere with the same Chinese message.
"""

import io
import re
import zipfile

from .errors import ActionError, Invalid

# ext: (content type, kind)
TYPES = {
    "jpg": ("image/jpeg", "photo"),
    "png": ("image/png", "photo"),
    "gif": ("image/gif", "photo"),
    "webp": ("image/webp", "photo"),
    "pdf": ("application/pdf", "document"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "document"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "document"),
    "pptx": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "document"),
    "doc": ("application/msword", "document"),
    "xls": ("application/vnd.ms-excel", "document"),
    "ppt": ("application/vnd.ms-powerpoint", "document"),
}
IMAGES_AND_DOCUMENTS = frozenset({"jpg", "png", "gif", "webp", "pdf", "docx", "xlsx", "doc", "xls"})
WITH_PRESENTATIONS = IMAGES_AND_DOCUMENTS | {"pptx", "ppt"}
ALLOWED_TEXT = {
    IMAGES_AND_DOCUMENTS: "图片（JPG、PNG、GIF、WEBP）、PDF、Word（.docx/.doc）或 Excel（.xlsx/.xls）",
    WITH_PRESENTATIONS: "图片（JPG、PNG、GIF、WEBP）、PDF、Word、Excel 或 PowerPoint 文档",
}
# Names a user may give each detected type (a .jpeg is a .jpg; WPS saves Word and Excel formats).
NAME_ALIASES = {"jpeg": "jpg", "wps": "doc", "et": "xls", "dps": "ppt"}
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class TooLarge(ActionError):
    status = 413
    code = "too_large"


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
        for part, ext in (("word/document.xml", "docx"), ("xl/workbook.xml", "xlsx"), ("ppt/presentation.xml", "pptx")):
            if part in names:
                return ext
        return None
    if data.startswith(OLE_MAGIC):
        # Compound File directory entries name their streams in UTF-16: Word keeps "WordDocument",
        # Excel "Workbook" (or "Book" before Excel 97), PowerPoint "PowerPoint Document".
        if _utf16("WordDocument") in data:
            return "doc"
        if _utf16("Workbook") in data or re.search(re.escape(_utf16("Book")) + b"\x00\x00", data):
            return "xls"
        if _utf16("PowerPoint Document") in data:
            return "ppt"
    return None


def clean_name(name):
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch >= " " and ch not in '<>:"|?*').strip() or "附件"
    return name[-120:]


def _mb(n):
    return f"{n // (1024 * 1024)}MB"


def check_size(name, size, *, max_bytes):
    """Refuse by size before reading the body."""
    if size is not None and size > max_bytes:
        raise TooLarge(
            f"文件“{clean_name(name)}”超过{_mb(max_bytes)}，不能上传。", {"file": [f"文件超过{_mb(max_bytes)}。"]}
        )
    if size == 0:
        raise Invalid(f"文件“{clean_name(name)}”是空的，请重新选择。", {"file": ["文件是空的。"]})


def validate(name, data, *, max_bytes, allowed=IMAGES_AND_DOCUMENTS, match_name=False):
    """(ext, content_type, kind) of an acceptable upload, or an error with a Chinese message.

    With `match_name`, a file whose extension names another type than its content is refused too.
    """
    check_size(name, len(data), max_bytes=max_bytes)
    ext = detect(data)
    if ext is None or ext not in allowed:
        raise Invalid(
            f"文件“{clean_name(name)}”的内容不是允许的类型。只能上传{ALLOWED_TEXT[allowed]}，改扩展名无效。",
            {"file": ["文件类型不允许。"]},
        )
    if match_name:
        given = clean_name(name).rsplit(".", 1)[-1].lower() if "." in clean_name(name) else ""
        if NAME_ALIASES.get(given, given) != ext:
            raise Invalid(f"文件“{clean_name(name)}”的内容与扩展名不符。", {"file": ["文件内容与扩展名不符。"]})
    return ext, *TYPES[ext]
