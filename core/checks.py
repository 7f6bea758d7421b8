"""Deployment checks (`manage.py check --deploy`): refuse to look production-ready with development keys."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

DEV_KEY_PREFIX = "dev-only-insecure-key"


@register(Tags.security, deploy=True)
def keys_are_set(app_configs, **kwargs):
    problems = []
    if settings.SECRET_KEY.startswith(DEV_KEY_PREFIX):
        problems.append(Error("SECRET_KEY 仍是开发用默认值，请在环境变量中设置随机的长密钥。", id="dangjian.E001"))
    if not settings.FIELD_ENCRYPTION_KEY:
        problems.append(
            Warning(
                "未设置 FIELD_ENCRYPTION_KEY：身份证号的加密密钥将由 SECRET_KEY 派生，更换 SECRET_KEY 会导致无法解密。",
                id="dangjian.W001",
            )
        )
    if not getattr(settings, "AUDIT_HMAC_KEY", ""):
        problems.append(
            Warning(
                "未设置 AUDIT_HMAC_KEY：审计日志哈希链的签名密钥将由 SECRET_KEY 派生。"
                "请设置独立的随机密钥，且不要存放在数据库服务器上；更换 SECRET_KEY 会使已有审计链无法校验。",
                id="dangjian.W002",
            )
        )
    return problems
