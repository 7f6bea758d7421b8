"""Writes on organisations and people: validate, change inside a transaction, audit."""

from django.db import IntegrityError, transaction

from accounts import scope
from accounts.permissions import require
from core import audit
from core.errors import Conflict, Invalid
from core.forms import validate

from .choices import ALLOWED_CHILDREN, ORG_KIND_LABELS
from .forms import OrganisationForm, PersonForm, PositionForm, TransferForm
from .models import Organisation, Person, Position, Transfer


def _check_kind(kind, parent):
    if parent is None:
        if kind not in ("committee", "working_committee"):
            raise Invalid("只有党委或工委可以作为顶级组织。", {"parent": ["请选择上级组织。"]})
        return
    if kind not in ALLOWED_CHILDREN.get(parent.kind, set()):
        raise Invalid(
            f"{ORG_KIND_LABELS[parent.kind]}下不能设立{ORG_KIND_LABELS[kind]}。",
            {"kind": [f"{ORG_KIND_LABELS[parent.kind]}下不能设立{ORG_KIND_LABELS[kind]}。"]},
        )


def create_org(*, by, data, parents):
    data = validate(OrganisationForm(data, parents=parents))
    parent = data["parent"]
    if parent is None:
        require(by, "accounts.manage_users", message="只有系统管理员可以创建顶级组织。")
    else:
        require(by, "orgs.add_organisation", parent)
    _check_kind(data["kind"], parent)
    with transaction.atomic():
        fields = {"name": data["name"].strip(), "kind": data["kind"], "unit": data["unit"].strip()}
        if parent is None:
            org = Organisation.add_root(**fields)
        else:
            parent = Organisation.objects.select_for_update().get(pk=parent.pk)
            org = parent.add_child(**fields)
        audit.record("org.create", by=by, obj=org, after=audit.snapshot(org))
    return org


def update_org(org, *, by, data):
    require(by, "orgs.change_organisation", org)
    current = {"name": org.name, "kind": org.kind, "unit": org.unit, "parent": org.parent_id_value}
    merged = {**current, **data}
    form = OrganisationForm(merged, parents=Organisation.objects.filter(pk=current["parent"] or 0))
    cleaned = validate(form)
    new_parent = cleaned["parent"].pk if cleaned["parent"] else None
    if new_parent != current["parent"]:
        raise Invalid("暂不支持通过修改上级组织来移动组织。", {"parent": ["不能修改上级组织。"]})
    if cleaned["kind"] != org.kind:
        parent = org.get_parent() if org.depth > 1 else None
        _check_kind(cleaned["kind"], parent)
        if org.get_children().exclude(kind__in=ALLOWED_CHILDREN[cleaned["kind"]]).exists():
            raise Invalid("该组织的下级组织与新类型不相容。", {"kind": ["该组织的下级组织与新类型不相容。"]})
    with transaction.atomic():
        before = audit.snapshot(org)
        org.name, org.kind, org.unit = cleaned["name"].strip(), cleaned["kind"], cleaned["unit"].strip()
        org.save()
        audit.record("org.update", by=by, obj=org, before=before, after=audit.snapshot(org))
    return org


# A duplicate ID number must not tell a branch admin that someone elsewhere holds it (an existence oracle), so
# she gets one message whoever holds it, in her branch or not; the sysadmin, who reads every person, is told whom.
ID_NUMBER_REFUSED = "该身份证号无法登记，请联系系统管理员核实。"


def duplicate_id_message(by, holder=None):
    if by is not None and scope.structure_unrestricted(by):
        if holder is not None:
            return f"该身份证号已登记在{holder.org.name}的{holder.name}名下。"
        return "该身份证号已登记在其他人员名下。"
    return ID_NUMBER_REFUSED


def save_person_fields(person, cleaned, by=None):
    """Copy validated PersonForm data onto a person and save it (the ID number encrypted)."""
    for field in PersonForm.Meta.fields:
        if field in cleaned:
            setattr(person, field, cleaned[field])
    if cleaned.get("id_number"):
        person.set_id_number(cleaned["id_number"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        holder = Person.objects.select_related("org").filter(id_number_hash=person.id_number_hash).first()
        message = duplicate_id_message(by, holder)
        raise Invalid(message, {"id_number": [message]})


def create_person(*, by, data, orgs):
    cleaned = validate(PersonForm(data, orgs=orgs))
    require(by, "orgs.add_person", cleaned["org"])
    with transaction.atomic():
        person = Person()
        save_person_fields(person, cleaned, by)
        audit.record("person.create", by=by, obj=person, after=audit.snapshot(person))
    return person


def person_form_data(person):
    return {
        f: (getattr(person, f + "_id") if f in ("org", "group") else getattr(person, f)) for f in PersonForm.Meta.fields
    }


def update_person(person, *, by, data, orgs):
    require(by, "orgs.change_person", person)
    merged = {**person_form_data(person), **data}
    if "org" in data and str(data["org"]) != str(person.org_id):
        raise Invalid("调整所在党组织请办理组织关系转接。", {"org": ["调整所在党组织请办理组织关系转接。"]})
    cleaned = validate(PersonForm(merged, instance=person, orgs=orgs))
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = audit.snapshot(person)
        save_person_fields(person, cleaned, by)
        audit.record("person.update", by=by, obj=person, before=before, after=audit.snapshot(person))
    return person


def transfer_person(person, *, by, data, orgs):
    require(by, "orgs.change_person", person)
    cleaned = validate(TransferForm(data, orgs=orgs))
    to_org = cleaned["to_org"]
    if to_org.pk == person.org_id:
        raise Invalid("转入组织与当前组织相同。", {"to_org": ["转入组织与当前组织相同。"]})
    with transaction.atomic():
        person = Person.objects.select_for_update().get(pk=person.pk)
        before = audit.snapshot(person)
        transfer = Transfer.objects.create(
            person=person,
            from_org=person.org,
            to_org=to_org,
            transferred_on=cleaned["transferred_on"],
            reason=cleaned["reason"],
            created_by=by,
        )
        person.org, person.group = to_org, None
        person.save()
        Position.objects.filter(person=person, ended_on__isnull=True).update(ended_on=cleaned["transferred_on"])
        audit.record("person.transfer", by=by, obj=person, before=before, after=audit.snapshot(person))
    return transfer


def assign_position(org, *, by, data, people):
    require(by, "orgs.manage_positions", org)
    cleaned = validate(PositionForm(data, people=people))
    person = cleaned["person"]
    if not person.org.path.startswith(org.path) and not org.path.startswith(person.org.path):
        raise Invalid("只能任命本组织或下级组织的人员。", {"person": ["只能任命本组织或下级组织的人员。"]})
    with transaction.atomic():
        if Position.objects.filter(org=org, person=person, title=cleaned["title"], ended_on__isnull=True).exists():
            raise Conflict(f"{person.name}已担任{org.name}{cleaned['title']}。")
        position = Position.objects.create(
            org=org, person=person, title=cleaned["title"], started_on=cleaned.get("started_on")
        )
        audit.record("position.assign", by=by, obj=position, org=org, after=audit.snapshot(position))
    return position


def end_position(position, *, by, ended_on):
    require(by, "orgs.manage_positions", position.org)
    if position.ended_on:
        raise Conflict("该职务已免去。")
    with transaction.atomic():
        before = audit.snapshot(position)
        position.ended_on = ended_on
        position.save(update_fields=["ended_on"])
        audit.record(
            "position.end", by=by, obj=position, org=position.org, before=before, after=audit.snapshot(position)
        )
    return position
