"""Demo: the committee's 2026 study-hour rule, and the credits of the year's learning records (the records demo
files its records in bulk, without the records' event)."""

from core import dates
from records.models import Record

from . import hours
from .models import HourRule


def build(world):
    committee = world["committee"]
    year = dates.today().year
    HourRule.objects.get_or_create(
        org=committee,
        year=year,
        defaults={
            "member_hours": 32,
            "cadre_hours": 56,
            "record_hours": {"party_lesson": "2", "theme_day": "4", "study": "2", "education": "4"},
        },
    )
    for record in Record.objects.filter(date__year=year).select_related("org"):
        hours.credit_record(record)
    # ---- courses ----
    from . import demo_courses

    demo_courses.build(world)

    # ---- extras ----
    from . import demo_extras

    demo_extras.build(world)

    # ---- exams ----
    from . import demo_exams

    demo_exams.build(world)
