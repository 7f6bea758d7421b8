import datetime

from ninja import Query, Router, Schema

from core.api import AUTH, Id, Ref

from . import engine
from .forms import parse_filters
from .query import MAX_QUERY_CHARS

router = Router(tags=["全文检索"], auth=AUTH)


class HitOut(Schema):
    """One hit, best first; `snippet` is HTML-escaped text with the matched words in <mark>."""

    kind: str
    id: int
    title: str
    date: datetime.date | None
    org: Ref
    type: str
    snippet: str
    url: str

    @staticmethod
    def resolve_org(h):
        return {"id": h.org_id, "name": h.org_name}


class SearchOut(Schema):
    count: int
    more: bool
    items: list[HitOut]


@router.get("/search", response=SearchOut)
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
    return {"count": results.count, "more": results.more, "items": results.hits}


# ---- abbreviations: the 缩略语词典 (search/api_synonyms.py) ----
router.add_router("", "search.api_synonyms.router")
