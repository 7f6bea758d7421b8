"""回收站 pages: what the 党务管理员 deleted in the last 30 days, and restoring it (see core/trash.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from . import trash
from .errors import ActionError
from .softdelete import RETENTION_DAYS


def trash_message(noun, name):
    """The success message after a delete, with the way back."""
    return format_html(
        '已将{}《{}》移入回收站，{}天内可由本组织党务管理员<a href="{}">从回收站恢复</a>。',
        noun,
        name,
        RETENTION_DAYS,
        reverse("recycle_bin"),
    )


@login_required
def recycle_bin(request):
    kinds = [(k.key, k.label) for k in trash.KINDS.values()]
    kind = request.GET.get("kind", "")
    rows = trash.entries(request.user)
    if kind in trash.KINDS:
        rows = [e for e in rows if e.kind.key == kind]
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    for e in page:
        e.can_restore = e.kind.can_restore(request.user, e.obj)
    return render(
        request,
        "core/recycle_bin.html",
        {
            "page": page,
            "kinds": kinds,
            "kind_labels": "、".join(label for _key, label in kinds),
            "kind": kind,
            "can_use_bin": request.user.has_perm("core.use_recycle_bin"),
            "retention_days": RETENTION_DAYS,
        },
    )


@login_required
@require_POST
def recycle_bin_restore(request, key, pk):
    obj = trash.find_deleted(key, pk, request.user)
    kind = trash.get(key)
    try:
        obj = trash.restore(obj, by=request.user)
    except ActionError as e:
        messages.error(request, e.detail)
        return redirect("recycle_bin")
    messages.success(request, f"已恢复{kind.noun}《{kind.name(obj)}》。")
    return redirect(kind.url(obj) if kind.url else "recycle_bin")
