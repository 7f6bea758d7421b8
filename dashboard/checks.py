"""The warning checks registry (ISSUE14_SPLIT Interface 2) and the red-amber-green table built from it.

Modules offer checks with `contributes = {"dashboard.checks": "<app>.checks.checks"}`; `checks()` returns plain
dicts `{"code", "label", "citation", "params", "evaluate"}` where `evaluate(orgs, today, params)` answers
`{org_id: {"status", "text", "url"}}` for the branches given, at a constant number of queries. The dashboard
imports no domain module: what it checks comes through `core.modules.contributions`.

A committee's WarningSetting (the nearest on or above the subtree's root) switches a check off or changes its
params; without one a check is on with its module's defaults.
"""

from dataclasses import dataclass, field

from django.urls import reverse

from core.modules import contributions
from orgs.models import Organisation

from .models_warnings import WarningSetting

STATUSES = ("red", "amber", "green")
STATUS_LABELS = {"red": "红色预警", "amber": "黄色提醒", "green": "正常"}
STATUS_SHORT = {"red": "红", "amber": "黄", "green": "绿"}
RANK = {"red": 3, "amber": 2, "green": 1, None: 0}
PARAM_LABELS = {"amber_days": "提前提醒天数"}
PARAM_LIMITS = {"amber_days": (0, 90)}


def registered():
    """Every check the installed modules offer, in module order then as each module lists them."""
    out = []
    for _module, provider in contributions("dashboard.checks"):
        out += list(provider())
    return out


def by_code():
    return {c["code"]: c for c in registered()}


def settings_for(root):
    """{code: WarningSetting} in force for root's subtree: the nearest setting on root or above it (one query)."""
    step = Organisation.steplen
    prefixes = [root.path[:n] for n in range(step, len(root.path) + 1, step)]
    chosen: dict[str, WarningSetting] = {}
    for s in WarningSetting.objects.filter(org__path__in=prefixes).select_related("org"):
        held = chosen.get(s.code)
        if held is None or len(s.org.path) > len(held.org.path):
            chosen[s.code] = s
    return chosen


@dataclass
class Rule:
    """A check as in force for a subtree: enabled or not, its params (defaults overlaid by the setting)."""

    code: str
    label: str
    citation: str
    params: dict
    defaults: dict
    enabled: bool
    evaluate: object
    setting: WarningSetting | None = None

    def as_api(self):
        return {
            "code": self.code,
            "label": self.label,
            "citation": self.citation,
            "params": self.params,
            "enabled": self.enabled,
        }


def rules_for(root):
    settings = settings_for(root)
    out = []
    for c in registered():
        s = settings.get(c["code"])
        defaults = dict(c.get("params") or {})
        params = {**defaults, **{k: v for k, v in (s.params if s else {}).items() if k in defaults}}
        out.append(
            Rule(
                code=c["code"],
                label=c["label"],
                citation=c.get("citation", ""),
                params=params,
                defaults=defaults,
                enabled=s.enabled if s is not None else True,
                evaluate=c["evaluate"],
                setting=s,
            )
        )
    return out


def branches_of(root):
    """The 党支部 of root's subtree (root itself when it is one), in tree order."""
    return list(Organisation.objects.filter(path__startswith=root.path, kind="branch").order_by("path"))


@dataclass
class Row:
    org: Organisation
    findings: dict = field(default_factory=dict)  # code -> finding
    cells: list = field(default_factory=list)  # [(rule, finding or None)] in the table's check order

    @property
    def status(self):
        worst = max((f["status"] for f in self.findings.values()), key=RANK.get, default=None)
        return worst

    def count(self, status):
        return sum(1 for f in self.findings.values() if f["status"] == status)


@dataclass
class Table:
    root: Organisation
    today: object
    rules: list
    rows: list

    @property
    def counts(self):
        out = dict.fromkeys(STATUSES, 0)
        for row in self.rows:
            if row.status in out:
                out[row.status] += 1
        return out

    def red_only(self):
        return Table(self.root, self.today, self.rules, [r for r in self.rows if r.status == "red"])


def table(root, today):
    """Branches of root's subtree × the enabled checks (constant queries: each check's own, fixed)."""
    rules = [r for r in rules_for(root) if r.enabled]
    orgs = branches_of(root)
    rows = {o.id: Row(o) for o in orgs}
    for rule in rules:
        found = rule.evaluate(orgs, today, dict(rule.params)) if orgs else {}
        for org_id, finding in found.items():
            if org_id in rows and finding.get("status") in STATUSES:
                rows[org_id].findings[rule.code] = finding
    for row in rows.values():
        row.cells = [(rule, row.findings.get(rule.code)) for rule in rules]
    return Table(root, today, rules, list(rows.values()))


def page_url(org, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"org": org.id, **extra}.items())
    return f"{reverse('dashboard:warnings')}?{query}"


def widget(user, org, today):
    """The cockpit widget `warnings` (Interface 1): branches per colour, one drill-down row per branch."""
    t = table(org, today)
    if not t.rules or not t.rows:
        return None
    counts = t.counts
    status = "red" if counts["red"] else "amber" if counts["amber"] else "green"
    items = []
    for row in sorted(t.rows, key=lambda r: (-RANK[r.status], r.org.path)):
        if row.status is None:
            continue
        worst = next(
            (f for f in row.findings.values() if f["status"] == row.status), {"text": "", "url": page_url(row.org)}
        )
        items.append(
            {
                "org": {"id": row.org.id, "name": row.org.name},
                "label": worst["text"],
                "value": row.count("red") + row.count("amber"),
                "status": row.status,
                "url": worst.get("url") or page_url(row.org),
            }
        )
    return {
        "key": "warnings",
        "title": "预警",
        "value": counts["red"],
        "unit": "个支部红色预警",
        "status": status,
        "note": f"红 {counts['red']} · 黄 {counts['amber']} · 绿 {counts['green']}",
        "counts": counts,
        "url": page_url(org),
        "items": items,
    }
