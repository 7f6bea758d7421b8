"""The one Excel import flow every app uses: upload → preview with per-row errors → all-or-nothing confirm.

An app supplies `validate(upload) -> (rows, has_errors)` where rows are (row_number, data, cleaned, [errors]),
and `confirm(token) -> created objects`, which re-validates the stashed file and writes everything or nothing.
"""

import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages

from .errors import ActionError, Invalid
from .excel import MAX_UPLOAD_BYTES, BytesUpload

EXPIRED = "导入会话已失效，请重新上传文件。"


def stash_upload(data: bytes) -> str:
    """Keep the uploaded bytes between preview and confirm (never served; removed after confirm)."""
    token = uuid.uuid4().hex
    folder = Path(settings.MEDIA_ROOT) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{token}.xlsx").write_bytes(data)
    return token


def load_stash(token: str):
    if not token or len(token) != 32 or not all(c in "0123456789abcdef" for c in token):
        raise Invalid(EXPIRED)
    path = Path(settings.MEDIA_ROOT) / "imports" / f"{token}.xlsx"
    if not path.exists():
        raise Invalid(EXPIRED)
    return path


def two_step_import(request, *, validate, confirm, context):
    """Run one step of the page flow; return the created objects once confirmed, else None.

    Fills `context` for the shared template core/import.html: error, rows, has_errors, error_count, token.
    """
    if request.method != "POST":
        return None
    if request.POST.get("op") == "confirm":
        try:
            return confirm(request.POST.get("token", ""))
        except ActionError as e:
            messages.error(request, e.detail)
            return None
    upload = request.FILES.get("file")
    if upload is None:
        context["error"] = "请选择要上传的 .xlsx 文件。"
        return None
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    try:
        rows, has_errors = validate(BytesUpload(data, upload.name))
    except ActionError as e:
        context["error"] = e.detail
        return None
    context.update(
        rows=rows,
        has_errors=has_errors,
        error_count=sum(1 for r in rows if r[3]),
        token=None if has_errors else stash_upload(data),
    )
    return None
