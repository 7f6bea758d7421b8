"""Create the three system accounts (三员) on a production database."""

import getpass
import os

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import RoleAssignment, User
from core import audit

ADMINS = [("sysadmin", "系统管理员"), ("secadmin", "安全管理员"), ("auditor", "审计管理员")]


class Command(BaseCommand):
    help = (
        "创建三员账号（系统管理员、安全管理员、审计管理员）。密码从环境变量 DJ_<账号>_PASSWORD 读取，未设置时交互输入。"
    )

    def handle(self, *args, **options):
        for username, label in ADMINS:
            if User.objects.filter(username=username).exists():
                self.stdout.write(f"{label} {username} 已存在，跳过。")
                continue
            password = os.environ.get(f"DJ_{username.upper()}_PASSWORD")
            if not password:
                try:
                    password = getpass.getpass(f"{label}（{username}）的密码：")
                except EOFError:
                    raise CommandError(f"请设置环境变量 DJ_{username.upper()}_PASSWORD。")
            user = User(username=username, must_change_password=False)
            try:
                password_validation.validate_password(password, user)
            except ValidationError as e:
                raise CommandError(f"{label}密码不符合要求：{'；'.join(e.messages)}")
            with transaction.atomic():
                user.set_password(password)
                user.save()
                RoleAssignment.objects.create(user=user, role=username, org=None)
                audit.record("user.create_admin", by=None, obj=user, after={"username": username, "role": username})
            self.stdout.write(self.style.SUCCESS(f"已创建{label} {username}。"))
