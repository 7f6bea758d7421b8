"""Projects moved along the lifecycle, answered surveys and panels, for the tests of the public part."""

import datetime

from core import dates
from projects import actions, actions_public
from projects.models import Project
from projects.tests.factories import make_project

STEPS = {
    "approved": ["submit", "approve"],
    "in_progress": ["submit", "approve", "start"],
    "closing_requested": ["submit", "approve", "start", "request_closing"],
    "accepted": ["submit", "approve", "start", "request_closing", "accept"],
    "not_accepted": ["submit", "approve", "start", "request_closing", "fail"],
}
COMMITTEE_STEPS = {"approve", "accept", "fail"}


def advance(world, project, to):
    """Move `project` from draft to state `to` (the branch submits and runs it, the committee decides)."""
    for step in STEPS[to][len(_done(project)) :]:
        by = world.users["committee_admin"] if step in COMMITTEE_STEPS else world.users["branch_secretary"]
        actions.transition(project, step, by=by, comment="同意" if step != "fail" else "未完成")
        project = Project.objects.get(pk=project.pk)
    return Project.objects.select_related("org").get(pk=project.pk)


def _done(project):
    order = ["draft", "submitted", "approved", "in_progress", "closing_requested"]
    return [] if project.state not in order else STEPS["closing_requested"][: order.index(project.state)]


def project_in(world, state, **overrides):
    """A project in `state`, ending 60 days from today unless told (so the end-date reason does not apply)."""
    overrides.setdefault("end", (dates.today() + datetime.timedelta(days=60)).isoformat())
    return advance(world, make_project(world, **overrides), state)


def disclose(world, project):
    """The project's public page (四公开), made by the branch's admin; returns its token."""
    d = actions_public.save_disclosure(
        project, by=world.users["branch_secretary"], data={"progress": "已入户走访41次。", "effect": "诉求办结提速。"}
    )
    return d.token


def enter(world, project, **counts):
    """Paper answers entered one by one by the branch's admin: enter(..., satisfied=7, dissatisfied=3)."""
    for rating, n in counts.items():
        for _ in range(n):
            actions_public.enter_response(project, by=world.users["branch_secretary"], data={"rating": rating})
