import datetime

from ninja import Query, Router

from core.api import AUTH, Id

from . import engine
from .forms import parse_filters
from .query import MAX_QUERY_CHARS

router = Router(tags=["全文检索"], auth=AUTH)


@router.get("/search")
def search(
    request,
    q: str = Query(..., max_length=MAX_QUERY_CHARS),
    org: Id | None = None,
    type: str | None = Query(None, max_length=40),
    kind: str | None = Query(None, max_length=20),
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    page: int = Query(1, ge=1, le=1000),
    page_size: int = Query(20, ge=1, le=100),
):
    filters = parse_filters(request.auth, org=org, type=type, kind=kind, date_from=date_from, date_to=date_to)
    results = engine.search(request.auth, q, page=page, page_size=page_size, **filters)
    return {"count": results.count, "more": results.more, "items": [h.as_dict() for h in results.hits]}
