"""`manage.py backup` writes one archive of an installation; `manage.py restore` brings it back into an empty one.

The world is built through the actions (so audit events and their signed checkpoints are written as in
production): records with attachments, a points scheme with approved declarations posting ledger entries. The
archive is restored into a new database (SQLite: a new file; PostgreSQL: a new database on the same server) with
new, empty upload and checkpoint directories, and there every record, attachment (the same bytes), ledger entry
and audit event is found and the audit chain verifies.
"""

import hashlib
import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection, connections

from core import audit, checkpoints
from core.models import AuditEvent
from points.models import LedgerEntry
from points.tests.conftest import approve_all, declare
from records import actions as record_actions
from records.models import Attachment, Record
from records.tests.factories import make_record

pytestmark = pytest.mark.django_db(transaction=True)

PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def build(world, api):
    secretary, committee = world.users["branch_secretary"], world.users["committee_admin"]
    for n in range(3):
        record = make_record(world.branch_a, f"{n + 3}月份支委会")
        record_actions.add_attachment(record, by=secretary, name=f"会议纪要{n}.pdf", data=PDF + bytes([n]) * 10)
        record_actions.add_attachment(record, by=secretary, name=f"现场照片{n}.png", data=PNG + bytes([n]))
    client = api(committee)
    scheme = client.post("points/schemes", {"org": world.committee.id, "year": 2026, "name": "2026年积分制管理办法"})
    assert scheme.status_code == 201, scheme.content
    item = client.post(
        f"points/schemes/{scheme.json()['id']}/items",
        {"dimension": "基础工作", "name": "规范开展主题党日", "points": 5, "subject_type": "org"},
    )
    assert item.status_code == 201, item.content
    from core.testing import make_user

    reviewers = {
        level: make_user(f"reviewer_l{level}", roles=[(f"reviewer_l{level}", world.committee)]) for level in (1, 2, 3)
    }
    for day in ("2026-04-01", "2026-05-01"):
        pk = declare(api(secretary), item=item.json()["id"], subject_org=world.branch_a.id, quantity=1, occurred_on=day)
        approve_all(api, reviewers, pk)


def snapshot():
    """What must come back: records, attachments with their bytes, ledger entries, audit events."""
    return {
        "records": sorted(Record.objects.values_list("id", "title", "org_id")),
        "attachments": sorted(
            (a.id, a.record_id, a.name, a.file.name, default_storage.open(a.file.name).read())
            for a in Attachment.objects.all()
        ),
        "ledger": sorted((e.id, e.subject_org_id, str(e.points), e.occurred_on) for e in LedgerEntry.objects.all()),
        "audit": list(AuditEvent.objects.order_by("id").values_list("id", "hash")),
    }


@pytest.fixture
def other_installation(tmp_path, settings):
    """Switch this process to a second, empty installation (database, uploads, checkpoints) and back."""
    original = connection.settings_dict["NAME"]
    created = []

    def switch():
        connections.close_all()
        if connection.vendor == "postgresql":
            name = f"{original}_restore"
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                cursor.execute(f'CREATE DATABASE "{name}"')
            created.append(name)
            connection.close()
        else:
            name = str(tmp_path / "restored.sqlite3")
        connection.settings_dict["NAME"] = name
        settings.MEDIA_ROOT = tmp_path / "restored-media"
        settings.AUDIT_CHECKPOINT_DIR = tmp_path / "restored-audit"

    yield switch
    connections.close_all()
    connection.settings_dict["NAME"] = original
    for name in created:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_an_archive_restores_into_an_empty_installation_with_everything_and_a_verifying_chain(
    world, api, tmp_path, other_installation
):
    build(world, api)
    before = snapshot()
    assert len(before["attachments"]) == 6 and len(before["ledger"]) == 2 and before["audit"]
    assert audit.verify().ok

    archive = tmp_path / "backup.tar.gz"
    out = io.StringIO()
    call_command("backup", output=str(archive), stdout=out)
    assert "备份完成" in out.getvalue()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    assert manifest["database_vendor"] == connection.vendor
    assert manifest["counts"]["records_record"] == 3 and manifest["counts"]["points_ledgerentry"] == 2
    assert manifest["media_files"] == 6 and sum(n.startswith("media/") for n in names) == 6
    assert f"audit/{checkpoints.FILE_NAME}" in names
    assert set(manifest["members"]) == set(names) - {"manifest.json"}

    # A second backup to the same file is refused, the first left intact.
    with pytest.raises(CommandError, match="已存在"):
        call_command("backup", output=str(archive), stdout=io.StringIO())

    # Restoring into the installation it came from is refused: it is not empty.
    with pytest.raises(CommandError, match="已有数据"):
        call_command("restore", str(archive), stdout=io.StringIO())

    other_installation()
    assert not Path(default_storage.location).exists() or not any(Path(default_storage.location).iterdir())
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "恢复完成" in out.getvalue(), out.getvalue()
    assert snapshot() == before
    report = audit.verify()
    assert report.ok and report.events == len(before["audit"]), report.problems
    verify_out = io.StringIO()
    call_command("audit_verify", stdout=verify_out)
    assert "审计链完整" in verify_out.getvalue()

    # Once restored, the installation is no longer empty: a second restore is refused.
    with pytest.raises(CommandError, match="已有数据"):
        call_command("restore", str(archive), stdout=io.StringIO())


def corrupt(archive, target, member):
    """A copy of the archive with one byte of `member` flipped (the manifest unchanged)."""
    with tarfile.open(archive) as src, tarfile.open(target, "w:gz") as dst:
        for info in src:
            data = src.extractfile(info).read()
            if info.name == member:
                data = data[:-1] + bytes([data[-1] ^ 1])
            dst.addfile(info, io.BytesIO(data))


def test_a_corrupted_archive_is_refused_before_anything_is_restored(world, api, tmp_path, other_installation):
    build(world, api)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", output=str(archive), stdout=io.StringIO())
    with tarfile.open(archive) as tar:
        media = next(n for n in tar.getnames() if n.startswith("media/"))
        db_member = next(n for n in tar.getnames() if n.startswith("database."))

    other_installation()
    for member in (media, db_member):
        bad = tmp_path / f"bad-{member.replace('/', '_')}.tar.gz"
        corrupt(archive, bad, member)
        with pytest.raises(CommandError, match="校验值不符"):
            call_command("restore", str(bad), stdout=io.StringIO())
        assert not any(t in connection.introspection.table_names() for t in ("records_record", "core_auditevent"))
        assert not Path(default_storage.location).exists() or not any(Path(default_storage.location).rglob("*"))
        assert not checkpoints.path().exists()

    # A member outside the archive's folders, even one the manifest lists with its right checksum, is refused.
    crafted = tmp_path / "crafted.tar.gz"
    with tarfile.open(archive) as src, tarfile.open(crafted, "w:gz") as dst:
        manifest = json.load(src.extractfile("manifest.json"))
        manifest["members"]["media/../../escaped.txt"] = hashlib.sha256(b"x").hexdigest()
        for info in src:
            if info.name != "manifest.json":
                dst.addfile(info, src.extractfile(info))
        for name, data in (("media/../../escaped.txt", b"x"), ("manifest.json", json.dumps(manifest).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    with pytest.raises(CommandError, match="路径不合法"):
        call_command("restore", str(crafted), stdout=io.StringIO())
    assert not (tmp_path / "escaped.txt").exists()

    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("restore", str(garbage), stdout=io.StringIO())


def test_a_missing_pg_dump_is_named_and_nothing_is_written(tmp_path, monkeypatch):
    from core import backup

    monkeypatch.setattr(backup.shutil, "which", lambda name: None)
    monkeypatch.setattr(backup.glob, "glob", lambda pattern: [])
    with pytest.raises(backup.BackupError, match="找不到 pg_dump"):
        backup._pg_tool("pg_dump")
    if connection.vendor == "postgresql":
        where = tmp_path / "backups"
        where.mkdir()
        with pytest.raises(CommandError, match="找不到 pg_dump"):
            call_command("backup", output=str(where / "b.tar"), stdout=io.StringIO())
        assert not any(where.iterdir())
