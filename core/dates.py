"""The calendar date the platform works in: China Standard Time, whatever the server's clock or zone is.

A meeting held at 07:30 on 1 July in Beijing is a 1 July meeting even on a server that runs on UTC (where it is
still 30 June), and a year's lists, schemes and deadlines turn over at midnight in Beijing. Use `today()`
instead of `datetime.date.today()` (the server's zone) or `timezone.now().date()` (UTC)."""

import datetime
import functools
import zoneinfo

import chinese_calendar
from django.utils import timezone

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def today() -> datetime.date:
    """Today's date in Asia/Shanghai."""
    return timezone.localdate(timezone.now(), SHANGHAI)


def this_year() -> int:
    """The current year in Asia/Shanghai: the default year of a new list, scheme or filter."""
    return today().year


@functools.lru_cache(maxsize=4096)
def is_workday(day: datetime.date) -> bool:
    """Chinese public holidays and make-up workdays (调休) via chinese-calendar; weekends beyond its data.
    Remembered per day: the calendar is fixed data, and each look-up scans its year range (deadlines ask for
    dozens of days on every page's to-do count)."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def add_workdays(start: datetime.date, n: int) -> datetime.date:
    """The last day of a period of n working days that begins on `start` (counted if it is a working day)."""
    day, counted = start, 0
    while True:
        if is_workday(day):
            counted += 1
            if counted == n:
                return day
        day += datetime.timedelta(days=1)
