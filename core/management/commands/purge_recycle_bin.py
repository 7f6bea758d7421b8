"""Permanently delete what has been in the 回收站 longer than the restore period (run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from core import trash
from core.softdelete import RETENTION_DAYS


class Command(BaseCommand):
    help = f"永久清除回收站中删除超过{RETENTION_DAYS}天的内容（连同其附属数据和文件），每个对象记一条审计日志。"

    def handle(self, *args, **options):
        counts = trash.purge()
        if not counts:
            self.stdout.write(f"回收站中没有超过{RETENTION_DAYS}天的内容。")
            return
        for label, n in counts.items():
            self.stdout.write(f"{label}：永久清除 {n} 项")
