"""Plan items (一解 entries) in the shared search index (see search/registry.py)."""

import datetime

from django.urls import reverse


def item_document(item):
    from search.registry import Document

    plan = item.plan
    when = item.due_date
    if when is None and item.month:
        when = datetime.date(plan.year, item.month, min(item.day or 1, 28))
    body = "\n".join(x for x in [item.category, item.place, item.method, item.standard, plan.title] if x)
    return Document(org=plan.org, title=item.title, body=body, date=when, type=item.record_type or "")


def register():
    from records.choices import RECORD_TYPE_LABELS
    from search.registry import register as register_kind

    from .models import PlanItem

    register_kind(
        "plan_item",
        label="清单事项",
        model=PlanItem,
        document=item_document,
        url=lambda pk: reverse("plans:item_detail", args=[pk]),
        queryset=lambda: PlanItem.objects.select_related("plan__org"),
        type_labels=RECORD_TYPE_LABELS,
    )
