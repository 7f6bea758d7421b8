"""Build the demo world on an empty database: organisations, people, accounts, then each module's data.

Every module declares its builder and the modules whose demo data it needs (`demo = Demo(...)` on its
AppConfig, see core/modules.py); the builders run in that dependency order, each handed the same `world`.
"""

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.modules import demo_builders
from orgs.models import Organisation

DEFAULT_PASSWORD = "Dangjian@2026"


class Command(BaseCommand):
    help = "在空数据库上生成演示数据（组织、人员、账号及各模块数据）。"

    def add_arguments(self, parser):
        parser.add_argument("--password", default=DEFAULT_PASSWORD, help="所有演示账号的密码")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有数据时静默跳过")

    def handle(self, *args, password, if_empty, **options):
        if Organisation.objects.exists():
            if if_empty:
                return
            raise CommandError("数据库不是空的：loaddemo 只能在空数据库上运行。")
        from accounts.validators import CharacterClassValidator

        if len(password) < 10:
            raise CommandError("密码至少10位。")
        CharacterClassValidator().validate(password)
        world = {"password": password}
        try:
            builders = demo_builders()
        except ImproperlyConfigured as e:
            raise CommandError(f"演示数据无法生成：{e}")
        with transaction.atomic():
            for _module, build in builders:
                build(world)
            _grant_members(world)
        self.stdout.write(self.style.SUCCESS(f"演示数据已生成。演示账号（密码均为 {password}）："))
        for username, description in world.get("accounts", []):
            self.stdout.write(f"  {username:<14} {description}")


def _grant_members(world):
    """What the security administrator does on day one (三员分立: a link to a person grants nothing): one bulk
    grant makes every linked account a member of its own organisation."""
    from accounts import actions

    secadmin = world["users"]["secadmin"]
    for root in Organisation.get_root_nodes():
        actions.grant_members(root, by=secadmin)
