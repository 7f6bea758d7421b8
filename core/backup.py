"""One-file backups of an installation and their restore into an empty one (`manage.py backup` / `restore`).

The archive is a tar (gzip-compressed when its name ends in .gz) holding:

- `database.dump` (PostgreSQL, `pg_dump --format=custom`) or `database.sqlite3` (SQLite, the online backup API);
- `media/…`: every uploaded file, read through the default storage (local disk or S3 alike);
- `audit/…`: the signed checkpoints of the audit chain (AUDIT_CHECKPOINT_DIR);
- `manifest.json`, written last: when, the platform's version, the database vendor, the applied migrations,
  the row count of every table and the sha256 of every other member.

Consistency: the database is read first, in one snapshot (on PostgreSQL pg_dump is handed the snapshot that the
manifest's counts are read in, so they agree exactly); the files after it (they are only ever added under new
random names, so everything the dump refers to is there); the checkpoints last, cut to the newest event the dump
holds (a checkpoint of an event the dump does not have would make the restored chain look cut at its tail).
"""

import contextlib
import glob
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib import metadata
from pathlib import Path

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, connections, transaction
from django.utils import timezone

from . import checkpoints

FORMAT = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"postgresql": "database.dump", "sqlite": "database.sqlite3"}
VENDOR_NAMES = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
AUDIT_TABLE = "core_auditevent"
# An installation is empty while these hold no rows (`migrate` alone seeds others: content types, permissions,
# the 三会一课 rules, the search index's configuration).
OCCUPIED_BY = ("accounts_user", "orgs_organisation", AUDIT_TABLE)


class BackupError(Exception):
    """A refusal, in Chinese, before (or instead of) anything is written."""


# ---- helpers --------------------------------------------------------------------------------------------------


def _qn(name):
    return connection.ops.quote_name(name)


def _tables(cursor_connection=None):
    conn = cursor_connection or connection
    with conn.cursor() as cursor:
        return sorted(conn.introspection.table_names(cursor, include_views=False))


def _counts(conn=None):
    """{table: rows} of every table of the database."""
    conn = conn or connection
    out = {}
    with conn.cursor() as cursor:
        for table in _tables(conn):
            cursor.execute(f"SELECT COUNT(*) FROM {conn.ops.quote_name(table)}")  # noqa: S608 - introspected names
            out[table] = cursor.fetchone()[0]
    return out


def _applied_migrations(conn=None):
    conn = conn or connection
    if "django_migrations" not in _tables(conn):
        return []
    with conn.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def _max_audit_id(conn=None):
    conn = conn or connection
    with conn.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {AUDIT_TABLE}")  # noqa: S608 - a constant
        return cursor.fetchone()[0] or 0


def _version():
    try:
        return metadata.version("dangjian")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a bare checkout
        return "unknown"


def _sha256_file(path):
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class _HashingReader(io.RawIOBase):
    """Reads a file object through, hashing what passes (tarfile reads members from it)."""

    def __init__(self, fh):
        self.fh = fh
        self.digest = hashlib.sha256()

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self.fh.read(len(buffer))
        self.digest.update(data)
        buffer[: len(data)] = data
        return len(data)


def _storage_files(storage, prefix=""):
    """Every file name in the storage, recursively (works for the local disk and for S3)."""
    try:
        dirs, files = storage.listdir(prefix)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{prefix}{name}"
    for sub in sorted(dirs):
        yield from _storage_files(storage, f"{prefix}{sub}/")


# ---- PostgreSQL tools -----------------------------------------------------------------------------------------


def _pg_tool(name):
    """The newest pg_dump/pg_restore on PATH or under /usr/lib/postgresql/*/bin, with its major version."""
    candidates = [shutil.which(name), *glob.glob(f"/usr/lib/postgresql/*/bin/{name}")]
    best = None
    for path in filter(None, candidates):
        try:
            out = subprocess.run(  # noqa: S603 - a PostgreSQL tool found on PATH or in its install directory
                [path, "--version"], capture_output=True, text=True, timeout=30, check=True
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        match = re.search(r"(\d+)(?:\.(\d+))?", out)
        if match and (best is None or int(match.group(1)) > best[1]):
            best = (path, int(match.group(1)))
    if best is None:
        raise BackupError(f"找不到 {name}：请安装 PostgreSQL 客户端工具（如 postgresql-client），或将其加入 PATH。")
    server = getattr(connection, "pg_version", 0) // 10000
    if best[1] < server:
        raise BackupError(
            f"{name} 的版本（{best[1]}）低于数据库服务器的版本（{server}），请安装 {server} 版以上的客户端工具。"
        )
    return best[0]


def _pg_env(settings_dict):
    env = dict(os.environ)
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if settings_dict.get(key):
            env[var] = str(settings_dict[key])
    options = settings_dict.get("OPTIONS") or {}
    for key, var in (("sslmode", "PGSSLMODE"), ("sslrootcert", "PGSSLROOTCERT")):
        if options.get(key):
            env[var] = str(options[key])
    return env


def _run(command, env, what):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{what}失败：{result.stderr.strip()[-2000:]}")
    return result


# ---- backup ---------------------------------------------------------------------------------------------------


def _dump_database(target):
    """Write the database to `target`; returns (counts, applied migrations, newest audit event id) read in the
    same snapshot as the dump."""
    if connection.vendor == "postgresql":
        pg_dump = _pg_tool("pg_dump")
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
                cursor.execute("SELECT pg_export_snapshot()")
                snapshot = cursor.fetchone()[0]
            sd = connection.settings_dict
            _run(
                [pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={target}", "--dbname", sd["NAME"]],
                _pg_env(sd),
                "导出数据库（pg_dump）",
            )
            return _counts(), _applied_migrations(), _max_audit_id()
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        dest = sqlite3.connect(target)
        try:
            connection.connection.backup(dest)
        finally:
            dest.close()
        copy = sqlite3.connect(target)
        try:
            copy.execute("PRAGMA journal_mode=DELETE")
            tables = [
                r[0]
                for r in copy.execute("SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")
            ]
            counts = {t: copy.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in sorted(tables)}  # noqa: S608
            migrations = [f"{a}.{n}" for a, n in copy.execute("SELECT app, name FROM django_migrations ORDER BY 1, 2")]
            head = copy.execute(f"SELECT MAX(id) FROM {AUDIT_TABLE}").fetchone()[0] or 0  # noqa: S608
        finally:
            copy.close()
        return counts, migrations, head
    raise BackupError(f"不支持的数据库类型：{connection.vendor}。")


def _checkpoint_lines_upto(head):
    """The checkpoint file's lines up to the newest event the dump holds (a valid prefix of the signed chain)."""
    source = checkpoints.path()
    if not source.exists():
        return None
    kept = []
    for raw in source.read_bytes().splitlines(keepends=True):
        try:
            line = json.loads(raw)
        except ValueError:
            kept.append(raw)  # left for audit_verify to report, as it would on the live installation
            continue
        if isinstance(line, dict) and int(line.get("last_id", 0)) > head:
            break
        kept.append(raw)
    return b"".join(kept)


def backup(output, *, stdout=None):
    """Write the archive to `output` (refused if it exists); returns the manifest."""
    output = Path(output)
    if output.exists():
        raise BackupError(f"备份文件 {output} 已存在，不会覆盖：请换一个文件名或先移走它。")
    if not output.parent.is_dir():
        raise BackupError(f"目录 {output.parent} 不存在。")
    vendor = connection.vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"不支持的数据库类型：{vendor}。")
    say = stdout.write if stdout else (lambda _msg: None)
    partial = output.with_name(output.name + ".partial")
    members = {}
    with tempfile.TemporaryDirectory(prefix="dangjian-backup-") as work:
        db_file = Path(work) / DB_MEMBER[vendor]
        say("正在导出数据库……")
        counts, migrations, head = _dump_database(db_file)
        try:
            with tarfile.open(partial, "w:gz" if output.name.endswith(".gz") else "w") as tar:
                members[DB_MEMBER[vendor]] = _sha256_file(db_file)
                tar.add(db_file, arcname=DB_MEMBER[vendor])
                say("正在复制上传的文件……")
                files = 0
                for name in _storage_files(default_storage):
                    arcname = f"media/{name}"
                    info = tarfile.TarInfo(arcname)
                    info.size = default_storage.size(name)
                    info.mtime = int(timezone.now().timestamp())
                    with default_storage.open(name, "rb") as fh:
                        reader = _HashingReader(fh)
                        tar.addfile(info, io.BufferedReader(reader))
                    members[arcname] = reader.digest.hexdigest()
                    files += 1
                say("正在复制审计检查点……")
                audit_dir = Path(settings.AUDIT_CHECKPOINT_DIR)
                if audit_dir.is_dir():
                    for path in sorted(p for p in audit_dir.rglob("*") if p.is_file()):
                        rel = path.relative_to(audit_dir).as_posix()
                        data = _checkpoint_lines_upto(head) if path == checkpoints.path() else path.read_bytes()
                        _add_bytes(tar, f"audit/{rel}", data or b"")
                        members[f"audit/{rel}"] = hashlib.sha256(data or b"").hexdigest()
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(timespec="seconds"),
                    "platform_version": _version(),
                    "database_vendor": vendor,
                    "migrations": migrations,
                    "audit_head": head,
                    "media_files": files,
                    "counts": counts,
                    "members": members,
                }
                _add_bytes(tar, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
            os.replace(partial, output)
        finally:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
    return manifest


def _member(tar, member):
    """The open member of the archive (a regular file), or a refusal."""
    fh = tar.extractfile(member)
    if fh is None:
        raise BackupError(f"备份文件中的 {getattr(member, 'name', member)} 不是普通文件：备份文件已被改动。")
    return fh


def _add_bytes(tar, name, data):
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(timezone.now().timestamp())
    tar.addfile(info, io.BytesIO(data))


# ---- restore --------------------------------------------------------------------------------------------------


def read_manifest(archive):
    """Open the archive and check every member against the manifest; returns the manifest."""
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(f"备份文件 {archive} 不存在。")
    try:
        with tarfile.open(archive) as tar:
            try:
                manifest = json.load(_member(tar, MANIFEST))
            except (KeyError, ValueError, TypeError):
                raise BackupError("备份文件中没有可读的清单（manifest.json）：不是本平台的备份，或已损坏。") from None
            expected = dict(manifest.get("members") or {})
            for info in tar:
                if info.name == MANIFEST:
                    continue
                parts = Path(info.name).parts
                if (
                    info.name.startswith("/")
                    or ".." in parts
                    or parts[0] not in ("media", "audit", *DB_MEMBER.values())
                ):
                    raise BackupError(f"备份文件中的路径不合法：{info.name}。备份文件已被改动，未恢复任何内容。")
                if not info.isfile() or info.name not in expected:
                    raise BackupError(f"备份文件中有清单未列出的内容：{info.name}。备份文件已被改动，未恢复任何内容。")
                digest = hashlib.sha256()
                fh = _member(tar, info)
                while block := fh.read(1 << 20):
                    digest.update(block)
                if digest.hexdigest() != expected.pop(info.name):
                    raise BackupError(
                        f"备份文件中的 {info.name} 与清单的校验值不符：文件已损坏或被改动，未恢复任何内容。"
                    )
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise BackupError(f"备份文件无法读取（{exc}）：文件已损坏，未恢复任何内容。") from None
    if expected:
        raise BackupError(f"备份文件缺少清单列出的内容：{'、'.join(sorted(expected)[:5])}。未恢复任何内容。")
    if manifest.get("format") != FORMAT:
        raise BackupError(f"备份文件的格式版本（{manifest.get('format')}）不受本版本支持。")
    return manifest


def _data_tables():
    """The tables that make an installation non-empty, with their rows, where they have any."""
    existing = set(_tables())
    with connection.cursor() as cursor:
        full = {}
        for table in OCCUPIED_BY:
            if table in existing:
                cursor.execute(f"SELECT COUNT(*) FROM {_qn(table)}")  # noqa: S608 - constant names
                if rows := cursor.fetchone()[0]:
                    full[table] = rows
    return full


def check_empty():
    """Refuse unless the installation is empty: no data in the database, no uploaded files, no checkpoints."""
    full = _data_tables()
    if full:
        names = "、".join(f"{t} {n} 行" for t, n in full.items())
        raise BackupError(
            f"目标数据库已有数据（{names}）：只能恢复到空的安装中。请新建一个空数据库并将 DATABASE_URL 指向它。"
        )
    if next(iter(_storage_files(default_storage)), None) is not None:
        raise BackupError("上传文件的存储（MEDIA_ROOT 或存储桶）中已有文件：只能恢复到空的安装中。")
    if checkpoints.path().exists() and checkpoints.path().stat().st_size:
        raise BackupError(f"审计检查点文件 {checkpoints.path()} 已存在：只能恢复到空的安装中。")


def _known_migrations():
    from django.db.migrations.loader import MigrationLoader

    return {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations}


def _restore_database(member_path, vendor):
    if vendor == "postgresql":
        pg_restore = _pg_tool("pg_restore")
        sd = connection.settings_dict
        had_tables = bool(_tables())
        connection.close()
        command = [pg_restore, "--no-owner", "--no-acl", "--single-transaction", "--exit-on-error"]
        if had_tables:  # migrated but empty: replace its (empty) tables with the archive's
            command += ["--clean", "--if-exists"]
        _run([*command, "--dbname", sd["NAME"], str(member_path)], _pg_env(sd), "恢复数据库（pg_restore）")
        return
    name = connection.settings_dict["NAME"]
    connections.close_all()
    source = sqlite3.connect(member_path)
    target = sqlite3.connect(name)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def restore(archive, *, stdout=None):
    """Restore the archive into this (empty) installation; returns (manifest, restored counts, audit report)."""
    from .audit import verify

    say = stdout.write if stdout else (lambda _msg: None)
    say("正在校验备份文件……")
    manifest = read_manifest(archive)
    vendor = connection.vendor
    if manifest["database_vendor"] != vendor:
        raise BackupError(
            f"备份来自 {VENDOR_NAMES.get(manifest['database_vendor'], manifest['database_vendor'])} 数据库，"
            f"当前安装使用 {VENDOR_NAMES.get(vendor, vendor)}：请恢复到同类数据库中。"
        )
    newer = sorted(set(manifest["migrations"]) - _known_migrations())
    if newer:
        raise BackupError(f"备份来自更新的平台版本（本版本没有迁移 {'、'.join(newer[:3])}）：请先升级平台再恢复。")
    check_empty()
    with tempfile.TemporaryDirectory(prefix="dangjian-restore-") as work, tarfile.open(archive) as tar:
        member = DB_MEMBER[vendor]
        db_path = Path(work) / member
        with _member(tar, member) as src, open(db_path, "wb") as dst:
            shutil.copyfileobj(src, dst)
        say("正在恢复数据库……")
        _restore_database(db_path, vendor)
        say("正在恢复上传的文件……")
        audit_dir = Path(settings.AUDIT_CHECKPOINT_DIR)
        for info in tar:
            if info.name.startswith("media/"):
                name = info.name[len("media/") :]
                saved = default_storage.save(name, File(_member(tar, info), name=name))
                if saved != name:
                    raise BackupError(f"上传文件 {name} 在存储中已存在，恢复中止。")
            elif info.name.startswith("audit/"):
                rel = Path(info.name[len("audit/") :])  # read_manifest refused absolute paths and ".."
                target = audit_dir / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(_member(tar, info).read())
    counts = _counts()
    return manifest, counts, verify()


def differences(manifest, counts):
    """[(table, rows in the archive, rows restored)] where they differ."""
    expected = manifest["counts"]
    return [
        (t, expected.get(t), counts.get(t))
        for t in sorted(set(expected) | set(counts))
        if expected.get(t) != counts.get(t)
    ]


def default_name():
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return f"dangjian-backup-{stamp}.tar.gz"


__all__ = ["BackupError", "backup", "default_name", "differences", "read_manifest", "restore"]
