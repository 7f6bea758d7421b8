"""REST API of 网络学院: study-hour rules, each person's hours and a branch's gap list (API.md "Learning")."""

import datetime
from decimal import Decimal
from typing import Annotated

from ninja import Field, Router, Schema

from core import dates
from core.api import AUTH, Id, ListOut, Ref
from core.errors import Invalid, NotFound
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation, Person

from . import actions, hours
from .forms import LEARNING_TYPES

router = Router(tags=["网络学院"], auth=AUTH)

Year = Annotated[int, Field(ge=2000, le=2100)]
HoursValue = Annotated[Decimal, Field(ge=0, le=200, max_digits=5, decimal_places=1)]


class HoursRequiredIn(Schema):
    member: HoursValue
    cadre: HoursValue


class HourRuleIn(Schema):
    org: Id
    year: Year
    required: HoursRequiredIn
    record_hours: dict[str, Annotated[Decimal, Field(ge=0, le=24, max_digits=4, decimal_places=1)]] = {}


class HourRuleOut(Schema):
    org: Ref
    year: int
    required: dict
    record_hours: dict
    set_by: Ref | None  # the organisation whose rule applies (None: the regulation's defaults)


def rule_out(org, req):
    return {
        "org": {"id": org.pk, "name": org.name},
        "year": req.year,
        "required": {"member": req.member_hours, "cadre": req.cadre_hours},
        "record_hours": req.record_hours,
        "set_by": {"id": req.rule.org_id, "name": req.rule.org.name} if req.rule else None,
    }


def _org(pk, user):
    return get_object_for_user(Organisation, pk, user)


@router.get("/learning/rules", response=HourRuleOut)
def get_rule(request, org: Id, year: Year):
    """The requirement that applies to an organisation in a year: its own rule, the nearest above, or the
    defaults."""
    o = _org(org, request.auth)
    return rule_out(o, hours.requirement(o, year))


@router.put("/learning/rules", response=HourRuleOut)
def put_rule(request, payload: HourRuleIn):
    unknown = sorted(set(payload.record_hours) - set(LEARNING_TYPES))
    data = {
        "org": payload.org,
        "year": payload.year,
        "member_hours": str(payload.required.member),
        "cadre_hours": str(payload.required.cadre),
    }
    if unknown:
        raise Invalid(f"“{unknown[0]}”不是可计学时的活动类型。", {"record_hours": ["活动类型不可计学时。"]})
    for code, value in payload.record_hours.items():
        data[f"record_{code}"] = str(value)
    rule = actions.set_rule(by=request.auth, data=data)
    return rule_out(rule.org, hours.requirement(rule.org, rule.year))


class HourEntryOut(Schema):
    source: str
    source_label: str
    ref: int | None
    date: datetime.date
    hours: Decimal
    note: str


class HoursOut(Schema):
    person: Ref
    year: int
    required: Decimal
    earned: Decimal
    missing: Decimal
    cadre: bool
    items: list[HourEntryOut]


def person_for(pk, user):
    """The person whose hours are asked: herself, or one the user reads in the register; else 404."""
    if user.person_id and int(pk) == user.person_id:
        person = Person.objects.select_related("org").filter(pk=pk).first()
        if person is None:
            raise NotFound()
        return person
    return get_object_for_user(Person, pk, user, queryset=Person.objects.select_related("org"))


@router.get("/learning/hours", response=HoursOut)
def get_hours(request, person: Id, year: Year | None = None):
    p = person_for(person, request.auth)
    require_verb(request.auth, "learning.read_hours", p)
    h = hours.of_person(p, year or dates.today().year)
    return {
        "person": {"id": p.pk, "name": p.name},
        "year": h.year,
        "required": h.required,
        "earned": h.earned,
        "missing": h.missing,
        "cadre": h.cadre,
        "items": [
            {
                "source": e.source,
                "source_label": e.get_source_display(),
                "ref": e.record_id if e.record_id else e.ref,
                "date": e.date,
                "hours": e.hours,
                "note": e.note,
            }
            for e in h.entries
        ],
    }


class HourGapOut(Schema):
    person: Ref
    org: Ref
    cadre: bool
    required: Decimal
    earned: Decimal
    missing: Decimal


@router.get("/learning/gaps", response=ListOut[HourGapOut])
def get_gaps(request, org: Id, year: Year | None = None):
    o = _org(org, request.auth)
    require_verb(request.auth, "learning.read_gaps", o)
    people = Person.objects.visible_to(request.auth).filter(org__path__startswith=o.path)
    rows = hours.gaps(people, year or dates.today().year)
    items = [
        {
            "person": {"id": g.person.pk, "name": g.person.name},
            "org": {"id": g.person.org_id, "name": g.person.org.name},
            "cadre": g.cadre,
            "required": g.required,
            "earned": g.earned,
            "missing": g.missing,
        }
        for g in rows
    ]
    return {"count": len(items), "items": items}


# ---- courses ----
router.add_router("", "learning.api_courses.router")
# ---- extras ----
router.add_router("", "learning.api_extras.router")
# ---- exams ----
router.add_router("", "learning.api_exams.router")
