"""Record attachments: validated by content in core.uploads, stored under random names."""

import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from core import dates, uploads
from core.uploads import clean_name, stored_name  # noqa: F401  (used by records.actions)

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024


def check_upload(name, size):
    """Refuse by size before reading the body."""
    uploads.check_size(name, size, max_bytes=MAX_ATTACHMENT_BYTES)


def validate(name, data):
    """(ext, content_type, kind) of an acceptable attachment, or an error with a Chinese message."""
    return uploads.validate(name, data, max_bytes=MAX_ATTACHMENT_BYTES)


def store(data, ext):
    """Save under MEDIA_ROOT with a random name; return the storage path."""
    path = f"records/{dates.today():%Y/%m}/{uuid.uuid4().hex}.{ext}"
    return default_storage.save(path, ContentFile(data))
