"""Writes of 群众测评 by the committee: create and edit a survey, its subjects, codes, its stage transitions.

Each checks its verb, validates through a form, runs in a transaction and is audited. The public ballot is
assessments/mass.py's `cast` (no account). Codes are credentials: no audit event ever holds one.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max

from core import audit, workflow
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.verbs import require_verb
from orgs.models import Organisation, Person

from . import (
    mass,
    rules,
    workflows_mass,  # noqa: F401  (declares the survey's workflow)
)
from .forms_mass import IssueCodesForm, MassSurveyForm, SubjectsForm
from .models import Result, Round
from .models_mass import MassCode, MassState, MassSubject, MassSurvey

MAX_CODES_PER_SURVEY = 20000
FIELDS = ("org", "kind", "round", "title", "intro", "opens", "closes")


def survey_rounds(user):
    """The rounds a survey may name: those of the schemes of the committees the user administers."""
    return Round.objects.visible_to(user).filter(scheme__org__in=rules.mass_orgs(user)).order_by("-starts", "-id")


def create_survey(*, by, data) -> MassSurvey:
    require_verb(by, "assessments.add_mass_survey")
    cleaned = validate(MassSurveyForm(data, orgs=rules.mass_orgs(by), rounds=survey_rounds(by)))
    require_verb(by, "assessments.add_mass_survey", cleaned["org"])
    with transaction.atomic():
        survey = MassSurvey.objects.create(
            org=cleaned["org"],
            kind=cleaned["kind"],
            round=cleaned.get("round"),
            title=cleaned["title"],
            intro=cleaned.get("intro") or "",
            opens=cleaned["opens"],
            closes=cleaned["closes"],
            created_by=by,
        )
        audit.record("assessments.masssurvey.create", by=by, obj=survey, after=audit.snapshot(survey, FIELDS))
    return survey


def _locked(survey):
    found = (
        MassSurvey.objects.select_for_update(of=("self",)).select_related("org", "round").filter(pk=survey.pk).first()
    )
    if found is None:
        raise NotFound()
    return found


def update_survey(survey, *, by, data) -> MassSurvey:
    """Title, explanation, dates and round; once it is closed nothing changes (its results are counted)."""
    require_verb(by, "assessments.manage_mass_survey", survey)
    rounds = survey_rounds(by).filter(scheme__org=survey.org)
    cleaned = validate(MassSurveyForm(data, rounds=rounds, creating=False))
    with transaction.atomic():
        survey = _locked(survey)
        if survey.state == MassState.CLOSED:
            raise Conflict("测评已结束，不能再修改。")
        if survey.state != MassState.DRAFT and cleaned.get("round") != survey.round:
            raise Conflict("测评已开始，不能再更换考核轮次。", {"round": ["测评已开始，不能再更换考核轮次。"]})
        before = audit.snapshot(survey, FIELDS)
        survey.round = cleaned.get("round")
        survey.title, survey.intro = cleaned["title"], cleaned.get("intro") or ""
        survey.opens, survey.closes = cleaned["opens"], cleaned["closes"]
        survey.save()
        audit.record(
            "assessments.masssurvey.update", by=by, obj=survey, before=before, after=audit.snapshot(survey, FIELDS)
        )
    return survey


def _invalid(name, message):
    return Invalid(message, {name: [message]})


def subject_orgs(survey, user):
    """The organisations a survey may rate: those of its committee's subtree the user sees (the committee itself
    excluded: it runs the survey)."""
    return (
        Organisation.objects.visible_to(user)
        .filter(path__startswith=survey.org.path)
        .exclude(pk=survey.org_id)
        .exclude(kind="group")
        .order_by("path")
    )


def subject_people(survey, user):
    return (
        Person.objects.visible_to(user)
        .filter(org__path__startswith=survey.org.path, status="active")
        .select_related("org")
        .order_by("org__path", "name", "pk")
    )


def _wanted(survey, cleaned):
    """(orgs, people) the chosen source names."""
    source = cleaned["source"]
    if survey.of_people and source != "people":
        raise _invalid("source", "明星党员群众评议的测评对象是党员，请选择党员。")
    if not survey.of_people and source == "people":
        raise _invalid("source", f"{survey.get_kind_display()}的测评对象是党组织，请选择党组织。")
    if source in ("targets", "stars") and survey.round is None:
        raise _invalid("source", "该测评没有关联考核轮次，请先在编辑页选择考核轮次，或直接选择党组织。")
    if source == "targets":
        return list(survey.round.targets.order_by("path")), []
    if source == "stars":
        low = cleaned.get("min_stars") or 1
        results = Result.objects.filter(round=survey.round, stars__gte=low).select_related("org").order_by("rank")
        orgs = [r.org for r in results]
        if not orgs:
            raise Conflict(f"“{survey.round.title}”还没有{low}星及以上的考核结果，请先计算考核结果。")
        return orgs, []
    if source == "orgs":
        if not cleaned.get("orgs"):
            raise _invalid("orgs", "请选择至少一个党组织。")
        return list(cleaned["orgs"]), []
    if not cleaned.get("people"):
        raise _invalid("people", "请选择至少一名党员。")
    return [], list(cleaned["people"])


def add_subjects(survey, *, by, data) -> int:
    """Add subjects (those already in the survey are skipped); only in draft. Answers how many were added."""
    require_verb(by, "assessments.manage_mass_survey", survey)
    form = SubjectsForm(data, orgs=subject_orgs(survey, by), people=subject_people(survey, by))
    cleaned = validate(form)
    with transaction.atomic():
        survey = _locked(survey)
        if survey.state != MassState.DRAFT:
            raise Conflict("测评已开始，测评对象不能再调整。")
        orgs, people = _wanted(survey, cleaned)
        have_orgs = set(survey.subjects.exclude(org=None).values_list("org_id", flat=True))
        have_people = set(survey.subjects.exclude(person=None).values_list("person_id", flat=True))
        start = (survey.subjects.aggregate(m=Max("position"))["m"] or 0) + 1
        new = [o for o in orgs if o.pk not in have_orgs]
        new_people = [p for p in people if p.pk not in have_people]
        rows = [MassSubject(survey=survey, org=o) for o in new] + [
            MassSubject(survey=survey, person=p) for p in new_people
        ]
        for n, row in enumerate(rows):
            row.position = start + n
        MassSubject.objects.bulk_create(rows)
        audit.record(
            "assessments.masssurvey.subjects",
            by=by,
            obj=survey,
            after={"source": cleaned["source"], "orgs": [o.pk for o in new], "people": [p.pk for p in new_people]},
        )
    return len(rows)


def remove_subject(subject, *, by):
    require_verb(by, "assessments.manage_mass_survey", subject.survey)
    with transaction.atomic():
        survey = _locked(subject.survey)
        if survey.state != MassState.DRAFT:
            raise Conflict("测评已开始，测评对象不能再调整。")
        after = {"org": subject.org_id, "person": subject.person_id}
        subject.delete()
        audit.record("assessments.masssurvey.remove_subject", by=by, obj=survey, before=after)
    return survey


def issue_codes(survey, *, by, data) -> list[MassCode]:
    """Issue `count` new one-time codes as a new batch of slips (numbered on from the last slip)."""
    require_verb(by, "assessments.manage_mass_survey", survey)
    count = validate(IssueCodesForm(data))["count"]
    with transaction.atomic():
        survey = _locked(survey)
        if survey.state == MassState.CLOSED:
            raise Conflict("测评已结束，不能再生成测评码。")
        agg = survey.codes.aggregate(n=Max("slip_no"), b=Max("batch"))
        last, batch = agg["n"] or 0, (agg["b"] or 0) + 1
        if last + count > MAX_CODES_PER_SURVEY:
            raise _invalid(
                "count",
                f"一次测评最多{MAX_CODES_PER_SURVEY}个测评码，已生成{last}个，最多还能生成{MAX_CODES_PER_SURVEY - last}个。",
            )
        codes: set[str] = set()
        while len(codes) < count:
            wanted = {mass.new_code() for _ in range(count - len(codes))}
            taken = set(MassCode.objects.filter(code__in=wanted).values_list("code", flat=True))
            codes |= wanted - taken
        made = MassCode.objects.bulk_create(
            [
                MassCode(survey=survey, code=code, batch=batch, slip_no=last + n)
                for n, code in enumerate(sorted(codes), start=1)
            ]
        )
        audit.record(
            "assessments.masssurvey.codes",
            by=by,
            obj=survey,
            after={"batch": batch, "count": count, "slips": f"{last + 1}-{last + count}"},
        )
    return made


def transition(survey, name, *, by, data=None) -> MassSurvey:
    return workflow.run(survey, name, by=by, data=data)
