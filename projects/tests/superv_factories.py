"""Supervision and mentor objects for tests, through the actions."""

import datetime

from core import dates
from projects import actions, actions_superv
from projects.models import Project
from projects.tests.factories import make_project


def running(world, org=None, **overrides):
    """An in-progress project of `org` (branch A by default): submitted, approved by the committee, started."""
    org = org or world.branch_a
    admin = world.users["branch_secretary"] if org == world.branch_a else world.users["outsider"]
    project = make_project(world, by=admin, org=org, **overrides)
    actions.transition(project, "submit", by=admin)
    actions.transition(Project.objects.get(pk=project.pk), "approve", by=world.users["committee_admin"])
    actions.transition(Project.objects.get(pk=project.pk), "start", by=admin)
    return Project.objects.select_related("org").get(pk=project.pk)


def days(n):
    return (dates.today() + datetime.timedelta(days=n)).isoformat()


def inspect(world, project, *, by=None, kind="regular", findings=None, date=None):
    findings = findings if findings is not None else [("台账资料不全", days(10))]
    data = {"kind": kind, "date": date or days(-10), "summary": "进度基本正常。"}
    for n, (text, deadline) in enumerate(findings, start=1):
        data[f"finding_{n}"] = text
        data[f"deadline_{n}"] = deadline or ""
    return actions_superv.create_inspection(project, by=by or world.users["committee_admin"], data=data)
