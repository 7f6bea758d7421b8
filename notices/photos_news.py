"""Photos of 党建动态: checked by their content (core.uploads), and stripped of the metadata a camera or a phone
writes into them (EXIF with GPS position and device, XMP, comments, PNG text chunks) before they are stored —
the public portal shows them to anyone. No Pillow: the segments and chunks are walked directly."""

import struct
import uuid

from django.core.files.base import ContentFile

from core import uploads
from core.errors import Invalid

from .forms_news import MAX_PHOTO_BYTES, MAX_PHOTOS, PHOTO_TYPES

# JPEG segments that carry metadata only: APP1 (Exif, XMP), APP12–APP13 (Ducky, Photoshop/IPTC), COM.
# APP0 (JFIF), APP2 (ICC colour profile) and APP14 (Adobe colour transform) are kept: the picture needs them.
_JPEG_DROP = {0xE1, 0xEC, 0xED, 0xFE}
_PNG_DROP = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}
BROKEN = "图片“{name}”已损坏，无法读取，请换一张。"


def strip_jpeg(data: bytes) -> bytes:
    out, i = [data[:2]], 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            raise ValueError("not a marker")
        marker = data[i + 1]
        if marker == 0xD9:  # EOI without image data
            break
        if marker == 0xDA or 0xD0 <= marker <= 0xD7 or marker == 0x01:
            out.append(data[i:])  # start of scan: the compressed picture and the rest, as they are
            return b"".join(out)
        (length,) = struct.unpack(">H", data[i + 2 : i + 4])
        if length < 2 or i + 2 + length > len(data):
            raise ValueError("bad segment")
        if marker not in _JPEG_DROP:
            out.append(data[i : i + 2 + length])
        i += 2 + length
    raise ValueError("no image data")


def strip_png(data: bytes) -> bytes:
    out, i = [data[:8]], 8
    while i + 12 <= len(data):
        (length,) = struct.unpack(">I", data[i : i + 4])
        kind = data[i + 4 : i + 8]
        end = i + 12 + length
        if end > len(data):
            raise ValueError("bad chunk")
        if kind not in _PNG_DROP:
            out.append(data[i:end])
        i = end
        if kind == b"IEND":
            return b"".join(out)
    raise ValueError("no IEND")


def strip_metadata(ext: str, data: bytes) -> bytes:
    if ext == "jpg":
        return strip_jpeg(data)
    if ext == "png":
        return strip_png(data)
    return data  # GIF and WEBP: kept as uploaded (phones write no GPS into either)


def check_photos(files, *, already=0):
    """Validate every photo by its content before anything is saved → [(clean name, bytes, ext)]."""
    files = [f for f in files if f is not None]
    if already + len(files) > MAX_PHOTOS:
        msg = f"每条动态最多{MAX_PHOTOS}张图片。"
        raise Invalid(msg, {"photos": [msg]})
    checked = []
    for f in files:
        try:
            uploads.check_size(f.name, f.size, max_bytes=MAX_PHOTO_BYTES)
            data = f.read(MAX_PHOTO_BYTES + 1)
            ext = uploads.detect(data)
            if ext not in PHOTO_TYPES:
                raise Invalid(
                    f"文件“{uploads.clean_name(f.name)}”的内容不是图片。只能上传 JPG、PNG、GIF、WEBP 图片，改扩展名无效。",
                    {"photos": ["文件类型不允许。"]},
                )
            ext, _ctype, _kind = uploads.validate(f.name, data, max_bytes=MAX_PHOTO_BYTES)
            try:
                data = strip_metadata(ext, data)
            except (ValueError, struct.error):
                msg = BROKEN.format(name=uploads.clean_name(f.name))
                raise Invalid(msg, {"photos": [msg]}) from None
        except Invalid as e:
            e.errors = {"photos": [e.detail]}
            raise
        except uploads.TooLarge as e:
            e.errors = {"photos": [e.detail]}
            raise
        checked.append((uploads.stored_name(f.name, ext), data, ext))
    return checked


def store(item, checked, *, by):
    from .models_news import NewsPhoto

    last = item.photos.order_by("-position").values_list("position", flat=True).first() or 0
    made = []
    for n, (name, data, ext) in enumerate(checked, start=1):
        made.append(
            NewsPhoto.objects.create(
                item=item,
                file=ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}"),
                name=name[:200],
                content_type=uploads.TYPES[ext][0],
                size=len(data),
                uploaded_by=by,
                position=last + n,
            )
        )
    return made
