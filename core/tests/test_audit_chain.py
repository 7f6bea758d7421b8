"""Tamper evidence: a keyed hash chain plus signed checkpoints outside the table, compared by audit_verify."""

import contextlib
import datetime
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from core import audit, checkpoints, sqlite_guards
from core.models import AuditEvent

ALL_GUARDS = (
    "core.AuditEvent:audit_no_update",
    "core.AuditEvent:audit_keep_180_days",
    "core.AuditEvent:audit_no_truncate",
)


@contextlib.contextmanager
def guards_lifted():
    """Let a test play the attacker who owns the table and edits it directly."""
    if connection.vendor == "postgresql":
        import pgtrigger

        with pgtrigger.ignore(*ALL_GUARDS):
            yield
    else:
        sqlite_guards.remove(connection)
        try:
            yield
        finally:
            sqlite_guards.install(connection)


def sql(statement, params=()):
    with guards_lifted(), connection.cursor() as cur:
        cur.execute(statement, list(params))


@pytest.fixture
def events(world, api, django_capture_on_commit_callbacks):
    """Five committed person.update events, each followed by its signed checkpoint."""
    client = api(world.users["branch_secretary"])
    for n in range(1, 6):
        with django_capture_on_commit_callbacks(execute=True):
            r = client.patch(f"people/{world.people['member'].id}", {"phone": f"1390000000{n}"})
        assert r.status_code == 200
    return list(AuditEvent.objects.filter(action="person.update").order_by("id"))


def verify_fails(*needles):
    with pytest.raises(CommandError) as exc:
        call_command("audit_verify")
    message = str(exc.value)
    for needle in needles:
        assert needle in message, message
    return message


def test_an_intact_chain_verifies_with_its_checkpoints(events, capsys):
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert "审计链完整" in out and f"第 {events[-1].id} 号事件" in out
    lines = checkpoints.path().read_text().splitlines()
    assert json.loads(lines[-1])["last_id"] == events[-1].id
    assert json.loads(lines[-1])["count"] == AuditEvent.objects.count()


def test_links_are_keyed_so_the_key_is_needed_to_write_them(events, settings):
    e = events[0]
    assert e.hash == audit._digest(e.prev_hash, audit._payload(e))
    assert e.hash != audit._legacy_digest(e.prev_hash, audit._payload(e))
    settings.AUDIT_HMAC_KEY = "another-key"
    assert e.hash != audit._digest(e.prev_hash, audit._payload(e))


def test_an_edited_row_fails(events):
    sql("UPDATE core_auditevent SET actor_name = %s WHERE id = %s", ["someone_else", events[2].id])
    verify_fails(f"第 {events[2].id} 号事件的内容与签名不符")


def test_an_edited_and_rehashed_chain_fails(events):
    """The attacker edits a row and recomputes every later link with plain SHA-256, as the old chain allowed."""
    victim = events[1]
    sql("UPDATE core_auditevent SET after = %s WHERE id = %s", [json.dumps({"phone": "改过了"}), victim.id])
    prev = victim.prev_hash
    for e in AuditEvent.objects.filter(id__gte=victim.id).order_by("id"):
        new_hash = audit._legacy_digest(prev, audit._payload(e))
        sql("UPDATE core_auditevent SET prev_hash = %s, hash = %s WHERE id = %s", [prev, new_hash, e.id])
        prev = new_hash
    message = verify_fails(f"第 {victim.id} 号事件的内容与签名不符", "与签名检查点记录的不一致")
    assert "不衔接" not in message  # the links themselves were made consistent; only the key betrays them


def test_deleting_a_row_in_the_middle_fails(events):
    sql("DELETE FROM core_auditevent WHERE id = %s", [events[2].id])
    verify_fails(f"第 {events[3].id} 号事件与前一条不衔接", "有 1 条事件被删除")


def test_deleting_the_newest_events_fails(events):
    sql("DELETE FROM core_auditevent WHERE id >= %s", [events[3].id])
    verify_fails(f"最新的第 {events[-1].id} 号事件已不存在", "有 2 条事件被删除")


def test_deleting_the_oldest_events_before_the_retention_period_fails(events):
    first_kept = events[2]
    sql("DELETE FROM core_auditevent WHERE id < %s", [first_kept.id])
    verify_fails("条事件被删除（未满 180 天的事件不得删除）")


def test_events_past_the_retention_period_may_be_purged(events, capsys):
    sql("DELETE FROM core_auditevent WHERE id < %s", [events[2].id])
    report = audit.verify(now=timezone.now() + datetime.timedelta(days=audit.RETENTION_DAYS + 1))
    assert report.ok, report.problems
    assert any("超过 180 天保留期并被清理" in n for n in report.notes)


@pytest.mark.parametrize("how", ["delete", "truncate"])
def test_emptying_the_table_fails(events, how):
    if how == "truncate" and connection.vendor != "postgresql":
        statement = "DELETE FROM core_auditevent"  # SQLite's TRUNCATE is an unqualified DELETE
    else:
        statement = "TRUNCATE core_auditevent" if how == "truncate" else "DELETE FROM core_auditevent"
    sql(statement)
    assert not AuditEvent.objects.exists()
    verify_fails("审计表中没有任何事件", f"至第 {events[-1].id} 号", "被全部删除或表被清空")


def test_a_forged_insert_fails(events):
    head = events[-1]
    forged = AuditEvent(
        created_at=timezone.now().replace(microsecond=0),
        actor_name="committee",
        action="person.update",
        object_type="orgs.Person",
        object_id=head.object_id,
        object_repr="伪造",
        prev_hash=head.hash,
    )
    forged.hash = audit._legacy_digest(forged.prev_hash, audit._payload(forged))
    forged.save()
    verify_fails(f"第 {forged.id} 号事件的内容与签名不符")


def test_a_forged_insert_between_checkpoints_fails(events):
    """A row squeezed in with a free id below the newest checkpoint also breaks the count."""
    sql("DELETE FROM core_auditevent WHERE id = %s", [events[1].id])
    original = events[1]
    columns = "id, created_at, actor_name, action, object_type, object_id, object_repr, org_path, prev_hash, hash"
    sql(
        f"INSERT INTO core_auditevent ({columns}) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            original.id,
            original.created_at,
            "attacker",
            "person.update",
            "orgs.Person",
            original.object_id,
            "伪造",
            "",
            original.prev_hash,
            "f" * 64,
        ],
    )
    verify_fails(f"第 {original.id} 号事件的内容与签名不符")


def test_events_without_any_checkpoint_fail(events):
    checkpoints.path().unlink()
    verify_fails("未找到签名检查点")


def test_a_tampered_or_cut_checkpoint_file_fails(events):
    path = checkpoints.path()
    lines = path.read_text().splitlines()
    forged = json.loads(lines[-1])
    forged["count"] += 1
    path.write_text("\n".join([*lines[:-1], json.dumps(forged)]) + "\n")
    verify_fails(f"检查点文件第 {len(lines)} 行的签名不符")
    path.write_text("\n".join([lines[0], *lines[2:]]) + "\n")
    verify_fails("检查点文件第 2 行与上一个检查点不衔接")


def test_checkpoints_skip_when_the_head_has_not_moved_and_honour_every_n(events, settings):
    path = checkpoints.path()
    before = len(path.read_text().splitlines())
    assert checkpoints.append() is None
    settings.AUDIT_CHECKPOINT_EVERY = 3
    for _ in range(2):
        audit.record("test.event", by=None)
        assert checkpoints.append() is None
    audit.record("test.event", by=None)
    line = checkpoints.append()
    assert line["last_id"] == AuditEvent.objects.order_by("-id").first().id
    assert len(path.read_text().splitlines()) == before + 1
    assert audit.verify().ok


def test_a_rolled_back_action_writes_no_checkpoint(world, api, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            audit.record("test.event", by=None)
            raise RuntimeError
    assert callbacks == []
    assert not checkpoints.path().exists()


def test_unkeyed_events_from_before_the_upgrade_are_sealed_and_stay_verifiable(world):
    """Events written by the old unkeyed chain verify after the migration's legacy seal, and only then."""
    prev = audit.GENESIS
    for n in range(3):
        e = AuditEvent(
            created_at=timezone.now().replace(microsecond=0), actor_name="old", action=f"old.{n}", prev_hash=prev
        )
        e.hash = audit._legacy_digest(prev, audit._payload(e))
        e.save()
        prev = e.hash
    assert not audit.verify().ok
    line = checkpoints.append(legacy=True, force=True)
    assert line["legacy"] and line["count"] == 3
    new = audit.record("test.event", by=None)
    checkpoints.append()
    report = audit.verify()
    assert report.ok, report.problems
    sql("UPDATE core_auditevent SET actor_name = 'x' WHERE action = 'old.1'")
    assert not audit.verify().ok
    assert new.hash == audit._digest(new.prev_hash, audit._payload(new))


def test_the_database_refuses_truncate(events):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no TRUNCATE statement; its unqualified DELETE meets the delete trigger")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("TRUNCATE core_auditevent")
    assert AuditEvent.objects.count() == len(events)


def test_the_deploy_check_warns_without_an_audit_key(settings):
    from core.checks import keys_are_set

    settings.AUDIT_HMAC_KEY = ""
    assert "dangjian.W002" in {m.id for m in keys_are_set(None)}
    settings.AUDIT_HMAC_KEY = "x" * 50
    assert "dangjian.W002" not in {m.id for m in keys_are_set(None)}


def test_the_deploy_check_warns_when_checkpoints_cannot_be_written(settings, tmp_path):
    from core.checks import keys_are_set

    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "var" / "audit"  # created on first write
    assert "dangjian.W003" not in {m.id for m in keys_are_set(None)}
    (tmp_path / "not-a-directory").write_text("")
    settings.AUDIT_CHECKPOINT_DIR = tmp_path / "not-a-directory" / "audit"
    assert "dangjian.W003" in {m.id for m in keys_are_set(None)}
