import datetime

from records.models import Record


def make_record(org, title, date="2026-03-01", type="committee_meeting", content="", **extra):
    if isinstance(date, str):
        date = datetime.date.fromisoformat(date)
    attendees = extra.pop("attendees", [])
    record = Record.objects.create(org=org, title=title, date=date, type=type, content=content, **extra)
    if attendees:
        record.attendees.set(attendees)
    return record
