"""表彰 actions: award types (with quotas), nominations and their review, the 表彰公示 and the awards it records."""

from django.db import IntegrityError, transaction

from accounts import scope
from core import audit
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.models import path_q
from core.verbs import require_verb
from orgs.models import Organisation, Person

from . import rules
from .choices_awards import COMMON_TYPES, NominationState
from .forms_awards import AwardTypeForm, FreezeAwardsForm, NominationForm
from .models_awards import AwardPublicity, AwardType, Nomination
from .workflows_awards import NOMINATION, PUBLICITY

TYPE_FIELDS = ["name", "subject", "quota", "description", "position"]
NOMINATION_FIELDS = ["award_type", "year", "org", "person", "reason", "source", "source_note"]
EDITABLE = [NominationState.DRAFT, NominationState.RETURNED]


# ---------------------------------------------------------------- award types


def _type_taken(committee, name, exclude=None):
    qs = AwardType.objects.filter(committee=committee, name=name)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.exists()


def create_type(committee, *, by, data):
    require_verb(by, "assessments.configure_awards", committee)
    cleaned = validate(AwardTypeForm(data))
    if _type_taken(committee, cleaned["name"]):
        raise Conflict(f"已有表彰类型“{cleaned['name']}”。", {"name": ["该名称已存在。"]})
    with transaction.atomic():
        t = AwardType.objects.create(committee=committee, **{f: cleaned[f] for f in TYPE_FIELDS})
        audit.record("assessments.awardtype.create", by=by, obj=t, org=committee, after=audit.snapshot(t, TYPE_FIELDS))
    return t


def update_type(award_type, *, by, data):
    require_verb(by, "assessments.configure_awards", award_type)
    cleaned = validate(AwardTypeForm(data, instance=AwardType(committee=award_type.committee)))
    if _type_taken(award_type.committee, cleaned["name"], exclude=award_type):
        raise Conflict(f"已有表彰类型“{cleaned['name']}”。", {"name": ["该名称已存在。"]})
    with transaction.atomic():
        locked = AwardType.objects.select_for_update().get(pk=award_type.pk)
        if cleaned["subject"] != locked.subject and locked.nominations.exists():
            raise Conflict("该表彰类型已有提名，不能再改变表彰对象（个人/集体）。", {"subject": ["已有提名。"]})
        before = audit.snapshot(locked, TYPE_FIELDS)
        for f in TYPE_FIELDS:
            setattr(locked, f, cleaned[f])
        locked.save()
        audit.record(
            "assessments.awardtype.update",
            by=by,
            obj=locked,
            org=locked.committee,
            before=before,
            after=audit.snapshot(locked, TYPE_FIELDS),
        )
    return locked


def add_common_types(committee, *, by):
    """Add the usual award types the committee does not have yet (四优共产党员, 四强党支部 …); returns the new ones."""
    require_verb(by, "assessments.configure_awards", committee)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=committee.pk)
        have = set(AwardType.objects.filter(committee=committee).values_list("name", flat=True))
        start = AwardType.objects.filter(committee=committee).count()
        created = [
            AwardType.objects.create(committee=committee, name=name, subject=subject, description=desc, position=i)
            for i, (name, subject, desc) in enumerate(COMMON_TYPES, start=start + 1)
            if name not in have
        ]
        if created:
            audit.record(
                "assessments.awardtype.add_common",
                by=by,
                obj=committee,
                org=committee,
                after={"types": [t.name for t in created]},
            )
    return created


# ---------------------------------------------------------------- nominations


def nominee_people(user):
    """The people the user may nominate: the active members of the organisations she administers."""
    return (
        Person.objects.filter(path_q("org__path", scope.admin_paths(user)), status="active")
        .select_related("org")
        .order_by("org__path", "name")
    )


def nominee_orgs(user):
    return Organisation.objects.administered_by(user).order_by("path")


def nomination_form(user, data=None, **kwargs):
    return NominationForm(
        data,
        types=AwardType.objects.visible_to(user).select_related("committee"),
        people=nominee_people(user),
        orgs=nominee_orgs(user),
        **kwargs,
    )


def _nominee(cleaned):
    """(org, person) of the nomination, refused when the nominee is outside the awarding committee's subtree."""
    award_type, person = cleaned["award_type"], cleaned.get("person")
    org = person.org if person is not None else cleaned["org"]
    if not org.path.startswith(award_type.committee.path):
        field = "person" if person is not None else "org"
        raise Invalid(
            f"“{award_type.name}”由{award_type.committee.name}表彰，只能提名其所属的组织和人员。",
            {field: ["不在该表彰单位的范围内。"]},
        )
    return org, person


def _duplicate(cleaned):
    who = cleaned["person"].name if cleaned.get("person") else cleaned["org"].name
    return Conflict(
        f"{who}已被提名为{cleaned['year']}年度“{cleaned['award_type'].name}”。",
        {"person" if cleaned.get("person") else "org": ["已被提名。"]},
    )


def create_nomination(*, by, data):
    require_verb(by, "assessments.nominate")
    cleaned = validate(nomination_form(by, data))
    org, person = _nominee(cleaned)
    try:
        with transaction.atomic():
            n = Nomination.objects.create(
                award_type=cleaned["award_type"],
                year=cleaned["year"],
                org=org,
                person=person,
                reason=cleaned["reason"],
                source=cleaned["source"],
                source_note=cleaned.get("source_note") or "",
                proposed_by=by,
            )
            audit.record(
                "assessments.nomination.create", by=by, obj=n, org=org, after=audit.snapshot(n, NOMINATION_FIELDS)
            )
    except IntegrityError:
        raise _duplicate(cleaned) from None
    return n


def update_nomination(nomination, *, by, data):
    require_verb(by, "assessments.manage_nomination", nomination)
    cleaned = validate(nomination_form(by, data))
    org, person = _nominee(cleaned)
    try:
        with transaction.atomic():
            locked = (
                Nomination.objects.select_for_update(of=("self",)).select_related("award_type").get(pk=nomination.pk)
            )
            if locked.state not in EDITABLE:
                raise Conflict(f"提名当前为“{locked.state_label}”，不能再修改。")
            before = audit.snapshot(locked, NOMINATION_FIELDS)
            locked.award_type, locked.year, locked.org, locked.person = (
                cleaned["award_type"],
                cleaned["year"],
                org,
                person,
            )
            locked.reason, locked.source = cleaned["reason"], cleaned["source"]
            locked.source_note = cleaned.get("source_note") or ""
            locked.save()
            audit.record(
                "assessments.nomination.update",
                by=by,
                obj=locked,
                org=org,
                before=before,
                after=audit.snapshot(locked, NOMINATION_FIELDS),
            )
    except IntegrityError:
        raise _duplicate(cleaned) from None
    return locked


def transition_nomination(nomination, name, *, by, comment=""):
    if name not in NOMINATION._by_name:
        raise Invalid(f"没有“{name}”这项操作。", {"action": ["没有这项操作。"]})
    return NOMINATION.run(nomination, name, by=by, data={"comment": comment, "reason": comment})


# ---------------------------------------------------------------- 表彰公示


def freeze_publicity(committee, *, by, data):
    """Put the committee's approved nominations of a year (not yet in a publicity) into a new 表彰公示."""
    require_verb(by, "assessments.manage_award_publicity", committee)
    cleaned = validate(FreezeAwardsForm(data))
    year = cleaned["year"]
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=committee.pk)
        rows = Nomination.objects.filter(
            award_type__committee=committee, year=year, state=NominationState.APPROVED, publicity__isnull=True
        )
        count = rows.count()
        if not count:
            raise Conflict(f"{year}年度没有审批通过、尚未公示的表彰提名。")
        title = (cleaned.get("title") or "").strip() or f"{committee.name}{year}年度表彰拟表彰对象公示"
        pub = AwardPublicity.objects.create(
            committee=committee, year=year, title=title, objection_days=cleaned["objection_days"], created_by=by
        )
        rows.update(publicity=pub)
        audit.record(
            "assessments.awardpublicity.freeze",
            by=by,
            obj=pub,
            org=committee,
            after={"title": title, "year": year, "nominations": count},
        )
    return pub


def publish_publicity(pub, *, by):
    return PUBLICITY.publish(pub, by=by)


def announce_publicity(pub, *, by):
    return PUBLICITY.announce(pub, by=by)


def raise_objection(pub, *, by, data):
    return PUBLICITY.raise_objection(pub, by=by, data=data)


def answer_objection(objection, *, by, data):
    return PUBLICITY.answer_objection(objection, by=by, data=data)


def committee_for(user, pk):
    """A committee the user may see, for the 表彰 pages (404 otherwise, and for an organisation that is no committee)."""
    org = Organisation.objects.visible_to(user).filter(pk=pk, kind__in=rules.AWARD_COMMITTEE_KINDS).first()
    if org is None:
        raise NotFound()
    return org
