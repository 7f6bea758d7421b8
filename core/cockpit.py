"""Helpers for the modules' 驾驶舱 widgets (core.modules.CockpitWidget): the branches of a subtree, a widget's
dict and its drill-down rows, and the colour of a rate.

A widget groups its figures per branch (党支部): `Branches(root)` loads the subtree's branches in one query
and maps any organisation path below one to it in memory, so a widget costs the same number of queries for
three branches and for three hundred.
"""

from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

from orgs.models import Organisation

BRANCH_KINDS = ("branch",)
# A rate's colour when the module has no rule of its own: the warnings part sets the committee's own rules.
GREEN_FROM, AMBER_FROM = 90, 70

# An organisation a row names when only its id and name were read (e.g. a committee's own plan).
Org = namedtuple("Org", "id name")


class Branches:
    """The branches (党支部) of the subtree under `root`, in tree order; `root` itself when it lies at or below
    a branch (a branch's own cockpit has one row)."""

    def __init__(self, root):
        self.root = root
        self.steplen = Organisation.steplen
        if root.kind in BRANCH_KINDS or root.kind == "group":
            self.orgs = [root]
        else:
            self.orgs = list(
                Organisation.objects.filter(path__startswith=root.path, kind__in=BRANCH_KINDS)
                .order_by("path")
                .only("id", "name", "path", "kind", "depth")
            )
        self.by_path = {o.path: o for o in self.orgs}
        self.by_id = {o.id: o for o in self.orgs}

    def __iter__(self):
        return iter(self.orgs)

    def __len__(self):
        return len(self.orgs)

    def of(self, path):
        """The branch at or above the organisation at `path` (None: above every branch, e.g. the committee)."""
        if len(self.orgs) == 1 and path.startswith(self.orgs[0].path):
            return self.orgs[0]
        for n in range(len(path), 0, -self.steplen):
            found = self.by_path.get(path[:n])
            if found is not None:
                return found
        return None


def ref(org):
    return {"id": org.id, "name": org.name}


def item(org, label, value, status=None, url=""):
    """One drill-down row of a widget."""
    return {"org": ref(org), "label": label, "value": number(value), "status": status, "url": url}


def widget(key, title, value, unit, status=None, items=(), note=""):
    out = {"key": key, "title": title, "value": number(value), "unit": unit, "status": status, "items": list(items)}
    if note:
        out["note"] = note
    return out


def number(value):
    """An int stays an int; a Decimal or float is rounded to one place for display (None stays None)."""
    if value is None or isinstance(value, bool | int):
        return value
    d = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return int(d) if d == d.to_integral_value() else float(d)


def percent(part, whole):
    """`part` of `whole` in percent (one decimal), None when there is nothing to count."""
    if not whole:
        return None
    return number(Decimal(part) * 100 / Decimal(whole))


def rate_status(rate, green_from=GREEN_FROM, amber_from=AMBER_FROM):
    if rate is None:
        return None
    if rate >= green_from:
        return "green"
    return "amber" if rate >= amber_from else "red"


def worst(statuses):
    """The worst colour of several: red > amber > green; None when none has a colour."""
    order = {"red": 3, "amber": 2, "green": 1}
    found = [s for s in statuses if s in order]
    return max(found, key=lambda s: order[s]) if found else None
