"""Writes of 党建动态: each checks its verb (notices/rules_news.py), validates with the item's form, runs in one
transaction and is audited. The review chain's transitions are notices.workflows_news, run by core.workflow."""

from django.db import transaction

from core import audit, workflow
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.modules import contributions
from core.verbs import require_verb

from . import photos_news, rules_news
from .forms_news import NewsForm
from .models_news import EDITABLE_STATES, NewsItem, NewsPhoto

# Another module offers the 宣传报道 time nodes an item may complete: `fn(orgs, keep=None) -> {org id: [(id, label)]}`
# (plans, when installed). Without one the form has no such field.
OCCURRENCES_POINT = "notices.news_occurrences"


def occurrence_choices(orgs, keep=None):
    """{org id: [(id, label)]} of the open 宣传报道 nodes of these organisations (and `keep`, the item's own), or
    None when no module offers them."""
    offered = contributions(OCCURRENCES_POINT)
    if not offered:
        return None
    out: dict[int, list] = {}
    for _module, fn in offered:
        for org_id, options in fn(list(orgs), keep=keep).items():
            out.setdefault(org_id, []).extend(options)
    return out


def news_form(user, data=None, *, item=None, initial=None):
    """The item's form for this user: her writing organisations (an edited item keeps its own) and their nodes."""
    orgs = rules_news.writer_orgs(user)
    if item is not None:
        orgs = orgs | orgs.model.objects.filter(pk=item.org_id)
    return NewsForm(
        data,
        initial=initial,
        orgs=orgs,
        occurrences=occurrence_choices(orgs, keep=item.occurrence_ref if item else None),
    )


def form_data(item):
    """What the edit form starts from (and what an unchanged edit posts back): ISO dates, ids."""
    return {
        "org": item.org_id,
        "title": item.title,
        "date": item.date.isoformat(),
        "body": item.body,
        "occurrence": item.occurrence_ref or "",
    }


def snapshot(item):
    return {
        "org": item.org_id,
        "title": item.title,
        "date": item.date.isoformat(),
        "body": item.body,
        "occurrence_ref": item.occurrence_ref,
        "state": item.state,
    }


def _apply(item, cleaned):
    item.org = cleaned["org"]
    item.title = cleaned["title"]
    item.date = cleaned["date"]
    item.body = cleaned["body"]
    if "occurrence" in cleaned:
        item.occurrence_ref = cleaned.get("occurrence")
        item.occurrence_label = (cleaned.get("occurrence_label") or "")[:200] if item.occurrence_ref else ""


def create_news(*, by, data, photos=()):
    """A draft of an organisation the user writes for, with its photos (checked before anything is saved)."""
    require_verb(by, "notices.write_news")
    cleaned = validate(news_form(by, data))
    require_verb(by, "notices.write_news", cleaned["org"])
    checked = photos_news.check_photos(list(photos))
    with transaction.atomic():
        item = NewsItem(author=by)
        _apply(item, cleaned)
        item.save()
        stored = photos_news.store(item, checked, by=by)
        audit.record(
            "notices.newsitem.create",
            by=by,
            obj=item,
            org=item.org,
            after={**snapshot(item), "photos": [p.name for p in stored]},
        )
    return item


def _editable(item):
    if item.state not in EDITABLE_STATES:
        raise Conflict(f"该动态{item.state_label}，不能修改；退回或撤稿后才能修改。")


def update_news(item, *, by, data, photos=(), remove=()):
    """Change a draft, a returned or a withdrawn item; add photos and remove those named in `remove` (ids).
    Posted back unchanged, nothing changes and nothing is logged."""
    require_verb(by, "notices.edit_news", item)
    _editable(item)
    cleaned = validate(news_form(by, {**form_data(item), **dict(data.items())}, item=item))
    if cleaned["org"].pk != item.org_id:
        require_verb(by, "notices.write_news", cleaned["org"])
    remove_ids = set()
    for value in remove:
        try:
            remove_ids.add(int(value))
        except (TypeError, ValueError):
            raise Invalid("要删除的图片编号无效。", {"remove_photos": ["图片编号无效。"]}) from None
    with transaction.atomic():
        item = NewsItem.objects.select_for_update().select_related("org").get(pk=item.pk)
        _editable(item)
        gone = list(item.photos.filter(pk__in=remove_ids))
        if len(gone) != len(remove_ids):
            raise Invalid("要删除的图片不属于这条动态。", {"remove_photos": ["图片不属于这条动态。"]})
        checked = photos_news.check_photos(list(photos), already=item.photos.count() - len(gone))
        before = snapshot(item)
        _apply(item, cleaned)
        after = snapshot(item)
        if before == after and not gone and not checked:
            return item
        item.save()
        for p in gone:
            p.file.delete(save=False)
            p.delete()
        stored = photos_news.store(item, checked, by=by)
        changes = {}
        if gone:
            changes["photos_removed"] = [p.name for p in gone]
        if stored:
            changes["photos_added"] = [p.name for p in stored]
        audit.record(
            "notices.newsitem.update", by=by, obj=item, org=item.org, before=before, after={**after, **changes}
        )
    return item


def add_photos(item, *, by, photos):
    return update_news(item, by=by, data={}, photos=photos)


def remove_photo(item, photo_id, *, by):
    if not NewsPhoto.objects.filter(item=item, pk=photo_id).exists():
        raise NotFound()
    return update_news(item, by=by, data={}, remove=[photo_id])


def run(item, name, *, by, data=None):
    """submit / approve / return / withdraw (notices.workflows_news)."""
    return workflow.run(item, name, by=by, data=data or {})
