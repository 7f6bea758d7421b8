"""SQLite triggers that make the audit table append-only (PostgreSQL uses pgtrigger's triggers)."""

CREATE = [
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON core_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_keep_180_days BEFORE DELETE ON core_auditevent
       WHEN OLD.created_at > datetime('now', '-180 days')
       BEGIN SELECT RAISE(ABORT, 'audit events younger than 180 days cannot be deleted'); END""",
]
DROP = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_keep_180_days"]


def install(connection):
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            for sql in CREATE:
                cur.execute(sql)


def remove(connection):
    """Only for tests that must empty the whole database (flush) between cases."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cur:
            for sql in DROP:
                cur.execute(sql)
