"""Serialise the writes of one project: every action that checks the project's state and then writes its parts
(tasks, expenses, inspections, awards, the charter) locks the project's row first.

Only the project's own row is locked (`FOR UPDATE OF`): PostgreSQL refuses FOR UPDATE on the nullable side of an
outer join, and the related rows fetched with it (category, organisation) are read, not written.
"""

from core.errors import NotFound

from .models import Project


def lock_project(project, *related):
    """The project's row as stored now, locked until the transaction ends (404 when it is gone)."""
    locked = Project.objects.select_for_update(of=("self",)).select_related(*related).filter(pk=project.pk).first()
    if locked is None:
        raise NotFound()
    return locked
