"""谈心谈话 coverage: each member's last talk, those not talked with this year, the list page and its export,
and the warning check contributed to the dashboard (Interface 2)."""

import datetime

import pytest

from core.modules import contributions
from core.testing import make_person, table_rows
from records import checks, talks
from records.models import Record

TODAY = datetime.date(2026, 6, 15)


def _talk(org, date, people, *, host=None, type="talk", also=(), deleted=False):
    r = Record(org=org, type=type, also_counts_as=list(also), title="谈心谈话", date=date, host=host)
    r.save()
    r.attendees.set(people)
    if deleted:
        Record.objects.filter(pk=r.pk).update(deleted_at=datetime.datetime(2026, 6, 1, tzinfo=datetime.UTC))
    return r


@pytest.fixture
def tk(world):
    """branch_a: 王秀英 (secretary, talked with last year only), 李娜 (talked with this year twice), 周强 (only in a
    deleted record and a future one), a 积极分子 (not a member: not listed); branch_b: 张伟 (talked with)."""
    a, b = world.branch_a, world.branch_b
    p = world.people
    zhou = make_person(a, "周强", seq=14)
    make_person(a, "积极分子甲", category="activist", seq=15)
    _talk(a, datetime.date(2025, 11, 3), [p["secretary"]])
    _talk(a, datetime.date(2026, 2, 10), [p["member"]], host=p["secretary"])
    latest = _talk(
        a, datetime.date(2026, 5, 20), [p["member"]], host=p["secretary"], type="org_life_meeting", also=["talk"]
    )
    _talk(a, datetime.date(2026, 3, 1), [zhou], deleted=True)
    _talk(a, datetime.date(2026, 12, 20), [zhou])  # after every "today" here
    _talk(a, datetime.date(2026, 4, 1), [zhou], type="party_lesson")  # not a talk
    _talk(b, datetime.date(2026, 1, 8), [p["outsider"]])
    return {"zhou": zhou, "latest": latest}


def test_each_member_s_last_talk_and_those_not_talked_with_this_year(world, tk, django_assert_num_queries):
    from orgs.models import Person

    people = Person.objects.filter(org__path__startswith=world.branch_a.path)
    with django_assert_num_queries(3):
        rows = talks.talk_rows(people, TODAY)
    got = {r.person.name: (r.last, r.this_year) for r in rows}
    assert got == {
        "王秀英": (datetime.date(2025, 11, 3), False),
        "李娜": (datetime.date(2026, 5, 20), True),
        "周强": (None, False),
    }
    assert {r.person.name for r in rows[:2]} == {"王秀英", "周强"}  # those not talked with come first
    assert rows[-1].last_record_id == tk["latest"].pk


def test_the_list_page_filters_by_branch_and_exports(world, tk, client, monkeypatch):
    monkeypatch.setattr("core.dates.today", lambda: TODAY)
    client.force_login(world.users["committee_admin"])
    r = client.get(f"/records/talks/?org={world.branch_a.pk}&missing=1")
    html = r.content.decode()
    assert r.status_code == 200 and "第二十二条" in html
    assert 'data-testid="talk-missing">2<' in html
    assert "王秀英" in html and "周强" in html and "李娜" not in html and "张伟" not in html
    r = client.get(f"/records/talks/?org={world.committee.pk}")
    assert "张伟" in r.content.decode() and "李娜" in r.content.decode()
    rows = table_rows(client.get(f"/records/talks.xlsx?org={world.branch_a.pk}").content)
    assert rows[0] == ["序号", "姓名", "人员类别", "所在党组织", "最近一次谈心谈话", "本年度已谈"]
    assert {(row[1], row[5]) for row in rows[1:] if row[1]} == {("王秀英", "否"), ("周强", "否"), ("李娜", "是")}


def test_another_branch_s_list_answers_404_and_members_and_system_roles_are_refused(world, tk, client):
    client.force_login(world.users["outsider"])
    assert client.get(f"/records/talks/?org={world.branch_a.pk}").status_code == 404
    assert client.get(f"/records/talks.xlsx?org={world.branch_a.pk}").status_code == 404
    assert "王秀英" not in client.get("/records/talks/").content.decode()
    assert client.get("/records/talks/?org=abc").status_code == 404
    for key in ("branch_member", "sysadmin", "secadmin", "auditor"):
        client.force_login(world.users[key])
        assert client.get("/records/talks/").status_code == 403, key


def test_the_check_is_contributed_with_its_citation(world):
    found = [c for _m, fn in contributions("dashboard.checks") for c in fn()]
    check = next(c for c in found if c["code"] == "records.talks_yearly")
    assert "《中国共产党支部工作条例（试行）》" in check["citation"] and "第二十二条" in check["citation"]
    assert check["params"] == {"amber_from_month": 10, "red_days": 31}
    assert check["evaluate"] is checks.evaluate_talks


@pytest.mark.parametrize(
    "today, expected",
    [
        (datetime.date(2026, 6, 15), "green"),  # a half year left: noted, not yet a warning
        (datetime.date(2026, 10, 8), "amber"),  # the last quarter
        (datetime.date(2026, 12, 5), "red"),  # the last month: the yearly talk is about to be missed
    ],
)
def test_the_warning_turns_amber_then_red_while_members_wait_and_green_when_talked_with(
    world, tk, today, expected, django_assert_num_queries
):
    branches = [world.branch_a, world.branch_b]
    with django_assert_num_queries(2):
        found = checks.evaluate_talks(branches, today, {})
    a = found[world.branch_a.pk]
    assert a["status"] == expected
    assert a["text"] == "本年度尚有 2 名党员未开展谈心谈话（共 3 名）"
    assert a["url"] == f"/records/talks/?org={world.branch_a.pk}&missing=1"
    assert found[world.branch_b.pk]["status"] == "green"
    # A talk with the two filed: green.
    _talk(world.branch_a, datetime.date(2026, 6, 1), [world.people["secretary"], tk["zhou"]])
    assert checks.evaluate_talks(branches, today, {})[world.branch_a.pk]["status"] == "green"


def test_the_committee_may_change_the_thresholds(world, tk):
    today = datetime.date(2026, 6, 15)
    assert (
        checks.evaluate_talks([world.branch_a], today, {"amber_from_month": 6})[world.branch_a.pk]["status"] == "amber"
    )
    assert checks.evaluate_talks([world.branch_a], today, {"red_days": 200})[world.branch_a.pk]["status"] == "red"


def test_the_check_costs_the_same_for_more_branches(world, tk, django_assert_num_queries):
    branches = [world.branch_a, world.branch_b]
    for i in range(5):
        world.committee.refresh_from_db()
        b = world.committee.add_child(name=f"新支部{i}", kind="branch", unit="某单位")
        make_person(b, f"新党员{i}", seq=60 + i)
        branches.append(b)
    with django_assert_num_queries(2):
        found = checks.evaluate_talks(branches, TODAY, {})
    assert len(found) == 7 and found[branches[-1].pk]["text"] == "本年度尚有 1 名党员未开展谈心谈话（共 1 名）"
