"""三会一课台账汇总: the first record per organisation, obligation and month stays exact through every change."""

import datetime
import random

import pytest

from plans import compliance, marks
from plans.models import ComplianceMark
from plans.tests.factories import make_record
from records.choices import ANNUAL_TYPES
from records.models import Record

CODES = ["committee_meeting", "general_meeting", "party_lesson", "theme_day", "org_life_meeting", "group_meeting"]


def expected():
    """The marks worked out from scratch: the first live record (date, id) for each key."""
    firsts = {}
    for r in Record.objects.order_by("date", "id"):
        for key in sorted(marks.keys_of(r)):
            firsts.setdefault(key, (r.pk, r.date, r.title))
    return firsts


def stored():
    return {(m.org_id, m.code, m.bucket): (m.record_id, m.date, m.title) for m in ComplianceMark.objects.all()}


def test_filing_changing_deleting_restoring_and_purging_keep_the_marks_exact(world):
    rng = random.Random(11)
    orgs = [world.branch_a, world.branch_b]
    records = []
    for step in range(120):
        action = rng.choice(["file", "file", "file", "change", "delete", "restore", "purge"])
        if action == "file" or not records:
            date = datetime.date(rng.choice([2025, 2026]), rng.randint(1, 12), rng.randint(1, 28))
            also = rng.sample(CODES, rng.choice([0, 0, 1]))
            records.append(make_record(rng.choice(orgs), rng.choice(CODES), date, title=f"会议{step}", also=also))
        else:
            r = Record.objects.with_deleted().get(pk=rng.choice(records).pk)
            if action == "change":
                r.date = r.date.replace(month=rng.randint(1, 12))
                r.type = rng.choice(CODES)
                r.org = rng.choice(orgs)
                r.title = f"改后{step}"
                if r.type in ANNUAL_TYPES:
                    r.for_year = rng.choice([2025, 2026])
                r.save()
            elif action == "delete" and r.deleted_at is None:
                r.soft_delete(None)
            elif action == "restore" and r.deleted_at is not None:
                r.undelete()
            elif action == "purge":
                records.remove(r)
                r.delete()
        assert stored() == expected(), f"after step {step} ({action})"
    assert marks.rebuild() == len(expected())
    assert stored() == expected()


def test_thirty_meetings_in_one_month_are_one_row_and_the_first_one_meets_the_duty(world):
    a = world.branch_a
    for day in range(28, 0, -1):
        make_record(a, "committee_meeting", datetime.date(2026, 3, day), title=f"3月{day}日支委会")
    assert ComplianceMark.objects.filter(org=a, code="committee_meeting").count() == 1
    cells = compliance.compute(a, 2026, today=datetime.date(2026, 7, 1), obligation="committee_meeting")
    march = next(c for c in cells if c.period == "2026-03")
    assert march.status == "done" and march.record[1:] == (datetime.date(2026, 3, 1), "3月1日支委会")


def test_a_yearly_duty_counts_for_the_year_it_is_held_for(world):
    a = world.branch_a
    r = make_record(a, "org_life_meeting", datetime.date(2026, 2, 10), title="2025年度组织生活会")
    r.for_year = 2025
    r.save()
    assert (a.pk, "org_life_meeting", "Y2025") in stored()
    assert (a.pk, "org_life_meeting", "Y2026") not in stored()


@pytest.mark.parametrize("n", [2, 12])
def test_the_compliance_api_reads_the_same_number_of_rows_whatever_the_records(world, committee_admin, api, n):
    for i in range(n):
        make_record(world.branch_a, "committee_meeting", datetime.date(2026, 5, 1 + i), title=f"支委会{i}")
    assert ComplianceMark.objects.filter(code="committee_meeting").count() == 1
    r = api(committee_admin).get("compliance", {"org": world.committee.id, "year": 2026})
    assert r.status_code == 200
    done = [i for i in r.json()["items"] if i["obligation"] == "committee_meeting" and i["status"] == "done"]
    assert [i["period"] for i in done] == ["2026-05"]
