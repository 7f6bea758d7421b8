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


class AnswerHitOut(Schema):
    kind: str
    id: int
    url: str


class SearchAnswerOut(Schema):
    """What the question asked for, drawn from the first hit: `kind` date (哪天…), who (谁讲的…) or number
    (多少…). `text` is the answer itself (the date, the person, the sentence holding the number); `html` the
    same HTML-escaped, the number in <mark>; `detail` where and what (组织 · 类型《标题》)."""

    kind: str
    text: str
    html: str
    detail: str
    date: datetime.date | None
    hit: AnswerHitOut


class UnderstoodOut(Schema):
    """Filters taken from the question (without literal=true): `date_from`/`date_to` narrowed the search,
    records of `types` ranked first; `labels` say them in words (["2021年7月", "支委会"])."""

    labels: list[str]
    date_from: datetime.date | None
    date_to: datetime.date | None
    types: list[str]


class SearchOut(Schema):
    count: int
    more: bool
    items: list[HitOut]
    answer: SearchAnswerOut | None = None
    understood: UnderstoodOut | None = None


def _answer(results):
    a, top = results.answer, results.top
    if a is None:
        return None
    return {
        "kind": a.kind,
        "text": a.text,
        "html": a.html,
        "detail": a.detail,
        "date": a.date,
        "hit": {"kind": top.kind, "id": top.id, "url": top.url},
    }


def _understood(results):
    u = getattr(results.query, "understood", None)
    if u is None or not u.filters:
        return None
    return {"labels": u.labels, "date_from": u.date_from, "date_to": u.date_to, "types": list(u.types)}


# `answer` and `understood` are left out when there is none (the response is otherwise what it always was).
@router.get("/search", response=SearchOut, exclude_unset=True)
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
    literal: bool = False,
):
    """`literal=true` searches the words as typed: no dates or meeting types are taken from the question."""
    filters = parse_filters(request.auth, org=org, type=type, kind=kind, date_from=date_from, date_to=date_to)
    results = engine.search(request.auth, q, page=page, page_size=page_size, literal=literal, **filters)
    out = {"count": results.count, "more": results.more, "items": results.hits}
    extra = {"answer": _answer(results), "understood": _understood(results)}
    return out | {k: v for k, v in extra.items() if v is not None}


# ---- abbreviations: the 缩略语词典 (search/api_synonyms.py) ----
router.add_router("", "search.api_synonyms.router")
