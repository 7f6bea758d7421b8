from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, backup, default_name


class Command(BaseCommand):
    help = "备份：把数据库、上传的文件和审计检查点写入一个一致的归档文件（.tar 或 .tar.gz），附清单和校验值。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", "-o", help="归档文件的路径（默认：当前目录下 dangjian-backup-日期-时间.tar.gz）"
        )

    def handle(self, *args, **options):
        output = Path(options["output"] or default_name())
        try:
            manifest = backup(output, stdout=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        rows = sum(manifest["counts"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"备份完成：{output}（{len(manifest['counts'])} 张表共 {rows} 行，{manifest['media_files']} 个上传文件，"
                f"审计事件至第 {manifest['audit_head']} 号）。"
            )
        )
