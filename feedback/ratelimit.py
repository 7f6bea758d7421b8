"""The abuse limit of the public channel: so many suggestions per client address per period, counted in the
database (the feedback rows themselves carry a keyed hash of the address, never the address), so it holds
across processes and tests can read and move it (settings.FEEDBACK_RATE_LIMITS)."""

import datetime

from django.conf import settings
from django.utils import timezone

from core import crypto, locks
from core.errors import ActionError

# (at most n suggestions, within seconds) from one client address.
DEFAULT_LIMITS = ((5, 10 * 60), (20, 24 * 60 * 60))


class TooMany(ActionError):
    status = 429
    code = "rate_limited"


def limits():
    return tuple(getattr(settings, "FEEDBACK_RATE_LIMITS", DEFAULT_LIMITS))


def client_key(address):
    return crypto.blind_index(f"feedback-client:{address or 'unknown'}")


def now():
    """The limit's clock (tests move it instead of sleeping)."""
    return timezone.now()


def check(key):
    """Raise TooMany when the client has used up one of the limits (inside the inserting transaction: the
    client's lock is held until it commits)."""
    from .models import Feedback

    locks.hold(f"feedback-client:{key}")

    at = now()
    for n, seconds in limits():
        since = at - datetime.timedelta(seconds=seconds)
        if Feedback._base_manager.filter(client_key=key, created_at__gte=since).count() >= n:
            if seconds >= 3600:
                span = f"{seconds // 3600}小时"
            else:
                span = f"{max(1, seconds // 60)}分钟"
            raise TooMany(f"提交过于频繁：同一网络{span}内最多提交{n}条意见建议，请稍后再试。")
