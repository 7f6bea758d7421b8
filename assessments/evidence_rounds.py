"""Self-check attachments (自查佐证材料): the type is decided by the file's content; the name agrees with it."""

from core import uploads

MAX_BYTES = 10 * 1024 * 1024
MAX_FILES = 20
ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx"


def check_upload(name, data):
    """(name to keep, content type, extension) of an acceptable file, or a Chinese refusal."""
    ext, content_type, _kind = uploads.validate(name, data, max_bytes=MAX_BYTES, allowed=uploads.WITH_PRESENTATIONS)
    return uploads.stored_name(name, ext), content_type, ext
