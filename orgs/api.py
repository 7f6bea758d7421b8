import datetime

from ninja import Field, Query, Router, Schema

from core.api import AUTH, Id, Page, PageSize, form_data, paginate
from core.errors import Invalid
from core.scoping import get_object_for_user

from . import actions
from .choices import POSITION_TITLES
from .models import Organisation, Person, Position

router = Router(tags=["组织与人员"], auth=AUTH)

Kind = str


class OrgIn(Schema):
    name: str = Field(..., max_length=100)
    kind: str = Field(..., max_length=20)
    parent: Id | None = None
    unit: str = Field("", max_length=100)


class OrgPatch(Schema):
    name: str | None = Field(None, max_length=100)
    kind: str | None = Field(None, max_length=20)
    unit: str | None = Field(None, max_length=100)


def org_out(o, parent_id=None):
    return {"id": o.id, "name": o.name, "kind": o.kind, "parent": parent_id, "unit": o.unit, "depth": o.depth}


def _parent_ids(orgs):
    """Parent ids from the materialised paths in one query."""
    steplen = Organisation.steplen
    parent_paths = {o.path[:-steplen] for o in orgs if o.depth > 1}
    by_path = dict(Organisation.objects.filter(path__in=parent_paths).values_list("path", "id"))
    return {o.id: by_path.get(o.path[:-steplen]) for o in orgs}


@router.get("/orgs")
def list_orgs(
    request,
    under: Id | None = None,
    kind: str | None = Query(None, max_length=20),
    page: Page = 1,
    page_size: PageSize = 50,
):
    qs = Organisation.objects.visible_to(request.auth)
    if under is not None:
        root = get_object_for_user(Organisation, under, request.auth)
        qs = qs.filter(path__startswith=root.path)
    if kind:
        qs = qs.filter(kind=kind)
    result = paginate(qs, page, page_size, lambda o: o)
    parents = _parent_ids(result["items"])
    result["items"] = [org_out(o, parents[o.id]) for o in result["items"]]
    return result


@router.post("/orgs", response={201: dict})
def create_org(request, payload: OrgIn):
    parents = Organisation.objects.visible_to(request.auth)
    org = actions.create_org(by=request.auth, data=form_data(payload, exclude_unset=False), parents=parents)
    return 201, org_out(org, org.parent_id_value)


@router.get("/orgs/{org_id}")
def get_org(request, org_id: Id):
    org = get_object_for_user(Organisation, org_id, request.auth)
    return org_out(org, org.parent_id_value)


@router.patch("/orgs/{org_id}")
def patch_org(request, org_id: Id, payload: OrgPatch):
    org = get_object_for_user(Organisation, org_id, request.auth)
    org = actions.update_org(org, by=request.auth, data=form_data(payload))
    return org_out(org, org.parent_id_value)


class PersonIn(Schema):
    name: str = Field(..., max_length=50)
    gender: str = Field(..., max_length=10)
    org: Id
    category: str = Field("full", max_length=20)
    joined_on: datetime.date | None = None
    full_member_on: datetime.date | None = None
    birth_date: datetime.date | None = None
    phone: str = Field("", max_length=20)
    id_number: str = Field("", max_length=30)
    ethnicity: str = Field("汉族", max_length=20)
    education: str = Field("", max_length=20)
    group: Id | None = None
    status: str = Field("active", max_length=20)


class PersonPatch(Schema):
    name: str | None = Field(None, max_length=50)
    gender: str | None = Field(None, max_length=10)
    org: Id | None = None
    category: str | None = Field(None, max_length=20)
    joined_on: datetime.date | None = None
    full_member_on: datetime.date | None = None
    birth_date: datetime.date | None = None
    phone: str | None = Field(None, max_length=20)
    id_number: str | None = Field(None, max_length=30)
    ethnicity: str | None = Field(None, max_length=20)
    education: str | None = Field(None, max_length=20)
    group: Id | None = None
    status: str | None = Field(None, max_length=20)


def person_out(p):
    return {
        "id": p.id,
        "name": p.name,
        "gender": p.gender,
        "org": p.org_id,
        "group": p.group_id,
        "category": p.category,
        "joined_on": p.joined_on,
        "full_member_on": p.full_member_on,
        "birth_date": p.birth_date,
        "phone": p.phone,
        "ethnicity": p.ethnicity,
        "education": p.education,
        "status": p.status,
        "id_number_masked": p.id_number_masked,
    }


@router.get("/people")
def list_people(
    request,
    org: Id | None = None,
    q: str = Query("", max_length=50),
    category: str | None = Query(None, max_length=20),
    page: Page = 1,
    page_size: PageSize = 50,
):
    qs = Person.objects.visible_to(request.auth).search(q)
    if org is not None:
        root = get_object_for_user(Organisation, org, request.auth)
        qs = qs.filter(org__path__startswith=root.path)
    if category:
        qs = qs.filter(category=category)
    return paginate(qs, page, page_size, person_out)


def _managed_orgs(user):
    return Organisation.objects.structure_editable_by(user)


@router.post("/people", response={201: dict})
def create_person(request, payload: PersonIn):
    person = actions.create_person(
        by=request.auth, data=form_data(payload, exclude_unset=False), orgs=_managed_orgs(request.auth)
    )
    return 201, person_out(person)


@router.get("/people/{person_id}")
def get_person(request, person_id: Id):
    return person_out(get_object_for_user(Person, person_id, request.auth))


@router.patch("/people/{person_id}")
def patch_person(request, person_id: Id, payload: PersonPatch):
    person = get_object_for_user(Person, person_id, request.auth)
    data = form_data(payload)
    if not data:
        raise Invalid("没有要修改的字段。")
    person = actions.update_person(person, by=request.auth, data=data, orgs=_managed_orgs(request.auth))
    return person_out(person)


class TransferIn(Schema):
    to_org: Id
    transferred_on: datetime.date
    reason: str = Field("", max_length=200)


@router.post("/people/{person_id}/transfers", response={201: dict})
def transfer_person(request, person_id: Id, payload: TransferIn):
    person = get_object_for_user(Person, person_id, request.auth)
    t = actions.transfer_person(person, by=request.auth, data=form_data(payload), orgs=_managed_orgs(request.auth))
    return 201, {
        "id": t.id,
        "person": person.id,
        "from_org": t.from_org_id,
        "to_org": t.to_org_id,
        "transferred_on": t.transferred_on,
        "reason": t.reason,
    }


class PositionIn(Schema):
    person: Id
    title: str = Field(..., max_length=20, description="|".join(t for t, _ in POSITION_TITLES))
    started_on: datetime.date | None = None


def position_out(p):
    return {
        "id": p.id,
        "org": p.org_id,
        "person": p.person_id,
        "person_name": p.person.name,
        "title": p.title,
        "started_on": p.started_on,
        "ended_on": p.ended_on,
    }


@router.get("/orgs/{org_id}/positions")
def list_positions(request, org_id: Id):
    org = get_object_for_user(Organisation, org_id, request.auth)
    qs = Position.objects.visible_to(request.auth).filter(org=org).current().select_related("person")
    return {"count": qs.count(), "items": [position_out(p) for p in qs]}


@router.post("/orgs/{org_id}/positions", response={201: dict})
def assign_position(request, org_id: Id, payload: PositionIn):
    org = get_object_for_user(Organisation, org_id, request.auth)
    people = Person.objects.structure_editable_by(request.auth)
    position = actions.assign_position(org, by=request.auth, data=form_data(payload), people=people)
    return 201, position_out(position)
