"""The reads pages, the API and the export share (always through visible_to)."""

from django.db.models import Prefetch

from .choices import ProjectState
from .models import CatalogueEntry, Category, Criterion, Project


def project_qs():
    return Project.objects.select_related("org", "category", "owner", "liaison_leader").prefetch_related(
        "team", "mentors", Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
    )


def projects(user, *, under=None, tier=None, category=None, state=None):
    qs = project_qs().filter(pk__in=Project.objects.visible_to(user).values("pk")).order_by("org__path", "-id")
    if under is not None:
        qs = qs.filter(org__path__startswith=under.path)
    if tier:
        qs = qs.filter(tier=tier)
    if category:
        qs = qs.filter(category_id=category)
    if state and state in ProjectState.values:
        qs = qs.filter(state=state)
    return qs


def categories(user):
    """Categories of the committees above, at or below the organisations the user reads."""
    return Category.objects.visible_to(user).select_related("committee")


def entries(user, *, category=None):
    qs = CatalogueEntry.objects.visible_to(user).select_related("category")
    if category:
        qs = qs.filter(category_id=category)
    return qs
