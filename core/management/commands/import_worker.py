"""The worker that runs queued Excel imports: `manage.py import_worker` (production runs one, or more).

It is django-tasks-db's `db_worker` (same options: --batch, --interval, --max-tasks, --queue-name …) that
first gives up imports left stuck by a worker that died (`imports_cleanup`) as it starts; each import it
runs does the same before it begins. Stop it with SIGTERM or Ctrl+C: it finishes the import it is running, then exits.
"""

from django_tasks_db.management.commands import db_worker

from core.importing import fail_stuck


class ImportWorker(db_worker.Worker):
    def run(self):
        count = fail_stuck()
        if count:
            db_worker.logger.warning("Gave up %d stuck import(s) before starting", count)
        super().run()


class Command(db_worker.Command):
    help = "运行后台任务（Excel 导入）：先中止无进展的导入，再依次执行排队中的任务。"

    def handle(self, *args, **options):
        original, db_worker.Worker = db_worker.Worker, ImportWorker
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original
