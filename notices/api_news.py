"""REST API of 党建动态 (API.md "Notices and cockpit", in the same style):

- `GET|POST /api/v1/news` — the items the caller may read (`?state=&org=`), newest first; create a draft
  `{"org", "title", "date", "body", "occurrence"?}`;
- `GET|PATCH /api/v1/news/{id}` — another branch's draft answers 404;
- `POST /api/v1/news/{id}/photos` (multipart `file`) and `DELETE /api/v1/news/{id}/photos/{photo_id}`;
- `POST /api/v1/news/{id}/submit|approve|return|withdraw` `{"reason"?, "comment"?}` — 409 from a wrong state;
- `GET /api/v1/news/occurrences?org=` — the open 宣传报道 nodes an item of that organisation may complete.
"""

import datetime
from typing import Annotated

from django.urls import reverse
from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from core import workflow
from core.api import Id, ListOut, Page, PageSize, Ref, paginate
from core.errors import NotFound
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_news as actions
from .forms_news import MAX_BODY, MAX_PHOTO_BYTES, MAX_TITLE
from .models_news import NewsItem, NewsPhoto, NewsState

router = Router(tags=["党建动态"])


class NewsPhotoOut(Schema):
    id: int
    name: str
    size: int
    content_type: str
    url: str


class OccurrenceRef(Schema):
    id: int
    label: str
    completed: bool


class NewsOut(Schema):
    id: int
    org: Ref
    title: str
    date: datetime.date
    body: str
    state: str
    state_label: str
    author: Ref | None
    reason: str
    submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    occurrence: OccurrenceRef | None
    photos: list[NewsPhotoOut]
    public_url: str | None
    actions: list[str]


class NewsListOut(Schema):
    id: int
    org: Ref
    title: str
    date: datetime.date
    state: str
    state_label: str
    photos: int
    published_at: datetime.datetime | None


# Bounded a little above the form's limits, so the form's Chinese message (which counts the characters) answers.
Text = Annotated[str, Field(max_length=MAX_BODY + 1000)]
Title = Annotated[str, Field(max_length=MAX_TITLE + 1000)]


class NewsIn(Schema):
    org: Id
    title: Title
    date: datetime.date
    body: Text
    occurrence: Id | None = None


class NewsPatch(Schema):
    org: Id | None = None
    title: Title | None = None
    date: datetime.date | None = None
    body: Text | None = None
    occurrence: Id | None = None


class DecisionIn(Schema):
    reason: Annotated[str, Field(max_length=1000)] = ""
    comment: Annotated[str, Field(max_length=1000)] = ""


class OccurrenceOption(Schema):
    id: int
    label: str


def _photo(p):
    return {
        "id": p.pk,
        "name": p.name,
        "size": p.size,
        "content_type": p.content_type,
        "url": reverse("notices:news_photo", args=[p.pk]),
    }


def news_out(item, user):
    return {
        "id": item.pk,
        "org": {"id": item.org_id, "name": item.org.name},
        "title": item.title,
        "date": item.date,
        "body": item.body,
        "state": item.state,
        "state_label": item.state_label,
        "author": {"id": item.author.pk, "name": item.author.display_name} if item.author else None,
        "reason": item.reason,
        "submitted_at": item.submitted_at,
        "published_at": item.published_at,
        "occurrence": (
            {"id": item.occurrence_ref, "label": item.occurrence_label, "completed": item.occurrence_completed}
            if item.occurrence_ref
            else None
        ),
        "photos": [_photo(p) for p in item.photos.order_by("position", "id")],
        "public_url": reverse("notices:portal_detail", args=[item.pk]) if item.is_published else None,
        "actions": workflow.available_names(item, user),
    }


def _item(request, pk):
    return get_object_for_user(NewsItem.objects.select_related("org", "author"), pk, request.auth)


def _data(payload, exclude_unset=False):
    data = payload.dict(exclude_unset=exclude_unset)
    out = {}
    for k, v in data.items():
        if v is None:
            out[k] = ""
        elif isinstance(v, datetime.date):
            out[k] = v.isoformat()
        else:
            out[k] = v
    return out


@router.get("/news", response=ListOut[NewsListOut])
def list_news(request, state: str = "", org: Id | None = None, page: Page = 1, page_size: PageSize = 50):
    user = request.auth
    require_verb(user, "notices.read_news")
    qs = NewsItem.objects.visible_to(user).select_related("org")
    if state:
        if state not in NewsState.values:
            return {"count": 0, "items": []}
        qs = qs.filter(state=state)
    if org is not None:
        o = get_object_for_user(Organisation, org, user)
        qs = qs.filter(org__path__startswith=o.path)
    from django.db.models import Count

    qs = qs.annotate(photo_count=Count("photos")).order_by("-date", "-id")

    def row(n):
        return {
            "id": n.pk,
            "org": {"id": n.org_id, "name": n.org.name},
            "title": n.title,
            "date": n.date,
            "state": n.state,
            "state_label": n.state_label,
            "photos": n.photo_count,
            "published_at": n.published_at,
        }

    return paginate(qs, page, page_size, row)


@router.post("/news", response={201: NewsOut})
def create_news(request, payload: NewsIn):
    item = actions.create_news(by=request.auth, data=_data(payload))
    return 201, news_out(item, request.auth)


@router.get("/news/occurrences", response=list[OccurrenceOption])
def news_occurrences(request, org: Id):
    user = request.auth
    require_verb(user, "notices.write_news")
    o = get_object_for_user(Organisation, org, user)
    require_verb(user, "notices.write_news", o)
    choices = actions.occurrence_choices([o]) or {}
    return [{"id": i, "label": label} for i, label in choices.get(o.pk, [])]


@router.get("/news/{news_id}", response=NewsOut)
def get_news(request, news_id: Id):
    return news_out(_item(request, news_id), request.auth)


@router.patch("/news/{news_id}", response=NewsOut)
def patch_news(request, news_id: Id, payload: NewsPatch):
    item = _item(request, news_id)
    item = actions.update_news(item, by=request.auth, data=_data(payload, exclude_unset=True))
    return news_out(_item(request, item.pk), request.auth)


@router.post("/news/{news_id}/photos", response={201: NewsPhotoOut})
def upload_photo(request, news_id: Id, file: File[UploadedFile]):
    item = _item(request, news_id)
    before = set(item.photos.values_list("pk", flat=True))
    actions.add_photos(item, by=request.auth, photos=[file])
    photo = NewsPhoto.objects.filter(item=item).exclude(pk__in=before).order_by("-id").first()
    if photo is None:
        raise NotFound()
    return 201, _photo(photo)


@router.delete("/news/{news_id}/photos/{photo_id}", response={204: None})
def delete_photo(request, news_id: Id, photo_id: Id):
    item = _item(request, news_id)
    actions.remove_photo(item, photo_id, by=request.auth)
    return 204, None


def _transition(request, news_id, name, payload):
    item = _item(request, news_id)
    item = actions.run(item, name, by=request.auth, data=payload.dict() if payload else {})
    return news_out(_item(request, item.pk), request.auth)


@router.post("/news/{news_id}/submit", response=NewsOut)
def submit_news(request, news_id: Id):
    return _transition(request, news_id, "submit", None)


@router.post("/news/{news_id}/approve", response=NewsOut)
def approve_news(request, news_id: Id, payload: DecisionIn | None = None):
    return _transition(request, news_id, "approve", payload)


@router.post("/news/{news_id}/return", response=NewsOut)
def return_news(request, news_id: Id, payload: DecisionIn):
    return _transition(request, news_id, "return", payload)


@router.post("/news/{news_id}/withdraw", response=NewsOut)
def withdraw_news(request, news_id: Id, payload: DecisionIn):
    return _transition(request, news_id, "withdraw", payload)


__all__ = ["MAX_PHOTO_BYTES", "router"]
