"""The public writes of supervision (台账式督查) and mentors (导师帮带): verb + validate + atomic + audit, or a
run of the rectification workflow (projects/workflows_superv.py)."""

import random
import secrets

from django.db import IntegrityError, transaction

from accounts import scope
from accounts.models import RoleAssignment
from core import audit
from core.errors import Conflict, Invalid
from core.forms import validate
from core.verbs import require_verb

from . import commentable, rules
from .choices import ProjectState
from .choices_superv import InspectionKind, InspectionState, RectificationState
from .forms_superv import AssignForm, GroupForm, InspectionForm, MentorCommentForm, MentorForm, SampleForm
from .locking import lock_project
from .models import (
    Finding,
    Inspection,
    InspectionSample,
    MentorComment,
    MentorProfile,
    Project,
    SupervisionGroup,
)
from .workflows_superv import RECTIFICATION

SUPERVISED = (ProjectState.APPROVED, ProjectState.IN_PROGRESS, ProjectState.CLOSING_REQUESTED)

# ---------------------------------------------------------------- supervision groups


def _group_snapshot(group):
    return {**audit.snapshot(group), "projects": sorted(group.projects.values_list("pk", flat=True))}


def create_group(committee, *, by, data):
    require_verb(by, "projects.supervise", committee)
    cleaned = validate(GroupForm(data, committee=committee))
    try:
        with transaction.atomic():
            group = SupervisionGroup.objects.create(
                committee=committee, name=cleaned["name"], kind=cleaned["kind"], leader=cleaned["leader"]
            )
            group.projects.set(cleaned.get("projects") or [])
            audit.record("projects.group.create", by=by, obj=group, org=committee, after=_group_snapshot(group))
    except IntegrityError:
        raise Invalid("该督导组名称已存在。", {"name": ["该督导组名称已存在。"]}) from None
    return group


def update_group(group, *, by, data):
    require_verb(by, "projects.supervise", group.committee)
    cleaned = validate(GroupForm(data, committee=group.committee))
    try:
        with transaction.atomic():
            locked = SupervisionGroup.objects.select_for_update().get(pk=group.pk)
            before = _group_snapshot(locked)
            locked.name, locked.kind, locked.leader = cleaned["name"], cleaned["kind"], cleaned["leader"]
            locked.save()
            locked.projects.set(cleaned.get("projects") or [])
            audit.record(
                "projects.group.update",
                by=by,
                obj=locked,
                org=locked.committee,
                before=before,
                after=_group_snapshot(locked),
            )
    except IntegrityError:
        raise Invalid("该督导组名称已存在。", {"name": ["该督导组名称已存在。"]}) from None
    return locked


def group_form_data(group):
    return {
        "name": group.name,
        "kind": group.kind,
        "leader": group.leader_id,
        "projects": list(group.projects.values_list("pk", flat=True)),
    }


# ---------------------------------------------------------------- inspections and findings


def _save_findings(inspection, findings):
    Finding.objects.bulk_create(
        Finding(
            inspection=inspection,
            text=text,
            deadline=deadline,
            state=RectificationState.OPEN if deadline else RectificationState.NONE,
        )
        for text, deadline in findings
    )


def _inspection_snapshot(inspection):
    return {
        **audit.snapshot(inspection),
        "findings": [[f.text, f.deadline.isoformat() if f.deadline else None] for f in inspection.findings.all()],
    }


def create_inspection(project, *, by, data):
    """登记督查: by the organisations above the project or its supervising leader, with its findings."""
    require_verb(by, "projects.inspect", project)
    if project.state not in SUPERVISED:
        raise Conflict(f"项目当前为“{project.state_label}”，立项后、验收前才能督查。")
    cleaned = validate(InspectionForm(data, project=project))
    if cleaned["kind"] == InspectionKind.RANDOM:
        raise Invalid(
            "随机抽查须由党委（工委）抽取样本后在抽中的项目上填写，不能直接登记。",
            {"kind": ["随机抽查须先抽取样本。"]},
        )
    with transaction.atomic():
        lock_project(project)
        inspection = Inspection.objects.create(
            project=project,
            kind=cleaned["kind"],
            date=cleaned["date"],
            inspector=cleaned.get("inspector") or _own_person(by),
            summary=cleaned["summary"],
            created_by=by,
        )
        _save_findings(inspection, cleaned["findings"])
        audit.record(
            "projects.inspection.create", by=by, obj=inspection, org=project.org, after=_inspection_snapshot(inspection)
        )
    return inspection


def _own_person(user):
    return user.person if user.person_id else None


def fill_inspection(inspection, *, by, data):
    """Fill in a drawn 随机抽查 (the kind stays 随机抽查); a filled inspection is not edited again."""
    project = inspection.project
    require_verb(by, "projects.inspect", project)
    if inspection.state != InspectionState.PENDING:
        raise Conflict("该督查记录已填写，不能再修改；新的情况请另行登记督查。")
    data = data.dict() if hasattr(data, "dict") else dict(data)  # a QueryDict from a page, a dict from the API
    cleaned = validate(InspectionForm({**data, "kind": InspectionKind.RANDOM}, project=project, kind_locked=True))
    with transaction.atomic():
        locked = Inspection.objects.select_for_update().get(pk=inspection.pk)
        if locked.state != InspectionState.PENDING:
            raise Conflict("该督查记录已填写，不能再修改；新的情况请另行登记督查。")
        before = _inspection_snapshot(locked)
        locked.date = cleaned["date"]
        locked.inspector = cleaned.get("inspector") or _own_person(by)
        locked.summary = cleaned["summary"]
        locked.state = InspectionState.DONE
        locked.save()
        _save_findings(locked, cleaned["findings"])
        audit.record(
            "projects.inspection.fill",
            by=by,
            obj=locked,
            org=project.org,
            before=before,
            after=_inspection_snapshot(locked),
        )
    return locked


def transition_finding(finding, action, *, by, data=None):
    """报告整改完成 / 确认销号 / 退回重新整改: 422 for an unknown action, 409 when not now, 403 with the rule."""
    if action not in RECTIFICATION._by_name:
        raise Invalid(
            f"没有“{action}”这项操作。可用的操作：{'、'.join(RECTIFICATION._by_name)}。",
            {"action": ["没有这项操作。"]},
        )
    return RECTIFICATION.run(finding, action, by=by, data=data or {})


# ---------------------------------------------------------------- 随机抽查


def population(committee):
    """The in-progress projects under the committee (not its own): the ids a draw picks from, in order."""
    return list(
        Project.objects.filter(org__path__startswith=committee.path, state=ProjectState.IN_PROGRESS)
        .exclude(org__path=committee.path)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def pick(ids, seed, size):
    """The reproducible draw: the same ids, seed and size always give the same sample (sorted)."""
    ids = sorted(ids)
    return sorted(random.Random(seed).sample(ids, min(size, len(ids))))


def draw_sample(*, by, data):
    """抽取随机抽查样本: a seed is generated and recorded with the population and the sample (audit log);
    each drawn project gets a 随机抽查 inspection to fill in."""
    committees = rules.supervisable_committees(by)
    if not committees.exists():
        require_verb(by, "projects.supervise", None)
    cleaned = validate(SampleForm(data, committees=committees))
    committee = cleaned["committee"]
    require_verb(by, "projects.supervise", committee)
    with transaction.atomic():
        ids = population(committee)
        if not ids:
            raise Conflict("该党委（工委）下目前没有实施中的项目，无法抽查。")
        seed = secrets.randbits(48)
        drawn = pick(ids, seed, cleaned["size"])
        sample = InspectionSample.objects.create(
            committee=committee, seed=seed, size=cleaned["size"], population=ids, drawn=drawn, drawn_by=by
        )
        Inspection.objects.bulk_create(
            Inspection(
                project_id=pk, kind=InspectionKind.RANDOM, state=InspectionState.PENDING, sample=sample, created_by=by
            )
            for pk in drawn
        )
        titles = dict(Project.objects.filter(pk__in=drawn).values_list("pk", "title"))
        audit.record(
            "projects.sample.draw",
            by=by,
            obj=sample,
            org=committee,
            after={
                "seed": seed,
                "size": cleaned["size"],
                "population": ids,
                "drawn": drawn,
                "projects": [titles[pk] for pk in drawn],
            },
        )
    return sample


# ---------------------------------------------------------------- mentor pool (导师库)


def _mentor_grant(person, committee, by):
    """The pool's mentor role for the person's account: an existing grant covering the committee, or a new one
    (the role opens no data: Role(reads=False)). None when she already holds one."""
    from accounts.models import User

    user = User.objects.filter(person=person, is_active=True).first()
    if user is None:
        raise Invalid(
            f"{person.name}还没有登录账号，导师须登录阅看项目、发表意见。请先由系统管理员为其开通账号。",
            {"person": ["该人员没有登录账号。"]},
        )
    if scope.is_system_user(user):
        raise Invalid("三员分立：系统角色账号不能担任导师。", {"person": ["系统角色账号不能担任导师。"]})
    from .models import ancestor_paths

    held = RoleAssignment.objects.filter(user=user, role=rules.MENTOR, org__path__in=ancestor_paths(committee))
    if held.exists():
        return None
    grant = RoleAssignment.objects.create(user=user, role=rules.MENTOR, org=committee, granted_by=by)
    audit.record(
        "role.grant", by=by, obj=grant, org=committee, after={**audit.snapshot(grant), "via": "projects.mentor_pool"}
    )
    scope.clear_cache(user)
    return grant


def add_mentor(committee, *, by, data):
    """入导师库: a person of the committee with her kind and expertise; her account gets the mentor role."""
    require_verb(by, "projects.supervise", committee)
    cleaned = validate(MentorForm(data, committee=committee))
    person = cleaned["person"]
    with transaction.atomic():
        existing = MentorProfile.objects.select_for_update().filter(committee=committee, person=person).first()
        if existing is not None and existing.active:
            raise Invalid(f"{person.name}已在导师库中。", {"person": ["已在导师库中。"]})
        grant = _mentor_grant(person, committee, by)
        profile = existing or MentorProfile(committee=committee, person=person)
        profile.kind, profile.field, profile.expertise = cleaned["kind"], cleaned["field"], cleaned["expertise"]
        profile.active, profile.grant = True, grant
        profile.save()
        audit.record("projects.mentor.add", by=by, obj=profile, org=committee, after=audit.snapshot(profile))
    return profile


def remove_mentor(profile, *, by):
    """出导师库: refused while she mentors a project not yet finished; the role the pool granted is revoked."""
    require_verb(by, "projects.supervise", profile.committee)
    with transaction.atomic():
        locked = MentorProfile.objects.select_for_update().get(pk=profile.pk)
        if not locked.active:
            raise Conflict(f"{locked.person.name}已不在导师库中。")
        busy = Project.objects.filter(mentors=locked.person, org__path__startswith=locked.committee.path).exclude(
            state__in=[ProjectState.ACCEPTED, ProjectState.NOT_ACCEPTED, ProjectState.REJECTED]
        )
        names = list(busy.values_list("title", flat=True)[:3])
        if names:
            raise Conflict(f"{locked.person.name}仍在帮带项目（{'、'.join(names)}），请先为这些项目更换导师。")
        before = audit.snapshot(locked)
        grant = locked.grant
        locked.active, locked.grant = False, None
        locked.save()
        if grant is not None:
            audit.record("role.revoke", by=by, obj=grant, org=grant.org, before=audit.snapshot(grant))
            user = grant.user
            grant.delete()
            scope.clear_cache(user)
        audit.record(
            "projects.mentor.remove",
            by=by,
            obj=locked,
            org=locked.committee,
            before=before,
            after=audit.snapshot(locked),
        )
    return locked


def assign_mentor(project, *, by, data):
    """一对一帮带: the project's one mentor from the pool (or none); Project.mentors stays the truth."""
    require_verb(by, "projects.assign_mentor", project)
    cleaned = validate(AssignForm(data, project=project))
    profile = cleaned.get("profile")
    with transaction.atomic():
        locked = lock_project(project)
        before = sorted(locked.mentors.values_list("pk", flat=True))
        locked.mentors.set([profile.person] if profile else [])
        audit.record(
            "projects.project.assign_mentor",
            by=by,
            obj=locked,
            org=locked.org,
            before={"mentors": before},
            after={"mentors": [profile.person_id] if profile else [], "profile": profile.pk if profile else None},
        )
    return locked


def add_comment(project, *, by, data):
    """导师意见: the project's mentor comments on its charter (or a registered report or task of it)."""
    require_verb(by, "projects.comment", project)
    cleaned = validate(MentorCommentForm(data))
    subject = commentable.subject(cleaned["kind"])
    obj = subject.find(project, cleaned.get("object_id"))
    with transaction.atomic():
        comment = MentorComment.objects.create(
            project=project,
            kind=subject.kind,
            object_id=getattr(obj, "pk", None) if obj is not project else None,
            object_label=subject.describe(obj)[:120],
            text=cleaned["text"],
            author=by,
        )
        audit.record("projects.comment.create", by=by, obj=comment, org=project.org, after=audit.snapshot(comment))
    return comment
