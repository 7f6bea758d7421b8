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
    "mp4": ("video/mp4", "video"),
    "webm": ("video/webm", "video"),
}
IMAGES_AND_DOCUMENTS = frozenset({"jpg", "png", "gif", "webp", "pdf", "docx", "xlsx", "doc", "xls"})
WITH_PRESENTATIONS = IMAGES_AND_DOCUMENTS | {"pptx", "ppt"}
VIDEOS = frozenset({"mp4", "webm"})
PDF_ONLY = frozenset({"pdf"})
ALLOWED_TEXT = {
    IMAGES_AND_DOCUMENTS: "图片（JPG、PNG、GIF、WEBP）、PDF、Word（.docx/.doc）或 Excel（.xlsx/.xls）",
    WITH_PRESENTATIONS: "图片（JPG、PNG、GIF、WEBP）、PDF、Word、Excel 或 PowerPoint 文档",
    VIDEOS: "视频（MP4、WEBM）",
    PDF_ONLY: "PDF 文档",
}
# Names a user may give each detected type (a .jpeg is a .jpg; WPS saves Word and Excel formats).
NAME_ALIASES = {"jpeg": "jpg", "wps": "doc", "et": "xls", "dps": "ppt"}
# Major brands of the `ftyp` box that are MP4 video (HEIF/AVIF images share the box and are not).
MP4_BRANDS = {b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1", b"M4V ", b"dash", b"mmp4"}
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
    # ISO base media (MP4): the first box is `ftyp`; WebM: an EBML header whose DocType is "webm".
    if data[4:8] == b"ftyp" and data[8:12] in MP4_BRANDS:
        return "mp4"
    if data.startswith(b"\x1a\x45\xdf\xa3") and b"\x42\x82\x84webm" in data[:64]:
        return "webm"
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


# What a user would call each type, by family: a file is refused only when its name promises another family
# than its content (a PDF or an image named .docx); within a family the content decides (see `validate`).
FAMILIES = {
    "jpg": "image",
    "png": "image",
    "gif": "image",
    "webp": "image",
    "pdf": "pdf",
    "docx": "word",
    "doc": "word",
    "xlsx": "excel",
    "xls": "excel",
    "pptx": "powerpoint",
    "ppt": "powerpoint",
    "mp4": "video",
    "webm": "video",
}
FAMILY_LABELS = {
    "image": "图片",
    "pdf": "PDF 文档",
    "word": "Word 文档",
    "excel": "Excel 表格",
    "powerpoint": "PowerPoint 演示文稿",
    "video": "视频",
}


def given_ext(name):
    """The extension the file came with, lower case, with aliases resolved (.jpeg → jpg); "" if none."""
    name = clean_name(name)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    return NAME_ALIASES.get(ext, ext)


def stored_name(name, ext):
    """The name to keep and offer on download: the extension the content shows.

    WeChat saves PNG screenshots as .jpg, Word re-saves .doc files as .docx content: "微信图片.jpg" holding a
    PNG becomes "微信图片.png". A name that already agrees (.jpeg for a JPEG) is kept as it is."""
    name = clean_name(name)
    if given_ext(name) == ext:
        return name
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem[: 120 - len(ext) - 1]}.{ext}"


def validate(name, data, *, max_bytes, allowed=IMAGES_AND_DOCUMENTS):
    """(ext, content_type, kind) of an acceptable upload, or an error with a Chinese message.

    The content decides the type. A name whose extension belongs to the same family (an image named as
    another image, a .doc holding .docx content) or to no known type is accepted, and the caller stores it
    under `stored_name`; a name that promises another family (a PDF named .jpg, an image named .docx) is
    refused, since the person most likely picked the wrong file.
    """
    check_size(name, len(data), max_bytes=max_bytes)
    ext = detect(data)
    if ext is None or ext not in allowed:
        raise Invalid(
            f"文件“{clean_name(name)}”的内容不是允许的类型。只能上传{ALLOWED_TEXT[allowed]}，改扩展名无效。",
            {"file": ["文件类型不允许。"]},
        )
    given = given_ext(name)
    if given in FAMILIES and FAMILIES[given] != FAMILIES[ext]:
        actual, promised = FAMILY_LABELS[FAMILIES[ext]], FAMILY_LABELS[FAMILIES[given]]
        raise Invalid(
            f"文件“{clean_name(name)}”的内容与扩展名不符：扩展名是{promised}，内容却是{actual}。"
            "请确认选对了文件，或把扩展名改正后再上传。",
            {"file": [f"文件内容是{actual}，与扩展名不符。"]},
        )
    return ext, *TYPES[ext]
