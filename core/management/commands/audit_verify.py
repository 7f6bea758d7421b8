from django.core.management.base import BaseCommand, CommandError

from core import checkpoints
from core.audit import verify


class Command(BaseCommand):
    help = (
        "校验审计日志：逐条核对带密钥的哈希链，并与库外的签名检查点比对（截断、删尾、清空、改写、伪造插入都会被发现）。"
    )

    def handle(self, *args, **options):
        report = verify()
        for note in report.notes:
            self.stdout.write(f"说明：{note}")
        if report.ok:
            latest = report.latest
            where = (
                f"，最新签名检查点：第 {latest['last_id']} 号事件（{checkpoints.parse_time(latest['at']):%Y-%m-%d %H:%M}）"
                if latest
                else ""
            )
            self.stdout.write(
                self.style.SUCCESS(f"审计链完整：共 {report.events} 条事件，{report.checkpoints} 个签名检查点{where}。")
            )
            return
        lines = "\n".join(f"- {message}" for _event_id, message in report.problems)
        raise CommandError(f"审计日志校验未通过（共 {report.events} 条事件）：\n{lines}")
