"""Lock-out without denial of service: the (account, address) pair locks after 5 failures, the account itself
only after 50, with a progressive delay in between; a successful API login clears the counter like a page one."""

import datetime
import json

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.utils import timezone

from accounts import lockout
from core.testing import PASSWORD


def _token(ip, password, username="secretary_a"):
    body = json.dumps({"username": username, "password": password})
    return Client(REMOTE_ADDR=ip).post("/api/v1/auth/token", data=body, content_type="application/json")


def _page(ip, password, username="secretary_a"):
    return Client(REMOTE_ADDR=ip).post("/accounts/login/", {"username": username, "password": password})


class Clock:
    """The lock-out's clock, moved by hand instead of sleeping: real time plus an offset, or pinned."""

    def __init__(self):
        self.offset, self.pinned = datetime.timedelta(0), None

    def __call__(self):
        return (self.pinned or timezone.now()) + self.offset

    def advance(self, seconds):
        self.offset += datetime.timedelta(seconds=seconds)

    def pin_to_last_failure(self, username="secretary_a"):
        """Stand right at the latest failure, however long the test took to get here."""
        self.pinned, self.offset = lockout.account_failures(username)[1], datetime.timedelta(0)


@pytest.fixture
def clock(monkeypatch):
    c = Clock()
    monkeypatch.setattr(lockout, "now", c)
    return c


def _failures(username="secretary_a"):
    return lockout.account_failures(username)[0]


def _recorded(ip, failures, minutes_ago=0, username="secretary_a"):
    """Failures django-axes recorded earlier for (username, ip)."""
    attempt = AccessAttempt.objects.create(
        username=username,
        ip_address=ip,
        user_agent="",
        failures_since_start=failures,
        get_data="",
        post_data="",
        http_accept="",
        path_info="/api/v1/auth/token",
    )
    at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=at)  # attempt_time is auto_now_add


def test_the_progressive_delay_grows_with_the_failures_and_stops_at_a_minute():
    assert [lockout.delay_for(n) for n in (0, 4, 5, 9, 10, 15, 20, 25, 30, 35, 49)] == [
        0,
        0,
        1,
        1,
        2,
        4,
        8,
        16,
        32,
        60,
        60,
    ]


def test_an_anonymous_guesser_does_not_lock_the_owner_out(world, clock):
    for _ in range(4):
        assert _token("203.0.113.7", "wrong-password").status_code == 401
    assert _token("203.0.113.7", "wrong-password").status_code == 403  # the fifth locks the guesser's address
    assert _token("203.0.113.7", PASSWORD).status_code == 403
    # The owner, from her own address, only waits out the short delay — and is not charged for the wait.
    clock.pin_to_last_failure()
    r = _token("10.0.0.9", PASSWORD)
    assert r.status_code == 429
    assert r.json()["code"] == "login_delayed" and "秒后再试" in r.json()["detail"]
    assert r["Retry-After"] == "1"
    assert _failures() == 5
    clock.advance(2)
    assert _token("10.0.0.9", PASSWORD).status_code == 200
    assert _page("10.0.0.10", PASSWORD).status_code == 302  # the page login as well
    # Her success cleared her own address only; the guesser's stays locked.
    assert _token("203.0.113.7", PASSWORD).status_code == 403


def test_the_delay_applies_on_the_page_too(world, clock):
    for _ in range(5):
        _page("203.0.113.7", "wrong-password")
    clock.pin_to_last_failure()
    r = _page("10.0.0.9", PASSWORD)
    assert r.status_code == 429
    assert "秒后再试" in r.content.decode()
    clock.advance(2)
    r = _page("10.0.0.9", PASSWORD)
    assert r.status_code == 302 and r["Location"] == "/"


def test_the_account_locks_after_fifty_failures_from_many_addresses(world, clock):
    for n in range(10):
        _recorded(f"198.51.100.{n}", 5, minutes_ago=10)
    clock.advance(60)
    r = _token("10.0.0.9", PASSWORD)
    assert r.status_code == 403
    assert r.json()["code"] == "locked_out" and "该账号登录失败次数过多" in r.json()["detail"]
    assert _page("10.0.0.9", PASSWORD).status_code == 403
    # Once the failures fall out of the 30-minute window the account opens again.
    clock.advance(21 * 60)
    assert _token("10.0.0.9", PASSWORD).status_code == 200


def test_forty_nine_failures_only_delay(world, clock):
    _recorded("198.51.100.1", 49)
    clock.pin_to_last_failure()
    r = _token("10.0.0.9", PASSWORD)
    assert r.status_code == 429 and r["Retry-After"] == "60"
    clock.advance(61)
    assert _token("10.0.0.9", PASSWORD).status_code == 200


def test_a_successful_api_login_resets_the_counter_like_a_page_login(world):
    for _ in range(4):
        assert _token("127.0.0.1", "wrong-password").status_code == 401
    assert _token("127.0.0.1", PASSWORD).status_code == 200
    assert _failures() == 0
    for _ in range(4):
        assert _token("127.0.0.1", "wrong-password").status_code == 401
    # Eight failures in all, but never five in a row: not locked.
    assert _token("127.0.0.1", PASSWORD).status_code == 200


def test_a_successful_api_password_change_resets_the_counter_too(world):
    for _ in range(4):
        _token("127.0.0.1", "wrong-password")
    body = json.dumps({"username": "secretary_a", "old_password": PASSWORD, "new_password": "Neues-Kennwort-88"})
    r = Client(REMOTE_ADDR="127.0.0.1").post("/api/v1/auth/password", data=body, content_type="application/json")
    assert r.status_code == 200, r.content
    assert _failures() == 0


def test_the_login_page_explains_the_rule(world):
    r = _page("127.0.0.1", "wrong-password")
    assert "从同一地址连续失败5次，将暂停从此地址登录30分钟" in r.content.decode()
