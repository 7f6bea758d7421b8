"""Background tasks (django-tasks). With the database backend `manage.py import_worker` runs them; with the
immediate backend (DEBUG, tests) `enqueue` runs them at once."""

from django_tasks import task

from . import importing


@task()
def run_import(batch_id):
    """Run one confirmed Excel import (core.importing.run_batch): all its rows or none, at most once."""
    return importing.run_batch(batch_id)
