"""The 驾驶舱 widget of 积分制管理 (core.modules.CockpitWidget): the organisations' points ranking of the year,
its top and its bottom, within the subtree.

Three queries whatever the subtree's size: the scheme, the subtree's organisation ids, and the ranking itself
(rankings.ranking: one SQL statement aggregating the scheme's ledger up to today).
"""

from django.db.models import Q
from django.urls import reverse

from core import cockpit
from orgs.models import Organisation

from .models import Scheme
from .rankings import ranking

SHOWN = 5  # rows from the top and from the bottom


def _ancestor_paths(path):
    step = Organisation.steplen
    return [path[:n] for n in range(step, len(path) + 1, step)]


def scheme_for(org, year):
    """The year's scheme that ranks the subtree: the nearest one set at or above `org`, else the first set
    inside it."""
    schemes = list(
        Scheme.objects.filter(year=year)
        .filter(Q(org__path__in=_ancestor_paths(org.path)) | Q(org__path__startswith=org.path))
        .select_related("org")
        .order_by("id")
    )
    above = [s for s in schemes if org.path.startswith(s.org.path)]
    if above:
        return max(above, key=lambda s: (len(s.org.path), -s.id))
    return min(schemes, key=lambda s: (s.org.path, s.id)) if schemes else None


def points_ranking(user, org, today):
    """积分排名: the organisations of the subtree ranked by the year's points (the ranking page's own figures)."""
    scheme = scheme_for(org, today.year)
    if scheme is None:
        return None
    inside = set(Organisation.objects.filter(path__startswith=org.path).values_list("pk", flat=True))
    rows = [r for r in ranking(scheme, "org", until=today) if r.subject_id in inside]
    if not rows:
        return None
    shown = rows if len(rows) <= 2 * SHOWN else [*rows[:SHOWN], *rows[-SHOWN:]]
    bottom = {r.subject_id for r in rows[-SHOWN:]} if len(rows) > 2 * SHOWN else set()
    items = []
    for r in shown:
        status = "green" if r.rank <= 3 else ("amber" if r.subject_id in bottom else None)
        label = f"第{r.rank}名 · 折合 {cockpit.number(r.normalized)} 分"
        row = cockpit.item(
            cockpit.Org(r.subject_id, r.name), label, r.total, status, reverse("points:org_points", args=[r.subject_id])
        )
        row["rank"] = r.rank
        items.append(row)
    return cockpit.widget(
        "points_ranking",
        "党组织积分排名",
        rows[0].total,
        "分",
        None,
        items,
        note=f"{scheme.name}：共 {len(rows)} 个党组织参与排名"
        + (f"，列出前{SHOWN}名与后{SHOWN}名" if len(rows) > 2 * SHOWN else ""),
    )
