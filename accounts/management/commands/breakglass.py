"""Break-glass account recovery on the server, for when the two-person path cannot work.

In the UI an account holding a system role is changed only by a sysadmin's request that a security
administrator confirms. When that is impossible — the only secadmin has lost her password or second factor, or
is locked out — someone with shell access to the server runs this command. It must name who runs it and why;
both, with the operating-system user and host, go into the audit log, where the auditor sees them.
"""

import getpass
import os
import socket

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts import actions
from accounts.models import User
from core import audit
from core.errors import Invalid

ACTIONS = {
    "reset_password": "重置密码",
    "deactivate": "停用账号",
    "activate": "启用账号",
    "otp_reset": "重置动态口令",
    "unlock": "解除登录锁定",
}
PASSWORD_ENV = "DJ_BREAKGLASS_PASSWORD"


def os_user():
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return str(os.getuid()) if hasattr(os, "getuid") else "unknown"


class Command(BaseCommand):
    help = (
        "紧急处置（break-glass）：在服务器上重置账号密码、动态口令，停用、启用账号或解除登录锁定，"
        "须写明执行人和事由，全部记入审计日志。新密码从环境变量 DJ_BREAKGLASS_PASSWORD 读取，未设置时交互输入。"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=sorted(ACTIONS), help="操作")
        parser.add_argument("username", help="账号用户名")
        parser.add_argument("--operator", default="", help="执行人姓名（必填）")
        parser.add_argument("--reason", default="", help="事由（必填）")

    def handle(self, *args, action, username, operator, reason, **options):
        operator, reason = operator.strip(), reason.strip()
        if len(operator) < 2:
            raise CommandError("请用 --operator 写明执行人姓名。")
        if len(reason) < 4:
            raise CommandError("请用 --reason 写明事由（至少4个字）。")
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"账号 {username} 不存在。")
        password = self._password(user) if action == "reset_password" else None
        with transaction.atomic():
            user = User.objects.select_for_update().get(pk=user.pk)
            before = audit.snapshot(user, actions.USER_FIELDS)
            if action == "reset_password":
                from django.contrib.auth.hashers import make_password

                actions._apply_password_hash(user, make_password(password))
            elif action in ("deactivate", "activate"):
                actions._apply_active(user, action == "activate")
            elif action == "otp_reset":
                actions._apply_otp_reset(user)
            else:
                from axes.utils import reset

                reset(username=user.username)
            audit.record(
                "user.breakglass",
                by=None,
                obj=user,
                before=before,
                after={
                    **audit.snapshot(user, actions.USER_FIELDS),
                    "action": action,
                    "operator": operator,
                    "os_user": os_user(),
                    "host": socket.gethostname(),
                    "reason": reason,
                },
                keep=("reason",),
            )
        self.stdout.write(
            self.style.SUCCESS(f"已{ACTIONS[action]}：{user.username}（执行人 {operator}，已记入审计日志）。")
        )

    def _password(self, user):
        password = os.environ.get(PASSWORD_ENV)
        if not password:
            try:
                password = getpass.getpass(f"{user.username} 的新初始密码：")
                again = getpass.getpass("再输入一次：")
            except EOFError:
                raise CommandError(f"请设置环境变量 {PASSWORD_ENV}，或在终端中交互输入新密码。")
            if password != again:
                raise CommandError("两次输入的密码不一致。")
        try:
            actions.validate_new_password(password, user)
        except Invalid as e:
            raise CommandError(f"新密码不符合要求：{'；'.join(e.errors.get('password', [e.detail]))}")
        return password
