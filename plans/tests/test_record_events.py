"""records announce `record_filed` inside their transaction and plans subscribe (plans/receivers.py): the plan
occurrence completes with the record, or neither happens."""

import datetime

import pytest

from core.errors import Conflict
from orgs.models import Organisation
from plans.models import Occurrence
from plans.tests.factories import add_item, make_plan
from records import actions as record_actions
from records.models import Record
from records.signals import record_filed


@pytest.fixture
def meeting(world, branch_secretary):
    plan = make_plan(branch_secretary, world.branch_a)
    return add_item(
        branch_secretary, plan, "召开支部委员会会议", recurrence="monthly", day=25, record_type="committee_meeting"
    )


@pytest.fixture
def heard():
    """What the signal carried, and a receiver after the plans one that may refuse the filing."""
    calls, refuse = [], []

    def listener(sender, *, record, by, created, **kwargs):
        calls.append((record.title, by.username, created))
        if refuse:
            raise Conflict("演示：另一个模块拒绝了这条记录。")

    record_filed.connect(listener, dispatch_uid="test-listener")
    yield calls, refuse
    record_filed.disconnect(dispatch_uid="test-listener")


def _file(by, **data):
    return record_actions.create_record(
        by=by,
        data={"org": by.person.org_id, "date": "2026-03-20", "content": "研究发展党员工作", **data},
        orgs=Organisation.objects.administered_by(by),
    )


def _march(meeting):
    return Occurrence.objects.get(item=meeting, period="2026-03")


def test_filing_and_changing_a_record_are_announced(world, branch_secretary, meeting, heard):
    calls, _refuse = heard
    record = _file(branch_secretary, type="theme_day", title="3月主题党日")
    assert _march(meeting).completed_on is None  # not the item's type
    record_actions.update_record(
        record,
        by=branch_secretary,
        data={"type": "committee_meeting"},
        orgs=Organisation.objects.administered_by(branch_secretary),
    )
    assert calls == [("3月主题党日", "secretary_a", True), ("3月主题党日", "secretary_a", False)]
    march = _march(meeting)
    assert march.record_id == record.pk and march.completed_on == datetime.date(2026, 3, 20)


def test_a_refused_filing_completes_no_occurrence(world, branch_secretary, meeting, heard):
    calls, refuse = heard
    refuse.append(True)
    with pytest.raises(Conflict):
        _file(branch_secretary, type="committee_meeting", title="3月支委会")
    # The plans receiver ran first (it completed March), and rolled back with the record.
    assert calls == [("3月支委会", "secretary_a", True)]
    assert not Record.objects.filter(title="3月支委会").exists()
    march = _march(meeting)
    assert march.completed_on is None and march.record_id is None
