"""REST API of the 缩略语词典 (API.md "Search"): a committee's abbreviations, read through `visible_to`, written
through search/actions.py."""

import datetime

from ninja import Field, Router, Schema

from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, paginate
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions
from .models_synonyms import Synonym

router = Router(tags=["全文检索"], auth=AUTH)


class SynonymIn(Schema):
    org: Id
    term: str = Field(..., max_length=20)
    expansions: list[str] = Field(..., max_length=10)
    note: str = Field("", max_length=200)


class SynonymPatch(Schema):
    term: str | None = Field(None, max_length=20)
    expansions: list[str] | None = Field(None, max_length=10)
    note: str | None = Field(None, max_length=200)


class SynonymOut(Schema):
    id: int
    org: Ref
    term: str
    expansions: list[str]
    note: str
    created_at: datetime.datetime
    updated_at: datetime.datetime


def _out(e):
    return {
        "id": e.pk,
        "org": {"id": e.org_id, "name": e.org.name},
        "term": e.term,
        "expansions": e.expansion_list,
        "note": e.note,
        "created_at": e.created_at,
        "updated_at": e.updated_at,
    }


def _data(payload):
    data = payload.dict(exclude_unset=True)
    out = {k: ("" if v is None else v) for k, v in data.items()}
    if isinstance(out.get("expansions"), list):
        out["expansions"] = "\n".join(str(x)[:200] for x in out["expansions"])
    return out


def _entry(user, pk):
    return get_object_for_user(Synonym, pk, user, queryset=Synonym.objects.select_related("org"))


@router.get("/search/synonyms", response=ListOut[SynonymOut])
def list_synonyms(request, org: Id | None = None, page: Page = 1, page_size: PageSize = 50):
    """The committees' entries the caller sees: those of the committees above her organisations (her questions
    use them) and of those in her subtrees. The built-in defaults are not listed."""
    require_verb(request.auth, "search.use_search")
    qs = Synonym.objects.visible_to(request.auth).select_related("org").order_by("org__path", "term", "id")
    if org is not None:
        root = get_object_for_user(Organisation, org, request.auth)
        qs = qs.filter(org=root)
    return paginate(qs, page, page_size, _out)


@router.get("/search/synonyms/{synonym_id}", response=SynonymOut)
def get_synonym(request, synonym_id: Id):
    return _out(_entry(request.auth, synonym_id))


@router.post("/search/synonyms", response={201: SynonymOut})
def create_synonym(request, payload: SynonymIn):
    entry = actions.create_synonym(by=request.auth, data=_data(payload))
    return 201, _out(_entry(request.auth, entry.pk))


@router.patch("/search/synonyms/{synonym_id}", response=SynonymOut)
def update_synonym(request, synonym_id: Id, payload: SynonymPatch):
    entry = _entry(request.auth, synonym_id)
    actions.update_synonym(entry, by=request.auth, data=_data(payload))
    return _out(_entry(request.auth, synonym_id))


@router.delete("/search/synonyms/{synonym_id}", response={204: None})
def delete_synonym(request, synonym_id: Id):
    actions.delete_synonym(_entry(request.auth, synonym_id), by=request.auth)
    return 204, None
