from django.apps import AppConfig

from core.modules import Module, Role

from .roles import AUDITOR, MEMBER, ORG_ADMIN, SECADMIN, SYSADMIN


class AccountsConfig(Module, AppConfig):
    name = "accounts"
    verbose_name = "账号与权限"
    urls = "accounts.urls"
    url_prefix = "accounts/"
    api = "accounts.api.router"
    # The roles accounts itself knows: the three system roles (三员分立), the 党务管理员 and the member's
    # self-service grant. Every other role is declared by the module it belongs to (see core/modules.py).
    roles = [
        Role(SYSADMIN, "系统管理员", order=10),
        Role(SECADMIN, "安全管理员", order=20),
        Role(AUDITOR, "审计管理员", order=30),
        Role(ORG_ADMIN, "党务管理员", order=40),
        # Listed by the API contract (docs/API.md) before their modules exist: the 导师 of 项目化 and the
        # 考核组成员 of 考核评星. Reserved, so the module that brings them declares them without an edit here.
        Role("mentor", "导师", order=60, reserved=True),
        Role("assessor", "考核组成员", order=70, reserved=True),
        Role(MEMBER, "党员", staff=False, order=90),
    ]
    audit_labels = "accounts.audit_labels.LABELS"
