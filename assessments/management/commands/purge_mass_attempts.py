"""Delete the 群众测评 rate-limit rows older than their window (each ballot or wrong code prunes its own kind too;
run daily from cron on a site that gets few ballots)."""

from django.core.management.base import BaseCommand

from assessments import mass


class Command(BaseCommand):
    help = "清除超过限流时间窗口的群众测评访问记录。"

    def handle(self, *args, **options):
        n = mass.prune_attempts()
        self.stdout.write(f"已清除 {n} 条过期的群众测评访问记录。")
