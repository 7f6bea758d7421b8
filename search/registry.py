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
        asks=("通知", "公告"),                     # question words that ask for this kind (see below)
    )

An event kind (an activity record: a meeting held on a day) is preferred when a question asks which
meeting or which day, and the answer card names its type (主题党日) rather than its kind.
A kind's ``asks`` are the words of a question about it (项目、哪个项目 for projects; 课程、网课 for courses): a
question holding them ranks that kind above the others (the others' scores × ``OTHER_KIND_FACTOR``), the way
an event question prefers events.

``register`` also connects ``post_save``/``post_delete`` of the model to ``search.index.update``/``remove``,
so the index row is written inside the same transaction as the object. Writes that change only related
rows (many-to-many, child tables) call ``search.index.update(obj)`` themselves at the end of the action, or
the kind names those rows in ``follows`` (``{ChildModel: callable(child) -> the objects to re-index}``): their
``post_save``/``post_delete`` re-index the objects in the same transaction, so the owning app's actions need
not know the search app is installed.
Reads are scoped twice: the index row carries the organisation's path (filtered with the model's
``scope_paths(user)``), and the page of hits is re-checked through ``Model.objects.visible_to(user)``.
``scope_paths`` names subtrees (a path reaches every organisation below it); a path written ``"=" + path``
reaches that one organisation only, for what an organisation above publishes to its subtree (a committee's
course, a problem on the committee's list): ``exactly(path)``. Every index row the paths reach must be one
``visible_to`` lets the user read, so the count of hits is honest; it may reach fewer (then the reader finds
those from the module's own lists).
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
    # ---- kinds (issue 15) ----
    asks: tuple = ()  # question words asking for this kind (see the module docstring)
    follows: dict = field(default_factory=dict)  # {child model: callable(child) -> objects to re-index}
    # ---- end kinds ----

    def all_objects(self):
        return self.queryset() if self.queryset else self.model._default_manager.all()


KINDS: dict[str, Kind] = {}
# A question asking for some kinds (their `asks` words) scales the other kinds' scores by this.
OTHER_KIND_FACTOR = 0.3
EXACT = "="  # a scope path reaching one organisation, not its subtree


def exactly(path):
    """A `scope_paths` entry reaching the organisation at `path` only (see the module docstring)."""
    return EXACT + path


def register(
    name,
    *,
    label,
    model,
    document,
    url,
    queryset=None,
    type_labels=None,
    event=False,
    signals=True,
    asks=(),
    follows=None,
    who=None,
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
        asks=tuple(asks),
        follows=dict(follows or {}),
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
        for child, owners in kind.follows.items():
            _follow(name, child, owners)
    return kind


def _follow(name, child, owners):
    """Re-index the objects `owners(child)` names whenever a `child` row is written or deleted."""
    from . import index

    def changed(sender, instance, raw=False, **kwargs):
        if raw:
            return
        for obj in owners(instance):
            if obj is not None and obj.pk is not None:
                index.update(obj, kind=name)

    label = f"{child._meta.label_lower}-{name}"
    post_save.connect(changed, sender=child, weak=False, dispatch_uid=f"search-follow-save-{label}")
    post_delete.connect(changed, sender=child, weak=False, dispatch_uid=f"search-follow-delete-{label}")


def local_day(moment):
    """The day (Asia/Shanghai) of a timestamp a document is dated by; None stays None. A value just assigned and
    not yet read back may still be the ISO text it was given."""
    import datetime
    import zoneinfo

    from django.utils import dateparse, timezone

    if isinstance(moment, str):
        moment = dateparse.parse_datetime(moment) or dateparse.parse_date(moment)
    if isinstance(moment, datetime.datetime):
        if timezone.is_aware(moment):
            moment = moment.astimezone(zoneinfo.ZoneInfo("Asia/Shanghai"))
        return moment.date()
    return moment


def asked_kinds(text):
    """The kinds a question asks for by their `asks` words (in registration order)."""
    return [k.name for k in KINDS.values() if any(w in text for w in k.asks)]


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
