"""Login lock-out (等保) that nobody can turn against somebody else.

- django-axes locks the (username, client address) pair after AXES_FAILURE_LIMIT (5) failures for
  AXES_COOLOFF_TIME (30 minutes): five wrong guesses lock out the guesser's address, not the account's owner.
- The account as a whole locks only after ACCOUNT_FAILURE_LIMIT (50) failures from all addresses within the
  cool-off (a distributed guessing attack).
- In between, once an account has AXES_FAILURE_LIMIT recent failures, every further attempt must wait a
  progressive delay after the latest failure (`delay_for`: 1 s, doubling every 5 failures, at most 60 s). An
  attempt inside the delay is answered 429 at once — no thread sleeps, the password is not checked and the
  attempt is not counted — and the owner simply tries again a few seconds later.

A successful login (page or API) clears the failures of its own (username, address) pair.
"""

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Max, Sum
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone

PAIR_MESSAGE = "从当前地址登录该账号连续失败{limit}次，已暂停从此地址登录{minutes}分钟。请稍后再试，或联系系统管理员。"
ACCOUNT_MESSAGE = "该账号登录失败次数过多，已锁定{minutes}分钟。请稍后再试，或联系系统管理员。"
DELAY_MESSAGE = "该账号近期登录失败较多，为防止猜测密码，请{seconds}秒后再试。"
INVALID_LOGIN = "用户名或密码错误。从同一地址连续失败{limit}次，将暂停从此地址登录{minutes}分钟。"
MAX_DELAY_SECONDS = 60


def now():
    """The lock-out clock (tests move it instead of sleeping)."""
    return timezone.now()


def failure_limit():
    return settings.AXES_FAILURE_LIMIT


def cooloff_minutes():
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def account_limit():
    return settings.ACCOUNT_LOCKOUT_FAILURES


def invalid_login_message():
    return INVALID_LOGIN.format(limit=failure_limit(), minutes=cooloff_minutes())


def delay_for(failures):
    """Seconds an attempt must wait after the latest failure, given the account's recent failure count."""
    limit = failure_limit()
    if failures < limit:
        return 0
    return min(2 ** ((failures - limit) // 5), MAX_DELAY_SECONDS)


def account_failures(username, at=None):
    """(failures from every address within the cool-off, time of the latest one) for a username."""
    from axes.models import AccessAttempt

    at = at or now()
    agg = AccessAttempt.objects.filter(username=username, attempt_time__gte=at - settings.AXES_COOLOFF_TIME).aggregate(
        n=Sum("failures_since_start"), last=Max("attempt_time")
    )
    return agg["n"] or 0, agg["last"]


def account_check(username, at=None):
    """None if an attempt on the account may go ahead, else ("account", 0) or ("delay", seconds to wait)."""
    at = at or now()
    failures, last = account_failures(username, at)
    if failures >= account_limit():
        return ("account", 0)
    wait = delay_for(failures)
    if wait and last is not None:
        remaining = wait - (at - last).total_seconds()
        if remaining > 0:
            return ("delay", max(1, int(remaining + 0.999)))
    return None


class LoginGuardBackend(AxesStandaloneBackend):
    """django-axes' check of the (username, address) pair, then the account-wide limit and delay."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        super().authenticate(request, username=username, password=password, **kwargs)
        if request is None or not username or not getattr(settings, "AXES_ENABLED", True):
            return None
        refusal = account_check(username)
        if refusal is not None:
            request.login_guard, request.login_wait = refusal
            # Marked like an axes lock-out: axes then neither counts this attempt nor lets it through, and its
            # middleware answers with lockout_response below.
            request.axes_locked_out = True
            raise PermissionDenied("login refused by the account guard")
        return None


def refusal(request):
    """(status, message, code, wait) for a refused login attempt."""
    guard = getattr(request, "login_guard", None)
    if guard == "delay":
        wait = request.login_wait
        return 429, DELAY_MESSAGE.format(seconds=wait), "login_delayed", wait
    if guard == "account":
        return 403, ACCOUNT_MESSAGE.format(minutes=cooloff_minutes()), "locked_out", 0
    return 403, PAIR_MESSAGE.format(limit=failure_limit(), minutes=cooloff_minutes()), "locked_out", 0


def lockout_response(request, response=None, credentials=None, *args, **kwargs):
    """A refused login: JSON for the API (the shape of every API error), a Chinese page otherwise."""
    status, message, code, wait = refusal(request)
    if request.path.startswith("/api/"):
        out = JsonResponse(
            {"detail": message, "errors": {}, "code": code},
            status=status,
            json_dumps_params={"ensure_ascii": False},
        )
    else:
        out = render(request, "accounts/locked.html", {"message": message, "wait": wait}, status=status)
    if wait:
        out["Retry-After"] = str(wait)
    return out
