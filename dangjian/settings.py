"""Settings for 党建工作管理平台, driven by environment variables (see .env.example)."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent
# A `.env` beside manage.py (copied from .env.example) configures a deployment; variables already set
# in the environment win, so CI and process managers keep control.
load_dotenv(BASE_DIR / ".env", override=False)


def env(name, default=""):
    return os.environ.get(name, default)


def envbool(name, default=False):
    return env(name, "1" if default else "0").lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(env(name) or default)  # set but empty (a copied .env.example) means the default


DEBUG = envbool("DEBUG", False)
# A fixed development key is acceptable only for local runs; production must set SECRET_KEY.
SECRET_KEY = env("SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789")
# Key for encrypting personal data at rest (ID numbers); derived from SECRET_KEY when unset.
FIELD_ENCRYPTION_KEY = env("FIELD_ENCRYPTION_KEY", "")
# Key of the audit log's HMAC chain and of its checkpoints; derived from SECRET_KEY when unset.
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY", "")
# Signed checkpoints of the audit chain live outside the database, here (one line per commit, or every N events).
AUDIT_CHECKPOINT_DIR = Path(env("AUDIT_CHECKPOINT_DIR", str(BASE_DIR / "var" / "audit")))
AUDIT_CHECKPOINT_EVERY = envint("AUDIT_CHECKPOINT_EVERY", 1)
ALLOWED_HOSTS = [h.strip() for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "rules.apps.AutodiscoverRulesConfig",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pgtrigger",
    "django_tasks",
    "django_tasks_db",  # the database task backend and its worker (`manage.py import_worker`)
    "core",
    "accounts",
    "orgs",
]
# The domain modules, each declaring on its AppConfig what it adds (navigation, roles, to-dos, urls, API,
# demo … see core/modules.py). A new module is one more entry here. DISABLED_APPS (comma-separated) leaves
# some out, e.g. for a deployment that does not use them.
DOMAIN_APPS = [
    "records",
    "search",
    "plans",
    "points",
    "feedback",
    "projects",
    "assessments",
    "learning",
    "notices",
    "dashboard",
]
_disabled = {a.strip() for a in env("DISABLED_APPS", "").split(",") if a.strip()}
INSTALLED_APPS += [a for a in DOMAIN_APPS if a not in _disabled and (BASE_DIR / a / "apps.py").exists()]

MIDDLEWARE = [
    # First: the load balancer's /healthz answers before host checks, HTTPS redirects, sessions and login.
    "core.health.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.context.RequestContextMiddleware",
    "core.csp.ContentSecurityPolicyMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "accounts.middleware.PasswordChangeRequiredMiddleware",
    "core.middleware.ActionErrorMiddleware",
    # After CSRF and authentication: a repeated form or API create answers its first result (core/idempotency.py).
    "core.idempotency.IdempotencyMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dangjian.urls"
WSGI_APPLICATION = "dangjian.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
                "core.todos.nav_counts",
            ],
            "builtins": ["core.templatetags.idempotency"],
        },
    }
]

# CONN_MAX_AGE > 0 keeps each worker's connection open between requests (`make serve` sets 600 unless told
# otherwise); the health check then tests a kept connection before reusing it, so a restarted database costs one
# failed request at most, not one per worker.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("CONN_MAX_AGE", 0),
        conn_health_checks=envint("CONN_MAX_AGE", 0) > 0,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL lets readers proceed while one writer commits. Transactions begin IMMEDIATE, taking the write lock
    # up front, so two racing writers queue (for up to `timeout` seconds) instead of one failing with
    # "database is locked" when it upgrades its read lock; the loser then sees the winner's committed state.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": envint("SQLITE_TIMEOUT", 20),
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # Tests run on a file (not in-memory) database, so threads racing each other use real connections.
    DATABASES["default"].setdefault("TEST", {}).setdefault(
        "NAME", str(Path(tempfile.gettempdir()) / f"dangjian-test-{os.getpid()}.sqlite3")
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # django-axes' pair lock-out plus the account-wide limit and progressive delay (accounts/lockout.py).
    "accounts.lockout.LoginGuardBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# 等保 password rules with Chinese messages (accounts/validators.py): whitespace counts neither toward the length
# nor as a symbol; Django's common-password list is checked against disguised variants too; not the username.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "accounts.validators.UsernameSimilarityValidator"},
    {"NAME": "accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "accounts.validators.CommonPasswordVariantValidator"},
    {"NAME": "accounts.validators.CharacterClassValidator", "OPTIONS": {"min_classes": 3}},
]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# 等保2.0 lock-out without a denial of service (accounts/lockout.py): 5 failures lock the (account, client
# address) pair for 30 minutes; the account as a whole locks after 50 failures from all addresses within those
# 30 minutes, and from 5 on every attempt waits a progressive delay. Sessions expire after 30 idle minutes.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Attempts refused while locked or delayed are not counted, so they neither extend a lock nor add to the
# account-wide count (which only genuine password checks raise).
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False
ACCOUNT_LOCKOUT_FAILURES = envint("ACCOUNT_LOCKOUT_FAILURES", 50)
AXES_IPWARE_PROXY_COUNT = envint("PROXY_COUNT", 0) or None
SESSION_COOKIE_AGE = envint("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
API_TOKEN_HOURS = envint("API_TOKEN_HOURS", 12)
OTP_TOTP_ISSUER = "党建工作管理平台"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Uploaded files in S3-compatible object storage (MinIO, 阿里云 OSS, 腾讯云 COS, AWS …) when DJ_S3_BUCKET is set:
# django-storages' S3 backend (`pip install dangjian[s3]`). Objects stay private: the platform reads them and
# serves them through its own views, which check visible_to, so no public or pre-signed URL is ever handed out.
S3_BUCKET = env("DJ_S3_BUCKET")
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env("DJ_S3_ENDPOINT_URL") or None,
            "region_name": env("DJ_S3_REGION") or None,
            "access_key": env("DJ_S3_ACCESS_KEY_ID") or None,
            "secret_key": env("DJ_S3_SECRET_ACCESS_KEY") or None,
            "location": env("DJ_S3_PREFIX"),
            "addressing_style": env("DJ_S3_ADDRESSING_STYLE") or None,  # "path" for MinIO and most stand-ins
            "default_acl": None,
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# Cache and sessions shared by every process on every host: in Redis when REDIS_URL is set (Django's own
# backend; `pip install dangjian[redis]`), else in the database (table dangjian_cache, made by `createcachetable`,
# which `make migrate` and `make serve` run). Never the per-process local-memory cache: N gunicorn workers would
# each see their own. Sessions live in the database (cached in Redis when there is one), so a restart of Redis
# logs nobody out.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "dangjian_cache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "/media-not-public/"  # files are served only through views that check visible_to
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
MAX_IMPORT_ROWS = envint("MAX_IMPORT_ROWS", 5000)  # every row read counts, empty or not
IMPORT_PARSE_SECONDS = envint("IMPORT_PARSE_SECONDS", 10)  # an import's workbook is read within this time or refused

# Background tasks (django-tasks; its database backend is the separate django-tasks-db package). Imports of
# more than IMPORT_INLINE_ROWS rows are queued and run by `manage.py import_worker`. Under DEBUG (`make run`)
# the immediate backend runs them inside the request, so a newcomer needs no second process; TASKS_BACKEND
# chooses explicitly (production: leave it unset with DEBUG off, or set django_tasks_db.DatabaseBackend).
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND")
        or ("django_tasks.backends.immediate.ImmediateBackend" if DEBUG else "django_tasks_db.DatabaseBackend"),
    }
}
IMPORT_INLINE_ROWS = envint("IMPORT_INLINE_ROWS", 200)  # confirmed imports up to this size run in the request
IMPORT_STUCK_MINUTES = envint("IMPORT_STUCK_MINUTES", 30)  # an import silent this long is given up (imports_cleanup)

# Reminders (notices/reminders.py). E-mail goes through this SMTP server; with no EMAIL_HOST the e-mail channel
# is still offered but every attempt fails and is logged (a deployment sets it). SITE_URL puts the site in
# front of the links in e-mails and robot messages. The day's due reminders are collected at REMINDER_HOUR
# (Asia/Shanghai) by `manage.py reminders_worker`; a failed delivery is retried after REMINDER_RETRY_SECONDS,
# then 4×, 16× … that, REMINDER_MAX_ATTEMPTS attempts in all.
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", 15)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "dangjian@localhost")
SITE_URL = env("SITE_URL")
REMINDER_HOUR = envint("REMINDER_HOUR", 8)
REMINDER_MAX_ATTEMPTS = envint("REMINDER_MAX_ATTEMPTS", 5)
REMINDER_RETRY_SECONDS = envint("REMINDER_RETRY_SECONDS", 60)
# Tests only: lets a robot webhook point at a local HTTP endpoint. Never set it in production (SSRF).
REMINDER_WEBHOOK_ALLOW_LOCAL = False

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING").upper()},
}
