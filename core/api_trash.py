"""回收站 over the API: what the caller may restore, and the restore itself (same rules as the page)."""

import datetime

from ninja import Field, Query, Router, Schema

from core.api import AUTH, Id, ListOut, Page, PageSize, Ref

from . import trash

router = Router(tags=["回收站"], auth=AUTH)


class TrashEntryOut(Schema):
    """Something deleted that the caller may restore until `restore_until`."""

    kind: str = Field(..., alias="kind.key")
    kind_label: str = Field(..., alias="kind.label")
    id: int = Field(..., alias="obj.pk")
    name: str
    detail: str
    org: Ref
    deleted_by: str
    deleted_at: datetime.datetime = Field(..., alias="obj.deleted_at")
    restore_until: datetime.datetime = Field(..., alias="deadline")
    days_left: int


class RestoredOut(Schema):
    kind: str
    id: int
    restored: bool


@router.get("/recycle-bin", response=ListOut[TrashEntryOut])
def list_entries(request, kind: str = Query("", max_length=80), page: Page = 1, page_size: PageSize = 50):
    rows = trash.entries(request.auth)
    if kind:
        rows = [e for e in rows if e.kind.key == kind]
    start = (page - 1) * page_size
    return {"count": len(rows), "items": rows[start : start + page_size]}


@router.post("/recycle-bin/{kind}/{object_id}/restore", response=RestoredOut)
def restore(request, kind: str, object_id: Id):
    obj = trash.restore(trash.find_deleted(kind, object_id, request.auth), by=request.auth)
    return {"kind": kind, "id": obj.pk, "restored": True}
