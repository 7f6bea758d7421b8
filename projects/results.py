"""Project results for the assessment module (考核评星) and the cockpit: per organisation and year.

`org_results(orgs, year)` answers, for each organisation (its subtree included), the number of projects of
the year, how many were accepted (验收通过), and the metrics other parts of the module register: acceptance
adds the mean acceptance score, 四公开 the satisfaction rate. A metric no part registers is None, never 0.

A part registers a metric with `@metric("mean_score")`: `f(projects) -> value or None` over the list of the
organisation's projects of the year (e.g. the mean weighted acceptance score of those that have one).
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .choices import ProjectState
from .models import Project

METRICS: dict[str, Callable[[list], Any]] = {}
KNOWN_METRICS = ("mean_score", "satisfaction")


def metric(name):
    def register(fn):
        METRICS[name] = fn
        return fn

    return register


@dataclass
class OrgResult:
    org: Any
    year: int
    projects: int = 0
    accepted: int = 0
    not_accepted: int = 0
    in_progress: int = 0
    metrics: dict = field(default_factory=dict)

    @property
    def acceptance_rate(self):
        """Accepted of the decided ones (accepted + not accepted), in percent; None before any decision."""
        decided = self.accepted + self.not_accepted
        return round(self.accepted * 100 / decided, 1) if decided else None

    def as_dict(self):
        return {
            "org": {"id": self.org.pk, "name": self.org.name},
            "year": self.year,
            "projects": self.projects,
            "accepted": self.accepted,
            "not_accepted": self.not_accepted,
            "in_progress": self.in_progress,
            "acceptance_rate": self.acceptance_rate,
            **{name: self.metrics.get(name) for name in (*KNOWN_METRICS, *METRICS)},
        }


def year_projects(org, year):
    """The projects of `org`'s subtree that belong to `year`: started in it (or created in it, without a start)."""
    from django.db.models import Q

    return Project.objects.filter(org__path__startswith=org.path).filter(
        Q(start__year=year) | Q(start__isnull=True, created_at__year=year)
    )


def org_results(orgs: Iterable, year: int) -> list[OrgResult]:
    """One OrgResult per organisation (the caller has already scoped `orgs` to what the user reads)."""
    out = []
    for org in orgs:
        projects = list(year_projects(org, year).select_related("org", "category"))
        result = OrgResult(org=org, year=year, projects=len(projects))
        for p in projects:
            if p.state == ProjectState.ACCEPTED:
                result.accepted += 1
            elif p.state == ProjectState.NOT_ACCEPTED:
                result.not_accepted += 1
            elif p.state in (ProjectState.IN_PROGRESS, ProjectState.CLOSING_REQUESTED):
                result.in_progress += 1
        result.metrics = {name: (fn(projects) if projects else None) for name, fn in METRICS.items()}
        out.append(result)
    return out
