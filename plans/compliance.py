"""三会一课 compliance: which obligations each branch (and party group) met in each period of a year.

A record meets an obligation in the period its date falls in, except the yearly duties a record names
a 所属年度 for (组织生活会, 民主评议党员): the 2025 one held in February 2026 meets 2025's, not 2026's.

The whole computation costs a fixed number of queries: the organisations of the subtree, the rule
table, and one query per obligation code — however many branches there are. It reads the first record of
each organisation, obligation and month from the 台账汇总 (plans/marks.py), not the year's records.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from core.models import path_q
from orgs.models import Organisation

from . import schedule
from .choices import COMPLIANCE_STATUS_LABELS, DEFAULT_RULES, OBLIGATION_LABELS, OBLIGATION_SHORT, OBLIGATIONS
from .models import ComplianceMark, ObligationRule

OBLIGATION_ORDER = {code: i for i, (code, _label) in enumerate(OBLIGATIONS)}


def ensure_default_rules():
    """The defaults of the branch work regulations (also installed by a data migration)."""
    with transaction.atomic():
        for code, frequency, per_group, source in DEFAULT_RULES:
            ObligationRule.objects.get_or_create(
                org=None,
                org_kind="branch",
                obligation=code,
                defaults={"frequency": frequency, "per_group": per_group, "source": source},
            )


def load_rules():
    rules = list(ObligationRule.objects.select_related("org"))
    if not any(r.org_id is None for r in rules):
        ensure_default_rules()
        rules = list(ObligationRule.objects.select_related("org"))
    return rules


def visible_rules(user, rules=None):
    """The rules the user reads: the defaults, and those set on, above or below her organisations."""
    from accounts import scope

    paths = scope.business_paths(user)
    rules = load_rules() if rules is None else rules
    return [
        r for r in rules if r.org_id is None or any(r.org.path.startswith(p) or p.startswith(r.org.path) for p in paths)
    ]


def scope_orgs(user):
    """Organisations (not 党小组) whose compliance the user may look at: the heat map's choice list."""
    from accounts import scope

    return Organisation.objects.filter(path_q("path", scope.business_paths(user))).exclude(kind="group")


def effective_rules(org, rules):
    """Per obligation, the rule for this kind set nearest above the org (or the default); active only."""
    chosen = {}
    for r in rules:
        if r.org_kind != org.kind:
            continue
        if r.org_id is not None and not org.path.startswith(r.org.path):
            continue
        depth = len(r.org.path) if r.org_id else 0
        if r.obligation not in chosen or depth > chosen[r.obligation][0]:
            chosen[r.obligation] = (depth, r)
    return sorted((r for _d, r in chosen.values() if r.active), key=lambda r: OBLIGATION_ORDER.get(r.obligation, 99))


@dataclass
class Cell:
    org: Organisation
    branch: Organisation
    obligation: str
    period: str
    start: datetime.date
    due: datetime.date
    status: str
    record: tuple | None  # (id, date, title)
    rule: ObligationRule

    @property
    def status_label(self):
        return COMPLIANCE_STATUS_LABELS.get(self.status, self.status)

    @property
    def short_label(self):
        return OBLIGATION_SHORT.get(self.obligation, self.obligation)

    @property
    def obligation_label(self):
        return OBLIGATION_LABELS.get(self.obligation, self.obligation)

    def as_api(self):
        return {
            "org": {"id": self.org.id, "name": self.org.name},
            "branch": {"id": self.branch.id, "name": self.branch.name},
            "obligation": self.obligation,
            "period": self.period,
            "due": self.due,
            "status": self.status,
            "record": self.record[0] if self.record else None,
        }


def counts_by_for_year(rule):
    """A yearly rule for a yearly duty (组织生活会, 民主评议党员) is met by the record held for that year."""
    from records.choices import ANNUAL_TYPES

    return rule.frequency == "yearly" and rule.obligation in ANNUAL_TYPES


def status_for(start, end, found, today):
    if found:
        return "done"
    if end < today:
        return "missing"
    if start > today:
        return "upcoming"
    return "due"


def subtree_orgs(root, paths):
    """Organisations under root the caller may see (`paths` None = all of them)."""
    qs = Organisation.objects.filter(path__startswith=root.path)
    if paths is not None:
        qs = qs.filter(path_q("path", paths))
    return list(qs.order_by("path"))


def compute(root, year, *, today, paths=None, obligation=None):
    """[Cell] for every branch (and party group for per-group rules) under root, every rule and period."""
    orgs = subtree_orgs(root, paths)
    rules = load_rules()
    steplen = Organisation.steplen
    groups_of = {}
    for o in orgs:
        if o.kind == "group":
            groups_of.setdefault(o.path[:-steplen], []).append(o)
    checked = []  # (org, branch, rule)
    for org in orgs:
        if org.kind == "group":
            continue
        for rule in effective_rules(org, rules):
            if obligation and rule.obligation != obligation:
                continue
            if rule.per_group:
                checked += [(g, org, rule) for g in groups_of.get(org.path, [])]
            else:
                checked.append((org, org, rule))
    if not checked:
        return []
    org_ids = {o.id for o, _b, _r in checked}
    found = {}  # (code, by_for_year, org_id) -> [(date, id, title)] in date order
    for code, by_for_year in sorted({(r.obligation, counts_by_for_year(r)) for _o, _b, r in checked}):
        # The first record of each month (or of the 所属年度), kept by plans/marks.py: at most one row per
        # organisation and month, however many records the year holds.
        buckets = [f"Y{year}"] if by_for_year else [f"{year}-{m:02d}" for m in range(1, 13)]
        rows = (
            ComplianceMark.objects.filter(code=code, bucket__in=buckets, org__path__startswith=root.path)
            .order_by("date", "record_id")
            .values_list("org_id", "date", "record_id", "title")
        )
        for org_id, date, rid, title in rows:
            if org_id in org_ids:
                found.setdefault((code, by_for_year, org_id), []).append((date, rid, title))
    cells = []
    for org, branch, rule in checked:
        by_for_year = counts_by_for_year(rule)
        records = found.get((rule.obligation, by_for_year, org.id), [])
        for period, start, end in schedule.periods(rule.frequency, year):
            # A yearly duty counts for its 所属年度 (found above), wherever in the calendar it was held.
            hit = next((r for r in records if by_for_year or start <= r[0] <= end), None)
            cells.append(
                Cell(
                    org=org,
                    branch=branch,
                    obligation=rule.obligation,
                    period=period,
                    start=start,
                    due=end,
                    status=status_for(start, end, hit is not None, today),
                    record=(hit[1], hit[0], hit[2]) if hit else None,
                    rule=rule,
                )
            )
    return cells


def heat_map(cells, year):
    """Rows (one per checked organisation) × 12 months; a cell holds obligations whose period ends then.

    The worst status wins the colour: missing > due > upcoming > done.
    """
    rank = {"missing": 3, "due": 2, "upcoming": 1, "done": 0}
    rows = {}
    for c in cells:
        row = rows.setdefault(c.org.id, {"org": c.org, "branch": c.branch, "months": [[] for _ in range(12)]})
        row["months"][c.due.month - 1].append(c)
    out = []
    for row in rows.values():
        months = []
        due_or_past = done = 0
        for entries in row["months"]:
            status = max((e.status for e in entries), key=rank.get) if entries else ""
            months.append({"status": status, "cells": entries})
            due_or_past += sum(1 for e in entries if e.status in ("done", "missing"))
            done += sum(1 for e in entries if e.status == "done")
        rate = round(100 * done / due_or_past) if due_or_past else None
        out.append({**row, "months": months, "rate": rate})
    return out


def summary(cells):
    counts = {"done": 0, "due": 0, "missing": 0, "upcoming": 0}
    for c in cells:
        counts[c.status] += 1
    return counts


def resolve_scope(user, org_id=None):
    """[(root, paths)] the caller may see compliance for.

    An organisation the caller reaches whole answers for its subtree; an ancestor of her scope (a branch
    admin asking about the committee) answers only for the part she may see; anything else is 404.
    """
    from accounts import scope
    from core.errors import NotFound

    paths = scope.business_paths(user)
    if not paths:
        raise NotFound()
    if org_id is None:
        roots = {o.path: o for o in Organisation.objects.filter(path__in=paths)}
        return [(roots[p], None) for p in paths if p in roots]
    org = Organisation.objects.filter(pk=org_id).first()
    if org is None:
        raise NotFound()
    if any(org.path.startswith(p) for p in paths):
        return [(org, None)]
    inside = [p for p in paths if p.startswith(org.path)]
    if not inside:
        raise NotFound()
    return [(org, inside)]


def compute_for(user, org_id, year, *, today, obligation=None):
    cells = []
    for root, paths in resolve_scope(user, org_id):
        cells += compute(root, year, today=today, paths=paths, obligation=obligation)
    return cells
