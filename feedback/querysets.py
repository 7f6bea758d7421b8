"""The list queries of the module, shared by the pages, the API and the export (so they cannot disagree)."""

from django.db.models import Prefetch, Q

from .choices import OPEN_STATES, FeedbackState, ProblemState
from .models import Problem, ProblemClaim

PROJECTS = "projects"  # the reverse name of the projects app's M2M Project.problems


def has_projects():
    """Whether a model (the projects app's Project) links problems under the reverse name `projects`."""
    return any(r.get_accessor_name() == PROJECTS for r in Problem._meta.related_objects)


def project_ids(problem):
    """The ids of the projects addressing the problem: [] until the projects app declares its M2M."""
    if not has_projects():
        return []
    return [p.pk for p in getattr(problem, PROJECTS).all()]


def filter_feedback(qs, *, org=None, state=None, overdue=False, today=None):
    if org is not None:
        qs = qs.filter(Q(org__path__startswith=org.path) | Q(handler__path__startswith=org.path))
    if state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif state in FeedbackState.values:
        qs = qs.filter(state=state)
    if overdue and today is not None:
        qs = qs.overdue(today)
    return qs


def problem_list_qs(user):
    qs = Problem.objects.visible_to(user).select_related("org", "raised_to", "feedback")
    claims = ProblemClaim.objects.select_related("org").order_by("claimed_at", "id")
    qs = qs.prefetch_related(Prefetch("claims", queryset=claims))
    if has_projects():
        qs = qs.prefetch_related(PROJECTS)
    return qs


def filter_problems(qs, *, org=None, state=None, source=None, q=None):
    if org is not None:
        qs = qs.filter(
            Q(org__path__startswith=org.path)
            | Q(raised_to__path__startswith=org.path)
            | Q(pk__in=ProblemClaim.objects.filter(org__path__startswith=org.path).values("problem_id"))
        )
    if state in ProblemState.values:
        qs = qs.filter(state=state)
    if source:
        qs = qs.filter(source=source)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(description__icontains=q))
    return qs
