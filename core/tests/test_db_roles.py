"""The production role set-up (manage.py audit_db_roles --print), checked on a real PostgreSQL in CI.

.ci/run creates an owner and an app role with that SQL, migrates as the owner, and sets DJ_PG_APP_URL to
the app role's connection; this test then plays the application's user turned attacker.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

APP_URL = os.environ.get("DJ_PG_APP_URL", "")
ROOT = Path(__file__).resolve().parents[2]


def test_the_role_sql_names_both_roles_and_keeps_the_audit_table_append_only(capsys):
    call_command("audit_db_roles", "--print", "--owner", "dj_owner", "--app", "dj_app", "--database", "dj")
    out = capsys.readouterr().out
    assert "CREATE ROLE dj_owner LOGIN;" in out and "CREATE ROLE dj_app LOGIN;" in out
    assert "REVOKE ALL ON core_auditevent FROM dj_app;" in out
    assert "GRANT SELECT, INSERT ON core_auditevent TO dj_app;" in out
    assert 'ALTER DATABASE "dj" OWNER TO dj_owner;' in out
    with pytest.raises(CommandError, match="--print"):
        call_command("audit_db_roles")
    with pytest.raises(CommandError, match="两个不同的角色"):
        call_command("audit_db_roles", "--print", "--owner", "x", "--app", "x")
    with pytest.raises(CommandError, match="小写字母"):
        call_command("audit_db_roles", "--print", "--app", "app; DROP TABLE x")


pgroles = pytest.mark.skipif(not APP_URL, reason="set DJ_PG_APP_URL (done by .ci/run) to test the production roles")


def _app():
    import psycopg

    return psycopg.connect(APP_URL, autocommit=False)


def _refused(statement):
    import psycopg

    with _app() as conn, pytest.raises(psycopg.errors.InsufficientPrivilege):
        conn.execute(statement)


@pytest.mark.pgroles
@pgroles
@pytest.mark.parametrize(
    "statement",
    [
        "ALTER TABLE core_auditevent DISABLE TRIGGER ALL",
        "ALTER TABLE core_auditevent DISABLE TRIGGER pgtrigger_audit_no_update_0ffba",
        "TRUNCATE core_auditevent",
        "UPDATE core_auditevent SET action = 'x'",
        "DELETE FROM core_auditevent",
        "DELETE FROM core_auditevent WHERE created_at < now() - interval '180 days'",
        "DROP TABLE core_auditevent",
        "ALTER TABLE core_auditevent RENAME TO core_auditevent_old",
        "CREATE TABLE core_auditevent_copy (id int)",
        "DELETE FROM django_migrations",
        # pgtrigger's own escape hatch is a session variable anyone may set: privileges, not triggers, hold.
        "SELECT set_config('pgtrigger.ignore', '{pgtrigger_audit_no_update_0ffba}', true); "
        "UPDATE core_auditevent SET action = 'x'",
    ],
)
def test_the_app_role_cannot_rewrite_or_cut_the_audit_table(statement):
    _refused(statement)


@pytest.mark.pgroles
@pgroles
def test_the_app_role_appends_and_reads_events_and_writes_business_tables():
    with _app() as conn:
        owner = conn.execute("SELECT tableowner FROM pg_tables WHERE tablename = 'core_auditevent'").fetchone()[0]
        assert owner != conn.execute("SELECT current_user").fetchone()[0]
        conn.execute(
            "INSERT INTO core_auditevent (created_at, actor_name, action, object_type, object_id, object_repr,"
            " org_path, prev_hash, hash) VALUES (now(), 'ci', 'ci.probe', '', '', '', '', %s, %s)",
            ["0" * 64, "c" * 64],
        )
        assert conn.execute("SELECT count(*) FROM core_auditevent WHERE action = 'ci.probe'").fetchone()[0] == 1
        conn.execute("UPDATE accounts_user SET last_login = now() WHERE false")
        conn.execute("DELETE FROM django_session WHERE false")
        conn.rollback()


@pytest.mark.pgroles
@pgroles
def test_the_application_runs_and_verifies_its_chain_as_the_app_role(tmp_path):
    """The real code path (advisory lock, insert, sequence, checkpoint, verification) works under the role."""
    env = {**os.environ, "DATABASE_URL": APP_URL, "AUDIT_CHECKPOINT_DIR": str(tmp_path)}
    env.pop("DJANGO_SETTINGS_MODULE", None)

    def manage(*args):
        return subprocess.run(
            [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
        )

    write = manage("shell", "-c", "from core import audit; audit.record('ci.app_role', by=None)")
    assert write.returncode == 0, write.stderr
    assert (tmp_path / "audit-checkpoints.log").exists()
    verify = manage("audit_verify")
    assert verify.returncode == 0 and "审计链完整" in verify.stdout, verify.stderr
