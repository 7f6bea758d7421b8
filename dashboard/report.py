"""The 党建工作月报's content: a subtree's month written from the same figures as the cockpit.

`build_snapshot(user, org, year, month, today)` calls every registered cockpit widget's
`build(user, org, as_of)` (ISSUE14_SPLIT Interface 1) and the warnings table, and arranges them in four
sections — what was done, what is late (red/amber), rankings, highlights. The result is plain JSON: it is
stored on the report when generated, so a published report never changes when the figures do.
"""

import datetime
import decimal
import logging

from django.utils import timezone

from core.modules import cockpit_widgets, resolve

from . import checks
from .models_warnings import REPORT_SECTIONS

log = logging.getLogger(__name__)
WARNINGS_KEY = "warnings"


def month_end(year, month):
    nxt = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return nxt - datetime.timedelta(days=1)


def as_of(year, month, today):
    """The day the month's figures stand at: its last day, or today for the current month."""
    return min(month_end(year, month), today)


def plain(value):
    """A JSON-safe copy: numbers as numbers (Decimal → float), dates as ISO text."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _widgets(user, org, day):
    out = []
    for w in cockpit_widgets():
        if w.key == WARNINGS_KEY:
            continue  # the warnings come from the table itself, below
        try:
            figure = resolve(w.build)(user, org, day)
        except Exception:  # one module's failure must not keep the committee from its report
            log.exception("cockpit widget %s failed in the monthly report", w.key)
            out.append(
                {
                    "key": w.key,
                    "title": w.title,
                    "value": None,
                    "unit": "",
                    "status": None,
                    "note": "该项数据暂不可用",
                    "items": [],
                }
            )
            continue
        if figure is None:
            continue
        figure = plain(figure)
        figure.setdefault("key", w.key)
        figure.setdefault("title", w.title)
        figure.setdefault("items", [])
        out.append(figure)
    return out


def _warnings(org, day):
    t = checks.table(org, day)
    rules = {r.code: r for r in t.rules}
    rows = [
        {
            "org": {"id": row.org.id, "name": row.org.name},
            "status": row.status,
            "red": row.count("red"),
            "amber": row.count("amber"),
            "green": row.count("green"),
            "findings": row.findings,
            "cells": [row.findings.get(r.code) for r in t.rules],
        }
        for row in t.rows
    ]
    return {
        "counts": t.counts,
        "checks": [{"code": r.code, "label": r.label, "citation": r.citation, "params": r.params} for r in t.rules],
        "rows": plain(rows),
        "labels": {code: r.label for code, r in rules.items()},
    }


def _late(warnings):
    labels = warnings["labels"]
    late = []
    for row in warnings["rows"]:
        for code, f in row["findings"].items():
            if f["status"] in ("red", "amber"):
                late.append(
                    {
                        "org": row["org"],
                        "check": labels.get(code, code),
                        "status": f["status"],
                        "text": f["text"],
                        "url": f.get("url", ""),
                    }
                )
    late.sort(key=lambda x: (x["status"] != "red", x["org"]["name"]))
    return late


def _rankings(warnings, widgets):
    ranked = sorted(warnings["rows"], key=lambda r: (r["red"], r["amber"], -r["green"], r["org"]["name"]))
    out = []
    if ranked:
        rows, rank, last = [], 0, None
        for i, r in enumerate(ranked, start=1):
            key = (r["red"], r["amber"], r["green"])
            rank = rank if key == last else i
            last = key
            rows.append({"rank": rank, "org": r["org"], "value": f"红{r['red']} 黄{r['amber']} 绿{r['green']}"})
        out.append({"title": "三会一课预警排名（红色少者在前）", "rows": rows})
    for w in widgets:
        items = [i for i in w.get("items", []) if isinstance(i.get("value"), int | float) and i.get("org")]
        if items:
            out.append(
                {
                    "title": w["title"],
                    "rows": [
                        {"rank": n, "org": i["org"], "value": f"{i['value']}{w.get('unit', '')}"}
                        for n, i in enumerate(items[:10], start=1)
                    ],
                }
            )
    return out


def _highlights(warnings, widgets):
    out = []
    green = [r["org"]["name"] for r in warnings["rows"] if r["status"] == "green"]
    if green:
        names = "、".join(green[:8]) + ("等" if len(green) > 8 else "")
        out.append(f"{len(green)} 个党支部三会一课全部按期落实：{names}。")
    for w in widgets:
        if w.get("status") == "green":
            out.append(f"{w['title']}：{w.get('value')}{w.get('unit', '')}，达到要求。")
    return out


def build_snapshot(user, org, year, month, today):
    day = as_of(year, month, today)
    widgets = _widgets(user, org, day)
    warnings = _warnings(org, day)
    return {
        "org": {"id": org.id, "name": org.name},
        "year": year,
        "month": month,
        "as_of": day.isoformat(),
        "generated_at": timezone.now().isoformat(),
        "widgets": widgets,
        "warnings": warnings,
        "sections": {
            "done": [
                {
                    "title": w["title"],
                    "value": w.get("value"),
                    "unit": w.get("unit", ""),
                    "status": w.get("status"),
                    "note": w.get("note", ""),
                }
                for w in widgets
            ],
            "late": _late(warnings),
            "rankings": _rankings(warnings, widgets),
            "highlights": _highlights(warnings, widgets),
        },
    }


SECTION_KEYS = [key for key, _label in REPORT_SECTIONS]
