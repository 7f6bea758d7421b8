"""The registry of searchable kinds: one index table serves records, plan items, projects, declarations.

Adding a kind is one call, made from the owning app's ``AppConfig.ready()``::

    from search.registry import Document, register

    def plan_item_document(item):
        if item.plan.is_template:                 # return None to keep (or take) it out of the index
            return None                           # (soft-deleted objects leave it for every kind anyway)
        return Document(
            org=item.plan.org,                    # owning organisation: scope and the org filter use it
            title=item.title,                     # weighted above the body in ranking
            body="\n".join([item.method, item.standard]),
            date=item.due,                        # shown first in results and in the answer card
            type=item.category,                   # matched by the ``type`` filter
        )

    register(
        "plan_item",                              # the ``kind`` in results and the ``kind`` filter
        label="清单事项",
        model=PlanItem,                           # its queryset must offer visible_to(user)/scope_paths(user)
        document=plan_item_document,
        url=lambda pk: reverse("plans:item_detail", args=[pk]),
        queryset=lambda: PlanItem.objects.select_related("plan__org"),   # what `manage.py reindex` walks
    )

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

    def all_objects(self):
        return self.queryset() if self.queryset else self.model._default_manager.all()


KINDS: dict[str, Kind] = {}


def register(name, *, label, model, document, url, queryset=None, type_labels=None, signals=True):
    """Make `model` searchable under `name` (see the module docstring)."""
    kind = Kind(
        name=name,
        label=label,
        model=model,
        document=document,
        url=url,
        queryset=queryset,
        type_labels=type_labels or {},
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
