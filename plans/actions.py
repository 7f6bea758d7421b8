"""Writes of the 路径化 module: validate, check permission, change inside a transaction, audit."""

import uuid

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.permissions import require
from core import audit, uploads
from core.errors import Conflict, Forbidden, Invalid
from core.forms import validate
from records.choices import ANNUAL_TYPES

from . import schedule
from .forms import ClaimForm, CloneForm, CompleteForm, DecisionForm, ItemForm, PlanForm, RuleForm
from .models import Claim, ItemOwner, ObligationRule, Occurrence, OccurrenceAttachment, Plan, PlanItem

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10
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


def _today():
    return timezone.localdate()


def require_manage(by, org, message="只有本组织的党务管理员可以执行此操作。"):
    require(by, "plans.manage", org, message=message)


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
            audit.record("plan.create", by=by, obj=plan, org=org, after=audit.snapshot(plan))
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
            "plan.publish" if published else "plan.unpublish",
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


def _set_owners(item, people, *, by, source="assigned"):
    for person in people:
        ItemOwner.objects.get_or_create(item=item, person=person, defaults={"source": source, "assigned_by": by})


def add_item(plan, *, by, data):
    require_manage(by, plan.org)
    cleaned = validate(ItemForm(data, plan=plan))
    with transaction.atomic():
        last = plan.items.order_by("-position").values_list("position", flat=True).first() or 0
        item = PlanItem.objects.create(plan=plan, position=last + 1, **_item_values(cleaned))
        _set_owners(item, cleaned.get("owners") or [], by=by)
        sync_occurrences(item)
        audit.record(
            "plan.item.create",
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
        audit.record("plan.item.update", by=by, obj=item, org=item.plan.org, before=before, after=audit.snapshot(item))
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
            "plan.item.delete",
            by=by,
            obj=item,
            org=item.plan.org,
            before=before,
            after={"deleted_at": item.deleted_at},
        )
    return item


# ---- claiming (认领) and assignment -------------------------------------------------------------


def claim_item(item, *, by, data=None):
    cleaned = validate(ClaimForm(data or {}))
    org = item.plan.org
    require(by, "plans.claim", org, message="只有本组织的党员可以认领事项。")
    person = by.person
    if item.ownerships.filter(person=person).exists():
        raise Conflict("您已是该事项的责任人。")
    with transaction.atomic():
        PlanItem.objects.select_for_update().filter(pk=item.pk).first()
        if Claim.objects.filter(item=item, person=person, state="pending").exists():
            raise Conflict("您已认领该事项，正在等待确认。")
        claim = Claim.objects.create(item=item, person=person, note=cleaned["note"].strip(), claimed_by=by)
        audit.record("plan.claim", by=by, obj=claim, org=org, after=audit.snapshot(claim))
    return claim


def _decide(claim, *, by, state, reason=""):
    org = claim.item.plan.org
    require_manage(by, org, message="只有本组织的党务管理员可以确认或驳回认领。")
    if by.person_id and claim.person_id == by.person_id:
        raise Forbidden("不能确认或驳回自己的认领，请由其他管理员处理。")
    with transaction.atomic():
        claim = Claim.objects.select_for_update().select_related("item__plan__org", "person").get(pk=claim.pk)
        if claim.state != "pending":
            raise Conflict(f"该认领已{claim.get_state_display()}，不能重复处理。")
        before = audit.snapshot(claim)
        claim.state, claim.decided_by, claim.decided_at, claim.reason = state, by, timezone.now(), reason
        claim.save()
        if state == "confirmed":
            _set_owners(claim.item, [claim.person], by=by, source="claim")
        audit.record(
            "plan.claim.confirm" if state == "confirmed" else "plan.claim.reject",
            by=by,
            obj=claim,
            org=org,
            before=before,
            after=audit.snapshot(claim),
        )
    return claim


def confirm_claim(claim, *, by):
    return _decide(claim, by=by, state="confirmed")


def reject_claim(claim, *, by, data=None):
    cleaned = validate(DecisionForm(data or {}))
    return _decide(claim, by=by, state="rejected", reason=cleaned["reason"].strip())


def assign_owner(item, *, by, data):
    """Direct assignment by the admin (the division must end with every item owned)."""
    from .forms import AssignForm

    require_manage(by, item.plan.org)
    cleaned = validate(AssignForm(data, plan=item.plan))
    person = cleaned["person"]
    with transaction.atomic():
        owner, created = ItemOwner.objects.get_or_create(
            item=item, person=person, defaults={"source": "assigned", "assigned_by": by}
        )
        if not created:
            raise Conflict(f"{person.name}已是该事项的责任人。")
        Claim.objects.filter(item=item, person=person, state="pending").update(
            state="confirmed", decided_by=by, decided_at=timezone.now()
        )
        audit.record("plan.assign", by=by, obj=item, org=item.plan.org, after={"person": person.pk})
    return owner


def remove_owner(item, person, *, by):
    """Take a person off an item (confirmed on the page, naming her). Not a trash object: the event keeps
    who it was and how she became owner, and 指派 puts her back."""
    require_manage(by, item.plan.org)
    with transaction.atomic():
        owner = ItemOwner.objects.select_for_update().filter(item=item, person=person).first()
        if owner is None:
            raise Conflict(f"{person.name}不是该事项的责任人。")
        before = {"person": person.pk, "name": person.name, "source": owner.source}
        owner.delete()
        audit.record(
            "plan.unassign",
            by=by,
            obj=item,
            org=item.plan.org,
            before=before,
            object_repr=f"{item.title} · {person.name}",
        )


# ---- completing occurrences ----------------------------------------------------------------------


def _check_files(files):
    """Validate every file by its content before anything is saved → [(clean name, bytes, ext)]."""
    if len(files) > MAX_ATTACHMENTS:
        msg = f"一次最多上传{MAX_ATTACHMENTS}个附件。"
        raise Invalid(msg, {"files": [msg]})
    checked = []
    for f in files:
        uploads.check_size(f.name, f.size, max_bytes=MAX_ATTACHMENT_BYTES)
        data = f.read()
        ext, _content_type, _kind = uploads.validate(
            f.name, data, max_bytes=MAX_ATTACHMENT_BYTES, allowed=uploads.WITH_PRESENTATIONS
        )
        checked.append((uploads.stored_name(f.name, ext), data, ext))
    return checked


def complete_occurrence(occ, *, by, data, files=(), records=None):
    """Complete by linking a record (meetings) or by a note with attachments; on time iff by the due date."""
    item = occ.item
    org = item.plan.org
    is_owner = by.person_id and item.ownerships.filter(person_id=by.person_id).exists()
    if not is_owner and not by.has_perm("plans.manage", org):
        raise Forbidden("只有事项责任人或党务管理员可以登记完成情况。")
    cleaned = validate(CompleteForm(data))
    files = _check_files(list(files))
    record = None
    if cleaned.get("record"):
        from records.models import Record

        qs = records if records is not None else Record.objects.visible_to(by)
        record = qs.filter(pk=cleaned["record"], org__path__startswith=org.path).first()
        if record is None:
            raise Invalid("关联的活动记录不存在，或不属于本组织。", {"record": ["记录不存在或不属于本组织。"]})
        if item.record_type and item.record_type not in record.counts_as():
            raise Invalid("所选记录的类型与事项要求不符。", {"record": ["记录类型不符。"]})
        year = record.year_for(item.record_type) if item.record_type else record.date.year
        if year != item.plan.year:
            if year != record.date.year:  # a yearly duty held for another year (所属年度)
                msg = f"所选记录是{year}年度的{record.type_label}，不计入{item.plan.year}年度。"
            else:
                msg = f"所选记录不在{item.plan.year}年度内。"
            raise Invalid(msg, {"record": [msg]})
        completed_on = record.date
    else:
        if item.record_type:
            raise Invalid("会议类事项须关联一条活动记录。", {"record": ["请选择活动记录。"]})
        if not cleaned["note"].strip():
            raise Invalid("请填写完成说明。", {"note": ["请填写完成说明。"]})
        completed_on = cleaned.get("completed_on") or _today()
        if completed_on > _today():
            raise Invalid("完成日期不能晚于今天。", {"completed_on": ["完成日期不能晚于今天。"]})
    with transaction.atomic():
        occ = Occurrence.objects.select_for_update().get(pk=occ.pk)
        if occ.completed_on:
            raise Conflict("该节点已登记完成。")
        before = audit.snapshot(occ)
        occ.completed_on, occ.record, occ.note = completed_on, record, cleaned["note"].strip()
        occ.completed_by, occ.completed_at = by, timezone.now()
        occ.save()
        for name, data, ext in files:
            # Stored under a random name; the name it came with is kept only as a label.
            OccurrenceAttachment.objects.create(
                occurrence=occ,
                file=ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}"),
                name=name[:200],
                content_type=uploads.TYPES[ext][0],
                size=len(data),
                uploaded_by=by,
            )
        audit.record(
            "plan.occurrence.complete",
            by=by,
            obj=occ,
            org=org,
            before=before,
            after={**audit.snapshot(occ), "attachments": [name for name, _data, _ext in files]},
        )
    return occ


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
        except (Forbidden, Invalid, Conflict):
            continue  # not the caller's to complete, or already done: leave it for its owner
    return done


def reopen_occurrence(occ, *, by):
    require_manage(by, occ.item.plan.org)
    with transaction.atomic():
        occ = Occurrence.objects.select_for_update().get(pk=occ.pk)
        if not occ.completed_on:
            raise Conflict("该节点尚未完成。")
        before = audit.snapshot(occ)
        occ.completed_on = occ.record = occ.completed_by = occ.completed_at = None
        occ.save()
        audit.record(
            "plan.occurrence.reopen",
            by=by,
            obj=occ,
            org=occ.item.plan.org,
            before=before,
            after=audit.snapshot(occ),
        )
    return occ


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
        audit.record("plan.clone", by=by, obj=plan, org=org, after={**audit.snapshot(plan), "from": source.pk})
    return plan


# ---- obligation rules ------------------------------------------------------------------------------


def save_rule(*, by, data, orgs):
    cleaned = validate(RuleForm(data, orgs=orgs))
    org = cleaned["org"]
    require_manage(by, org, message="只有该组织的党务管理员可以调整组织生活规则。")
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
        audit.record("plan.rule.save", by=by, obj=rule, org=org, before=before, after=audit.snapshot(rule))
    return rule
