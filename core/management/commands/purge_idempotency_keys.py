"""Delete idempotency keys older than 24 hours (each claim purges them too; run daily, e.g. from cron)."""

from django.core.management.base import BaseCommand

from core import idempotency


class Command(BaseCommand):
    help = "清除超过24小时的防重复提交令牌（幂等键）。"

    def handle(self, *args, **options):
        n = idempotency.purge_expired()
        self.stdout.write(f"已清除 {n} 个过期的幂等键。")
