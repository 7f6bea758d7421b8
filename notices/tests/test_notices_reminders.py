"""Reminders (N working days, then 2N to the branch secretary), to-dos, the cockpit widget and the search kind of
通知公告, called directly."""

import datetime

import pytest
from django.core.cache import cache

from notices import cockpit, deadlines
from notices.actions_notices import sign
from notices.reminders_notices import due_reminders

from .factories_notices import backdate, make_notice, make_secretary

pytestmark = pytest.mark.django_db

# Monday 2026-11-02: no holiday that week nor the next.
MONDAY = datetime.date(2026, 11, 2)


def _day(n):
    return MONDAY + datetime.timedelta(days=n)


def test_the_reminder_falls_n_working_days_after_publication():
    published = datetime.datetime(2026, 11, 6, 17, 0, tzinfo=datetime.UTC)  # Saturday 01:00 in Beijing
    assert deadlines.due_on(published, 3) == _day(9)  # Wed 11 Nov: Mon, Tue, Wed after the weekend
    friday = datetime.datetime(2026, 11, 6, 2, 0, tzinfo=datetime.UTC)  # Friday 10:00 in Beijing
    assert deadlines.due_on(friday, 3) == _day(9)
    after_national_day = deadlines.due_on(datetime.datetime(2026, 9, 30, 2, 0, tzinfo=datetime.UTC), 1)
    assert after_national_day > datetime.date(2026, 10, 7)  # the 国庆 holiday is not counted


def test_an_unsigned_recipient_is_reminded_after_n_working_days(world, committee_admin, branch_member):
    n = backdate(make_notice(committee_admin, world.committee, remind_days=3), MONDAY)
    assert due_reminders(_day(2)) == []  # Wednesday: two working days have passed
    due = due_reminders(_day(3))  # Thursday: the third
    assert {r["person"].pk for r in due} == {p.pk for p in world.people.values()}
    mine = next(r for r in due if r["person"] == world.people["member"])
    assert mine["key"] == f"notices.notice.{n.pk}.unsigned"
    assert mine["url"] == f"/notices/{n.pk}/" and n.title in mine["title"]
    sign(n, by=branch_member, data={})
    assert world.people["member"] not in [r["person"] for r in due_reminders(_day(3))]


def test_still_unsigned_after_2n_escalates_to_the_branch_secretary(world, committee_admin):
    make_secretary(world.people["secretary"], world.branch_a)
    n = backdate(make_notice(committee_admin, world.committee, remind_days=2), MONDAY)
    assert not [r for r in due_reminders(_day(3)) if ".escalated." in r["key"]]
    due = [r for r in due_reminders(_day(4)) if ".escalated." in r["key"]]  # Friday: the fourth working day
    assert [(r["person"], r["key"]) for r in due] == [
        (world.people["secretary"], f"notices.notice.{n.pk}.escalated.{world.branch_a.pk}")
    ]
    assert "2人" in due[0]["title"] and due[0]["url"].endswith(f"?org={world.branch_a.pk}")


def test_archived_and_signed_notices_remind_no_one(world, committee_admin, branch_member):
    from core import workflow

    n = backdate(make_notice(committee_admin, world.committee), MONDAY)
    workflow.run(n, "archive", by=committee_admin)
    assert due_reminders(_day(30)) == []


def test_the_todos_list_unsigned_notices_and_the_secretarys_escalations(world, committee_admin, branch_member):
    secretary = world.users["branch_secretary"]
    make_secretary(world.people["secretary"], world.branch_a)
    n = backdate(make_notice(committee_admin, world.committee, receipt_fields=["是否参会"]), MONDAY)
    from notices import todos as notice_todos

    items = notice_todos.items(branch_member, _day(1))
    assert [(i.kind, i.url, i.due) for i in items] == [("notices.unsigned", f"/notices/{n.pk}/", _day(3))]
    assert notice_todos.count(branch_member, _day(1)) == 1
    assert [i.kind for i in notice_todos.items(secretary, _day(1))] == ["notices.unsigned"]
    late = [i for i in notice_todos.items(secretary, _day(8)) if i.kind == "notices.escalated"]
    assert len(late) == 1 and late[0].count == 2
    assert notice_todos.count(secretary, _day(8)) == 3  # her own notice and the branch's two people
    sign(n, by=branch_member, data={"r0": "参会"})
    assert notice_todos.items(branch_member, _day(1)) == []
    assert notice_todos.count(secretary, _day(8)) == 2
    for role in ("sysadmin", "secadmin", "auditor"):
        assert notice_todos.count(world.users[role], _day(8)) == 0


def test_the_cockpit_widget_counts_the_unsigned_per_branch(
    world, committee_admin, branch_member, django_assert_max_num_queries
):
    cache.clear()
    assert cockpit.unsigned(committee_admin, world.committee, _day(1)) is None
    n = backdate(make_notice(committee_admin, world.committee, remind_days=2), MONDAY)
    sign(n, by=branch_member, data={})
    with django_assert_max_num_queries(2):
        w = cockpit.unsigned(committee_admin, world.committee, _day(1))
    assert w["key"] == "notices.unsigned" and w["value"] == 3 and w["unit"] == "人" and w["status"] == "green"
    items = {i["org"]["id"]: (i["value"], i["status"]) for i in w["items"]}
    assert items == {world.committee.pk: (1, "green"), world.branch_a.pk: (1, "green"), world.branch_b.pk: (1, "green")}
    assert cockpit.unsigned(committee_admin, world.committee, _day(2))["status"] == "amber"
    red = cockpit.unsigned(committee_admin, world.committee, _day(4))
    assert red["status"] == "red" and all(i["status"] == "red" for i in red["items"])
    sub = cockpit.unsigned(committee_admin, world.branch_a, _day(4))
    assert sub["value"] == 1 and [i["org"]["id"] for i in sub["items"]] == [world.branch_a.pk]
    assert sub["items"][0]["url"] == f"/notices/unsigned/?org={world.branch_a.pk}"


def test_the_cockpit_widget_costs_the_same_for_many_notices(world, committee_admin, django_assert_max_num_queries):
    for i in range(6):
        backdate(make_notice(committee_admin, world.committee, title=f"通知{i}"), MONDAY)
    with django_assert_max_num_queries(2):
        assert cockpit.unsigned(committee_admin, world.committee, _day(1))["value"] == 24


def test_published_and_archived_notices_are_searchable_drafts_not(world, committee_admin, branch_secretary, outsider):
    from core import workflow
    from search.engine import search

    archived = make_notice(committee_admin, world.committee, title="关于防汛值班安排的通知", body="汛期值班表见附件")
    workflow.run(archived, "archive", by=committee_admin)
    make_notice(committee_admin, world.committee, title="防汛演练草稿", draft=True)
    hits = search(committee_admin, "防汛").hits
    assert [(h.kind, h.id) for h in hits] == [("notice", archived.pk)]
    assert search(outsider, "防汛").hits == []
