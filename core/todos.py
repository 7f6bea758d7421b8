"""To-do inbox (待办): what a user has to do next, contributed by every module; core names none of them.

A module declares its provider on its AppConfig (see core/modules.py)::

    todos = Todos(items="dues.todos.items", count="dues.todos.count")

and `Module.ready()` registers it here (`register(group, items=…, count=…)`):

- ``group`` is the module's navigation key (its app label unless declared): its badge counts these.
- ``items(user, today)`` returns the module's ``TodoItem``s for that user (already scoped with
  ``visible_to``; an empty list for a user the module has nothing for).
- ``count(user, today)`` returns how many things those items stand for — the sum of their ``count`` —
  using counting queries only, so the navigation can show a badge on every page. Without it the
  items are built and summed.

The home page shows one inbox over every provider, most urgent first (overdue, due today, due within
a week, waiting on the user, later); ``nav_counts`` exposes ``todo_counts`` to every template.
"""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.functional import SimpleLazyObject

SOON_DAYS = 7
LIMIT = 20  # entries of one kind listed on the home page; the rest are summed into one "more" entry


@dataclass(frozen=True)
class TodoItem:
    """One entry of the inbox: a thing to do (or a queue of `count` things) and where it is done."""

    group: str  # navigation key of the module
    kind: str  # what sort of to-do, "<module>.<what>" (e.g. "dues.payment"): the inbox filters by it
    label: str  # the kind in words: 认领待确认
    text: str
    url: str
    due: datetime.date | None = None
    count: int = 1  # how many things the entry stands for (a review queue of 5 declarations is one entry)
    note: str = ""  # a second line: where, who, the reviewer's comment …

    def timing(self, today):
        return timing(self.due, today)


def timing(due, today):
    """(tone, badge) of a due date: overdue / today / soon / later / none, and the words shown for it."""
    if due is None:
        return "none", ""
    days = (due - today).days
    if days < 0:
        return "overdue", f"逾期{-days}天"
    if days == 0:
        return "today", "今天到期"
    if days <= SOON_DAYS:
        return "soon", f"{days}天后到期"
    return "later", f"{due.month}月{due.day}日前"


URGENCY = {"overdue": 0, "today": 1, "soon": 2, "none": 3, "later": 4}


@dataclass
class Provider:
    group: str
    items: Callable[[object, datetime.date], Iterable[TodoItem]]
    count: Callable[[object, datetime.date], int] | None = None


PROVIDERS: list[Provider] = []


def register(group, *, items, count=None):
    """Add a module's to-do provider (Module.ready() does, for its declared `todos`; registering twice replaces)."""
    PROVIDERS[:] = [p for p in PROVIDERS if p.items is not items]
    PROVIDERS.append(Provider(group=group, items=items, count=count))


def groups():
    return list(dict.fromkeys(p.group for p in PROVIDERS))


def _active(user):
    return bool(user is not None and user.is_authenticated and user.is_active and not user.must_change_password)


@dataclass
class Entry:
    item: TodoItem
    tone: str
    badge: str


@dataclass
class Inbox:
    entries: list = field(default_factory=list)  # [Entry], most urgent first
    counts: dict = field(default_factory=dict)  # {group: n, …, "total": n}
    kinds: list = field(default_factory=list)  # [(kind, label, n)] in order of first appearance

    def of_kind(self, kind):
        return [e for e in self.entries if e.item.kind == kind] if kind else self.entries

    @property
    def total(self):
        return self.counts.get("total", 0)

    @property
    def overdue(self):
        return sum(e.item.count for e in self.entries if e.tone == "overdue")


def _totals(per_group):
    out = {g: 0 for g in groups()}
    for g, n in per_group:
        out[g] = out.get(g, 0) + n
    out["total"] = sum(out.values())
    return out


def inbox(user, today=None):
    """Every provider's entries for the user, sorted by urgency, with per-group and per-kind counts."""
    today = today or timezone.localdate()
    if not _active(user):
        return Inbox(counts=_totals([]))
    items = [i for p in PROVIDERS for i in p.items(user, today)]
    entries = [Entry(i, *i.timing(today)) for i in items]
    # Stable: within one urgency the providers' own order (e.g. oldest claim first) is kept.
    entries.sort(key=lambda e: (URGENCY[e.tone], e.item.due or datetime.date.max))
    kinds: dict[str, tuple[str, int]] = {}
    for i in items:
        label, n = kinds.get(i.kind, (i.label, 0))
        kinds[i.kind] = (label, n + i.count)
    return Inbox(
        entries=entries,
        counts=_totals((i.group, i.count) for i in items),
        kinds=[(k, label, n) for k, (label, n) in kinds.items()],
    )


def counts(user, today=None):
    """{group: n, "total": n} from the providers' counting queries: cheap enough for every page."""
    today = today or timezone.localdate()
    if not _active(user):
        return _totals([])
    per_group = []
    for p in PROVIDERS:
        n = p.count(user, today) if p.count else sum(i.count for i in p.items(user, today))
        per_group.append((p.group, n))
    return _totals(per_group)


def request_counts(request):
    """counts() once per request; a page that built the inbox already (the home page) hands its counts on."""
    if not hasattr(request, "_todo_counts"):
        request._todo_counts = counts(getattr(request, "user", None))
    return request._todo_counts


def nav_counts(request):
    """Context processor: ``todo_counts`` = {nav key: n, "total": n}, computed only if a template reads it."""
    return {"todo_counts": SimpleLazyObject(lambda: request_counts(request))}


def capped(rows, make, *, total, more):
    """Entries for the first LIMIT rows; the rest become one entry from `more(n)` so counts stay exact.

    `rows` is a queryset sliced to LIMIT + 1 by the caller's ordering; `total` counts all of them and is
    only asked when there are more.
    """
    rows = list(rows[: LIMIT + 1])
    if len(rows) <= LIMIT:
        return [make(r) for r in rows]
    return [make(r) for r in rows[:LIMIT]] + [more(total() - LIMIT)]


class Parts:
    """A module's to-dos joined from its parts: each part (a module) gives `items(user, today)` and
    `counted(user, today)`, querysets whose rows are the things its items stand for (or a one-column
    values_list of the part's own figure). `count` unions them all into one query (UNION ALL), or none when no
    part has anything for the user. A module's todos.py says `PARTS = Parts(...)` and
    `items, count = PARTS.items, PARTS.count`, and its apps.py `Todos(items="<app>.todos.items", ...)`."""

    def __init__(self, *parts):
        self.parts = list(parts)

    def items(self, user, today):
        return [item for part in self.parts for item in part.items(user, today)]

    @staticmethod
    def _as_rows(qs):
        qs = qs.order_by()
        if qs._fields is not None and len(qs._fields) == 1:  # a values_list of the part's own figure
            return qs
        from django.db.models import IntegerField, Value

        return qs.annotate(todo_one=Value(1, output_field=IntegerField())).values_list("todo_one")

    def count(self, user, today):
        rows = [self._as_rows(qs) for part in self.parts for qs in part.counted(user, today)]
        rows = [qs for qs in rows if not qs.query.is_empty()]
        if not rows:
            return 0
        first, *rest = rows
        joined = first.union(*rest, all=True) if rest else first
        return sum(n for (n,) in joined)
