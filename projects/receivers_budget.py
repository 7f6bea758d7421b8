"""What follows a project's acceptance: the problems it addresses (问题清单) are closed (销号).

Connected to the workflow's `transitioned` signal (sent after commit); the closing goes through
feedback.actions.close_problem with `enforce=False`, since the acceptance itself was authorised by the
project's workflow (the committee accepted it), whoever may close problems by hand.
"""

from django.dispatch import receiver

from core.workflow import transitioned

from .choices import ProjectState
from .models import Project


@receiver(transitioned, sender=Project, dispatch_uid="projects.close_problems_on_acceptance")
def close_problems_on_acceptance(sender, obj, target, by, **kwargs):
    if target != ProjectState.ACCEPTED:
        return
    from feedback.actions import close_problem

    reason = f"项目“{obj.title}”验收通过"[:200]
    for problem in obj.problems.all():
        close_problem(problem, by, reason, enforce=False)
