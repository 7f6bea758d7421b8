"""Background tasks of the reminders (django-tasks): one per delivery attempt. With the database backend
`manage.py reminders_worker` runs them (and collects the day's reminders at 8:00); with the immediate backend
(DEBUG, tests) `enqueue` runs them at once."""

from django_tasks import task

from . import reminders


@task()
def deliver(delivery_id):
    """Attempt one reminder delivery (notices.reminders.deliver): sent at most once, retried after a failure."""
    return reminders.deliver(delivery_id)
