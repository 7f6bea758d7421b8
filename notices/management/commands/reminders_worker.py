"""The worker of the reminders: `manage.py reminders_worker` (production runs one, or more, on any host).

It is django-tasks-db's `db_worker` (same options: --batch, --interval, --queue-name …; it runs every queued task,
imports too) with a clock: between tasks it checks the time, and once it is past REMINDER_HOUR (8:00
Asia/Shanghai) it collects the day's due reminders — once a day whatever the number of workers, because the day's
ReminderRun row is made by only one of them — and re-queues the retries that are due.

Why a clock in the worker rather than cron: the deployment already runs a worker for the tasks, so the schedule
needs no second mechanism, no crontab per host and no time zone set on the server; a worker started after 8:00
(a restart, a deploy) still collects that morning's reminders. Cron works too (`send_reminders`, see there).
"""

import time

from django_tasks_db.management.commands import db_worker

from notices import reminders

TICK_SECONDS = 60  # how often the clock is read at most


class RemindersWorker(db_worker.Worker):
    _last_tick = 0.0

    def tick(self):
        if time.monotonic() - self._last_tick < TICK_SECONDS and self._last_tick:
            return
        self._last_tick = time.monotonic()
        try:
            if reminders.daily_due():
                result = reminders.run_daily()
                if result is not None:
                    db_worker.logger.info("Reminders collected: %(due)d due, %(created)d deliveries", result)
            reminders.retry_due()
        except Exception:  # the clock must not stop the worker: the tasks keep running, the next tick tries again
            db_worker.logger.exception("Reminder collection failed")

    def run(self):
        batch = self.batch
        self.batch = True  # the parent loop returns once the queue is empty: the clock is read in between
        while self.running:
            self.tick()
            super().run()
            self.startup_delay = False
            if batch or (self.max_tasks is not None and self._run_tasks >= self.max_tasks):
                return
            time.sleep(self.interval)


class Command(db_worker.Command):
    help = "运行后台任务（提醒投递、Excel 导入），并在每天 8:00（北京时间）收集当天到期的提醒。"

    def handle(self, *args, **options):
        original, db_worker.Worker = db_worker.Worker, RemindersWorker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
