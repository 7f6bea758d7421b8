"""The registry of searchable kinds: one index table serves every module's searchable objects.

The search app names none of its kinds. A module offers its kinds on its AppConfig
(`contributes = {"search.kinds": "<app>.search_index.register"}`, see core/modules.py); when the search app
is installed its ready() calls each of those functions, which register their kinds here::

    from search.registry import Document, register

    def notice_document(notice):
        if notice.is_draft:                       # return None to keep (or take) it out of the index
            return None                           # (soft-deleted objects leave it for every kind anyway)
        return Document(
            org=notice.org,                       # owning organisation: scope and the org filter use it
            title=notice.title,                   # weighted above the body in ranking
            body=notice.body,
            date=notice.published_on,             # shown first in results and in the answer card
            type=notice.category,                 # matched by the ``type`` filter
        )

    register(
        "notice",                                 # the ``kind`` in results and the ``kind`` filter
        label="通知公告",
        model=Notice,                             # its queryset must offer visible_to(user)/scope_paths(user)
        document=notice_document,
        url=lambda pk: reverse("notices:notice_detail", args=[pk]),
        queryset=lambda: Notice.objects.select_related("org"),   # what `manage.py reindex` walks
        event=False,                              # True for kinds that record something that happened
        who=None,                                 # pk → the person who held/gave it (谁讲的… questions)
    )

An event kind (an activity record: a meeting held on a day) is preferred when a question asks which
meeting or which day, and the answer card names its type (主题党日) rather than its kind.

``register`` also connects ``post_save``/``post_delete`` of the model to ``search.index.update``/``remove``,
so the index row is written inside the same transaction as the object. Writes that change only related
rows (many-to-many, child tables) call ``search.index.update(obj)`` themselves at the end of the action.
Reads are scoped twice: the index row carries the organisation's path (filtered with the model's
``scope_paths(user)``), and the page of hits is re-checked through ``Model.objects.visible_to(user)``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models.signals import post_delete, post_save


@dataclass
class Document:
    """What the index keeps of one object."""

    org: Any
    title: str
    body: str = ""
    date: Any = None
    type: str = ""


@dataclass
class Kind:
    name: str
    label: str
    model: type
    document: Callable[[Any], Document | None]
    url: Callable[[int], str]
    queryset: Callable[[], Any] = None
    type_labels: dict = field(default_factory=dict)
    event: bool = False  # records something that happened (see the module docstring)
    who: Callable[[int], str] | None = None  # the host/speaker of one object, for 谁讲的…/谁主持的 questions

    def all_objects(self):
        return self.queryset() if self.queryset else self.model._default_manager.all()


KINDS: dict[str, Kind] = {}


def register(
    name, *, label, model, document, url, queryset=None, type_labels=None, event=False, signals=True, who=None
):
    """Make `model` searchable under `name` (see the module docstring)."""
    kind = Kind(
        name=name,
        label=label,
        model=model,
        document=document,
        url=url,
        queryset=queryset,
        type_labels=type_labels or {},
        event=event,
        who=who,
    )
    KINDS[name] = kind
    if signals:
        from . import index

        def saved(sender, instance, raw=False, **kwargs):
            if not raw:
                index.update(instance, kind=name)

        def deleted(sender, instance, **kwargs):
            index.remove(name, instance.pk)

        post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"search-save-{name}")
        post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"search-delete-{name}")
    return kind


def kind_for_model(model):
    for kind in KINDS.values():
        if kind.model is model or isinstance(model, kind.model):
            return kind
    return None


def get(name):
    return KINDS.get(name)


def is_event(name):
    kind = KINDS.get(name)
    return kind is not None and kind.event
