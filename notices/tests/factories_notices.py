"""Notices for the tests: one published by the committee to its subtree, drafts, and the people it reaches."""

import datetime

from core import dates
from orgs.models import Position

from ..actions_notices import create_notice
from ..models_notices import Notice


def notice_data(org, **extra):
    return {
        "org": org.pk,
        "title": extra.pop("title", "关于召开党建工作推进会的通知"),
        "body": extra.pop("body", "定于下周三上午召开推进会，请准时参加。"),
        "audience": extra.pop("audience", "all"),
        "categories": extra.pop("categories", []),
        "receipt_fields": "\n".join(extra.pop("receipt_fields", [])),
        "remind_days": extra.pop("remind_days", 3),
        **extra,
    }


def make_notice(by, org, *, draft=False, **extra):
    return create_notice(by=by, data=notice_data(org, **extra), draft=draft)


def backdate(notice, day, hour=9):
    """Pretend the notice was published on `day` (Asia/Shanghai)."""
    when = datetime.datetime.combine(day, datetime.time(hour, 0), dates.SHANGHAI)
    Notice.objects.filter(pk=notice.pk).update(published_at=when)
    notice.published_at = when
    return notice


def make_secretary(person, branch, title="书记"):
    return Position.objects.create(org=branch, person=person, title=title, started_on=datetime.date(2024, 1, 1))
