"""The reads pages, the API and the export share (always through visible_to)."""

from django.db.models import Prefetch

from .choices import ProjectState
from .models import CatalogueEntry, Category, Criterion, Project


def project_qs():
    return Project.objects.select_related("org", "category", "owner", "liaison_leader").prefetch_related(
        "team", "mentors", "problems", Prefetch("criteria", queryset=Criterion.objects.order_by("position", "id"))
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


# ---- budget: expenses, linked records and citing declarations ----


def expenses(project):
    from .models import Expense

    return Expense.objects.filter(project=project).prefetch_related("receipts").order_by("date", "id")


def linked_records(project, user):
    """The project's records that the user may read (a record's own scope still applies)."""
    from records.models import Record

    ids = project.record_links.values("record_id")
    return Record.objects.visible_to(user).filter(pk__in=ids).select_related("org").order_by("-date", "-id")


def citing_declarations(project, user):
    from points.models import Declaration

    ids = project.citations.values("declaration_id")
    return (
        Declaration.objects.visible_to(user)
        .filter(pk__in=ids)
        .select_related("item", "subject_org", "subject_person")
        .order_by("-id")
    )


def with_spent(qs):
    """Each project with `spent`, the sum of its expense lines (one subquery, no join that multiplies rows)."""
    from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
    from django.db.models.functions import Coalesce

    from .models import Expense

    sums = (
        Expense.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    money = DecimalField(max_digits=12, decimal_places=2)
    return qs.annotate(spent=Coalesce(Subquery(sums, output_field=money), Value(0), output_field=money))
