"""Shared helpers of the warnings and report tests: filing meetings through records' own action, a fixed today."""

import datetime

from orgs.models import Organisation
from records import actions as record_actions

TODAY = datetime.date(2026, 11, 27)  # Q4 ends 31 December (34 days on), November ends in 3 days


def file_meeting(by, org, code, date, title=None):
    return record_actions.create_record(
        by=by,
        data={
            "org": org.pk,
            "type": code,
            "date": date.isoformat(),
            "title": title or f"{code} {date}",
            "content": "会议内容",
        },
        orgs=Organisation.objects.administered_by(by),
    )


def quarters_held(by, org, code, upto):
    """File one meeting in each quarter of the window (2025 Q4 and 2026 Q1 …) up to quarter `upto` of 2026."""
    file_meeting(by, org, code, datetime.date(2025, 11, 10))
    for q in range(1, upto + 1):
        file_meeting(by, org, code, datetime.date(2026, 3 * q - 1, 10))
