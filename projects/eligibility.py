"""Eligibility for the year's awards (取消评先评优资格, seeds 003 and 004), API.md `GET …/eligibility`.

Each part of 项目化管理 that can cost a project its eligibility registers one reason provider here:
a function of the project that returns the Chinese reasons it finds (an empty list when it finds none).
A provider that reads the database may also register a batch loader (`@batch`): given a list of projects it
fetches what the provider reads for all of them at once and leaves it on each project, so a list page
(`reasons_for`) asks a fixed number of queries however many rows it shows.
The lifecycle's own reason (not accepted by the end date) is declared below; the survey (satisfaction
below the committee's threshold) and supervision (a rectification overdue: 措施不力) add theirs.
"""

import datetime
from collections.abc import Callable

from django.utils import timezone

from core.dates import today

from .choices import ProjectState
from .models import Project, ProjectLog

Provider = Callable[[Project], list[str]]
Loader = Callable[[list[Project]], None]
PROVIDERS: list[Provider] = []
LOADERS: list[Loader] = []


def reason(provider: Provider) -> Provider:
    """Register a reason provider (a decorator); registering the same function twice keeps one."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


def batch(loader: Loader) -> Loader:
    """Register a batch loader (a decorator) that fills, for a list of projects, what a provider reads."""
    if loader not in LOADERS:
        LOADERS.append(loader)
    return loader


def reasons_for(projects: list[Project]) -> dict[int, list[str]]:
    """The reasons of many projects at once (a list page): every loader once, then every provider per project."""
    projects = list(projects)
    for loader in LOADERS:
        loader(projects)
    return {p.pk: reasons(p) for p in projects}


def reasons(project: Project) -> list[str]:
    """Every reason the project is not eligible, in registration order; empty when it is eligible."""
    found: list[str] = []
    for provider in PROVIDERS:
        found.extend(provider(project))
    return found


def accepted_on(project: Project):
    """The date the project was accepted (验收通过), or None."""
    if project.state != ProjectState.ACCEPTED:
        return None
    if hasattr(project, "_accepted_on"):  # filled for a whole list by load_accepted_on
        return project._accepted_on
    at = (
        ProjectLog.objects.filter(project=project, to_state=ProjectState.ACCEPTED)
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    return timezone.localtime(at).date() if at else None


@reason
def unfinished(project: Project) -> list[str]:
    """未完成项目计划: not accepted by the end date of the charter (or the end date passed without acceptance)."""
    if project.end is None:
        return []
    done = accepted_on(project)
    if done is None and today() > project.end:
        return [f"未按计划完成：项目完成时限为 {project.end:%Y年%m月%d日}，到期未通过验收。"]
    if done is not None and done > project.end:
        return [f"未按计划完成：项目 {done:%Y年%m月%d日} 通过验收，晚于完成时限 {project.end:%Y年%m月%d日}。"]
    return []


@batch
def load_accepted_on(projects: list[Project]) -> None:
    accepted = [p for p in projects if p.state == ProjectState.ACCEPTED]
    if not accepted:
        return
    latest: dict[int, datetime.datetime] = {}
    rows = ProjectLog.objects.filter(project__in=accepted, to_state=ProjectState.ACCEPTED).values_list(
        "project_id", "at"
    )
    for pid, at in rows:
        if at is not None and (pid not in latest or at > latest[pid]):
            latest[pid] = at
    for p in accepted:
        last = latest.get(p.pk)
        p._accepted_on = timezone.localtime(last).date() if last else None  # type: ignore[attr-defined]
