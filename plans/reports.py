"""Read models of a plan: the division table (一表), memo chart, progress chart and timeline (两图一轴).

Each costs a fixed number of queries whatever the number of items, members or occurrences.
"""

import datetime
from collections import OrderedDict

from django.db.models import Prefetch

from orgs.models import Person

from . import schedule
from .choices import OCCURRENCE_STATUS_LABELS
from .models import Claim, ItemOwner, Occurrence, PlanItem

WEEKDAYS = ["一", "二", "三", "四", "五", "六", "日"]


def items_with_people(plan):
    owners = Prefetch("ownerships", queryset=ItemOwner.objects.select_related("person").order_by("id"))
    pending = Prefetch(
        "claims",
        queryset=Claim.objects.filter(state="pending").select_related("person"),
        to_attr="pending_claims",
    )
    items = list(
        PlanItem.objects.filter(plan=plan)
        .with_owner_status()
        .prefetch_related(owners, pending)
        .order_by("position", "id")
    )
    for item in items:
        item.plan = plan  # the rules and workflows ask for the item's organisation: no query per item
    return items


def grouped(items):
    groups = OrderedDict()
    for item in items:
        groups.setdefault(item.category, []).append(item)
    return list(groups.items())


def division(plan):
    """一表: members × items, every item's responsible people, items nobody has claimed, items whose claim
    waits for confirmation, members without items."""
    items = items_with_people(plan)
    members = list(
        Person.objects.filter(org__path__startswith=plan.org.path).active().party_members().order_by("name", "id")
    )
    known = {p.id for p in members}
    by_person = {p.id: [] for p in members}
    for item in items:
        for ow in item.ownerships.all():
            if ow.person_id not in known:  # an owner who is not a full member (e.g. 入党积极分子) still shows
                members.append(ow.person)
                known.add(ow.person_id)
                by_person[ow.person_id] = []
            by_person[ow.person_id].append(item)
    return {
        "items": items,
        "members": [(p, by_person[p.id]) for p in members],
        "unclaimed": [i for i in items if i.owner_status == "unclaimed"],
        "pending": [i for i in items if i.owner_status == "pending"],
        "idle": [p for p in members if not by_person[p.id]],
    }


def division_api(plan, user):
    from core import workflow

    d = division(plan)
    return {
        "plan": plan.id,
        "items": [
            {
                "id": i.id,
                "category": i.category,
                "title": i.title,
                "status": i.owner_status,
                "owners": [{"id": o.person_id, "name": o.person.name, "source": o.source} for o in i.ownerships.all()],
                "pending_claims": [
                    {
                        "id": c.id,
                        "person": {"id": c.person_id, "name": c.person.name},
                        "actions": workflow.available_names(c, user),
                    }
                    for c in i.pending_claims
                ],
                "actions": workflow.available_names(i, user),
            }
            for i in d["items"]
        ],
        "members": [{"id": p.id, "name": p.name, "items": [i.id for i in its]} for p, its in d["members"]],
        "unclaimed_items": [i.id for i in d["unclaimed"]],
        "pending_items": [i.id for i in d["pending"]],
        "members_without_items": [p.id for p in d["idle"]],
    }


def occurrences(plan, **filters):
    owners = Prefetch("item__ownerships", queryset=ItemOwner.objects.select_related("person").order_by("id"))
    occs = list(
        Occurrence.objects.filter(item__plan=plan, **filters)
        .with_item_owner_status()
        .select_related("item")
        .prefetch_related(owners)
        .order_by("due", "item__start_time", "id")
    )
    for occ in occs:
        occ.item.owner_status = occ.item_owner_status
        occ.item.plan = plan
    return occs


def owner_names(occ):
    return [o.person.name for o in occ.item.ownerships.all()]


def occurrence_api(occ, today):
    item = occ.item
    return {
        "id": occ.id,
        "item": item.id,
        "title": item.title,
        "category": item.category,
        "period": occ.period,
        "due": occ.due,
        "time": item.start_time.strftime("%H:%M") if item.start_time else None,
        "place": item.place,
        "owners": owner_names(occ),
        "status": occ.status(today),
        "completed_on": occ.completed_on,
        "record": occ.record_id,
    }


def memo(plan, year, month, today):
    """月度备忘图: what happens in the month, when, and who runs it — as a Monday-first calendar grid."""
    occs = occurrences(plan, due__year=year, due__month=month)
    by_day = {}
    for occ in occs:
        by_day.setdefault(occ.due, []).append(occ)
    weeks = [
        [{"date": d, "entries": by_day.get(d, [])} if d else None for d in week]
        for week in schedule.month_grid(year, month)
    ]
    return {
        "year": year,
        "month": month,
        "weeks": weeks,
        "entries": occs,
        "weekdays": WEEKDAYS,
        "today": today,
    }


def progress(plan):
    """年度工作推进图: planned vs completed occurrences per category and month."""
    rows = Occurrence.objects.filter(item__plan=plan).values_list("item__category", "due", "completed_on")
    categories = OrderedDict()
    for cat in PlanItem.objects.filter(plan=plan).order_by("position", "id").values_list("category", flat=True):
        categories.setdefault(cat, {"planned": [0] * 12, "done": [0] * 12})
    for cat, due, completed_on in rows:
        entry = categories.setdefault(cat, {"planned": [0] * 12, "done": [0] * 12})
        entry["planned"][due.month - 1] += 1
        if completed_on:
            entry["done"][due.month - 1] += 1
    planned = [sum(c["planned"][m] for c in categories.values()) for m in range(12)]
    done = [sum(c["done"][m] for c in categories.values()) for m in range(12)]
    return {
        "months": [f"{m}月" for m in range(1, 13)],
        "categories": [
            {"category": k, **v, "planned_total": sum(v["planned"]), "done_total": sum(v["done"])}
            for k, v in categories.items()
        ],
        "planned": planned,
        "done": done,
        "planned_total": sum(planned),
        "done_total": sum(done),
    }


def timeline(plan, today):
    """一轴: every occurrence of the year in date order, past ones marked done, late or missed."""
    occs = occurrences(plan)
    return [(occ, occ.status(today)) for occ in occs]


def status_label(status):
    return OCCURRENCE_STATUS_LABELS.get(status, status)


def parse_month(value):
    """'2026-03' → (2026, 3); None for anything else."""
    try:
        y, m = (int(x) for x in str(value).split("-"))
        datetime.date(y, m, 1)
    except (TypeError, ValueError):
        return None
    if not 2000 <= y <= 2100:
        return None
    return y, m
