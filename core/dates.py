"""The calendar date the platform works in: China Standard Time, whatever the server's clock or zone is.

A meeting held at 07:30 on 1 July in Beijing is a 1 July meeting even on a server that runs on UTC (where it is
still 30 June), and a year's lists, schemes and deadlines turn over at midnight in Beijing. Use `today()`
instead of `datetime.date.today()` (the server's zone) or `timezone.now().date()` (UTC)."""

import datetime
import zoneinfo

from django.utils import timezone

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def today() -> datetime.date:
    """Today's date in Asia/Shanghai."""
    return timezone.localdate(timezone.now(), SHANGHAI)


def this_year() -> int:
    """The current year in Asia/Shanghai: the default year of a new list, scheme or filter."""
    return today().year
