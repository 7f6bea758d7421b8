import pytest

from core.models import AuditEvent
from core.testing import make_person
from records.models import Absence, Record
from search import engine


def payload(world, **over):
    data = {
        "org": world.branch_a.id,
        "type": "theme_day",
        "also_counts_as": ["party_lesson"],
        "title": "主题党日：学习身边榜样",
        "date": "2026-05-12",
        "start_time": "14:30",
        "place": "三楼会议室",
        "host": world.people["secretary"].id,
        "recorder": world.people["member"].id,
        "attendees": [world.people["secretary"].id],
        "absentees": [{"person": world.people["member"].id, "reason": "出差"}],
        "content": "学习身边榜样事迹，交流心得体会。",
        "decisions": "每名党员撰写一篇心得。",
    }
    data.update(over)
    return data


def test_branch_secretary_creates_a_record_with_attendance_and_it_is_audited_and_searchable(
    world, branch_secretary, api
):
    r = api(branch_secretary).post("records", payload(world))
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["attendees"] == [world.people["secretary"].id]
    assert body["absentees"] == [{"person": world.people["member"].id, "reason": "出差"}]
    assert body["attendance_rate"] == 50.0
    assert body["also_counts_as"] == ["party_lesson"]
    assert body["start_time"] == "14:30:00"
    record = Record.objects.get(pk=body["id"])
    assert record.created_by == branch_secretary
    assert record.counts_as_key == ",theme_day,party_lesson,"
    event = AuditEvent.objects.get(action="record.create", object_id=str(record.pk))
    assert event.after["absentees"] == "共 1 人"  # the log counts people, it does not list them
    assert engine.search(branch_secretary, "学习身边榜样").top.id == record.id


def test_an_edit_is_searchable_at_once_and_the_old_words_are_gone(world, branch_secretary, api):
    client = api(branch_secretary)
    rid = client.post("records", payload(world)).json()["id"]
    r = client.patch(f"records/{rid}", {"content": "研究乡村振兴联系点帮扶计划。"})
    assert r.status_code == 200, r.content
    assert r.json()["absentees"] == [{"person": world.people["member"].id, "reason": "出差"}]  # kept
    assert engine.search(branch_secretary, "乡村振兴联系点").top.id == rid
    assert engine.search(branch_secretary, "事迹").count == 0
    assert AuditEvent.objects.filter(action="record.update", object_id=str(rid)).count() == 1


def test_deleting_is_a_soft_delete_that_leaves_lists_and_search_and_is_audited(world, branch_secretary, api):
    client = api(branch_secretary)
    rid = client.post("records", payload(world)).json()["id"]
    assert client.delete(f"records/{rid}").status_code == 204
    record = Record.objects.with_deleted().get(pk=rid)
    assert record.deleted_at is not None
    assert client.get(f"records/{rid}").status_code == 404
    assert client.get("records").json()["count"] == 0
    assert engine.search(branch_secretary, "学习身边榜样").count == 0
    event = AuditEvent.objects.get(action="record.delete", object_id=str(rid))
    assert event.before["title"] == "主题党日：学习身边榜样"
    assert client.delete(f"records/{rid}").status_code == 404


def test_a_member_cannot_create_edit_or_delete_records(world, branch_secretary, branch_member, api):
    rid = api(branch_secretary).post("records", payload(world)).json()["id"]
    member = api(branch_member)
    r = member.post("records", payload(world, title="党员自己登记"))
    assert r.status_code == 422  # the org is not one she manages
    assert not Record.objects.filter(title="党员自己登记").exists()
    assert member.get(f"records/{rid}").status_code == 200
    r = member.patch(f"records/{rid}", {"title": "改掉"})
    assert r.status_code == 403 and r.json()["detail"]
    assert member.delete(f"records/{rid}").status_code == 403
    assert Record.objects.get(pk=rid).title == "主题党日：学习身边榜样"


def test_system_accounts_hold_no_business_rights(world, sysadmin, api):
    r = api(sysadmin).post("records", payload(world))
    assert r.status_code == 422
    assert api(sysadmin).get("records").json()["count"] == 0


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"title": "   "}, "title"),
        ({"date": "2099-01-01"}, "date"),
        ({"type": "party_congress"}, "type"),
        ({"also_counts_as": ["nope"]}, "also_counts_as"),
        ({"host": 999999}, "host"),
        ({"attendees": [999999]}, "attendees"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_stored(world, branch_secretary, api, over, field):
    r = api(branch_secretary).post("records", payload(world, **over))
    assert r.status_code == 422, r.content
    assert field in r.json()["errors"]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["detail"])
    assert Record.objects.count() == 0
    assert Absence.objects.count() == 0


def test_people_outside_the_org_cannot_be_named(world, branch_secretary, api):
    stranger = world.people["outsider"]
    client = api(branch_secretary)
    for over in (
        {"host": stranger.id},
        {"attendees": [stranger.id]},
        {"absentees": [{"person": stranger.id, "reason": "x"}]},
    ):
        r = client.post("records", payload(world, **over))
        assert r.status_code == 422, over
    assert Record.objects.count() == 0


def test_a_person_cannot_be_both_present_and_absent(world, branch_secretary, api):
    member = world.people["member"]
    r = api(branch_secretary).post(
        "records", payload(world, attendees=[member.id], absentees=[{"person": member.id, "reason": "病假"}])
    )
    assert r.status_code == 422
    assert "既出席又缺席" in r.json()["errors"]["attendees"][0]


def test_a_record_of_a_party_group_may_name_the_group_members(world, branch_secretary, api):
    newcomer = make_person(world.branch_a, "周敏", group=world.group_a1, seq=9)
    r = api(branch_secretary).post(
        "records",
        payload(
            world,
            org=world.group_a1.id,
            type="group_meeting",
            also_counts_as=[],
            host=newcomer.id,
            recorder=None,
            attendees=[newcomer.id, world.people["member"].id],
            absentees=[],
        ),
    )
    assert r.status_code == 201, r.content
    r = api(branch_secretary).post(
        "records",
        payload(world, org=world.group_a1.id, type="group_meeting", host=world.people["secretary"].id, absentees=[]),
    )
    assert r.status_code == 422  # the secretary is not in the party group


def test_outsider_gets_404_for_another_branchs_record(world, branch_secretary, outsider, api):
    rid = api(branch_secretary).post("records", payload(world)).json()["id"]
    client = api(outsider)
    assert client.get(f"records/{rid}").status_code == 404
    assert client.patch(f"records/{rid}", {"title": "x"}).status_code == 404
    assert client.delete(f"records/{rid}").status_code == 404
    assert client.get("records", {"org": world.branch_a.id}).status_code == 404
    assert client.get("records").json()["count"] == 0
    assert Record.objects.get(pk=rid).deleted_at is None


def test_moving_a_record_to_an_org_she_does_not_manage_is_refused(world, branch_secretary, api):
    rid = api(branch_secretary).post("records", payload(world)).json()["id"]
    r = api(branch_secretary).patch(f"records/{rid}", {"org": world.branch_b.id})
    assert r.status_code == 422
    assert Record.objects.get(pk=rid).org_id == world.branch_a.id
