"""Evidence uploads (佐证材料): the type is decided by the file's content; the name is made to agree with it."""

from core import uploads

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
MAX_EVIDENCE_FILES = 10
ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx"


def check_upload(name, data):
    """Return (name to keep, content type, extension) or raise: size limit, known type, name of the same kind.

    An image whose extension names another image format (WeChat's PNGs saved as .jpg) is kept under the
    extension its content shows."""
    ext, content_type, _kind = uploads.validate(
        name, data, max_bytes=MAX_EVIDENCE_BYTES, allowed=uploads.WITH_PRESENTATIONS
    )
    return uploads.stored_name(name, ext), content_type, ext
