"""Print the PostgreSQL role set-up for production: the application's user cannot rewrite the audit log.

Two roles: an owner that runs `manage.py migrate` and owns every table (and so the triggers), and the
application's login role, which reads and writes business tables but may only INSERT into and SELECT from
the audit table — no UPDATE, DELETE or TRUNCATE, and, not being the owner, no ALTER TABLE … DISABLE TRIGGER.
"""

import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
AUDIT_TABLE = "core_auditevent"

ROLES = """\
-- 1. Once, as a PostgreSQL superuser, connected to the database "{db}":
--    the owner role runs migrations and owns the schema; the application logs in as the app role.
CREATE ROLE {owner} LOGIN;
CREATE ROLE {app} LOGIN;
-- Set their passwords out of band, e.g. in psql: \\password {owner}   and   \\password {app}
ALTER DATABASE "{db}" OWNER TO {owner};
ALTER SCHEMA public OWNER TO {owner};
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON DATABASE "{db}" FROM PUBLIC;
GRANT CONNECT ON DATABASE "{db}" TO {app};
"""

GRANTS = """\
-- 2. After every `manage.py migrate` (run with DATABASE_URL naming {owner}), as {owner}:
GRANT USAGE ON SCHEMA public TO {app};
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {app};
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {app};
-- The audit log is append-only for the application: it may add events and read them, nothing else.
REVOKE ALL ON {audit} FROM {app};
GRANT SELECT, INSERT ON {audit} TO {app};
-- The application never migrates.
REVOKE ALL ON django_migrations FROM {app};
GRANT SELECT ON django_migrations TO {app};
-- Tables and sequences created by later migrations get the ordinary rights automatically.
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {app};
ALTER DEFAULT PRIVILEGES FOR ROLE {owner} IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO {app};
-- The application then runs with DATABASE_URL naming {app}. Purging events past the 180-day retention
-- period is the owner's job, e.g. monthly:
--   DELETE FROM {audit} WHERE created_at < now() - interval '180 days';
"""


class Command(BaseCommand):
    help = "打印生产环境 PostgreSQL 角色设置 SQL：应用账号对审计表只有 INSERT 和 SELECT 权限，表归迁移账号所有。"

    def add_arguments(self, parser):
        parser.add_argument("--print", action="store_true", dest="print_sql", help="打印 SQL（本命令只打印，不执行）")
        parser.add_argument("--owner", default="dangjian_owner", help="迁移账号（表的所有者），默认 dangjian_owner")
        parser.add_argument("--app", default="dangjian_app", help="应用运行时账号，默认 dangjian_app")
        parser.add_argument("--database", default=None, help="数据库名，默认取 DATABASE_URL 中的库名")
        parser.add_argument(
            "--phase", choices=["all", "roles", "grants"], default="all", help="roles：建角色；grants：迁移后授权"
        )

    def handle(self, *args, print_sql, owner, app, database, phase, **options):
        if not print_sql:
            raise CommandError("本命令只打印 SQL，请加 --print，由数据库管理员审阅后执行。")
        db = database or settings.DATABASES["default"].get("NAME") or "dangjian"
        for label, value in (("--owner", owner), ("--app", app)):
            if not NAME.match(value):
                raise CommandError(f"{label} 只能由小写字母、数字和下划线组成，且不能以数字开头。")
        if owner == app:
            raise CommandError("迁移账号和应用账号必须是两个不同的角色。")
        if not re.match(r"^[A-Za-z0-9_\-]{1,63}$", str(db)):
            raise CommandError("数据库名只能由字母、数字、下划线和连字符组成。")
        values = {"owner": owner, "app": app, "db": db, "audit": AUDIT_TABLE}
        parts = {"roles": [ROLES], "grants": [GRANTS], "all": [ROLES, GRANTS]}[phase]
        self.stdout.write("\n".join(p.format(**values) for p in parts), ending="")
