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
    problems.extend(_checkpoint_dir_problems())
    return problems


def _checkpoint_dir_problems():
    import os
    from pathlib import Path

    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    existing = next((p for p in (directory, *directory.parents) if p.exists()), None)
    if existing is None or not existing.is_dir() or not os.access(existing, os.W_OK | os.X_OK):
        return [
            Warning(
                f"审计检查点目录 {directory} 不可写：签名检查点无法写入，审计表被截断或删尾将无法发现。"
                "请设置 AUDIT_CHECKPOINT_DIR 为应用可写、数据库账号无法改动的目录。",
                id="dangjian.W003",
            )
        ]
    return []


@register()
def modules_are_complete(app_configs, **kwargs):
    """Each installed module's `requires` (core/modules.py) is installed too, and the registry reads cleanly
    (role codes, demo dependencies)."""
    from django.core.exceptions import ImproperlyConfigured

    from . import modules

    installed = {m.label for m in modules.modules()}
    problems = [
        Error(
            f"模块 {m.label} 需要模块 {need}，但 {need} 未安装（请检查 DISABLED_APPS）。",
            id="dangjian.E010",
        )
        for m in modules.modules()
        for need in m.requires
        if need not in installed
    ]
    try:
        modules.roles()
        modules.demo_builders()
    except ImproperlyConfigured as e:
        problems.append(Error(f"模块声明有误：{e}", id="dangjian.E011"))
    return problems
