import pytest

from core.models import AuditEvent
from orgs import idnumber
from orgs.models import Person

VALID_ID = idnumber.make("370117", __import__("datetime").date(1990, 5, 17), 124)


def person_payload(world, **over):
    data = {
        "name": "赵敏",
        "gender": "female",
        "org": world.branch_a.id,
        "category": "full",
        "joined_on": "2015-07-01",
        "phone": "13905310000",
        "id_number": VALID_ID,
    }
    data.update(over)
    return data


def test_branch_admin_creates_person_and_id_number_comes_back_masked(world, branch_secretary, api):
    r = api(branch_secretary).post("people", person_payload(world))
    assert r.status_code == 201, r.content
    body = r.json()
    assert "id_number" not in body
    assert body["id_number_masked"] == VALID_ID[:4] + "*" * 10 + VALID_ID[-4:]
    person = Person.objects.get(pk=body["id"])
    assert VALID_ID not in person.id_number_encrypted
    assert person.get_id_number() == VALID_ID
    assert person.birth_date.isoformat() == "1990-05-17"
    assert AuditEvent.objects.filter(action="person.create", object_id=str(person.pk)).exists()
    assert VALID_ID not in str(AuditEvent.objects.get(action="person.create").after)


def test_branch_admin_reads_and_edits_her_subtree(world, branch_secretary, api):
    client = api(branch_secretary)
    member = world.people["member"]
    assert client.get(f"people/{member.id}").status_code == 200
    r = client.patch(f"people/{member.id}", {"phone": "13900000001"})
    assert r.status_code == 200, r.content
    assert r.json()["phone"] == "13900000001"
    names = {p["name"] for p in client.get("people").json()["items"]}
    assert names == {"王秀英", "李娜"}


def test_branch_admin_gets_404_for_people_of_another_branch(world, branch_secretary, api):
    client = api(branch_secretary)
    other = world.people["outsider"]
    assert client.get(f"people/{other.id}").status_code == 404
    r = client.patch(f"people/{other.id}", {"phone": "13900000002"})
    assert r.status_code == 404
    assert r.json()["detail"]
    other.refresh_from_db()
    assert other.phone != "13900000002"
    assert client.get("people", {"org": world.branch_b.id}).status_code == 404


def test_cannot_create_person_in_another_branch(world, branch_secretary, api):
    r = api(branch_secretary).post("people", person_payload(world, org=world.branch_b.id))
    assert r.status_code == 422
    assert "org" in r.json()["errors"]
    assert not Person.objects.filter(name="赵敏").exists()


@pytest.mark.parametrize(
    "override,field",
    [
        ({"id_number": VALID_ID[:-1] + ("0" if VALID_ID[-1] != "0" else "1")}, "id_number"),
        ({"name": "张" * 100_000}, "name"),
        ({"joined_on": "2021-02-30"}, "joined_on"),
        ({"org": 999_999}, "org"),
        ({"gender": "unknown"}, "gender"),
        ({"joined_on": 12}, "joined_on"),
    ],
)
def test_bad_person_input_gets_chinese_message_and_changes_nothing(world, branch_secretary, api, override, field):
    before = Person.objects.count()
    events = AuditEvent.objects.count()
    r = api(branch_secretary).post("people", person_payload(world, **override))
    assert 400 <= r.status_code < 500
    body = r.json()
    assert field in body["errors"], body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in body["detail"])
    assert Person.objects.count() == before
    assert AuditEvent.objects.count() == events


def test_malformed_json_is_a_400_with_chinese_message(world, branch_secretary, api):
    r = api(branch_secretary).post("people", raw='{"name": "赵敏", ')
    assert r.status_code == 400
    assert r.json()["detail"] == "请求体不是有效的 JSON。"


def test_unknown_parent_for_new_org_is_refused(world, sysadmin, api):
    r = api(sysadmin).post("orgs", {"name": "新支部", "kind": "branch", "parent": 987654})
    assert r.status_code == 422
    assert "parent" in r.json()["errors"]


def test_id_number_birth_date_must_match(world, branch_secretary, api):
    r = api(branch_secretary).post("people", person_payload(world, birth_date="1991-05-17"))
    assert r.status_code == 422
    assert "birth_date" in r.json()["errors"]


def test_duplicate_id_number_is_refused(world, branch_secretary, api):
    client = api(branch_secretary)
    assert client.post("people", person_payload(world)).status_code == 201
    r = client.post("people", person_payload(world, name="另一人"))
    assert r.status_code == 422
    assert "id_number" in r.json()["errors"]


def test_member_sees_only_herself(world, branch_member, api):
    client = api(branch_member)
    items = client.get("people").json()["items"]
    assert [p["name"] for p in items] == ["李娜"]
    assert client.get(f"people/{world.people['secretary'].id}").status_code == 404
    assert client.patch(f"people/{world.people['member'].id}", {"phone": "13900000009"}).status_code == 403


def test_transfer_keeps_history(world, committee_admin, api):
    client = api(committee_admin)
    member = world.people["member"]
    r = client.post(
        f"people/{member.id}/transfers",
        {"to_org": world.branch_b.id, "transferred_on": "2026-03-01", "reason": "工作调动"},
    )
    assert r.status_code == 201, r.content
    member.refresh_from_db()
    assert member.org_id == world.branch_b.id and member.group_id is None
    assert member.transfers.get().from_org_id == world.branch_a.id


def test_position_makes_a_cadre(world, branch_secretary, api):
    client = api(branch_secretary)
    r = client.post(f"orgs/{world.branch_a.id}/positions", {"person": world.people["secretary"].id, "title": "书记"})
    assert r.status_code == 201, r.content
    assert (
        client.post(
            f"orgs/{world.branch_a.id}/positions", {"person": world.people["secretary"].id, "title": "书记"}
        ).status_code
        == 409
    )
    assert (
        client.post(
            f"orgs/{world.branch_b.id}/positions", {"person": world.people["secretary"].id, "title": "书记"}
        ).status_code
        == 404
    )
