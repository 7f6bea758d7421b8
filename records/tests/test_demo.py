"""The demo's records keep the attendance rule: 实到 never exceeds 应到, and last year's 组织生活会 is last year's."""

import re

from orgs import demo as orgs_demo
from records import attendance
from records import demo as records_demo
from records.forms import people_of
from records.models import Record


def test_demo_records_count_only_the_expected_and_name_the_year_of_yearly_duties(db):
    world = {"password": "Dangjian@2026x"}
    orgs_demo.build(world)
    records_demo.build(world)
    records = Record.objects.select_related("org").prefetch_related("attendees", "observers", "absences__person")
    observers = 0
    for r in records:
        people = list(people_of(r.org))
        expected = attendance.expected_ids(people, r.type, attendance.committee_ids(r.org, r.date))
        present, absent = [p.pk for p in r.attendees.all()], [a.person_id for a in r.absences.all()]
        assert set(present) | set(absent) <= expected, r.title
        assert not {p.pk for p in r.observers.all()} & expected, r.title
        observers += r.observers.count()
        m = re.search(r"应到(\d+)人，实到(\d+)人", r.content)
        if m:  # the minutes say what the record holds
            assert (int(m[1]), int(m[2])) == (len(present) + len(absent), len(present)), r.title
    assert observers > 0  # 发展对象 and 积极分子 sit in on some 党员大会
    yearly = Record.objects.filter(type="org_life_meeting")
    assert yearly.exists() and all(r.for_year == r.date.year - 1 for r in yearly)
    assert not Record.objects.exclude(type="org_life_meeting").exclude(for_year=None).exists()
