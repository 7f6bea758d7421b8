"""Eligibility for the year's awards (取消评先评优资格, seeds 003 and 004), API.md `GET …/eligibility`.

Each part of 项目化管理 that can cost a project its eligibility registers one reason provider here:
a function of the project that returns the Chinese reasons it finds (an empty list when it finds none).
The lifecycle's own reason (not accepted by the end date) is declared below; the survey (satisfaction
below the committee's threshold) and supervision (a rectification overdue: 措施不力) add theirs.
"""

from collections.abc import Callable

from django.utils import timezone

from core.dates import today

from .choices import ProjectState
from .models import Project, ProjectLog

Provider = Callable[[Project], list[str]]
PROVIDERS: list[Provider] = []


def reason(provider: Provider) -> Provider:
    """Register a reason provider (a decorator); registering the same function twice keeps one."""
    if provider not in PROVIDERS:
        PROVIDERS.append(provider)
    return provider


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
