"""`manage.py generate --scale district|city`: the synthetic world for benchmarks (bench/generate.py).

The generator lives in bench/ beside the benchmarks that use it (ARCHITECTURE.md); it is loaded by name, so core
imports no domain module.
"""

import importlib
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from orgs.models import Organisation

SCALES = ("district", "city")


class Command(BaseCommand):
    help = "生成基准测试用的合成数据（区县级 district / 地市级 city），结果可重复。"

    def add_arguments(self, parser):
        # `tiny` is for the tests: accepted, not offered in the help.
        parser.add_argument("--scale", required=True, choices=[*SCALES, "tiny"], help="规模：district 或 city")
        parser.add_argument("--password", default=None, help="生成账号及演示账号的密码")
        parser.add_argument("--force", action="store_true", help="数据库已有数据时仍然追加生成（慎用）")

    def handle(self, *args, scale, password, force, **options):
        generate = importlib.import_module("bench.generate")
        password = password or generate.PASSWORD
        existing = Organisation.objects.count()
        if existing and not force:
            raise CommandError(
                f"数据库中已有数据（{existing} 个党组织）：generate 只在空数据库上生成基准数据，"
                "以免合成数据混入真实数据。确需在现有数据上追加，请加 --force。"
            )
        from accounts.models import User

        if User.objects.filter(username__in=list(generate.ACCOUNTS)).exists():
            raise CommandError("这个数据库已经生成过基准数据（基准测试账号已存在）：请换一个空数据库。")
        tier = generate.TIERS[scale]
        started = time.monotonic()
        self.stdout.write(
            f"生成 {scale} 规模数据：{tier.orgs:,} 个组织、{tier.people:,} 名人员、{tier.records:,} 条活动记录、"
            f"{tier.ledger:,} 条积分台账……"
        )
        if not existing:
            self.stdout.write("  先生成演示数据（各模块的方案、清单、项目、考核、课程、通知……）")
            call_command("loaddemo", password=password, stdout=self.stdout)
        with transaction.atomic():
            counts = generate.Generator(tier, out=self.stdout.write, password=password).run()
        self.stdout.write(self.style.SUCCESS(f"完成，用时 {time.monotonic() - started:.0f} 秒。生成："))
        for what, n in counts.items():
            self.stdout.write(f"  {what:<12} {n:>10,}")
        self.stdout.write(f"基准测试账号（密码均为 {password}）：")
        for username, (description, _kind) in generate.ACCOUNTS.items():
            self.stdout.write(f"  {username:<16} {description}")
