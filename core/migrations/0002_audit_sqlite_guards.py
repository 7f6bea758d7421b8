"""On SQLite, triggers make the audit table append-only (PostgreSQL gets pgtrigger's triggers)."""

from django.db import migrations

# The SQL is copied here (not imported) so this migration never changes when the module does.
CREATE = [
    """CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON core_auditevent
       BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END""",
    """CREATE TRIGGER IF NOT EXISTS audit_keep_180_days BEFORE DELETE ON core_auditevent
       WHEN OLD.created_at > datetime('now', '-180 days')
       BEGIN SELECT RAISE(ABORT, 'audit events younger than 180 days cannot be deleted'); END""",
]
DROP = ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_keep_180_days"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in CREATE:
            schema_editor.execute(sql)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for sql in DROP:
            schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_audit_log")]
    operations = [migrations.RunPython(forwards, backwards)]
