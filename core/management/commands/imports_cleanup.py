"""Give up Excel imports whose worker died: `manage.py imports_cleanup` (the worker also does it as it starts).

An import that has shown no sign of life for IMPORT_STUCK_MINUTES while importing, or that no worker took
within a day of its confirmation, is marked failed with a Chinese reason its uploader reads on the progress
page; nothing of it was written, and it can never run afterwards. Safe to run from cron at any time.
"""

from django.core.management.base import BaseCommand

from core.importing import fail_stuck


class Command(BaseCommand):
    help = "将长时间无进展（后台处理进程已停止）的 Excel 导入标记为失败。"

    def handle(self, *args, **options):
        count = fail_stuck()
        self.stdout.write(f"已中止 {count} 个无进展的导入。" if count else "没有无进展的导入。")
