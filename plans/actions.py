"""Writes of the 路径化 module: validate, check permission, change inside a transaction, audit.

The claim, assignment and completion writes are transitions of plans.workflows, run by core.workflow;
every other write checks its verb (plans/rules.py) first.
"""

import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from core import audit, workflow
from core.errors import ActionError, Conflict, Invalid
from core.forms import validate
from core.verbs import require_verb
from records.choices import ANNUAL_TYPES

from . import schedule, workflows
from .forms import CloneForm, ItemForm, PlanForm, RuleForm
from .models import Claim, ItemOwner, ObligationRule, Occurrence, Plan, PlanItem

ITEM_FIELDS = [
    "category",
    "title",
    "due_date",
    "month",
    "recurrence",
    "day",
    "start_time",
    "place",
    "method",
    "standard",
    "record_type",
]


def require_manage(by, org):
    """plans.manage: the organisation's 党务管理员 (never a system role)."""
    require_verb(by, "plans.manage", org)


# ---- plans -----------------------------------------------------------------------------------


def create_plan(*, by, data, orgs, files=None):
    cleaned = validate(PlanForm(data, files, orgs=orgs))
    org = cleaned["org"]
    require_manage(by, org)
    if Plan.objects.filter(org=org, year=cleaned["year"]).exists():
        raise Invalid(
            f"{org.name}已有{cleaned['year']}年度的工作清单。",
            {"year": [f"{cleaned['year']}年度的工作清单已存在。"]},
        )
    try:
        with transaction.atomic():
            plan = Plan.objects.create(
                org=org,
                year=cleaned["year"],
                title=cleaned["title"],
                source=cleaned["source"].strip(),
                created_by=by,
            )
            if cleaned.get("source_file"):
                data, ext = cleaned["source_file"]
                plan.source_file.save(f"{uuid.uuid4().hex}.{ext}", ContentFile(data), save=True)
            audit.record("plans.plan.create", by=by, obj=plan, org=org, after=audit.snapshot(plan))
    except IntegrityError:
        raise Invalid(
            f"{org.name}已有{cleaned['year']}年度的工作清单。",
            {"year": [f"{cleaned['year']}年度的工作清单已存在。"]},
        )
    return plan


def publish_template(plan, *, by, published=True):
    require_manage(by, plan.org)
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan.pk)
        before = audit.snapshot(plan)
        plan.is_template = published
        plan.published_at = timezone.now() if published else None
        plan.save(update_fields=["is_template", "published_at", "updated_at"])
        audit.record(
            "plans.plan.publish" if published else "plans.plan.unpublish",
            by=by,
            obj=plan,
            org=plan.org,
            before=before,
            after=audit.snapshot(plan),
        )
    return plan


# ---- items -----------------------------------------------------------------------------------


def _item_values(cleaned):
    values = {k: cleaned.get(k) for k in ITEM_FIELDS if k != "due_date"}
    values["due_date"] = cleaned.get("due")
    for k in ("recurrence", "place", "method", "standard", "record_type"):
        values[k] = (values[k] or "").strip()
    return values


def sync_occurrences(item):
    """Make the item's occurrences match its schedule; completed ones are never touched."""
    wanted = dict(schedule.item_schedule(item, item.plan.year))
    existing = {o.period: o for o in item.occurrences.all()}
    for period, occ in existing.items():
        if period not in wanted and occ.completed_on is None:
            occ.delete()
        elif period in wanted and occ.completed_on is None and occ.due != wanted[period]:
            occ.due = wanted[period]
            occ.save(update_fields=["due"])
    Occurrence.objects.bulk_create(
        [Occurrence(item=item, period=p, due=d) for p, d in wanted.items() if p not in existing]
    )


_set_owners = workflows.set_owners


def add_item(plan, *, by, data):
    require_manage(by, plan.org)
    cleaned = validate(ItemForm(data, plan=plan))
    with transaction.atomic():
        last = plan.items.order_by("-position").values_list("position", flat=True).first() or 0
        item = PlanItem.objects.create(plan=plan, position=last + 1, **_item_values(cleaned))
        _set_owners(item, cleaned.get("owners") or [], by=by)
        sync_occurrences(item)
        audit.record(
            "plans.planitem.create",
            by=by,
            obj=item,
            org=plan.org,
            after={**audit.snapshot(item), "owners": [p.pk for p in cleaned.get("owners") or []]},
        )
    return item


def item_form_data(item):
    return {
        "category": item.category,
        "title": item.title,
        "due": item.due_date,
        "month": item.month,
        "recurrence": item.recurrence,
        "day": item.day,
        "start_time": item.start_time,
        "place": item.place,
        "method": item.method,
        "standard": item.standard,
        "record_type": item.record_type,
        "owners": [o.pk for o in item.owners.all()],
    }


def update_item(item, *, by, data):
    require_manage(by, item.plan.org)
    cleaned = validate(ItemForm({**item_form_data(item), **data}, plan=item.plan))
    with transaction.atomic():
        item = PlanItem.objects.select_for_update().select_related("plan__org").get(pk=item.pk)
        before = audit.snapshot(item)
        for k, v in _item_values(cleaned).items():
            setattr(item, k, v)
        item.save()
        if "owners" in data:
            keep = {p.pk for p in cleaned.get("owners") or []}
            item.ownerships.exclude(person_id__in=keep).delete()
            _set_owners(item, cleaned.get("owners") or [], by=by)
        sync_occurrences(item)
        audit.record(
            "plans.planitem.update", by=by, obj=item, org=item.plan.org, before=before, after=audit.snapshot(item)
        )
    return item


def delete_item(item, *, by):
    """Soft delete: the item, with its time nodes, owners, claims and completion records, goes to the 回收站
    (restorable for 30 days by the organisation's 党务管理员, see core/trash.py)."""
    require_manage(by, item.plan.org)
    with transaction.atomic():
        item = PlanItem.objects.select_for_update().select_related("plan__org").filter(pk=item.pk).first()
        if item is None:
            raise Conflict("该事项已删除。")
        before = {
            **audit.snapshot(item),
            "owners": list(item.ownerships.values_list("person_id", flat=True)),
            "completed": list(item.occurrences.filter(completed_on__isnull=False).values_list("period", flat=True)),
        }
        item.soft_delete(by)
        audit.record(
            "plans.planitem.delete",
            by=by,
            obj=item,
            org=item.plan.org,
            before=before,
            after={"deleted_at": item.deleted_at},
        )
    return item


# ---- claiming (认领) and assignment: plans.workflows.ITEM and CLAIM -----------------------------------


def claim_item(item, *, by, data=None):
    """A member offers to answer for an item; another admin of its organisation confirms or rejects it."""
    workflow.run(item, "claim", by=by, data=data or {})
    return Claim.objects.select_related("item", "person").get(item=item, person_id=by.person_id, state="pending")


def confirm_claim(claim, *, by):
    return workflow.run(claim, "confirm", by=by)


def reject_claim(claim, *, by, data=None):
    return workflow.run(claim, "reject", by=by, data=data or {})


def assign_owner(item, *, by, data):
    """Direct assignment by the admin (the division must end with every item owned); her pending claim on
    the item, if any, is confirmed by it."""
    workflow.run(item, "assign", by=by, data=data)
    return ItemOwner.objects.select_related("person").get(item=item, person_id=data["person"])


def remove_owner(item, person, *, by):
    """Take a person off an item (confirmed on the page, naming her). Not a trash object: the event keeps
    who it was and how she became owner, and 指派 puts her back."""
    require_verb(by, "plans.assign", item)
    with transaction.atomic():
        owner = ItemOwner.objects.select_for_update().filter(item=item, person=person).first()
        if owner is None:
            raise Conflict(f"{person.name}不是该事项的责任人。")
        before = {"person": person.pk, "name": person.name, "source": owner.source}
        owner.delete()
        audit.record(
            "plans.planitem.unassign",
            by=by,
            obj=item,
            org=item.plan.org,
            before=before,
            object_repr=f"{item.title} · {person.name}",
        )


# ---- completing occurrences: plans.workflows.OCCURRENCE ----------------------------------------------


def complete_occurrence(occ, *, by, data, files=(), records=None):
    """Complete by linking a record (meetings) or by a note with attachments; on time iff by the due date.
    `records`: the records the caller may link (default: those visible to her)."""
    return workflow.run(occ, "complete", by=by, data=data, files=files, records=records)


def record_fulfils(record, code, period):
    """Whether `record` fulfils the occurrence `period` of an item of type `code`.

    Like the compliance view: a yearly occurrence of a yearly duty (组织生活会, 民主评议党员) is met by the
    record held for that year (所属年度), even in the next year's first quarter; any other occurrence by a
    record of its year dated inside its period."""
    if code not in record.counts_as():
        return False
    if period.isdigit() and code in ANNUAL_TYPES:
        return int(period) == record.year_for(code)
    start, end = schedule.period_bounds(period)
    return record.year_for(code) == start.year and start <= record.date <= end


def occurrences_for_record(record):
    """Open occurrences a record fulfils: an item of its type (or one it also counts as), in a plan of the
    record's organisation or an organisation above it, for the year the record counts in (record_fulfils)."""
    org_path = record.org.path
    steplen = type(record.org).steplen
    ancestors = [org_path[:n] for n in range(steplen, len(org_path) + 1, steplen)]
    by_code = Q()
    for code in sorted(record.counts_as()):
        by_code |= Q(item__record_type=code, item__plan__year=record.year_for(code))
    candidates = (
        Occurrence.objects.open().filter(by_code, item__plan__org__path__in=ancestors).select_related("item__plan__org")
    )
    return [occ for occ in candidates if record_fulfils(record, occ.item.record_type, occ.period)]


def link_record(record, *, by):
    """Complete every open occurrence the record fulfils (plans.receivers, when a record is filed or changed)."""
    done = []
    for occ in occurrences_for_record(record):
        try:
            done.append(complete_occurrence(occ, by=by, data={"record": record.pk}))
        except ActionError:
            continue  # not the caller's to complete (or to see), or already done: leave it for its owner
    return done


def reopen_occurrence(occ, *, by):
    return workflow.run(occ, "reopen", by=by)


# ---- templates (复制性强) --------------------------------------------------------------------------


def clone_plan(source, *, by, data, orgs):
    """Clone a plan to another org or year: dates shift, owners reset, categories and standards kept."""
    cleaned = validate(CloneForm(data, orgs=orgs))
    org, year = cleaned["org"], cleaned["year"]
    require_manage(by, org)
    if Plan.objects.filter(org=org, year=year).exists():
        raise Invalid(f"{org.name}已有{year}年度的工作清单。", {"year": [f"{year}年度的工作清单已存在。"]})
    shift = year - source.year
    title = cleaned.get("title", "").strip() or source.title.replace(str(source.year), str(year))
    with transaction.atomic():
        plan = Plan.objects.create(
            org=org, year=year, title=title, source=source.source, cloned_from=source, created_by=by
        )
        for old in source.items.order_by("position", "id"):
            item = PlanItem.objects.create(
                plan=plan,
                category=old.category,
                title=old.title,
                due_date=schedule.shift_year(old.due_date, shift),
                month=old.month,
                recurrence=old.recurrence,
                day=old.day,
                start_time=old.start_time,
                place=old.place,
                method=old.method,
                standard=old.standard,
                record_type=old.record_type,
                position=old.position,
            )
            item.plan = plan
            sync_occurrences(item)
        audit.record("plans.plan.clone", by=by, obj=plan, org=org, after={**audit.snapshot(plan), "from": source.pk})
    return plan


# ---- obligation rules ------------------------------------------------------------------------------


def save_rule(*, by, data, orgs):
    cleaned = validate(RuleForm(data, orgs=orgs))
    org = cleaned["org"]
    require_verb(by, "plans.manage_rules", org)
    with transaction.atomic():
        rule, created = ObligationRule.objects.select_for_update().get_or_create(
            org=org,
            org_kind=cleaned["org_kind"],
            obligation=cleaned["obligation"],
            defaults={"frequency": cleaned["frequency"], "source": cleaned["source"].strip()},
        )
        before = None if created else audit.snapshot(rule)
        rule.frequency, rule.per_group = cleaned["frequency"], cleaned["per_group"]
        rule.source, rule.active = cleaned["source"].strip(), cleaned["active"]
        rule.save()
        audit.record("plans.obligationrule.save", by=by, obj=rule, org=org, before=before, after=audit.snapshot(rule))
    return rule
