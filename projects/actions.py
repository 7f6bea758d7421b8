"""The public writes of 项目化管理: verb + validate + atomic + audit, or a run of the project workflow."""

from typing import Any

from django.db import IntegrityError, transaction

from core import audit
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.verbs import require_verb

from . import rules
from .choices import EDITABLE_STATES
from .forms import CategoryForm, EntryForm, ProjectForm, SettingsForm, criteria_text
from .locking import lock_project
from .models import CatalogueEntry, Category, Criterion, Project, ProjectSettings
from .workflows import PROJECT

CHARTER_FIELDS = [
    "title",
    "slogan",
    "brand",
    "tier",
    "problem",
    "content",
    "measures",
    "progress_plan",
    "start",
    "end",
    "quality_standard",
    "expected_goal",
    "budget",
]


NULLABLE = {"start", "end", "budget"}


def _snapshot(project):
    return {
        **audit.snapshot(project),
        "team": sorted(project.team.values_list("pk", flat=True)),
        "mentors": sorted(project.mentors.values_list("pk", flat=True)),
        "problems": sorted(project.problems.values_list("pk", flat=True)),
        "criteria": [[c.name, c.weight] for c in project.criteria.all()],
    }


def project_form_data(project) -> dict[str, Any]:
    """The charter as form data (the edit page's initial values; the API's PATCH merges onto it)."""
    return {
        **{f: getattr(project, f) for f in CHARTER_FIELDS},
        "org": project.org_id,
        "category": project.category_id,
        "owner": project.owner_id,
        "liaison_leader": project.liaison_leader_id,
        "team": list(project.team.values_list("pk", flat=True)),
        "mentors": list(project.mentors.values_list("pk", flat=True)),
        "problems": list(project.problems.values_list("pk", flat=True)),
        "criteria": criteria_text(project.criteria.all()),
    }


def _save_charter(project, cleaned):
    for f in CHARTER_FIELDS:
        value = cleaned.get(f)
        setattr(project, f, value if value is not None or f in NULLABLE else "")
    project.org = cleaned["org"]
    project.category = cleaned.get("category")
    project.owner = cleaned.get("owner")
    project.liaison_leader = cleaned.get("liaison_leader")
    project.save()
    project.team.set(cleaned.get("team") or [])
    project.mentors.set(cleaned.get("mentors") or [])
    project.problems.set(cleaned.get("problems") or [])
    project.criteria.all().delete()
    Criterion.objects.bulk_create(
        Criterion(project=project, name=name, weight=weight, position=n)
        for n, (name, weight) in enumerate(cleaned.get("criteria") or [])
    )


def _problem_ids(data):
    values = data.getlist("problems") if hasattr(data, "getlist") else data.get("problems") or []
    if isinstance(values, (str, int)):
        values = [values]
    return [v for v in values if str(v).strip() != ""]


def _check_problems(by, data, keep=()):
    """Problems the user does not see are refused like missing ones (404), naming nothing; a closed problem can
    be named only by a charter that names it already."""
    from .forms import problem_choices

    ids = _problem_ids(data)
    if not ids:
        return
    if not all(str(v).isdigit() and 0 < int(v) < 2**53 for v in ids):
        raise Invalid("所选问题不存在或您无权访问。", {"problems": ["所选问题不存在或您无权访问。"]})
    wanted = {int(v) for v in ids}
    if problem_choices(by, keep=keep).filter(pk__in=wanted).count() != len(wanted):
        raise NotFound()


def create_project(*, by, data, entry=None):
    """选题: a draft charter for an organisation the user administers, optionally from a catalogue entry."""
    orgs = rules.creatable_orgs(by)
    if not orgs.exists():
        require_verb(by, "projects.create", None)
    _check_problems(by, data)
    cleaned = validate(ProjectForm(data, orgs=orgs, user=by))
    require_verb(by, "projects.create", cleaned["org"])
    with transaction.atomic():
        project = Project(created_by=by, entry=entry)
        _save_charter(project, cleaned)
        audit.record("projects.project.create", by=by, obj=project, org=project.org, after=_snapshot(project))
    return project


def entry_initial(entry):
    """What starting a project from a catalogue entry copies: its category, tier, content and measures."""
    return {
        "title": entry.title,
        "category": entry.category_id,
        "tier": entry.tier,
        "content": entry.content,
        "measures": entry.measures,
    }


def update_project(project, *, by, data):
    """Edit the charter while it is a draft or returned for changes."""
    require_verb(by, "projects.update", project)
    if project.state not in EDITABLE_STATES:
        raise Conflict(f"项目当前为“{project.state_label}”，立项表不能再修改。")
    keep = list(project.problems.values_list("pk", flat=True))
    _check_problems(by, data, keep=keep)
    cleaned = validate(ProjectForm(data, orgs=rules.creatable_orgs(by), user=by, initial={"problems": keep}))
    with transaction.atomic():
        locked = lock_project(project)
        if locked.state not in EDITABLE_STATES:
            raise Conflict(f"项目当前为“{locked.state_label}”，立项表不能再修改。")
        before = _snapshot(locked)
        _save_charter(locked, cleaned)
        audit.record(
            "projects.project.update", by=by, obj=locked, org=locked.org, before=before, after=_snapshot(locked)
        )
    return locked


def transition(project, action, *, by, comment=""):
    """Run a lifecycle step by name: 422 for an unknown action, 409 when not allowed now, 403 with the rule."""
    if action not in PROJECT._by_name:
        raise Invalid(
            f"没有“{action}”这项操作。可用的操作：{'、'.join(PROJECT._by_name)}。",
            {"action": ["没有这项操作。"]},
        )
    return PROJECT.run(project, action, by=by, data={"comment": comment, "reason": comment})


# ---------------------------------------------------------------- committee settings and catalogue


def update_settings(committee, *, by, data):
    require_verb(by, "projects.configure", committee)
    cleaned = validate(SettingsForm(data))
    with transaction.atomic():
        stored, _ = ProjectSettings.objects.select_for_update().get_or_create(committee=committee)
        before = audit.snapshot(stored)
        stored.approval_tiers = list(cleaned.get("approval_tiers") or [])
        stored.approval_levels = cleaned["approval_levels"]
        stored.satisfaction_threshold = cleaned["satisfaction_threshold"]
        stored.save()
        audit.record(
            "projects.settings.update", by=by, obj=stored, org=committee, before=before, after=audit.snapshot(stored)
        )
    return stored


def add_category(committee, *, by, data):
    require_verb(by, "projects.configure", committee)
    cleaned = validate(CategoryForm(data))
    try:
        with transaction.atomic():
            position = Category.objects.filter(committee=committee).count()
            category = Category.objects.create(committee=committee, position=position, **cleaned)
            audit.record("projects.category.create", by=by, obj=category, org=committee, after=audit.snapshot(category))
    except IntegrityError:
        raise Invalid("该类别已存在。", {"name": ["该类别已存在。"]}) from None
    return category


def manageable_categories(by):
    return Category.objects.filter(committee__in=rules.configurable_committees(by)).select_related("committee")


def add_entry(*, by, data):
    cleaned = validate(EntryForm(data, categories=manageable_categories(by)))
    committee = cleaned["category"].committee
    require_verb(by, "projects.configure", committee)
    with transaction.atomic():
        entry = CatalogueEntry.objects.create(**cleaned)
        audit.record("projects.entry.create", by=by, obj=entry, org=committee, after=audit.snapshot(entry))
    return entry
