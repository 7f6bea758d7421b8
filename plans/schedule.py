"""Calendar arithmetic: periods of a year and the due dates of an item's occurrences."""

import calendar
import datetime


def last_day(year, month):
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def clipped(year, month, day):
    """Day `day` of the month, or its last day when the month is shorter (31 → 30 April, 28/29 February)."""
    return datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def periods(frequency, year):
    """[(label, start, end)] of a year: months "2026-03", quarters "2026Q1" or the year "2026"."""
    if frequency == "monthly":
        return [(f"{year}-{m:02d}", datetime.date(year, m, 1), last_day(year, m)) for m in range(1, 13)]
    if frequency == "quarterly":
        return [(f"{year}Q{q}", datetime.date(year, 3 * q - 2, 1), last_day(year, 3 * q)) for q in range(1, 5)]
    return [(str(year), datetime.date(year, 1, 1), datetime.date(year, 12, 31))]


def item_schedule(item, year):
    """[(period, due)] for a plan item in the plan's year."""
    if item.recurrence == "monthly":
        return [(f"{year}-{m:02d}", clipped(year, m, item.day)) for m in range(1, 13)]
    if item.recurrence == "quarterly":
        k = item.month or 3  # which month of the quarter (1-3); the quarter's last month by default
        return [(f"{year}Q{q}", clipped(year, 3 * (q - 1) + k, item.day)) for q in range(1, 5)]
    if item.recurrence == "yearly":
        return [(str(year), clipped(year, item.month or 12, item.day))]
    if item.due_date:
        return [(item.due_date.isoformat(), item.due_date)]
    if item.month:
        return [(f"{year}-{item.month:02d}", last_day(year, item.month))]
    return []


def shift_year(date, years):
    """The same calendar day `years` later (29 February becomes 28 February)."""
    if date is None:
        return None
    try:
        return date.replace(year=date.year + years)
    except ValueError:
        return date.replace(year=date.year + years, day=28)


def month_grid(year, month):
    """Weeks (Monday first) of a month as lists of dates or None for padding."""
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append([d if d.month == month else None for d in week])
    return weeks


def period_bounds(period):
    """(start, end) of an occurrence's period label: "2026-03", "2026Q1", "2026" or a date "2026-04-16".

    A dated item's period is the month of its date: a record that month fulfils it.
    """
    if "Q" in period:
        year, q = (int(x) for x in period.split("Q"))
        return datetime.date(year, 3 * q - 2, 1), last_day(year, 3 * q)
    parts = [int(x) for x in period.split("-")]
    if len(parts) == 1:
        return datetime.date(parts[0], 1, 1), datetime.date(parts[0], 12, 31)
    return datetime.date(parts[0], parts[1], 1), last_day(parts[0], parts[1])
