"""The audit log: written by every action, masked, append-only, hash-chained and verifiable."""

import json

import pytest
from django.db import DatabaseError, connection, transaction

from core.models import AuditEvent


def _write_some_events(world, api):
    client = api(world.users["branch_secretary"])
    for phone in ("13900000001", "13900000002", "13900000003"):
        assert client.patch(f"people/{world.people['member'].id}", {"phone": phone}).status_code == 200


def test_events_cannot_be_changed_or_deleted_through_the_orm(world, api):
    _write_some_events(world, api)
    event = AuditEvent.objects.first()
    event.actor_name = "x"
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.all().delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.update(actor_name="x")


def test_the_database_refuses_deleting_young_events(world, api):
    _write_some_events(world, api)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET action = 'x'")
    assert AuditEvent.objects.filter(action="person.update").count() == 3


def test_personal_data_is_masked_in_before_and_after(world, branch_secretary, api):
    from orgs import idnumber

    number = idnumber.make("370117", __import__("datetime").date(1988, 8, 8), 22)
    r = api(branch_secretary).post(
        "people", {"name": "许静", "gender": "female", "org": world.branch_a.id, "id_number": number}
    )
    assert r.status_code == 201
    event = AuditEvent.objects.get(action="person.create")
    dump = str(event.before) + str(event.after)
    assert number not in dump
    assert event.after["id_number_masked"] == idnumber.mask(number)
    assert "id_number_encrypted" not in event.after
    # The birth date would unmask the ID number: the log says only that it was filled in.
    assert "1988-08-08" not in dump and event.after["birth_date"] == "已填写（已隐去）"


MINUTES = "会议传达学习了上级文件精神，书记就本支部下一阶段重点工作作了具体部署，" * 3
DECISIONS = "一、各党小组本月内完成专题学习；二、联系点帮扶计划报支委会审定。"


def _auditor_sees(auditor, api, client):
    """Everything the auditor can read about the events: the API's JSON and the page's HTML."""
    body = json.dumps(api(auditor).get("audit/events", {"page_size": 200}).json(), ensure_ascii=False)
    client.force_login(auditor)
    html = client.get("/audit/").content.decode()
    return body + html


def test_the_auditor_sees_what_changed_not_the_minutes_or_phone_numbers(world, branch_secretary, auditor, api, client):
    secretary = api(branch_secretary)
    person = world.people["member"]
    assert secretary.patch(f"people/{person.id}", {"phone": "13812345678"}).status_code == 200
    assert secretary.patch(f"people/{person.id}", {"phone": "13987654321"}).status_code == 200
    r = secretary.post(
        "records",
        {
            "org": world.branch_a.id,
            "type": "committee_meeting",
            "title": "支委会：研究联系点帮扶",
            "date": "2026-05-12",
            "place": "三楼会议室",
            "attendees": [world.people["secretary"].id],
            "absentees": [{"person": person.id, "reason": "住院治疗"}],
            "agenda": "传达学习上级文件",
            "content": MINUTES,
            "decisions": DECISIONS,
        },
    )
    assert r.status_code == 201, r.content
    rid = r.json()["id"]
    assert secretary.patch(f"records/{rid}", {"decisions": DECISIONS + "三、年底前总结。"}).status_code == 200

    seen = _auditor_sees(auditor, api, client)
    for secret in ("13812345678", "13987654321", MINUTES[:20], DECISIONS[:15], "传达学习上级文件", "住院治疗"):
        assert secret not in seen, secret
    # Who, what, when, where and the outcome stay complete; content becomes a length and a digest.
    assert "138****5678" in seen and "139****4321" in seen
    assert "支委会：研究联系点帮扶" in seen and "三楼会议室" in seen and "secretary_a" in seen
    assert "共 1 人" in seen
    update = AuditEvent.objects.get(action="record.update")
    assert update.after["decisions"].startswith(f"已修改（{len(DECISIONS) + 8} 字，摘要 ")
    assert update.after["content"].startswith(f"未修改（{len(MINUTES)} 字，摘要 ")
    assert update.before["decisions"].startswith(f"原内容（{len(DECISIONS)} 字，摘要 ")
    assert update.after["content"][-9:-1] == update.before["content"][-9:-1]  # same text, same digest
    created = AuditEvent.objects.get(action="record.create")
    assert created.after["content"].startswith("已填写（")
    assert created.after["attendees"] == "共 1 人" and created.after["absentees"] == "共 1 人"


def test_audit_page_is_for_the_auditor_only(world, auditor, branch_secretary, client):
    client.force_login(auditor)
    r = client.get("/audit/?action=auth&date_from=bad-date")
    assert r.status_code == 200
    assert "日期格式" in r.content.decode()
    client.force_login(branch_secretary)
    assert client.get("/audit/").status_code == 403


def test_audit_page_query_count_is_pinned(world, auditor, client, api, django_assert_max_num_queries):
    _write_some_events(world, api)
    client.force_login(auditor)
    with django_assert_max_num_queries(10):
        assert client.get("/audit/").status_code == 200
