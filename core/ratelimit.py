"""Abuse limits of the public channels (意见建议, 群众满意度测评): so many rows per client address per period.

Counted in the database over the rows the channel inserts (they carry a keyed hash of the address, never the
address), so a limit holds across processes. `check(key)` is called inside the inserting transaction: it takes
the client's lock (core.locks) first, so a burst of parallel submissions is counted one after another and the
limit cannot be overrun by a race. Limits come from a setting so tests can narrow them; the clock is a callable
so tests can move it instead of sleeping.
"""

import datetime
from collections.abc import Callable, Sequence

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from . import crypto, locks
from .errors import ActionError


class TooMany(ActionError):
    status = 429
    code = "rate_limited"


def span_label(seconds: int) -> str:
    return f"{seconds // 3600}小时" if seconds >= 3600 else f"{max(1, seconds // 60)}分钟"


class RateLimit:
    """At most n rows within s seconds from one client, for each (n, s) of the limits.

    `rows()` gives the channel's rows (with `client_key` and `created_at`); `message` is formatted with `span`
    and `n`, e.g. "提交过于频繁：同一网络{span}内最多提交{n}条意见建议，请稍后再试。".
    """

    def __init__(
        self,
        name: str,
        *,
        rows: Callable[[], QuerySet],
        setting: str,
        default: Sequence[tuple[int, int]],
        message: str,
        clock: Callable[[], datetime.datetime] = timezone.now,
    ):
        self.name, self.rows, self.setting, self.default = name, rows, setting, tuple(default)
        self.message, self.clock = message, clock

    def limits(self) -> tuple[tuple[int, int], ...]:
        return tuple(getattr(settings, self.setting, self.default))

    def client_key(self, address: str | None) -> str:
        return crypto.blind_index(f"{self.name}:{address or 'unknown'}")

    def check(self, key: str) -> None:
        """Raise TooMany when the client has used up one of the limits (call inside the inserting transaction)."""
        locks.hold(f"{self.name}:{key}")
        at = self.clock()
        for n, seconds in self.limits():
            since = at - datetime.timedelta(seconds=seconds)
            if self.rows().filter(client_key=key, created_at__gte=since).count() >= n:
                raise TooMany(self.message.format(span=span_label(seconds), n=n))
