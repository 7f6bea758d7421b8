"""Integers and dates from query strings and forms of the pages, bounded before they reach a query.

The API bounds its parameters with the types in core.api (Id, Page, PageSize); pages parse theirs here,
so `?org=99999999999999999999` is treated like any other unknown value instead of overflowing the
database's 64-bit integers.
"""

import datetime

MAX_ID = 2**53 - 1


def int_param(value, lo, hi, default=None):
    """The value as an int if it is a plain decimal number within [lo, hi], else `default`."""
    value = str(value if value is not None else "").strip()
    if not value.isascii() or not value.isdigit() or len(value) > 18:
        return default
    number = int(value)
    return number if lo <= number <= hi else default


def id_param(value, default=None):
    """A primary key from a query string or form: 1 … 2^53 - 1, else `default`."""
    return int_param(value, 1, MAX_ID, default)


def date_param(value, default=None):
    """An ISO date (2026-12-01) from a query string or form, else `default`."""
    value = str(value or "").strip()
    try:
        return datetime.date.fromisoformat(value) if value else default
    except ValueError:
        return default


def id_list(values, limit=1000):
    """The valid ids among `values` (unknown or out-of-range entries are dropped), in order, at most `limit`."""
    ids = []
    for v in values:
        pk = id_param(v)
        if pk is not None and pk not in ids:
            ids.append(pk)
            if len(ids) >= limit:
                break
    return ids
