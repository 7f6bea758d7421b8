from django.core.management.base import BaseCommand, CommandError

from core.audit import verify_chain
from core.models import AuditEvent


class Command(BaseCommand):
    help = "校验审计日志哈希链，报告第一处断裂。"

    def handle(self, *args, **options):
        broken = verify_chain()
        if broken is None:
            self.stdout.write(self.style.SUCCESS(f"审计链完整：共 {AuditEvent.objects.count()} 条事件。"))
            return
        event_id, reason = broken
        raise CommandError(f"审计链在第 {event_id} 号事件处断裂：{reason}")
