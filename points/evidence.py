"""Evidence uploads: the type is decided by the file's content, never by its name alone."""

import io
import zipfile

from core.errors import ActionError, Invalid

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# extension → (label, content type)
KINDS = {
    "pdf": ("PDF", "application/pdf"),
    "png": ("PNG 图片", "image/png"),
    "jpg": ("JPEG 图片", "image/jpeg"),
    "gif": ("GIF 图片", "image/gif"),
    "webp": ("WebP 图片", "image/webp"),
    "docx": ("Word 文档", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "xlsx": ("Excel 表格", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "pptx": ("PowerPoint 演示文稿", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "doc": ("Word 97-2003 文档", "application/msword"),
    "xls": ("Excel 97-2003 表格", "application/vnd.ms-excel"),
}
ALIASES = {"jpeg": "jpg", "ppt": "doc", "wps": "doc", "et": "xls"}
OLE_EXTENSIONS = {"doc", "xls", "ppt", "wps", "et"}
ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx"


class TooLarge(ActionError):
    status = 413
    code = "too_large"


def sniff(data):
    """The kind of file the bytes are, or None."""
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if data.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                names = set(zf.namelist())
        except zipfile.BadZipFile:
            return None
        if "[Content_Types].xml" not in names:
            return None
        for prefix, kind in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "pptx")):
            if any(n.startswith(prefix) for n in names):
                return kind
    return None


def check_upload(name, data):
    """Return (clean name, content type) or raise: size limit, known type, name matching content."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:200] or "附件"
    if len(data) > MAX_EVIDENCE_BYTES:
        raise TooLarge("佐证材料不能超过10MB。", {"file": ["文件过大。"]})
    if not data:
        raise Invalid("文件是空的。", {"file": ["文件是空的。"]})
    kind = sniff(data)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if kind is None:
        raise Invalid(
            "只接受 PDF、图片（JPG/PNG/GIF/WebP）和 Office 文档作为佐证材料。", {"file": ["文件类型不支持。"]}
        )
    if kind == "ole":
        if ext not in OLE_EXTENSIONS:
            raise Invalid("文件内容与扩展名不符。", {"file": ["文件内容与扩展名不符。"]})
        kind = ALIASES.get(ext, ext)
    elif ALIASES.get(ext, ext) != kind:
        raise Invalid(f"文件内容是{KINDS[kind][0]}，与扩展名不符。", {"file": ["文件内容与扩展名不符。"]})
    return name, KINDS[kind][1]
