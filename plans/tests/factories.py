"""Small builders for plan tests (actions are the only writers, so tests build through them)."""

import datetime

from plans import actions
from records.models import Record


def make_plan(admin, org, year=2026, title=None):
    return actions.create_plan(
        by=admin,
        data={"org": org.pk, "year": year, "title": title or f"{year}年度党建工作清单", "source": "《主体责任清单》"},
        orgs=type(org).objects.all(),
    )


def add_item(admin, plan, title="召开支部委员会会议", category="三会一课", **when):
    data = {"category": category, "title": title, "method": "书记主持", "standard": "有记录"}
    data.update({k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in when.items()})
    if not any(k in data for k in ("due", "month", "recurrence")):
        data["due"] = datetime.date(plan.year, 3, 15).isoformat()
    return actions.add_item(plan, by=admin, data=data)


def make_record(org, type_, date, title=None, also=()):
    return Record.objects.create(
        org=org, type=type_, date=date, title=title or f"{date:%m月}{type_}", also_counts_as=list(also)
    )
