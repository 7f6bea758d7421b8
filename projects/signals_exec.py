"""The baseline (基线) is frozen when the project is approved: a receiver of the workflow's `transitioned`."""

from django.dispatch import receiver

from core.workflow import transitioned

from .choices import ProjectState
from .models import Project


@receiver(transitioned, sender=Project, dispatch_uid="projects.exec.freeze_baseline")
def freeze_baseline_on_approval(sender, obj, target, by, **kwargs):
    if target == ProjectState.APPROVED:
        from .actions_exec import freeze_baseline

        freeze_baseline(obj, by=by)
