from django.core.management.base import BaseCommand, CommandError

from search import index, registry


class Command(BaseCommand):
    help = "重建全文检索索引（全部或指定类别）。"

    def add_arguments(self, parser):
        parser.add_argument("kinds", nargs="*", help="类别代码；缺省为全部类别")

    def handle(self, *args, kinds, **options):
        unknown = [k for k in kinds if k not in registry.KINDS]
        if unknown:
            raise CommandError(f"未知类别：{'、'.join(unknown)}；可选：{'、'.join(registry.KINDS)}")
        total = index.rebuild(kinds or None, stdout=self.stdout)
        self.stdout.write(self.style.SUCCESS(f"索引已重建，共 {total} 条。"))
