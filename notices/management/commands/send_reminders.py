"""`manage.py send_reminders [--date YYYY-MM-DD]`: collect every module's due reminders for the day and queue
their deliveries (what `reminders_worker` does by itself at 8:00 Asia/Shanghai; run it from cron instead if you
prefer: `CRON_TZ=Asia/Shanghai` / `0 8 * * * cd /srv/dangjian && .venv/bin/python manage.py send_reminders`).
Running it twice a day sends nothing twice. It also queues again the retries that are due."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from notices import reminders


class Command(BaseCommand):
    help = "收集各模块当天到期的提醒并排队发送（同一提醒不会重复发送），并重新排队到期的重试。"

    def add_arguments(self, parser):
        parser.add_argument("--date", help="提醒日期（YYYY-MM-DD），默认今天（北京时间）")

    def handle(self, *args, **options):
        day = None
        if options.get("date"):
            try:
                day = datetime.date.fromisoformat(options["date"])
            except ValueError:
                raise CommandError("日期格式应为 YYYY-MM-DD。") from None
        result = reminders.run_daily(day, force=True) or {"due": 0, "created": 0}
        retried = reminders.retry_due()
        self.stdout.write(f"到期提醒 {result['due']} 条，新建投递 {result['created']} 条，重新排队重试 {retried} 条。")
