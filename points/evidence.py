"""Evidence uploads (佐证材料): the type is decided by the file's content; the name must agree with it."""

from core import uploads

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx,.ppt,.pptx"


def check_upload(name, data):
    """Return (clean name, content type, extension) or raise: size limit, known type, name matching content."""
    ext, content_type, _kind = uploads.validate(
        name, data, max_bytes=MAX_EVIDENCE_BYTES, allowed=uploads.WITH_PRESENTATIONS, match_name=True
    )
    return uploads.clean_name(name), content_type, ext
