"""学时: a learning record credits its attendees through the records' event (once, also when edited), the rule
converts each type, the gap list names those below the requirement, and each reads only what is hers to read."""

import datetime
from decimal import Decimal

import pytest

from core.models import AuditEvent
from core.testing import make_person
from learning.models import HourEntry, HourRule
from orgs.models import Position

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 5, 20)


@pytest.fixture
def twelve(world):
    """Twelve members of branch A (with the world's secretary and member: 14 in all)."""
    return [make_person(world.branch_a, f"党员{i:02d}", seq=100 + i) for i in range(12)]


def file_record(api, user, org, people, *, type="party_lesson", title="专题党课：学习党章", day=DAY, also=()):
    r = api(user).post(
        "records",
        {
            "org": org.pk,
            "type": type,
            "also_counts_as": list(also),
            "title": title,
            "date": day.isoformat(),
            "attendees": [p.pk for p in people],
        },
    )
    assert r.status_code == 201, r.content
    return r.json()


def earned(person, year=2026):
    return sum(e.hours for e in HourEntry.objects.counting().filter(person=person, year=year))


def test_a_party_lesson_credits_each_of_its_twelve_attendees_once_and_an_edit_does_not_double(
    world, api, branch_secretary, twelve
):
    rec = file_record(api, branch_secretary, world.branch_a, twelve)
    assert HourEntry.objects.filter(record_id=rec["id"]).count() == 12
    assert {earned(p) for p in twelve} == {Decimal("2")}  # a 党课 credits 2 学时 by default
    r = api(branch_secretary).patch(f"records/{rec['id']}", {"title": "专题党课：学习党章（补充纪要）"})
    assert r.status_code == 200, r.content
    assert HourEntry.objects.filter(record_id=rec["id"]).count() == 12
    assert {earned(p) for p in twelve} == {Decimal("2")}
    # Taking one attendee off the record takes her credit away; adding her back gives it back once.
    r = api(branch_secretary).patch(f"records/{rec['id']}", {"attendees": [p.pk for p in twelve[1:]]})
    assert r.status_code == 200, r.content
    assert earned(twelve[0]) == 0 and HourEntry.objects.filter(record_id=rec["id"]).count() == 11


def test_a_record_that_is_no_learning_credits_nothing_and_one_counting_as_several_credits_the_most(
    world, api, branch_secretary, twelve
):
    file_record(api, branch_secretary, world.branch_a, twelve[:3], type="committee_meeting", title="支委会")
    assert HourEntry.objects.count() == 0
    file_record(api, branch_secretary, world.branch_a, twelve[:3], type="party_lesson", also=["theme_day"])
    assert {earned(p) for p in twelve[:3]} == {Decimal("4")}  # 主题党日 4 > 党课 2: the larger, not both


def test_a_deleted_record_stops_counting_and_counts_again_when_restored(world, api, branch_secretary, twelve):
    from records.actions import delete_record
    from records.models import Record

    rec = file_record(api, branch_secretary, world.branch_a, twelve[:2])
    record = Record.objects.get(pk=rec["id"])
    delete_record(record, by=branch_secretary)
    assert earned(twelve[0]) == 0
    Record.objects.with_deleted().filter(pk=record.pk).update(deleted_at=None, deleted_by=None)
    assert earned(twelve[0]) == Decimal("2")


def test_the_committee_sets_its_rule_and_the_years_credits_follow(
    world, api, committee_admin, branch_secretary, twelve
):
    file_record(api, branch_secretary, world.branch_a, twelve[:2])
    body = {
        "org": world.committee.pk,
        "year": 2026,
        "required": {"member": "40", "cadre": "60"},
        "record_hours": {"party_lesson": "3", "theme_day": "4"},
    }
    r = api(committee_admin).put("learning/rules", body)
    assert r.status_code == 200, r.content
    assert r.json()["required"] == {"member": "40.0", "cadre": "60.0"}
    assert r.json()["record_hours"] == {"party_lesson": "3.0", "theme_day": "4.0"}
    assert earned(twelve[0]) == Decimal("3")  # re-credited at the new conversion
    assert AuditEvent.objects.filter(action="learning.rule.set").count() == 1
    # The same rule posted again changes nothing and logs nothing.
    assert api(committee_admin).put("learning/rules", body).status_code == 200
    assert AuditEvent.objects.filter(action="learning.rule.set").count() == 1
    # The branch reads the rule that applies to it, and whose it is.
    r = api(branch_secretary).get("learning/rules", {"org": world.branch_a.pk, "year": 2026})
    assert r.status_code == 200 and r.json()["set_by"]["id"] == world.committee.pk


def test_only_the_committee_sets_the_rule(world, api, branch_secretary, sysadmin):
    body = {"org": world.committee.pk, "year": 2026, "required": {"member": "40", "cadre": "60"}}
    r = api(branch_secretary).put("learning/rules", body)
    assert r.status_code in (403, 422) and not HourRule.objects.exists()
    r = api(branch_secretary).put("learning/rules", {**body, "org": world.branch_a.pk})
    assert r.status_code in (403, 422) and not HourRule.objects.exists()  # a branch is no committee
    assert api(sysadmin).put("learning/rules", body).status_code in (403, 404, 422)
    assert not HourRule.objects.exists()


@pytest.mark.parametrize(
    "change",
    [
        {"year": 1999},
        {"required": {"member": "-1", "cadre": "56"}},
        {"required": {"member": "1e9", "cadre": "56"}},
        {"required": {"member": "abc", "cadre": "56"}},
        {"record_hours": {"talk": "2"}},
        {"record_hours": {"party_lesson": "25"}},
        {"org": 2**60},
    ],
)
def test_bad_rule_input_is_refused(world, api, committee_admin, change):
    body = {"org": world.committee.pk, "year": 2026, "required": {"member": "32", "cadre": "56"}, **change}
    r = api(committee_admin).put("learning/rules", body)
    assert r.status_code in (400, 404, 422), r.content
    assert "detail" in r.json() and not HourRule.objects.exists()


def test_the_gap_list_names_exactly_the_members_below_32(world, api, branch_secretary, twelve):
    # Six lessons of 2 学时 for the first eight people (12), then ten 主题党日 of 4 学时 for the first five (+40).
    for n in range(6):
        file_record(
            api, branch_secretary, world.branch_a, twelve[:8], title=f"党课{n}", day=DAY - datetime.timedelta(n)
        )
    for n in range(10):
        file_record(
            api,
            branch_secretary,
            world.branch_a,
            twelve[:5],
            type="theme_day",
            title=f"主题党日{n}",
            day=DAY - datetime.timedelta(10 + n),
        )
    r = api(branch_secretary).get("learning/gaps", {"org": world.branch_a.pk, "year": 2026})
    assert r.status_code == 200, r.content
    names = {row["person"]["name"] for row in r.json()["items"]}
    above = {p.name for p in twelve[:5]}
    assert names == {p.name for p in twelve[5:]} | {"王秀英", "李娜"}
    assert not names & above
    row = next(row for row in r.json()["items"] if row["person"]["name"] == twelve[5].name)
    assert Decimal(row["earned"]) == 12 and Decimal(row["missing"]) == 20


def test_a_cadre_needs_56(world, api, branch_secretary, twelve):
    Position.objects.create(
        org=world.branch_a, person=twelve[0], title="组织委员", started_on=datetime.date(2024, 1, 1)
    )
    for n in range(10):
        file_record(
            api,
            branch_secretary,
            world.branch_a,
            twelve[:2],
            type="theme_day",
            title=f"主题党日{n}",
            day=DAY - datetime.timedelta(n),
        )
    rows = {
        row["person"]["name"]: row
        for row in api(branch_secretary).get("learning/gaps", {"org": world.branch_a.pk}).json()["items"]
    }
    assert twelve[0].name in rows and rows[twelve[0].name]["cadre"] and Decimal(rows[twelve[0].name]["missing"]) == 16
    assert twelve[1].name not in rows  # 40 ≥ 32


def test_a_member_reads_her_own_hours_and_nobody_elses(world, api, branch_member, branch_secretary, outsider, twelve):
    member = world.people["member"]
    file_record(api, branch_secretary, world.branch_a, [member])
    r = api(branch_member).get("learning/hours", {"person": member.pk, "year": 2026})
    assert r.status_code == 200, r.content
    body = r.json()
    assert Decimal(body["earned"]) == 2 and Decimal(body["required"]) == 32
    assert [i["source"] for i in body["items"]] == ["record"]
    # Another member of her own branch, and a person of another branch: missing (404), as a missing one would be.
    assert api(branch_member).get("learning/hours", {"person": twelve[0].pk}).status_code == 404
    assert api(branch_member).get("learning/hours", {"person": world.people["outsider"].pk}).status_code == 404
    assert api(outsider).get("learning/hours", {"person": member.pk}).status_code == 404
    assert api(branch_member).get("learning/hours", {"person": 99_999_999}).status_code == 404
    # Her branch's admin reads hers and the gap list; the other branch's admin reads neither.
    assert api(branch_secretary).get("learning/hours", {"person": member.pk}).status_code == 200
    assert api(outsider).get("learning/gaps", {"org": world.branch_a.pk}).status_code == 404
    assert api(branch_member).get("learning/gaps", {"org": world.branch_a.pk}).status_code == 403


def test_the_system_roles_read_no_hours(world, api, sysadmin, auditor):
    member = world.people["member"]
    for user in (sysadmin, auditor):
        assert api(user).get("learning/hours", {"person": member.pk}).status_code in (403, 404)
        assert api(user).get("learning/gaps", {"org": world.branch_a.pk}).status_code in (403, 404)


def test_the_study_hours_measure_counts_who_is_on_track_at_the_end_of_the_period(world, api, branch_secretary, twelve):
    """Q2 ends on 30 June: half the year's 32 学时 (16) is due. Four 主题党日 (16 学时) for five of the fourteen."""
    from assessments import sources

    for n in range(4):
        file_record(
            api,
            branch_secretary,
            world.branch_a,
            twelve[:5],
            type="theme_day",
            title=f"主题党日{n}",
            day=DAY - datetime.timedelta(n),
        )
    m = sources.get("learning.hours")(world.branch_a, datetime.date(2026, 4, 1), datetime.date(2026, 6, 30))
    assert m.parts == {"people": 14, "on_track": 5, "share": "0.5"}
    assert m.value == Decimal(5) * 100 / Decimal(14)
    assert m.detail == "应达标14人，已达标5人（截至2026年06月30日应达年度要求的50.0%）"
    assert m.evidence_url == f"/learning/gaps/?org={world.branch_a.pk}&year=2026"
    # By the year's end the whole requirement is due: nobody has 32 yet.
    m = sources.get("learning.hours")(world.branch_a, datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert m.parts["on_track"] == 0 and m.value == 0


def test_a_source_credits_a_person_once_and_its_withdrawal_takes_the_hours_back(world, api, branch_member):
    from learning import hours
    from learning.choices import HourSource

    person = world.people["member"]
    hours.credit(person, source=HourSource.EXAM, ref=7, hours="2", date=DAY, note="党章党规知识测试")
    hours.credit(person, source=HourSource.EXAM, ref=7, hours="3", date=DAY, note="党章党规知识测试")
    assert earned(person) == Decimal("3")  # crediting the same exam again updates the credit, never doubles it
    items = api(branch_member).get(f"learning/hours?person={person.pk}&year=2026").json()["items"]
    assert [(i["source"], i["ref"], i["hours"]) for i in items] == [("exam", 7, "3.0")]
    assert hours.withdraw(HourSource.EXAM, 7) == 1 and earned(person) == 0
