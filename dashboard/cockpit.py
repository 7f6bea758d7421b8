"""The 驾驶舱 reads what the modules register (core.modules.cockpit_widgets()): it imports no domain module.

`scope(user, org_param, year_param)` settles which subtree and year a request asks for (404 for an organisation
the user does not administer, 403 for the 三员 and for accounts without an administrator's grant); `widgets()`
builds every registered widget over it, `widget()` one of them for its drill-down page.
"""

import datetime
from dataclasses import dataclass

from core import dates
from core.errors import NotFound
from core.modules import cockpit_widgets, resolve
from core.params import MAX_ID, int_param
from core.verbs import require_verb
from orgs.models import Organisation

PICKER_LIMIT = 300  # organisations in the picker (a city's committee administers thousands of branches)
STATUSES = ("red", "amber", "green")


@dataclass(frozen=True)
class Scope:
    org: Organisation
    year: int
    today: datetime.date  # the day the figures are taken at: today, or 31 December of a past year
    choices: list  # organisations of the picker: those the user administers, highest first


def administered(user):
    """The organisations (not 党小组) the user administers, in tree order."""
    return Organisation.objects.administered_by(user).exclude(kind="group").order_by("depth", "path")


def as_of(year, today=None):
    today = today or dates.today()
    if year < today.year:
        return datetime.date(year, 12, 31)
    if year > today.year:
        return datetime.date(year, 1, 1)
    return today


def scope(user, org_param=None, year_param=None, *, picker=True):
    """The subtree and year asked for: `org_param` absent = the highest organisation the user administers."""
    require_verb(user, "dashboard.view_cockpit")
    today = dates.today()
    year = int_param(year_param, 2000, 2100, today.year)
    qs = administered(user)
    if org_param in (None, ""):
        org = qs.first()
    else:
        pk = int_param(org_param, 1, MAX_ID)
        org = qs.filter(pk=pk).first() if pk else None
    if org is None:
        raise NotFound()
    require_verb(user, "dashboard.view_cockpit", org)
    choices = list(qs.only("id", "name", "path", "depth", "kind")[:PICKER_LIMIT]) if picker else []
    return Scope(org=org, year=year, today=as_of(year, today), choices=choices)


def declared(key=None):
    """The registered widgets (one by its key: NotFound for a key no module registers)."""
    found = [w for w in cockpit_widgets() if key is None or w.key == key]
    if key is not None and not found:
        raise NotFound()
    return found


def build(w, user, s: Scope):
    data = resolve(w.build)(user, s.org, s.today)
    if data is None:
        return None
    data = {**data, "key": w.key, "title": data.get("title") or w.title}
    data.setdefault("unit", "")
    data.setdefault("status", None)
    data.setdefault("items", [])
    if data["status"] not in STATUSES:
        data["status"] = None
    return data


def widgets(user, s: Scope):
    """Every registered widget with something to show for this subtree, in the registry's order."""
    out = []
    for w in declared():
        data = build(w, user, s)
        if data is not None:
            out.append(data)
    return out


def widget(user, s: Scope, key):
    return build(declared(key)[0], user, s)


def api_widget(data):
    """A widget as the API returns it (API.md): key, title, value, unit, status, items."""
    return {k: data.get(k) for k in ("key", "title", "value", "unit", "status", "items")}
