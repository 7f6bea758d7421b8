"""The audit log: written by every action, masked, append-only, hash-chained and verifiable."""

import contextlib

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from core import sqlite_guards
from core.models import AuditEvent


@contextlib.contextmanager
def guards_lifted():
    """Let a test play the attacker who edits the table directly."""
    if connection.vendor == "postgresql":
        import pgtrigger

        with pgtrigger.ignore("core.AuditEvent:audit_no_update", "core.AuditEvent:audit_keep_180_days"):
            yield
    else:
        sqlite_guards.remove(connection)
        try:
            yield
        finally:
            sqlite_guards.install(connection)


def _write_some_events(world, api):
    client = api(world.users["branch_secretary"])
    for phone in ("13900000001", "13900000002", "13900000003"):
        assert client.patch(f"people/{world.people['member'].id}", {"phone": phone}).status_code == 200


def test_audit_verify_passes_on_an_intact_chain(world, api, capsys):
    _write_some_events(world, api)
    call_command("audit_verify")
    assert "审计链完整" in capsys.readouterr().out


def test_audit_verify_names_the_edited_row(world, api):
    _write_some_events(world, api)
    victim = AuditEvent.objects.filter(action="person.update").order_by("id")[1]
    with guards_lifted(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["someone_else", victim.id])
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify")
    assert f"第 {victim.id} 号" in str(exc.value)


def test_audit_verify_notices_a_deleted_row(world, api):
    _write_some_events(world, api)
    events = list(AuditEvent.objects.filter(action="person.update").order_by("id"))
    with guards_lifted(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditevent WHERE id = %s", [events[1].id])
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify")
    assert f"第 {events[2].id} 号" in str(exc.value)


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
