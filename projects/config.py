"""The committee settings that govern a project: the nearest committee at or above its organisation."""

from .choices import PENDING_STATES
from .models import COMMITTEE_KINDS, DEFAULT_APPROVAL_TIERS, ProjectSettings, ancestor_paths


def committee_of(org):
    """The nearest 党委/工委 at or above `org` (its own organisation when it is one), or the tree's root."""
    from orgs.models import Organisation

    found = (
        Organisation.objects.filter(path__in=ancestor_paths(org), kind__in=COMMITTEE_KINDS).order_by("-depth").first()
    )
    return found or Organisation.objects.filter(path=org.path[: type(org).steplen]).first() or org


def settings_for(org):
    """The stored settings of the nearest committee that has some, else the defaults (not saved)."""
    stored = (
        ProjectSettings.objects.filter(committee__path__in=ancestor_paths(org))
        .select_related("committee")
        .order_by("-committee__depth")
        .first()
    )
    if stored is not None:
        return stored
    return ProjectSettings(committee=committee_of(org), approval_tiers=list(DEFAULT_APPROVAL_TIERS))


def project_settings(project):
    cached = getattr(project, "_settings_cache", None)
    if cached is None:
        cached = project._settings_cache = settings_for(project.org)
    return cached


def needs_approval(project):
    return project_settings(project).needs_approval(project.tier)


def levels(project):
    return max(1, min(len(PENDING_STATES), project_settings(project).approval_levels or 1))
