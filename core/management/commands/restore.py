from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from core.backup import BackupError, differences, restore


class Command(BaseCommand):
    help = (
        "恢复：校验备份归档的清单后，把数据库、上传的文件和审计检查点恢复到一个空的安装中，"
        "然后执行迁移、校验审计链并核对各表行数。"
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="`manage.py backup` 写出的归档文件")

    def handle(self, *args, **options):
        try:
            manifest, counts, report = restore(options["archive"], stdout=self.stdout)
        except BackupError as exc:
            raise CommandError(str(exc)) from None
        diff = differences(manifest, counts)
        self.stdout.write("正在执行迁移……")
        call_command("migrate", interactive=False, verbosity=0)
        rows = sum(counts.values())
        self.stdout.write(
            f"已恢复 {len(counts)} 张表共 {rows} 行（清单：{len(manifest['counts'])} 张表共 "
            f"{sum(manifest['counts'].values())} 行），{manifest['media_files']} 个上传文件；备份时间 {manifest['created_at']}。"
        )
        for note in report.notes:
            self.stdout.write(f"说明：{note}")
        problems = [f"- 表 {t}：清单 {want} 行，恢复后 {got} 行" for t, want, got in diff]
        problems += [f"- 审计链：{message}" for _event_id, message in report.problems]
        if problems:
            raise CommandError("恢复后核对未通过：\n" + "\n".join(problems))
        self.stdout.write(
            self.style.SUCCESS(f"恢复完成：各表行数与清单一致，审计链完整（共 {report.events} 条事件）。")
        )
