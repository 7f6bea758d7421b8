"""回收站 over the API: what the caller may restore, and the restore itself (same rules as the page)."""

from ninja import Query, Router

from core.api import AUTH, Id, Page, PageSize

from . import trash

router = Router(tags=["回收站"], auth=AUTH)


def entry_out(e):
    return {
        "kind": e.kind.key,
        "kind_label": e.kind.label,
        "id": e.obj.pk,
        "name": e.name,
        "detail": e.detail,
        "org": {"id": e.org.pk, "name": e.org.name},
        "deleted_by": e.deleted_by,
        "deleted_at": e.obj.deleted_at,
        "restore_until": e.deadline,
        "days_left": e.days_left,
    }


@router.get("/recycle-bin")
def list_entries(request, kind: str = Query("", max_length=80), page: Page = 1, page_size: PageSize = 50):
    rows = trash.entries(request.auth)
    if kind:
        rows = [e for e in rows if e.kind.key == kind]
    start = (page - 1) * page_size
    return {"count": len(rows), "items": [entry_out(e) for e in rows[start : start + page_size]]}


@router.post("/recycle-bin/{kind}/{object_id}/restore")
def restore(request, kind: str, object_id: Id):
    obj = trash.restore(trash.find_deleted(kind, object_id, request.auth), by=request.auth)
    return {"kind": kind, "id": obj.pk, "restored": True}
