"""Writes on points: schemes and items, declarations, two-way confirmation, three-level review, the ledger.

Submitting, confirming and reviewing a declaration are transitions of `workflows.DECLARATION`: the functions
here keep their names and behaviour and run them; every permission is a verb of points/rules.py.
"""

import re

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from core import audit, uploads
from core.errors import ActionError, Conflict, Forbidden, Invalid, NotFound
from core.forms import validate
from core.params import MAX_ID
from core.verbs import require_verb, why_not
from orgs.models import Organisation, Person

from . import evidence, rules
from .choices import EDITABLE_STATES, STATE_LABELS
from .forms import (
    ORG_NOT_FOUND,
    PERSON_NOT_FOUND,
    ConfirmForm,
    DeclarationForm,
    ItemForm,
    ReasonForm,
    ReviewForm,
    SchemeForm,
)
from .ledger import post_entry  # noqa: F401 -- the ledger's one posting, kept importable from here
from .models import Declaration, Dimension, Evidence, Item, LedgerEntry, Scheme
from .rules import MANAGE_MESSAGE  # noqa: F401 -- importing.py refuses with the same words
from .workflows import DECLARATION

# ---------------------------------------------------------------- schemes and items


def create_scheme(*, by, data):
    cleaned = validate(SchemeForm(data, orgs=rules.scheme_orgs(by)))
    org = cleaned["org"]
    require_verb(by, "points.add_scheme", org)
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
    require_verb(by, "points.manage_scheme", scheme)
    cleaned = validate(ItemForm(data))
    with transaction.atomic():
        item = _create_item(scheme, cleaned)
        audit.record("points.item.create", by=by, obj=item, after=audit.snapshot(item))
    return item


def clone_scheme(scheme, *, by):
    """复制到下一年度: the same dimensions and items for year + 1; declarations and ledger start empty."""
    require_verb(by, "points.manage_scheme", scheme)
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


def declaration_choices(by, scheme):
    """What the declaration page offers under a scheme: its items, and the units and people the user may
    declare for (the same scope the action checks: points.rules.declarable_orgs / declarable_people)."""
    items = scheme.items.select_related("scheme", "scheme__org", "dimension")
    orgs = rules.declarable_orgs(by, scheme)
    people = rules.declarable_people(by, scheme).active().select_related("org").order_by("org__path", "name")
    if not rules.declare_paths(by, scheme):
        items = items.exclude(subject_type="org")  # a member declares only for herself
    return items, orgs, people


def _scheme_named_by(items, data):
    value = str(data.get("item") or "")
    if not value.isdigit() or int(value) > MAX_ID:
        return None
    item = items.filter(pk=int(value)).first()
    return item.scheme if item is not None else None


def declaration_form(by, data, scheme=None):
    """The declaration form as the action checks it: any item the user can see; as subjects, only the
    organisations and people she may declare for under the item's scheme (another branch's answers exactly
    like a missing one)."""
    items = Item.objects.visible_to(by).select_related("scheme", "scheme__org")
    if scheme is not None:
        items = items.filter(scheme=scheme)
    else:
        scheme = _scheme_named_by(items, data)
    if scheme is None:
        orgs, people = Organisation.objects.none(), Person.objects.none()
    else:
        orgs = rules.declarable_orgs(by, scheme)
        people = rules.declarable_people(by, scheme).select_related("org")
    return DeclarationForm(data, items=items, orgs=orgs, people=people)


SUBJECT_NOT_FOUND = {"subject_org": ORG_NOT_FOUND, "subject_person": PERSON_NOT_FOUND}


def _validated(form):
    """The form's cleaned data. A subject the user may not declare for is 404 with the same words as an
    unknown one, on the page and in the API; every other problem is 422 with the form's field errors."""
    if not form.is_valid() and not form.has_error("item"):
        for field, message in SUBJECT_NOT_FOUND.items():
            if form.has_error(field, "invalid_choice"):
                raise NotFound(message, {field: [message]})
    return validate(form)


def _subject(by, cleaned):
    """(subject org, person, whether the unit must confirm): who may declare for whom is points.declare_for."""
    item, person = cleaned["item"], cleaned.get("subject_person")
    subject = rules.Subject(item.scheme, person.org if person is not None else cleaned["subject_org"], person)
    require_verb(by, "points.declare_for", subject)
    mode = rules.declare_mode(by, subject.scheme, subject.org, person)
    return subject.org, person, mode == "committee"


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


def create_declaration(*, by, data, records=None):
    cleaned = _validated(declaration_form(by, data))
    item = cleaned["item"]
    subject_org, person, needs_confirmation = _subject(by, cleaned)
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
        audit.record("points.declaration.create", by=by, obj=decl, after=audit.snapshot(decl))
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


def _not_editable(decl):
    return Conflict(f"申报已{STATE_LABELS[decl.state]}，不能修改。")


def update_refusal(decl, user):
    """Why `update_declaration` would refuse now (403, then 409), or None: the page's 修改 button asks it."""
    reason = why_not("points.update_declaration", user, decl)
    if reason is not None:
        return Forbidden(reason)
    return _not_editable(decl) if decl.state not in EDITABLE_STATES else None


def _check_can_update(decl, by):
    error = update_refusal(decl, by)
    if error is not None:
        raise error


def update_declaration(decl, *, by, data, records=None):
    _check_can_update(decl, by)
    merged = {**declaration_data(decl), **data}
    cleaned = _validated(declaration_form(by, merged))
    item = cleaned["item"]
    subject_org, person, needs_confirmation = _subject(by, cleaned)
    linked = _records(by, records, subject_org) if records is not None else None
    with transaction.atomic():
        decl = Declaration.objects.select_for_update().get(pk=decl.pk)
        if decl.state not in EDITABLE_STATES:
            raise _not_editable(decl)
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
    require_verb(by, "points.add_evidence", decl)
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


def _current(decl):
    """The declaration as stored now: a caller's copy may be older than the last transition."""
    found = Declaration.objects.select_related("subject_org", "scheme__org").filter(pk=decl.pk).first()
    if found is None:
        raise NotFound()
    return found


def submit_declaration(decl, *, by):
    """draft/returned → awaiting_confirmation (a committee entry) or pending_l1."""
    return DECLARATION.run(_current(decl), "submit", by=by)


def confirm_declaration(decl, *, by, data):
    """双向确认: the unit's admin confirms (or disputes, with a reason) an entry the committee made for the unit."""
    cleaned = validate(ConfirmForm(data))
    name = "confirm" if cleaned["decision"] == "confirm" else "dispute"
    return DECLARATION.run(_current(decl), name, by=by, data={"comment": cleaned.get("comment") or ""})


def review_declaration(decl, *, by, data):
    """三级审核: approve moves up one level (level 3 posts the ledger entry); return and reject stop it."""
    cleaned = validate(ReviewForm(data))
    return DECLARATION.run(_current(decl), cleaned["decision"], by=by, data={"comment": cleaned.get("comment") or ""})


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
        except ActionError as e:
            results.append((pk, False, e.detail))
    return results


# ---------------------------------------------------------------- ledger


def reverse_entry(entry, *, by, data):
    """Corrections never edit an entry: a reversing entry with the opposite points and a reason."""
    require_verb(by, "points.reverse_entry", entry)
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
