"""The production shape (`manage.py serve`, what `make serve` runs): nothing may assume one process.

Two real servers — `manage.py serve` each, gunicorn with two worker processes, DEBUG off, on two free ports chosen
at run time — share the test database (PostgreSQL, or the SQLite file of the SQLite run) and an S3 stand-in (moto
in server mode on a free local port), as two hosts behind a load balancer share one database and one bucket. A
browser's cookies and an API client's token go to one and then the other, as a load balancer would send them:
a session begun on A is valid on B, the login lock-out counted on A holds on B, an idempotency key used on A is
honoured on B, a rate limit counted on A holds on B, and a file uploaded through A lands in the bucket and is
served back by B. Both answer the load balancer's health check. The servers are shared by the module's tests
(started once, ~10 s), each test writing its own committed data (transactional_db).
"""

import logging
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.test import Client

from core import health
from core.production import problems
from core.testing import PASSWORD, ApiClient

requests = pytest.importorskip("requests")
moto_server = pytest.importorskip("moto.server")
boto3 = pytest.importorskip("boto3")

BASE_DIR = Path(django_settings.BASE_DIR)
BUCKET = "dangjian-test-media"
S3_KEYS = {"DJ_S3_ACCESS_KEY_ID": "testing", "DJ_S3_SECRET_ACCESS_KEY": "testing"}
BOOT_SECONDS = 90


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _database_url():
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user, host, port = db.get("USER") or "postgres", db.get("HOST") or "127.0.0.1", db.get("PORT") or 5432
    auth = f"{user}:{db['PASSWORD']}" if db.get("PASSWORD") else user
    return f"postgres://{auth}@{host}:{port}/{db['NAME']}"


class Server:
    """`manage.py serve` on a free port; `url(path)`; stopped with SIGTERM like a process manager does."""

    def __init__(self, name, env, logs):
        self.name, self.port = name, free_port()
        self.log = open(logs / f"server-{name}.log", "w+b")  # closed in stop()
        cmd = [sys.executable, str(BASE_DIR / "manage.py"), "serve", "--bind", f"127.0.0.1:{self.port}"]
        cmd += ["--workers", "2", "--task-workers", "0"]
        self.proc = subprocess.Popen(cmd, env=env, cwd=BASE_DIR, stdout=self.log, stderr=subprocess.STDOUT)

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def output(self):
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")[-4000:]

    def wait_ready(self, deadline):
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server {self.name} exited ({self.proc.returncode}):\n{self.output()}")
            try:
                if requests.get(self.url("/healthz"), timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise AssertionError(f"server {self.name} did not answer within {BOOT_SECONDS} s:\n{self.output()}")

    terminated = False

    def terminate(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.terminated = True

    def stop(self):
        """SIGTERM (once); returns the exit status (0: a graceful stop of gunicorn and its workers)."""
        if not self.terminated:
            self.terminate()
        if self.proc.returncode is None:
            try:
                self.proc.wait(timeout=40)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        return self.proc.returncode


@pytest.fixture(scope="module")
def s3():
    """moto's S3 in server mode on a free local port, with an empty private bucket."""
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # moto's request log
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, s3, tmp_path_factory):
    """Servers A and B on one database and one bucket, as two hosts behind a load balancer."""
    where = tmp_path_factory.mktemp("production")
    with django_db_blocker.unblock():
        database_url = _database_url()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJ_S3_", "REDIS_URL", "PYTEST"))}
    env.update(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DEBUG": "0",
            "MEDIA_ROOT": str(where / "media"),
            "AUDIT_CHECKPOINT_DIR": str(where / "audit"),
            "ACCESS_LOG": "",
            "LOG_LEVEL": "WARNING",
            "DJ_S3_BUCKET": BUCKET,
            "DJ_S3_ENDPOINT_URL": s3[0],
            "DJ_S3_REGION": "us-east-1",
            "DJ_S3_ADDRESSING_STYLE": "path",
            **S3_KEYS,
        }
    )
    started = [Server(name, env, where) for name in ("A", "B")]
    try:
        deadline = time.monotonic() + BOOT_SECONDS
        for server in started:
            server.wait_ready(deadline)
        yield started
    finally:
        for server in started:
            server.terminate()
        codes = [server.stop() for server in started]
    assert codes == [0, 0], "SIGTERM stops the servers gracefully"


@pytest.fixture
def a_and_b(servers, transactional_db):
    return servers


def _production_password(user):
    """The servers verify with the production hasher only (the suite's own is MD5)."""
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def _login(browser, server, username, password):
    page = browser.get(server.url("/accounts/login/"), timeout=20)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return browser.post(
        server.url("/accounts/login/"),
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        timeout=20,
        allow_redirects=False,
    )


def test_both_servers_answer_the_health_check_and_serve_static_files(a_and_b):
    for server in a_and_b:
        r = requests.get(server.url("/healthz"), timeout=10)
        assert r.status_code == 200 and r.json()["status"] == "ok"
        assert r.json()["checks"] == {"database": "ok", "cache": "ok"}
        assert r.headers["Cache-Control"] == "no-store"
    # Collected (as `make test` and `make serve` do first): WhiteNoise serves them, compressed, from each worker.
    tabler = "vendor/tabler/tabler.min.css"
    if (Path(django_settings.STATIC_ROOT) / tabler).exists():
        r = requests.get(a_and_b[0].url(f"/static/{tabler}"), headers={"Accept-Encoding": "gzip"}, timeout=10)
        assert r.status_code == 200 and r.headers.get("Content-Encoding") == "gzip"


def test_a_session_begun_on_one_server_is_valid_on_the_other(a_and_b, world):
    a, b = a_and_b
    member = _production_password(world.users["branch_member"])
    browser = requests.Session()
    assert _login(browser, a, member.username, PASSWORD).status_code == 302
    home = browser.get(b.url("/"), timeout=20, allow_redirects=False)
    assert home.status_code == 200 and "退出" in home.text
    # Logging out on B ends the session on A too.
    token = browser.cookies["csrftoken"]
    browser.post(b.url("/accounts/logout/"), data={"csrfmiddlewaretoken": token}, timeout=20)
    assert browser.get(a.url("/"), timeout=20, allow_redirects=False).status_code == 302


def test_the_login_lock_out_counted_on_one_server_holds_on_the_other(a_and_b, world):
    a, b = a_and_b
    secretary = _production_password(world.users["branch_secretary"])
    browser = requests.Session()
    for _ in range(django_settings.AXES_FAILURE_LIMIT - 1):
        refused = _login(browser, a, secretary.username, "wrong-Passw0rd!")
        assert refused.status_code == 200 and "用户名或密码错误" in refused.text
    # The limit's failure is answered with the lock-out itself.
    assert _login(browser, a, secretary.username, "wrong-Passw0rd!").status_code == 403
    locked = _login(requests.Session(), b, secretary.username, PASSWORD)
    assert locked.status_code in (403, 429)
    assert "已暂停从此地址登录" in locked.text or "秒后再试" in locked.text


def test_an_idempotency_key_used_on_one_server_is_honoured_on_the_other(a_and_b, world):
    from orgs.models import Person

    a, b = a_and_b
    token = ApiClient(world.users["branch_secretary"]).token
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": f"two-servers-{uuid.uuid4().hex[:12]}"}
    person = {"name": "赵敏", "gender": "female", "org": world.branch_a.id, "category": "full"}
    first = requests.post(a.url("/api/v1/people"), json=person, headers=headers, timeout=20)
    assert first.status_code == 201, first.text
    again = requests.post(b.url("/api/v1/people"), json=person, headers=headers, timeout=20)
    assert again.status_code == 201 and again.headers.get("Idempotent-Replayed") == "true"
    assert again.json() == first.json()
    assert Person.objects.filter(name="赵敏").count() == 1


def test_a_rate_limit_counted_on_one_server_holds_on_the_other(a_and_b, world):
    from feedback.models import Feedback
    from feedback.ratelimit import DEFAULT_LIMITS

    a, b = a_and_b
    allowed = DEFAULT_LIMITS[0][0]
    body = {"org": world.branch_a.id, "content": "建议在社区增设老年助餐点。"}
    for _ in range(allowed):
        assert requests.post(a.url("/api/v1/feedback"), json=body, timeout=20).status_code == 201
    refused = requests.post(b.url("/api/v1/feedback"), json=body, timeout=20)
    assert refused.status_code == 429 and "提交过于频繁" in refused.json()["detail"]
    assert Feedback.objects.count() == allowed


def test_a_file_uploaded_through_one_server_lands_in_the_bucket_and_the_other_serves_it(a_and_b, world, s3):
    from records.models import Attachment
    from records.tests.factories import make_record

    a, b = a_and_b
    _, bucket = s3
    record = make_record(world.branch_a, "3月份支委会")
    token = ApiClient(world.users["branch_secretary"]).token
    photo = b"\x89PNG\r\n\x1a\n" + secrets.token_bytes(256)
    r = requests.post(
        a.url(f"/api/v1/records/{record.id}/attachments"),
        files={"file": ("现场照片.png", photo, "image/png")},
        headers={"Authorization": f"Bearer {token}"},
        timeout=20,
    )
    assert r.status_code == 201, r.text
    stored = Attachment.objects.get(pk=r.json()["id"]).file.name
    assert bucket.get_object(Bucket=BUCKET, Key=stored)["Body"].read() == photo
    member = _production_password(world.users["branch_member"])
    browser = requests.Session()
    assert _login(browser, b, member.username, PASSWORD).status_code == 302
    served = browser.get(b.url(f"/records/attachments/{r.json()['id']}/"), timeout=20)
    assert served.status_code == 200 and served.content == photo
    # The bucket is private: the object is not readable without the keys (no public or pre-signed link given out).
    assert requests.get(f"{s3[0]}/{BUCKET}/{stored}", timeout=10).status_code == 403


# ---- in-process checks of the same pieces (fast; no server) ----


def test_the_health_check_answers_503_naming_only_what_failed(db, monkeypatch):
    def broken():
        raise RuntimeError("connection to 10.0.0.5 refused for user dangjian_app")

    monkeypatch.setitem(health.CHECKS, "cache", broken)
    r = Client().get("/healthz", HTTP_HOST="10.1.2.3")  # a load balancer probes by address: no ALLOWED_HOSTS check
    assert r.status_code == 503
    assert r.json()["status"] == "error" and r.json()["checks"] == {"database": "ok", "cache": "error"}
    assert b"10.0.0.5" not in r.content and b"dangjian_app" not in r.content
    assert Client().post("/healthz").status_code == 405


def test_the_health_check_needs_no_login_and_leaves_no_session(db):
    from django.contrib.sessions.models import Session

    r = Client().get("/healthz")
    assert r.status_code == 200 and r.json()["checks"] == {"database": "ok", "cache": "ok"}
    assert "sessionid" not in r.cookies and not Session.objects.exists()


class _Settings:
    def __init__(self, **values):
        self.SECRET_KEY, self.ALLOWED_HOSTS, self.DEBUG = "", ["dj.example.gov.cn"], False
        self.__dict__.update(values)


GOOD_KEY = "q8Hc3-5vYp0dWm2rL7xN9tBf6ZsKe4UjA1gRiOy_VhXnMbTwPlQz"


@pytest.mark.parametrize(
    ("environ", "values", "expected"),
    [
        ({}, {"SECRET_KEY": "dev-only-insecure-key-change-me"}, ["SECRET_KEY is not set", "ALLOWED_HOSTS is not set"]),
        (
            {"SECRET_KEY": "x", "ALLOWED_HOSTS": "dj.example.gov.cn"},
            {"SECRET_KEY": "change-me-to-a-long-random-string"},
            ["published example"],
        ),
        ({"SECRET_KEY": "x", "ALLOWED_HOSTS": "a"}, {"SECRET_KEY": "short-key"}, ["too weak"]),
        ({"SECRET_KEY": "x", "ALLOWED_HOSTS": "a"}, {"SECRET_KEY": "a" * 60}, ["too weak"]),
        ({"SECRET_KEY": "x", "ALLOWED_HOSTS": "a"}, {"SECRET_KEY": GOOD_KEY, "DEBUG": True}, ["DEBUG is on"]),
        ({"SECRET_KEY": "x", "ALLOWED_HOSTS": "dj.example.gov.cn"}, {"SECRET_KEY": GOOD_KEY}, []),
    ],
)
def test_production_refuses_unsafe_keys_hosts_and_debug(environ, values, expected):
    found = problems(_Settings(**values), environ)
    assert len(found) == len(expected)
    for line, part in zip(found, expected, strict=True):
        assert part in line and re.search(r"[\u4e00-\u9fff]", line), line  # Chinese and English


def test_serve_refuses_to_start_with_the_development_key(monkeypatch, settings, capsys):
    from django.core.management import call_command

    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    settings.DEBUG = False
    with pytest.raises(SystemExit) as stopped:
        call_command("serve")
    err = capsys.readouterr().err
    assert stopped.value.code == 2
    assert "拒绝以生产模式启动" in err and "SECRET_KEY is not set" in err and "ALLOWED_HOSTS" in err


def test_settings_put_cache_and_sessions_in_redis_or_the_database_and_files_in_s3():
    code = (
        "import dangjian.settings as s; "
        "print(s.CACHES['default']['BACKEND'], s.SESSION_ENGINE, s.STORAGES['default']['BACKEND'], "
        "s.DATABASES['default']['CONN_HEALTH_CHECKS'])"
    )

    def run(**extra):
        env = {k: v for k, v in os.environ.items() if not k.startswith(("DJ_S3_", "REDIS_URL"))}
        env.update(extra)
        out = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            cwd=BASE_DIR,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.split()

    assert run(CONN_MAX_AGE="0") == [
        "django.core.cache.backends.db.DatabaseCache",
        "django.contrib.sessions.backends.db",
        "django.core.files.storage.FileSystemStorage",
        "False",
    ]
    assert run(REDIS_URL="redis://127.0.0.1:6379/0", DJ_S3_BUCKET="media", CONN_MAX_AGE="600") == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
        "storages.backends.s3.S3Storage",
        "True",
    ]
