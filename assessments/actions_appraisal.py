"""Writes of 民主评议党员: open an appraisal, self-evaluate, grade one another, decide the grades, pledges,
follow-ups, stage transitions. Each checks its verb, validates through a form, runs in a transaction and is
audited; the stage transitions run on core.workflow (workflows_appraisal.py)."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.verbs import require_verb
from orgs.models import Organisation, Person

from . import rules
from .choices_appraisal import APPRAISED_CATEGORIES, GRADE_LABELS, AppraisalState, Grade
from .forms_appraisal import AppraisalForm, GradeEntryForm, PledgeEditForm, PledgeForm, SelfForm
from .models_appraisal import Appraisal, MutualGrade, Participant, Pledge
from .workflows_appraisal import APPRAISAL, FOLLOWUP, excellent_problem


def open_appraisal(*, by, data) -> Appraisal:
    """开展民主评议: for a branch and a year; its party members (正式、预备党员 of the branch) take part."""
    require_verb(by, "assessments.open_appraisal")
    cleaned = validate(AppraisalForm(data, orgs=rules.appraisal_orgs(by)))
    org = cleaned["org"]
    require_verb(by, "assessments.open_appraisal", org)
    people = list(
        Person.objects.filter(org=org, status="active", category__in=APPRAISED_CATEGORIES).order_by("name", "pk")
    )
    if not people:
        raise Invalid("该党支部没有可参评的党员（正式党员、预备党员）。", {"org": ["该党支部没有可参评的党员。"]})
    with transaction.atomic():
        Organisation.objects.select_for_update().filter(pk=org.pk).first()
        if Appraisal.objects.filter(org=org, year=cleaned["year"]).exists():
            raise Conflict(f"{org.name}{cleaned['year']}年度的民主评议党员已经开展，不能重复开展。")
        appraisal = Appraisal.objects.create(
            org=org,
            year=cleaned["year"],
            self_due=cleaned.get("self_due"),
            mutual_due=cleaned.get("mutual_due"),
            note=cleaned.get("note") or "",
            created_by=by,
        )
        Participant.objects.bulk_create([Participant(appraisal=appraisal, person=p) for p in people])
        audit.record(
            "assessments.appraisal.create",
            by=by,
            obj=appraisal,
            after={**audit.snapshot(appraisal), "participants": [p.pk for p in people]},
        )
    return appraisal


def _locked(appraisal):
    """The appraisal row under lock (grades and mutual grades are checked against its stage)."""
    found = Appraisal.objects.select_for_update().filter(pk=appraisal.pk).first()
    if found is None:
        raise NotFound()
    return found


def _require_stage(appraisal, state, what):
    if appraisal.state != state:
        current = AppraisalState(appraisal.state).label
        raise Conflict(f"当前为“{current}”阶段，不能{what}。")


def _own_participant(appraisal, by):
    mine = Participant.objects.filter(appraisal=appraisal, person_id=by.person_id).first()
    if mine is None:
        raise NotFound()
    return mine


def save_self(appraisal, *, by, data) -> Participant:
    """个人自评: the participant's own self-evaluation and self-grade, until the stage ends."""
    require_verb(by, "assessments.take_part", appraisal)
    cleaned = validate(SelfForm(data))
    with transaction.atomic():
        appraisal = _locked(appraisal)
        _require_stage(appraisal, AppraisalState.SELF, "填写个人自评")
        mine = _own_participant(appraisal, by)
        before = audit.snapshot(mine, ("self_text", "self_grade"))
        mine.self_text, mine.self_grade, mine.self_at = cleaned["self_text"], cleaned["self_grade"], timezone.now()
        mine.save(update_fields=["self_text", "self_grade", "self_at"])
        audit.record(
            "assessments.appraisal.self",
            by=by,
            obj=appraisal,
            before=before,
            after=audit.snapshot(mine, ("self_text", "self_grade")),
        )
    return mine


def save_mutual(appraisal, *, by, grades: dict[Any, Any]) -> dict[int, str]:
    """党员互评: the participant's grade of each other participant (by person id), once per pair; a grade
    given earlier in the stage may be changed until it ends. Only the tally is ever shown."""
    require_verb(by, "assessments.take_part", appraisal)
    if not isinstance(grades, dict) or not grades:
        raise Invalid("请至少为一名党员评定互评等次。", {"grades": ["请至少为一名党员评定互评等次。"]})
    with transaction.atomic():
        appraisal = _locked(appraisal)
        _require_stage(appraisal, AppraisalState.MUTUAL, "进行党员互评")
        mine = _own_participant(appraisal, by)
        others = {p.person_id: p for p in appraisal.participants.exclude(pk=mine.pk)}
        chosen: dict[int, str] = {}
        errors: dict[str, list[str]] = {}
        for key, grade in grades.items():
            try:
                person_id = int(key)
            except (TypeError, ValueError):
                person_id = None
            if person_id == by.person_id:
                errors[str(key)] = ["不能给自己评定互评等次（请在个人自评中自评）。"]
            elif person_id is None or person_id not in others:
                errors[str(key)] = [f"编号为{key}的党员不是本次民主评议的其他参评党员。"]
            elif grade not in GRADE_LABELS:
                errors[str(key)] = ["互评等次应为优秀、合格、基本合格或不合格。"]
            else:
                chosen[person_id] = grade
        if errors:
            first = next(iter(errors.values()))[0]
            raise Invalid(first, {"grades": [first], **errors})
        existing = {g.ratee_id: g for g in MutualGrade.objects.filter(rater=mine)}
        for person_id, grade in chosen.items():
            ratee = others[person_id]
            found = existing.get(ratee.pk)
            if found is None:
                MutualGrade.objects.create(appraisal=appraisal, rater=mine, ratee=ratee, grade=grade)
            elif found.grade != grade:
                found.grade = grade
                found.save(update_fields=["grade", "updated_at"])
        # Who graded whom is not kept in the audit either: the secret ballot of the 民主测评.
        audit.record(
            "assessments.appraisal.mutual",
            by=by,
            obj=appraisal,
            after={"graded": MutualGrade.objects.filter(rater=mine).count(), "of": len(others)},
        )
    return chosen


def save_grades(appraisal, *, by, entries: list[dict]) -> list[Participant]:
    """支部评定: the grades of some or all participants (by person id); 优秀 at most one third of the
    participants (rounded down) over the whole branch, refused with the numbers (409)."""
    require_verb(by, "assessments.manage_appraisal", appraisal)
    if not isinstance(entries, list) or not entries:
        raise Invalid("请至少评定一名党员的等次。", {"grades": ["请至少评定一名党员的等次。"]})
    with transaction.atomic():
        appraisal = _locked(appraisal)
        _require_stage(appraisal, AppraisalState.DECISION, "评定等次")
        participants = {p.person_id: p for p in appraisal.participants.select_related("person")}
        cleaned = []
        for n, entry in enumerate(entries, 1):
            if not isinstance(entry, dict):
                raise Invalid(f"第{n}项格式不对。", {"grades": [f"第{n}项格式不对。"]})
            try:
                person_id = int(entry.get("person"))  # type: ignore[arg-type]
            except (TypeError, ValueError):
                person_id = None
            p = participants.get(person_id) if person_id is not None else None
            if p is None:
                msg = f"编号为{entry.get('person')}的党员不是本次民主评议的参评党员。"
                raise Invalid(msg, {"person": [msg]})
            form_data = {k: entry.get(k) or "" for k in ("grade", "reason", "rectify_by")}
            try:
                fields = validate(GradeEntryForm(form_data))
            except Invalid as e:
                e.detail = f"{p.person.name}：{e.detail}"
                raise
            cleaned.append((p, fields))
        before = {p.person_id: p.grade for p, _f in cleaned}
        for p, fields in cleaned:
            p.grade = fields["grade"]
            p.grade_reason = (fields.get("reason") or "").strip()
            p.rectify_by = fields.get("rectify_by") if p.grade == Grade.UNQUALIFIED else None
        excellent = sum(1 for p in participants.values() if p.grade == Grade.EXCELLENT)
        problem = excellent_problem(len(participants), excellent)
        if problem:
            raise Conflict(problem, {"grades": [problem]})
        now = timezone.now()
        for p, _fields in cleaned:
            p.decided_by, p.decided_at = by, now
            p.save(update_fields=["grade", "grade_reason", "rectify_by", "decided_by", "decided_at"])
        audit.record(
            "assessments.appraisal.grade",
            by=by,
            obj=appraisal,
            before={"grades": {str(k): v for k, v in before.items()}},
            after={"grades": {str(p.person_id): p.grade for p, _f in cleaned}},
        )
    return [p for p, _f in cleaned]


def transition(appraisal, name, *, by, data=None):
    return APPRAISAL.run(appraisal, name, by=by, data=data)


def transition_followup(followup, name, *, by, data=None):
    return FOLLOWUP.run(followup, name, by=by, data=data)


def file_record(appraisal, participants, *, by):
    """The year's 民主评议党员 record of the branch, which the compliance view counts (plans/compliance.py reads
    records of that type by 所属年度): the one already filed for the year, else one filed now with the result."""
    from records.actions import create_record
    from records.models import Record

    found = Record.objects.counting_for("democratic_review", appraisal.year).filter(org=appraisal.org).first()
    if found is not None:
        return found
    from core.dates import today

    if today().year not in (appraisal.year, appraisal.year + 1):
        # A record counts for its own year or the one before (records' 所属年度 rule): an appraisal closed
        # before its year, or more than a year late, files none; the branch records the meeting itself.
        return None
    counts = {label: 0 for label in GRADE_LABELS.values()}
    for p in participants:
        counts[GRADE_LABELS[p.grade]] += 1
    summary = "，".join(f"{label}{n}名" for label, n in counts.items())

    return create_record(
        by=by,
        data={
            "org": appraisal.org_id,
            "type": "democratic_review",
            "title": f"{appraisal.year}年度民主评议党员",
            "date": today().isoformat(),
            "for_year": appraisal.year,
            "content": (
                f"按照个人自评、党员互评、民主测评、支部评定的程序开展{appraisal.year}年度民主评议党员。"
                f"参评党员{len(participants)}名，评定结果：{summary}。"
            ),
        },
        orgs=Organisation.objects.filter(pk=appraisal.org_id),
    )


# ---- 公开承诺 ------------------------------------------------------------------------------------------


def pledge_people(user):
    """People whose pledge the user may write (assessments.write_pledge): herself as a member of her branch,
    and the party members of the branches she administers."""
    from accounts import scope

    if scope.is_system_user(user):
        return Person.objects.none()
    qs = Person.objects.filter(status="active", category__in=APPRAISED_CATEGORIES)
    admin = Organisation.objects.administered_by(user).values("pk")
    own = Person.objects.none()
    branch = scope.member_branch(user)
    if branch is not None and user.person_id:
        own = Person.objects.filter(pk=user.person_id)
    return (qs.filter(org__in=admin) | qs.filter(pk__in=own.values("pk"))).select_related("org").distinct()


def save_pledge(*, by, data) -> Pledge:
    """公开承诺: one per member and year (written again, it replaces the text)."""
    data = dict(data.items()) if hasattr(data, "items") else dict(data)
    if not data.get("person") and by.person_id:
        data["person"] = by.person_id
    cleaned = validate(PledgeForm(data, people=pledge_people(by)))
    person = cleaned["person"]
    require_verb(by, "assessments.write_pledge", person)
    try:
        with transaction.atomic():
            if Pledge.objects.filter(person=person, year=cleaned["year"]).exists():
                raise Conflict(f"{person.name}{cleaned['year']}年的公开承诺已经填写，请修改原承诺。")
            pledge = Pledge.objects.create(
                org=person.org, person=person, year=cleaned["year"], content=cleaned["content"], created_by=by
            )
            audit.record("assessments.pledge.create", by=by, obj=pledge, after=audit.snapshot(pledge))
    except IntegrityError:
        raise Conflict(f"{person.name}{cleaned['year']}年的公开承诺已经填写，请修改原承诺。") from None
    return pledge


def update_pledge(pledge, *, by, data) -> Pledge:
    require_verb(by, "assessments.write_pledge", pledge.person)
    cleaned = validate(PledgeEditForm(data))
    with transaction.atomic():
        pledge = Pledge.objects.select_for_update().get(pk=pledge.pk)
        before = audit.snapshot(pledge)
        pledge.content = cleaned["content"]
        pledge.save(update_fields=["content", "updated_at"])
        audit.record("assessments.pledge.update", by=by, obj=pledge, before=before, after=audit.snapshot(pledge))
    return pledge
