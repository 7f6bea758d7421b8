"""应到 / 实到 / 列席: only full and probationary members are expected; anyone else who comes sits in."""

import datetime
import io

import openpyxl
import pytest

from core.testing import make_person
from orgs.models import Position
from records.models import Absence, Record


@pytest.fixture
def people(world):
    """Branch A: the secretary and 李娜 (full members), a probationary member and two on the way."""
    a = world.branch_a
    return {
        "secretary": world.people["secretary"],
        "member": world.people["member"],
        "probationary": make_person(a, "赵敏", category="probationary", seq=11),
        "candidate": make_person(a, "孙立", category="candidate", seq=12),
        "activist": make_person(a, "钱芳", category="activist", seq=13),
    }


def meeting(world, people, **over):
    data = {
        "org": world.branch_a.id,
        "type": "general_meeting",
        "title": "第二季度支部党员大会",
        "date": "2026-05-12",
        "attendees": [people[k].id for k in ("secretary", "probationary", "candidate", "activist")],
        "absentees": [{"person": people["member"].id, "reason": "出差"}],
    }
    data.update(over)
    return data


def test_development_candidates_and_activists_sit_in_and_do_not_count(world, people, branch_secretary, api):
    r = api(branch_secretary).post("records", meeting(world, people))
    assert r.status_code == 201, r.content
    body = r.json()
    assert sorted(body["attendees"]) == sorted([people["secretary"].id, people["probationary"].id])
    assert sorted(body["observers"]) == sorted([people["candidate"].id, people["activist"].id])
    assert body["attendance_rate"] == round(100 * 2 / 3, 1)  # 2 of the 3 members; 列席 does not count
    record = Record.objects.get(pk=body["id"])
    assert record.attendees.count() == 2 and record.observers.count() == 2


def test_an_observer_listed_explicitly_and_a_member_listed_as_observer_end_up_where_they_belong(
    world, people, branch_secretary, api
):
    r = api(branch_secretary).post(
        "records",
        meeting(
            world,
            people,
            attendees=[people["secretary"].id],
            observers=[people["member"].id, people["candidate"].id],
            absentees=[],
        ),
    )
    assert r.status_code == 201, r.content
    assert sorted(r.json()["attendees"]) == sorted([people["secretary"].id, people["member"].id])
    assert r.json()["observers"] == [people["candidate"].id]


def test_someone_not_expected_cannot_be_registered_absent(world, people, branch_secretary, api):
    r = api(branch_secretary).post(
        "records", meeting(world, people, absentees=[{"person": people["candidate"].id, "reason": "出差"}])
    )
    assert r.status_code == 422
    assert "孙立不是本次会议的应到人员" in r.json()["detail"]
    assert Record.objects.count() == 0 and Absence.objects.count() == 0


def test_a_committee_meeting_expects_the_committee_in_office_that_day(world, people, branch_secretary, api):
    a = world.branch_a
    Position.objects.create(org=a, person=people["secretary"], title="书记", started_on=datetime.date(2024, 1, 1))
    Position.objects.create(
        org=a, person=people["probationary"], title="组织委员", started_on=datetime.date(2024, 1, 1)
    )
    Position.objects.create(
        org=a,
        person=people["member"],
        title="宣传委员",
        started_on=datetime.date(2024, 1, 1),
        ended_on=datetime.date(2026, 3, 1),
    )
    client = api(branch_secretary)
    r = client.post(
        "records",
        meeting(
            world,
            people,
            type="committee_meeting",
            title="5月支委会",
            attendees=[people["secretary"].id, people["member"].id, people["candidate"].id],
            absentees=[{"person": people["probationary"].id, "reason": "病假"}],
        ),
    )
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["attendees"] == [people["secretary"].id]
    assert sorted(body["observers"]) == sorted([people["member"].id, people["candidate"].id])  # 李娜 left in March
    assert body["attendance_rate"] == 50.0
    # In February 李娜 was still on the committee.
    r = client.post(
        "records",
        meeting(
            world,
            people,
            type="committee_meeting",
            title="2月支委会",
            date="2026-02-10",
            attendees=[people["member"].id],
            absentees=[],
        ),
    )
    assert r.json()["attendees"] == [people["member"].id] and r.json()["observers"] == []
    # A non-committee member cannot be absent from a 支委会.
    r = client.post(
        "records",
        meeting(world, people, type="committee_meeting", absentees=[{"person": people["member"].id, "reason": ""}]),
    )
    assert r.status_code == 422 and "李娜不是本次会议的应到人员" in r.json()["detail"]


def test_without_a_registered_committee_a_committee_meeting_expects_all_members(world, people, branch_secretary, api):
    r = api(branch_secretary).post("records", meeting(world, people, type="committee_meeting"))
    assert r.status_code == 201
    assert len(r.json()["attendees"]) == 2 and len(r.json()["observers"]) == 2


def test_a_party_group_meeting_expects_the_groups_members(world, people, branch_secretary, api):
    g = world.group_a1
    newcomer = make_person(world.branch_a, "周敏", group=g, category="activist", seq=14)
    r = api(branch_secretary).post(
        "records",
        meeting(
            world,
            people,
            org=g.id,
            type="group_meeting",
            attendees=[people["member"].id, newcomer.id],
            absentees=[],
        ),
    )
    assert r.status_code == 201, r.content
    assert r.json()["attendees"] == [people["member"].id] and r.json()["observers"] == [newcomer.id]


def test_changing_the_type_reclassifies_on_save(world, people, branch_secretary, api):
    client = api(branch_secretary)
    Position.objects.create(org=world.branch_a, person=people["secretary"], title="书记")
    rid = client.post("records", meeting(world, people, absentees=[])).json()["id"]
    r = client.patch(f"records/{rid}", {"type": "committee_meeting"})
    assert r.status_code == 200, r.content
    assert r.json()["attendees"] == [people["secretary"].id]
    assert people["probationary"].id in r.json()["observers"]


def test_the_form_marks_nobody_until_told_and_offers_all_present(world, people, branch_secretary, client):
    client.force_login(branch_secretary)
    html = client.get("/records/new/", {"org": world.branch_a.id}).content.decode()
    assert 'value="present" checked' not in html and 'value="absent" checked' not in html
    assert 'data-testid="all-present"' in html and "js/attendance.js" in html
    expected_part, others = html.split('data-part="observers"')
    assert "赵敏" in expected_part and "王秀英" in expected_part
    assert "孙立" in others and "钱芳" in others and "王秀英" not in others


def test_the_form_classifies_who_was_marked_present(world, people, branch_secretary, client):
    client.force_login(branch_secretary)
    post = {
        "op": "save",
        "org": world.branch_a.id,
        "type": "general_meeting",
        "title": "党员大会",
        "date": "2026-05-12",
    }
    for key in ("secretary", "probationary", "candidate"):
        post[f"att_{people[key].id}"] = "present"
    post[f"att_{people['member'].id}"] = "absent"
    post[f"reason_{people['member'].id}"] = "外出培训"
    post[f"att_{people['activist'].id}"] = "none"
    r = client.post(f"/records/new/?org={world.branch_a.id}", post)
    assert r.status_code == 302, r.content.decode()[:3000]
    record = Record.objects.get()
    assert set(record.attendees.all()) == {people["secretary"], people["probationary"]}
    assert list(record.observers.all()) == [people["candidate"]]
    html = client.get(f"/records/{record.id}/").content.decode()
    assert "应到 3 人，实到 2 人，缺席 1 人，出席率 66.7%" in html
    assert "另有列席 1 人" in html and "列席人员（1）" in html
    printed = client.get(f"/records/{record.id}/print/").content.decode()
    assert "<td>3 / 2</td>" in printed and 'data-testid="print-observers">孙立<' in printed

    ws = openpyxl.load_workbook(io.BytesIO(client.get("/records/export/2026/list.xlsx").content)).active
    rows = list(ws.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(rows) if row and row[0] == "日期")
    col = {name: i for i, name in enumerate(rows[head])}
    row = rows[head + 1]
    assert (row[col["应到人数"]], row[col["实到人数"]], row[col["缺席人数"]]) == (3, 2, 1)
    assert row[col["列席人员"]] == "孙立"


def test_the_form_refuses_an_absent_observer_and_keeps_what_was_typed(world, people, branch_secretary, client):
    client.force_login(branch_secretary)
    r = client.post(
        f"/records/new/?org={world.branch_a.id}",
        {
            "op": "save",
            "org": world.branch_a.id,
            "type": "general_meeting",
            "title": "党员大会",
            "date": "2026-05-12",
            f"att_{people['candidate'].id}": "absent",
            f"att_{people['secretary'].id}": "present",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200 and "孙立不是本次会议的应到人员" in html
    assert 'value="党员大会"' in html
    assert Record.objects.count() == 0
