"""Writes on points: schemes and items, declarations, two-way confirmation, three-level review, the ledger."""

import re

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from accounts import scope
from accounts.permissions import require
from core import audit, uploads
from core.errors import ActionError, Conflict, Forbidden, Invalid, NotFound
from core.forms import validate
from core.models import path_q
from core.params import MAX_ID
from orgs.models import Organisation, Person

from . import evidence
from .choices import (
    APPROVED,
    AWAITING_CONFIRMATION,
    EDITABLE_STATES,
    LEVEL_LABELS,
    LEVEL_ROLES,
    LEVEL_STATES,
    PENDING_L1,
    REJECTED,
    RETURNED,
    STATE_LABELS,
    STATE_LEVELS,
)
from .forms import ConfirmForm, DeclarationForm, ItemForm, ReasonForm, ReviewForm, SchemeForm
from .models import Declaration, Dimension, Evidence, Item, LedgerEntry, Review, Scheme

MANAGE_MESSAGE = "只有制定该积分方案的工委党务管理员可以执行此操作。"


# ---------------------------------------------------------------- schemes and items


def scheme_orgs(user):
    """Where the user may set up a scheme: the subtrees she administers as 党务管理员.

    A business write, so it needs a business role: the sysadmin's structure rights over every organisation
    (`Organisation.objects.structure_editable_by`) do not count (三员分立).
    """
    return Organisation.objects.filter(path_q("path", scope.admin_paths(user)))


def create_scheme(*, by, data):
    cleaned = validate(SchemeForm(data, orgs=scheme_orgs(by)))
    org = cleaned["org"]
    require(by, "points.add_scheme", org, MANAGE_MESSAGE)
    if Scheme.objects.filter(org=org, year=cleaned["year"], name=cleaned["name"]).exists():
        raise Conflict(f"{org.name}{cleaned['year']}年已有同名积分方案。")
    with transaction.atomic():
        scheme = Scheme.objects.create(
            org=org,
            year=cleaned["year"],
            name=cleaned["name"],
            full_marks=cleaned["full_marks"],
            linkage_every=cleaned["linkage_every"],
            linkage_mode=cleaned["linkage_mode"],
            created_by=by,
        )
        audit.record("points.scheme.create", by=by, obj=scheme, after=audit.snapshot(scheme))
    return scheme


def _dimension(scheme, name):
    dim = Dimension.objects.filter(scheme=scheme, name=name).first()
    if dim is None:
        order = Dimension.objects.filter(scheme=scheme).count() + 1
        dim = Dimension.objects.create(scheme=scheme, name=name, order=order)
    return dim


def _create_item(scheme, cleaned):
    dim = _dimension(scheme, cleaned["dimension"])
    return Item.objects.create(
        scheme=scheme,
        dimension=dim,
        name=cleaned["name"],
        requirement=cleaned.get("requirement") or "",
        standard=cleaned.get("standard") or "",
        points=cleaned["points"],
        subject_type=cleaned["subject_type"],
        cap=cleaned.get("cap"),
        allow_fraction=bool(cleaned.get("allow_fraction")),
        order=Item.objects.filter(scheme=scheme).count() + 1,
    )


def add_item(scheme, *, by, data):
    require(by, "points.manage_scheme", scheme, MANAGE_MESSAGE)
    cleaned = validate(ItemForm(data))
    with transaction.atomic():
        item = _create_item(scheme, cleaned)
        audit.record("points.item.create", by=by, obj=item, after=audit.snapshot(item))
    return item


def clone_scheme(scheme, *, by):
    """复制到下一年度: the same dimensions and items for year + 1; declarations and ledger start empty."""
    require(by, "points.manage_scheme", scheme, MANAGE_MESSAGE)
    year = scheme.year + 1
    name = re.sub(str(scheme.year), str(year), scheme.name)
    if Scheme.objects.filter(org=scheme.org, year=year, name=name).exists():
        raise Conflict(f"{year}年已有同名积分方案“{name}”，不能重复复制。")
    with transaction.atomic():
        new = Scheme.objects.create(
            org=scheme.org,
            year=year,
            name=name,
            full_marks=scheme.full_marks,
            linkage_every=scheme.linkage_every,
            linkage_mode=scheme.linkage_mode,
            cloned_from=scheme,
            created_by=by,
        )
        dims = {}
        for d in scheme.dimensions.all():
            dims[d.pk] = Dimension.objects.create(scheme=new, name=d.name, order=d.order)
        Item.objects.bulk_create(
            [
                Item(
                    scheme=new,
                    dimension=dims[i.dimension_id],
                    name=i.name,
                    requirement=i.requirement,
                    standard=i.standard,
                    points=i.points,
                    subject_type=i.subject_type,
                    cap=i.cap,
                    allow_fraction=i.allow_fraction,
                    order=i.order,
                )
                for i in scheme.items.all()
            ]
        )
        audit.record(
            "points.scheme.clone", by=by, obj=new, before={"cloned_from": scheme.pk}, after=audit.snapshot(new)
        )
    return new


# ---------------------------------------------------------------- declarations


def unit_admin_paths(user, scheme):
    """Admin paths below the scheme's committee: the units (党委/支部) the user manages as a unit."""
    return [p for p in scope.admin_paths(user) if len(p) > len(scheme.org.path) and p.startswith(scheme.org.path)]


def is_unit_admin(user, scheme, org):
    return any(org.path.startswith(p) for p in unit_admin_paths(user, scheme))


def declaration_form(by, data, scheme=None):
    items = Item.objects.visible_to(by).select_related("scheme", "scheme__org")
    if scheme is not None:
        items = items.filter(scheme=scheme)
    # Only what the declarant can see: another branch's person or organisation answers exactly like a missing
    # one (the form's "不存在" message), never a 403 that would confirm it exists.
    orgs = Organisation.objects.visible_to(by)
    people = Person.objects.visible_to(by).select_related("org")
    return DeclarationForm(data, items=items, orgs=orgs, people=people)


def _records(by, ids, subject_org):
    from records.models import Record

    ids = [int(i) for i in ids or [] if str(i).isdigit()]
    if not ids:
        return []
    if max(ids) > MAX_ID:  # no such record, and too large for the database to look up
        raise Invalid("关联的活动记录不存在，或不属于申报对象所在组织。", {"records": ["活动记录无效。"]})
    found = list(Record.objects.visible_to(by).filter(pk__in=ids, org__path__startswith=subject_org.path))
    if len(found) != len(set(ids)):
        raise Invalid("关联的活动记录不存在，或不属于申报对象所在组织。", {"records": ["活动记录无效。"]})
    return found


def _check_declarant(by, item, subject_org, subject_person):
    """Return whether the unit must confirm (双向确认), or refuse: who may declare for whom."""
    scheme = item.scheme
    if is_unit_admin(by, scheme, subject_org):
        return False  # the unit's own declaration: the review is the committee's confirmation
    if subject_person is not None and by.person_id == subject_person.pk:
        return False  # a member (or cadre) declaring for herself
    if by.has_perm("points.manage_scheme", scheme):
        return True  # entered by the committee: the unit confirms before review
    raise Forbidden("只能为本组织及其下级组织、本组织的人员或本人申报积分。")


def create_declaration(*, by, data, records=None):
    cleaned = validate(declaration_form(by, data))
    item, person = cleaned["item"], cleaned.get("subject_person")
    subject_org = person.org if person is not None else cleaned["subject_org"]
    needs_confirmation = _check_declarant(by, item, subject_org, person)
    linked = _records(by, records, subject_org)
    with transaction.atomic():
        decl = Declaration.objects.create(
            scheme=item.scheme,
            item=item,
            subject_type=item.subject_type,
            subject_org=subject_org,
            subject_person=person,
            quantity=cleaned["quantity"],
            points=item.points * cleaned["quantity"],
            occurred_on=cleaned["occurred_on"],
            description=cleaned.get("description") or "",
            declared_by=by,
            needs_unit_confirmation=needs_confirmation,
        )
        if linked:
            decl.records.set(linked)
        audit.record("points.declare", by=by, obj=decl, after=audit.snapshot(decl))
    return decl


def declaration_data(decl):
    return {
        "item": decl.item_id,
        "subject_org": decl.subject_org_id if not decl.subject_person_id else "",
        "subject_person": decl.subject_person_id or "",
        "quantity": decl.quantity,
        "occurred_on": decl.occurred_on.isoformat(),
        "description": decl.description,
    }


def _check_can_update(decl, by):
    if decl.declared_by_id != by.pk:
        raise Forbidden("只有申报人可以修改申报。")
    if decl.state not in EDITABLE_STATES:
        raise Conflict(f"申报已{STATE_LABELS[decl.state]}，不能修改。")


def update_declaration(decl, *, by, data, records=None):
    _check_can_update(decl, by)
    merged = {**declaration_data(decl), **data}
    cleaned = validate(declaration_form(by, merged))
    item, person = cleaned["item"], cleaned.get("subject_person")
    subject_org = person.org if person is not None else cleaned["subject_org"]
    needs_confirmation = _check_declarant(by, item, subject_org, person)
    linked = _records(by, records, subject_org) if records is not None else None
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=decl.pk)
        if decl.state not in EDITABLE_STATES:
            raise Conflict(f"申报已{STATE_LABELS[decl.state]}，不能修改。")
        before = audit.snapshot(decl)
        decl.scheme, decl.item, decl.subject_type = item.scheme, item, item.subject_type
        decl.subject_org, decl.subject_person = subject_org, person
        decl.quantity, decl.points = cleaned["quantity"], item.points * cleaned["quantity"]
        decl.occurred_on, decl.description = cleaned["occurred_on"], cleaned.get("description") or ""
        decl.needs_unit_confirmation = needs_confirmation
        decl.save()
        if linked is not None:
            decl.records.set(linked)
        audit.record("points.declaration.update", by=by, obj=decl, before=before, after=audit.snapshot(decl))
    return decl


def _check_editable_by(decl, by):
    if decl.declared_by_id != by.pk:
        raise Forbidden("只有申报人可以上传佐证材料。")
    if decl.state not in EDITABLE_STATES:
        raise Conflict("申报已提交，不能再上传佐证材料。")


def _store_evidence(decl, *, by, name, content_type, ext, data):
    """Write one checked file and its row (inside the caller's transaction); the caller removes the file if
    the transaction does not commit."""
    ev = Evidence(declaration=decl, name=name, content_type=content_type, size=len(data), uploaded_by=by)
    ev.file.save(f"{decl.pk}.{ext}", ContentFile(data), save=False)
    ev.save()
    audit.record("points.evidence.add", by=by, obj=decl, after={"evidence": ev.pk, "name": name, "size": len(data)})
    return ev


def _discard(stored):
    for ev in stored:
        ev.file.storage.delete(ev.file.name)


def add_evidence(decl, *, by, name, data):
    _check_editable_by(decl, by)
    name, content_type, ext = evidence.check_upload(name, data)
    stored = []
    try:
        with transaction.atomic():
            stored.append(_store_evidence(decl, by=by, name=name, content_type=content_type, ext=ext, data=data))
    except Exception:
        _discard(stored)
        raise
    return stored[0]


def check_evidence(files):
    """Check every uploaded file (size first, then content) before anything is written.

    Returns ([(name, content type, ext, bytes)], [Chinese error per refused file])."""
    files = list(files)
    if len(files) > evidence.MAX_EVIDENCE_FILES:
        return [], [f"一次最多上传{evidence.MAX_EVIDENCE_FILES}个佐证材料（这次选了{len(files)}个）。"]
    checked, errors = [], []
    for f in files:
        try:
            uploads.check_size(f.name, f.size, max_bytes=evidence.MAX_EVIDENCE_BYTES)
            data = f.read(evidence.MAX_EVIDENCE_BYTES + 1)
            checked.append((*evidence.check_upload(f.name, data), data))
        except ActionError as e:
            errors.append(e.detail)
    return checked, errors


def save_declaration(decl=None, *, by, data, records=None, files=(), submit=False):
    """The declaration page's one write: the declaration, its evidence and (with `submit`) its submission
    commit together or not at all. A refused file, a refused field or a refused submission leaves
    everything as it was; every problem found is reported at once (field errors and "evidence")."""
    if decl is not None:
        _check_can_update(decl, by)
    checked, file_errors = check_evidence(files)
    if file_errors:
        merged = data if decl is None else {**declaration_data(decl), **data}
        form = declaration_form(by, merged)
        errors = {} if form.is_valid() else {f: [str(m) for m in msgs] for f, msgs in form.errors.items()}
        raise Invalid(file_errors[0], {**errors, "evidence": file_errors})
    stored = []
    try:
        with transaction.atomic():
            if decl is None:
                decl = create_declaration(by=by, data=data, records=records)
            else:
                decl = update_declaration(decl, by=by, data=data, records=records)
            for name, content_type, ext, content in checked:
                stored.append(_store_evidence(decl, by=by, name=name, content_type=content_type, ext=ext, data=content))
            if submit:
                decl = submit_declaration(decl, by=by)
    except Exception:
        _discard(stored)
        raise
    return decl


def _locked(decl):
    return Declaration.objects.select_for_update().select_related("subject_org", "scheme__org").get(pk=decl.pk)


def submit_declaration(decl, *, by):
    with transaction.atomic():
        decl = _locked(decl)
        if decl.declared_by_id != by.pk:
            raise Forbidden("只有申报人可以提交申报。")
        if decl.state not in EDITABLE_STATES:
            raise Conflict(f"申报当前为“{decl.state_label}”，不能提交。")
        before = audit.snapshot(decl)
        decl.state = AWAITING_CONFIRMATION if decl.needs_unit_confirmation else PENDING_L1
        decl.confirmed_by, decl.confirmed_at = None, None
        decl.submitted_at = timezone.now()
        decl.save()
        audit.record("points.declaration.submit", by=by, obj=decl, before=before, after=audit.snapshot(decl))
    return decl


def confirm_declaration(decl, *, by, data):
    """双向确认: the unit's admin confirms (or disputes) an entry the committee made for the unit."""
    cleaned = validate(ConfirmForm(data))
    with transaction.atomic():
        decl = _locked(decl)
        if decl.state != AWAITING_CONFIRMATION:
            raise Conflict(f"申报当前为“{decl.state_label}”，无需单位确认。")
        if decl.declared_by_id == by.pk or not is_unit_admin(by, decl.scheme, decl.subject_org):
            raise Forbidden("只有被申报单位的党务管理员可以确认。")
        before = audit.snapshot(decl)
        comment = (cleaned.get("comment") or "").strip()
        if cleaned["decision"] == "confirm":
            decl.state, decl.confirmed_by, decl.confirmed_at = PENDING_L1, by, timezone.now()
            Review.objects.create(declaration=decl, level=0, decision="confirm", comment=comment, reviewer=by)
        else:
            decl.state = RETURNED
            Review.objects.create(declaration=decl, level=0, decision="return", comment=comment, reviewer=by)
        decl.last_comment = comment
        decl.save()
        audit.record("points.declaration.confirm", by=by, obj=decl, before=before, after=audit.snapshot(decl))
    return decl


def holds_level(user, level, org):
    return any(org.path.startswith(p) for p in scope.role_paths(user, {LEVEL_ROLES[level]}))


# One literal code per decision, so the audit page's label registry can be checked against the source.
REVIEW_AUDIT_CODES = {
    "approve": "points.review.approve",
    "return": "points.review.return",
    "reject": "points.review.reject",
}


def review_declaration(decl, *, by, data):
    """三级审核: approve moves up one level (level 3 posts the ledger entry); return and reject stop it."""
    cleaned = validate(ReviewForm(data))
    decision, comment = cleaned["decision"], (cleaned.get("comment") or "").strip()
    with transaction.atomic():
        # The row lock serialises concurrent reviewers: the second sees the new state and gets 409.
        decl = _locked(decl)
        level = STATE_LEVELS.get(decl.state)
        if level is None:
            raise Conflict(f"申报当前为“{decl.state_label}”，不能审核。")
        if decl.declared_by_id == by.pk or (decl.subject_person_id and decl.subject_person_id == by.person_id):
            raise Forbidden("不能审核本人申报或本人的积分。")
        if not holds_level(by, level, decl.subject_org):
            raise Forbidden(f"您不是该申报{LEVEL_LABELS[level]}的审核人。")
        if Review.objects.filter(declaration=decl, reviewer=by, level__in=(1, 2, 3)).exclude(level=level).exists():
            raise Forbidden("三级审核须由三位不同的审核人完成，您已在其他级别审核过该申报。")
        before = audit.snapshot(decl)
        Review.objects.create(declaration=decl, level=level, decision=decision, comment=comment, reviewer=by)
        entry = None
        if decision == "approve":
            decl.state = LEVEL_STATES.get(level + 1, APPROVED)
            if decl.state == APPROVED:
                entry = post_entry(decl, by=by)
        elif decision == "return":
            decl.state = RETURNED
        else:
            decl.state = REJECTED
        decl.last_comment = comment
        decl.save()
        audit.record(
            REVIEW_AUDIT_CODES[decision],
            by=by,
            obj=decl,
            before=before,
            after={**audit.snapshot(decl), "level": level, "entry": entry.pk if entry else None},
        )
    return decl


def batch_review(ids, *, by, data, queryset):
    """Batch approval from a queue: each declaration on its own, so one refusal does not undo the others."""
    results = []
    for pk in ids:
        decl = queryset.filter(pk=pk).first()
        if decl is None:
            results.append((pk, False, NotFound().detail))
            continue
        try:
            review_declaration(decl, by=by, data=data)
            results.append((pk, True, ""))
        except (Conflict, Forbidden, Invalid) as e:
            results.append((pk, False, e.detail))
    return results


# ---------------------------------------------------------------- ledger


def post_entry(decl, *, by):
    """One ledger entry per approved declaration: points × quantity, capped by the item's cap for the cycle."""
    item = Item.objects.select_for_update().get(pk=decl.item_id) if decl.item.cap is not None else decl.item
    points = decl.points
    reason = ""
    if item.cap is not None:
        subject = (
            {"subject_person": decl.subject_person}
            if decl.subject_person_id
            else {"subject_org": decl.subject_org, "subject_person__isnull": True}
        )
        already = LedgerEntry.objects.filter(item=item, **subject).aggregate(s=Sum("points"))["s"] or 0
        allowed = max(item.cap - already, 0)
        if points > allowed:
            points, reason = allowed, f"该项目每周期上限{item.cap}分，按上限计入。"
    try:
        with transaction.atomic():
            entry = LedgerEntry.objects.create(
                scheme=decl.scheme,
                item=item,
                declaration=decl,
                subject_type=decl.subject_type,
                subject_org=decl.subject_org,
                subject_person=decl.subject_person,
                points=points,
                occurred_on=decl.occurred_on,
                reason=reason,
                posted_by=by,
            )
    except IntegrityError:
        raise Conflict("该申报已记入积分台账。")
    audit.record("points.ledger.post", by=by, obj=entry, after=audit.snapshot(entry))
    return entry


def reverse_entry(entry, *, by, data):
    """Corrections never edit an entry: a reversing entry with the opposite points and a reason."""
    require(by, "points.manage_scheme", entry.scheme, "只有工委党务管理员可以冲销积分台账。")
    reason = validate(ReasonForm(data))["reason"]
    with transaction.atomic():
        entry = LedgerEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.reverses_id:
            raise Conflict("冲销条目不能再被冲销。")
        if LedgerEntry.objects.filter(reverses=entry).exists():
            raise Conflict("该台账条目已被冲销。")
        try:
            with transaction.atomic():
                reversal = LedgerEntry.objects.create(
                    scheme=entry.scheme,
                    item=entry.item,
                    declaration=entry.declaration,
                    subject_type=entry.subject_type,
                    subject_org=entry.subject_org,
                    subject_person=entry.subject_person,
                    points=-entry.points,
                    occurred_on=entry.occurred_on,
                    reverses=entry,
                    reason=reason,
                    posted_by=by,
                )
        except IntegrityError:
            raise Conflict("该台账条目已被冲销。")
        audit.record(
            "points.ledger.reverse", by=by, obj=reversal, before=audit.snapshot(entry), after=audit.snapshot(reversal)
        )
    return reversal


def refuse_ledger_change():
    raise Conflict("积分台账条目不能修改或删除；如需更正，请冲销并填写原因。")
