import datetime

from ninja import Field, Query, Router, Schema

from core.api import AUTH, Id, ListOut, Page, PageSize, form_data, paginate
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


class OrgOut(Schema):
    id: int
    name: str
    kind: str
    parent: int | None
    unit: str
    depth: int

    @staticmethod
    def resolve_parent(o):
        # Lists set the parents of a whole page at once (_with_parent_ids); one object asks its own.
        return o.parent_pk if hasattr(o, "parent_pk") else o.parent_id_value


def _with_parent_ids(orgs):
    """Parent ids from the materialised paths in one query."""
    steplen = Organisation.steplen
    parent_paths = {o.path[:-steplen] for o in orgs if o.depth > 1}
    by_path = dict(Organisation.objects.filter(path__in=parent_paths).values_list("path", "id"))
    for o in orgs:
        o.parent_pk = by_path.get(o.path[:-steplen])
    return orgs


@router.get("/orgs", response=ListOut[OrgOut])
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
    _with_parent_ids(result["items"])
    return result


@router.post("/orgs", response={201: OrgOut})
def create_org(request, payload: OrgIn):
    parents = Organisation.objects.visible_to(request.auth)
    return 201, actions.create_org(by=request.auth, data=form_data(payload, exclude_unset=False), parents=parents)


@router.get("/orgs/{org_id}", response=OrgOut)
def get_org(request, org_id: Id):
    return get_object_for_user(Organisation, org_id, request.auth)


@router.patch("/orgs/{org_id}", response=OrgOut)
def patch_org(request, org_id: Id, payload: OrgPatch):
    org = get_object_for_user(Organisation, org_id, request.auth)
    return actions.update_org(org, by=request.auth, data=form_data(payload))


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


class PersonOut(Schema):
    """A person as the API shows her: the 身份证号 only masked (`id_number` is write-only)."""

    id: int
    name: str
    gender: str
    org: int = Field(..., alias="org_id")
    group: int | None = Field(None, alias="group_id")
    category: str
    joined_on: datetime.date | None
    full_member_on: datetime.date | None
    birth_date: datetime.date | None
    phone: str
    ethnicity: str
    education: str
    status: str
    id_number_masked: str


@router.get("/people", response=ListOut[PersonOut])
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
    return paginate(qs, page, page_size, lambda p: p)


def _managed_orgs(user):
    return Organisation.objects.structure_editable_by(user)


@router.post("/people", response={201: PersonOut})
def create_person(request, payload: PersonIn):
    return 201, actions.create_person(
        by=request.auth, data=form_data(payload, exclude_unset=False), orgs=_managed_orgs(request.auth)
    )


@router.get("/people/{person_id}", response=PersonOut)
def get_person(request, person_id: Id):
    return get_object_for_user(Person, person_id, request.auth)


@router.patch("/people/{person_id}", response=PersonOut)
def patch_person(request, person_id: Id, payload: PersonPatch):
    person = get_object_for_user(Person, person_id, request.auth)
    data = form_data(payload)
    if not data:
        raise Invalid("没有要修改的字段。")
    return actions.update_person(person, by=request.auth, data=data, orgs=_managed_orgs(request.auth))


class TransferIn(Schema):
    to_org: Id
    transferred_on: datetime.date
    reason: str = Field("", max_length=200)


class TransferOut(Schema):
    id: int
    person: int = Field(..., alias="person_id")
    from_org: int | None = Field(None, alias="from_org_id")
    to_org: int = Field(..., alias="to_org_id")
    transferred_on: datetime.date
    reason: str


@router.post("/people/{person_id}/transfers", response={201: TransferOut})
def transfer_person(request, person_id: Id, payload: TransferIn):
    person = get_object_for_user(Person, person_id, request.auth)
    return 201, actions.transfer_person(
        person, by=request.auth, data=form_data(payload), orgs=_managed_orgs(request.auth)
    )


class PositionIn(Schema):
    person: Id
    title: str = Field(..., max_length=20, description="|".join(t for t, _ in POSITION_TITLES))
    started_on: datetime.date | None = None


class PositionOut(Schema):
    id: int
    org: int = Field(..., alias="org_id")
    person: int = Field(..., alias="person_id")
    person_name: str = Field(..., alias="person.name")
    title: str
    started_on: datetime.date | None
    ended_on: datetime.date | None


@router.get("/orgs/{org_id}/positions", response=ListOut[PositionOut])
def list_positions(request, org_id: Id):
    org = get_object_for_user(Organisation, org_id, request.auth)
    qs = Position.objects.visible_to(request.auth).filter(org=org).current().select_related("person")
    return {"count": qs.count(), "items": list(qs)}


@router.post("/orgs/{org_id}/positions", response={201: PositionOut})
def assign_position(request, org_id: Id, payload: PositionIn):
    org = get_object_for_user(Organisation, org_id, request.auth)
    people = Person.objects.structure_editable_by(request.auth)
    return 201, actions.assign_position(org, by=request.auth, data=form_data(payload), people=people)


# ---- teams ----
router.add_router("", "orgs.api_teams.router")
