"""The abuse limit of the public channel: so many suggestions per client address per period (core/ratelimit.py),
counted over the feedback rows themselves (settings.FEEDBACK_RATE_LIMITS narrows it in tests)."""

from django.utils import timezone

from core.ratelimit import RateLimit, TooMany  # noqa: F401  (TooMany is this channel's 429)

# (at most n suggestions, within seconds) from one client address.
DEFAULT_LIMITS = ((5, 10 * 60), (20, 24 * 60 * 60))


def now():
    """The limit's clock (tests move it instead of sleeping)."""
    return timezone.now()


def _rows():
    from .models import Feedback

    return Feedback._base_manager.all()


LIMIT = RateLimit(
    "feedback-client",
    rows=_rows,
    setting="FEEDBACK_RATE_LIMITS",
    default=DEFAULT_LIMITS,
    message="提交过于频繁：同一网络{span}内最多提交{n}条意见建议，请稍后再试。",
    clock=lambda: now(),  # looked up at each call, so a test's clock reaches the limit
)
limits = LIMIT.limits
client_key = LIMIT.client_key
check = LIMIT.check
