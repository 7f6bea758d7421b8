"""Personas shared by every app's tests (see core/testing.py)."""

from contextlib import contextmanager

import pytest
from django.db import transaction
from django.test import override_settings

from core.testing import ApiClient, build_world


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def committee_admin(world):
    return world.users["committee_admin"]


@pytest.fixture
def branch_secretary(world):
    return world.users["branch_secretary"]


@pytest.fixture
def branch_member(world):
    return world.users["branch_member"]


@pytest.fixture
def outsider(world):
    return world.users["outsider"]


@pytest.fixture
def sysadmin(world):
    return world.users["sysadmin"]


@pytest.fixture
def secadmin(world):
    return world.users["secadmin"]


@pytest.fixture
def auditor(world):
    return world.users["auditor"]


@pytest.fixture
def api():
    """api(user) → an ApiClient authenticated as that user."""
    return ApiClient


def suite_settings(where):
    """The settings every test runs with, its files kept under `where` (a tmp_path)."""
    return {
        "MEDIA_ROOT": where / "media",
        "AUDIT_CHECKPOINT_DIR": where / "audit",
        # Hashing strength is not under test; the production hasher would dominate the suite's run time.
        "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Background tasks run at once, inside the request (tests of the worker switch to the database backend).
        "TASKS": {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
    }


def use_suite_settings(settings, where):
    """Give one test the suite's settings with its files under `where`."""
    for name, value in suite_settings(where).items():
        setattr(settings, name, value)


@contextmanager
def module_transaction(django_db_blocker, where):
    """For a module-scoped fixture: the database open, the suite's settings with files under `where`, and one
    transaction rolled back at the end; each test then works in a savepoint of it (through `db`)."""
    with django_db_blocker.unblock(), override_settings(**suite_settings(where)), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _test_settings(tmp_path, settings):
    use_suite_settings(settings, tmp_path)


@pytest.fixture(scope="session", autouse=True)
def _flush_past_the_audit_guards():
    """Transactional tests empty the database after each case, and the audit table refuses that: on
    PostgreSQL TRUNCATE meets a statement trigger, on SQLite the unqualified DELETE meets the delete guard.
    The test flush alone runs past them; the guards are back for the next case."""
    from django.db import connection
    from django.test import TransactionTestCase

    from core import sqlite_guards

    original = TransactionTestCase._fixture_teardown

    def fixture_teardown(self):
        if connection.vendor == "postgresql":
            if _empty_what_was_written(connection):
                return None
            import pgtrigger

            with pgtrigger.ignore("core.AuditEvent:audit_no_truncate"):
                return original(self)
        sqlite_guards.remove(connection)
        try:
            return original(self)
        finally:
            sqlite_guards.install(connection)

    TransactionTestCase._fixture_teardown = fixture_teardown
    yield
    TransactionTestCase._fixture_teardown = original


# Kept by the quick flush below: what `flush` would delete and its post_migrate signal write back at once.
KEPT_BY_FLUSH = {"django_content_type", "auth_permission"}


def _empty_what_was_written(connection):
    """The test flush on PostgreSQL, quickly: Django's TRUNCATEs every one of the ~250 tables (new files for each)
    and then writes the content types and permissions back; a case writes to a few dozen. Delete the rows of the
    tables that have any, past the foreign keys and the audit guards (session_replication_role, which needs a
    superuser — the CI's test role; anyone else gets Django's own flush). False: not done, use Django's."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
        if not (row and row[0]):
            return False
        qn = connection.ops.quote_name
        tables = [
            t
            for t in connection.introspection.django_table_names(only_existing=True, include_views=False)
            if t not in KEPT_BY_FLUSH
        ]
        # The table names are the models' own (introspection), quoted.
        probe = " UNION ALL ".join(f"(SELECT {i} FROM {qn(t)} LIMIT 1)" for i, t in enumerate(tables))  # noqa: S608
        cursor.execute(probe)
        written = [tables[i] for (i,) in cursor.fetchall()]
        if not written:
            return True
        from django.db import transaction

        with transaction.atomic(using=connection.alias):
            cursor.execute("SET LOCAL session_replication_role = replica")
            for table in written:
                cursor.execute(f"DELETE FROM {qn(table)}")  # noqa: S608
    return True


def pytest_collection_modifyitems(config, items):
    """`DJ_E2E_SHARD=i/n` (or `i,j/n`) runs only the browser-test files whose place in name order, modulo n, is i
    (or i or j): the CI runs the suite on PostgreSQL and on SQLite side by side and shares the browser tests out
    between them (`0/3` and `1,2/3`: PostgreSQL, the slower run, takes a third), so each runs once per CI run;
    everything else runs on both. Without the variable (`make test`) every test runs."""
    import os

    shard = os.environ.get("DJ_E2E_SHARD", "")
    if not shard:
        return
    picked, count = shard.split("/")
    indexes, count = {int(x) for x in picked.split(",")}, int(count)
    files = sorted({item.path for item in items if "e2e" in item.path.parts})
    mine = {path for n, path in enumerate(files) if n % count in indexes}
    keep, drop = [], []
    for item in items:
        (drop if "e2e" in item.path.parts and item.path not in mine else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep
