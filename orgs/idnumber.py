"""身份证号 (GB 11643-1999) validation: 18 characters, a real birth date and the ISO 7064 check digit."""

import datetime
import re
import unicodedata

from core import dates

WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
PATTERN = re.compile(r"^\d{17}[\dX]$")
# What people type or paste between the digits: spaces (also the full-width one), hyphens and dashes, dots.
SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212_.·]")


class IdNumberError(ValueError):
    pass


def normalise(value):
    """The number as stored: full-width digits made ASCII, separators removed, a lower-case x made X.

    "370117 19850101 0012", "370117-19850101-0012" and "３７０１１７…" all become "370117198501010012"."""
    return SEPARATORS.sub("", unicodedata.normalize("NFKC", value or "")).upper()


def check_digit(first17):
    return CHECK[sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True)) % 11]


def parse(value):
    """Return (normalised, birth_date, gender) or raise IdNumberError with a Chinese message."""
    v = normalise(value)
    if not PATTERN.match(v):
        now = f"（现在是{len(v)}位）" if len(v) != 18 else ""
        raise IdNumberError(f"身份证号应为18位{now}，前17位为数字，最后一位为数字或X。")
    try:
        birth = datetime.date(int(v[6:10]), int(v[10:12]), int(v[12:14]))
    except ValueError:
        raise IdNumberError("身份证号中的出生日期不存在。")
    if birth.year < 1900 or birth > dates.today():
        raise IdNumberError("身份证号中的出生日期不合理。")
    if check_digit(v[:17]) != v[17]:
        raise IdNumberError("身份证号校验位不正确，请核对。")
    gender = "male" if int(v[16]) % 2 == 1 else "female"
    return v, birth, gender


def mask(value):
    v = normalise(value)
    if len(v) < 8:
        return "*" * len(v)
    return v[:4] + "*" * (len(v) - 8) + v[-4:]


def make(region, birth, seq):
    """Build a valid number (used by the demo world and tests)."""
    first17 = f"{region}{birth:%Y%m%d}{seq:03d}"
    return first17 + check_digit(first17)
