"""Rows for the cockpit tests: every module's figures for a branch, written directly (the widgets read rows;
the modules' own tests cover how the rows are made), and more branches to show the cost does not grow."""

import datetime
import itertools
from decimal import Decimal

from core.dates import SHANGHAI
from core.testing import make_person

JULY = datetime.date(2026, 7, 15)
_seq = itertools.count(100)


def at(day, hour=10):
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)


def points_scheme(world):
    from points.models import Dimension, Item, Scheme

    scheme = Scheme.objects.create(org=world.committee, year=2026, name="2026年积分制管理办法")
    dim = Dimension.objects.create(scheme=scheme, name="基础工作")
    item = Item.objects.create(scheme=scheme, dimension=dim, name="规范开展主题党日", points=5, subject_type="org")
    return item


def stars_round(world):
    from assessments.models import Round, Scheme

    scheme = Scheme.objects.create(org=world.committee, year=2026, name="六考一评")
    return Round.objects.create(
        scheme=scheme,
        period="2026Q1",
        title="2026年第一季度考核",
        starts=datetime.date(2026, 1, 1),
        ends=datetime.date(2026, 3, 31),
        state="published",
    )


def fill_branch(world, branch, *, n, item, round_, late=False):
    """One branch's year: meetings (the March 党员大会 missing when `late`), a plan with one occurrence on time and
    one missed, points, a star result, study hours for two members, a feedback item answered."""
    from assessments.models import Result
    from feedback.models import Feedback
    from learning.models import HourEntry
    from plans.models import Occurrence, Plan, PlanItem
    from points.models import LedgerEntry
    from records.models import Record

    for month in range(1, 7):
        Record.objects.create(org=branch, type="committee_meeting", title="支委会", date=datetime.date(2026, month, 5))
    if not late:
        Record.objects.create(org=branch, type="general_meeting", title="党员大会", date=datetime.date(2026, 3, 9))
    Record.objects.create(org=branch, type="general_meeting", title="党员大会", date=datetime.date(2026, 5, 9))
    plan = Plan.objects.create(org=branch, year=2026, title="2026年清单")
    pi = PlanItem.objects.create(plan=plan, category="三会一课", title="上报材料")
    Occurrence.objects.create(
        item=pi, period="a", due=datetime.date(2026, 3, 1), completed_on=datetime.date(2026, 2, 27)
    )
    Occurrence.objects.create(item=pi, period="b", due=datetime.date(2026, 6, 1))  # missed
    Occurrence.objects.create(item=pi, period="c", due=datetime.date(2026, 9, 1))  # not yet due
    admin = world.users["committee_admin"]
    LedgerEntry.objects.create(
        scheme=item.scheme,
        item=item,
        subject_type="org",
        subject_org=branch,
        points=Decimal(5 * (n + 1)),
        occurred_on=datetime.date(2026, 4, 1),
        posted_by=admin,
    )
    Result.objects.create(
        round=round_, org=branch, score=Decimal(90 - n), rank=n + 1, stars=5 - n % 3, stars_uncapped=5
    )
    for k in range(2):
        p = make_person(branch, f"党员{n}-{k}", seq=next(_seq))
        HourEntry.objects.create(
            person=p,
            org=branch,
            year=2026,
            date=datetime.date(2026, 2, 1),
            source="offline",
            hours=Decimal(40 if k else 1),
        )
    Feedback.objects.create(
        org=branch,
        handler=branch,
        content="建议",
        code=f"code{next(_seq)}",
        client_key="k",
        state="answered",
        accepted_at=at(datetime.date(2026, 4, 1)),
        answered_at=at(datetime.date(2026, 4, 30) if late else datetime.date(2026, 4, 3)),
    )
    Feedback.objects.filter(org=branch).update(created_at=at(datetime.date(2026, 3, 31)))


def add_branches(world, count, *, start, item, round_):
    out = []
    for i in range(start, start + count):
        world.committee.refresh_from_db()
        b = world.committee.add_child(name=f"新增第{i}党支部", kind="branch")
        b.add_child(name=f"新增第{i}党小组", kind="group")
        fill_branch(world, b, n=i, item=item, round_=round_, late=i % 2 == 0)
        out.append(b)
    return out


def now_is(monkeypatch, day=JULY):
    monkeypatch.setattr("core.dates.today", lambda: day)
