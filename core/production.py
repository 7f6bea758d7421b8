"""Refuse to serve production traffic with settings that are only fit for a laptop.

`manage.py serve` (and so `make serve`) and the gunicorn configuration (dangjian/gunicorn.conf.py) call
`refuse_unsafe()` before anything listens: a missing, default or weak SECRET_KEY, ALLOWED_HOSTS not set, or DEBUG
on stop the start with a message in Chinese and English naming the variable to set. `manage.py check --deploy`
(core/checks.py) reports the same key problem and more, without refusing anything.
"""

import os
import sys

# Keys that are public: the development default of settings.py and the placeholder of .env.example.
KNOWN_KEYS = ("dev-only-insecure-key", "change-me", "django-insecure-")
MIN_KEY_LENGTH = 50  # what Django's own deploy check (security.W009) asks for
MIN_KEY_CHARS = 5


def problems(settings, environ=None):
    """The reasons these settings may not run in production, each one line in Chinese and English."""
    environ = os.environ if environ is None else environ
    found = []
    key = settings.SECRET_KEY or ""
    if not environ.get("SECRET_KEY"):
        found.append("未设置 SECRET_KEY 环境变量 / SECRET_KEY is not set")
    elif key.startswith(KNOWN_KEYS):
        found.append("SECRET_KEY 是公开的示例或开发用值 / SECRET_KEY is a published example or development value")
    elif len(key) < MIN_KEY_LENGTH or len(set(key)) < MIN_KEY_CHARS:
        found.append(
            f"SECRET_KEY 太弱：至少 {MIN_KEY_LENGTH} 个字符、{MIN_KEY_CHARS} 种以上不同字符 / "
            f"SECRET_KEY is too weak: at least {MIN_KEY_LENGTH} characters, {MIN_KEY_CHARS} or more distinct ones"
        )
    if not environ.get("ALLOWED_HOSTS", "").strip() or not settings.ALLOWED_HOSTS:
        found.append(
            "未设置 ALLOWED_HOSTS（本平台对外的域名，逗号分隔）/ ALLOWED_HOSTS is not set (the site's host names, comma-separated)"
        )
    if settings.DEBUG:
        found.append("DEBUG 已开启，生产环境必须为 0 / DEBUG is on; production needs DEBUG=0")
    return found


def refuse_unsafe(settings=None, out=None):
    """Exit with status 2 and say why, if the settings are unsafe for production."""
    if settings is None:
        from django.conf import settings
    found = problems(settings)
    if found:
        out = out or sys.stderr
        print("拒绝以生产模式启动 / Refusing to start in production:", file=out)
        for line in found:
            print(f"  - {line}", file=out)
        print(
            '生成密钥 / to make a key: python -c "import secrets; print(secrets.token_urlsafe(50))"',
            file=out,
        )
        out.flush()
        raise SystemExit(2)
