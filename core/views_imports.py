"""The progress page of one Excel import (/imports/<import_id>/): only its uploader sees it."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from . import importing

REFRESH_SECONDS = 2


@login_required
def import_progress(request, token):
    batch = importing.batch_for(token, request.user)
    kind = importing.import_kind(batch.kind)
    back_url, back_label = kind.back(batch.scope_key, request.user) if kind else ("/", "首页")
    elapsed = None
    if batch.started_at:
        end = batch.finished_at or timezone.now()
        elapsed = max(0, int((end - batch.started_at).total_seconds()))
    return render(
        request,
        "core/import_progress.html",
        {
            "batch": batch,
            "label": kind.label if kind else "Excel 导入",
            "unit": kind.unit if kind else "行",
            "back_url": back_url,
            "back_label": back_label,
            "again_url": kind.again(batch.scope_key) if kind else "",
            "running": batch.state in batch.RUNNING,
            "refresh": REFRESH_SECONDS,
            "elapsed": elapsed,
        },
    )
