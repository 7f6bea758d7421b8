"""Full-text machinery beside search_searchentry, per database vendor.

PostgreSQL: pg_trgm, a generated tsvector('simple') column (A = title tokens, B = body tokens) with a GIN
index, and pg_trgm GIN indexes on title and body for exact phrases of three or more characters.
SQLite: an FTS5 table over the tokens, an FTS5 trigram table over the raw text, a vocabulary view for
document frequencies, and triggers that keep both FTS tables in step with the entry table.
"""

from django.db import migrations

PG_FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """ALTER TABLE search_searchentry ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
         setweight(to_tsvector('simple'::regconfig, coalesce(title_tokens, '')), 'A') ||
         setweight(to_tsvector('simple'::regconfig, coalesce(body_tokens, '')), 'B')) STORED""",
    "CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)",
    "CREATE INDEX search_entry_title_trgm ON search_searchentry USING gin (title gin_trgm_ops)",
    "CREATE INDEX search_entry_body_trgm ON search_searchentry USING gin (body gin_trgm_ops)",
    "CREATE INDEX search_entry_date_id ON search_searchentry (date DESC, id DESC)",
]
PG_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_date_id",
    "DROP INDEX IF EXISTS search_entry_body_trgm",
    "DROP INDEX IF EXISTS search_entry_title_trgm",
    "DROP INDEX IF EXISTS search_entry_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS tsv",
]
SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(title_tokens, body_tokens, content='search_searchentry',
         content_rowid='id', tokenize='unicode61 remove_diacritics 0')""",
    """CREATE VIRTUAL TABLE search_trigram USING fts5(title, body, content='search_searchentry',
         content_rowid='id', tokenize='trigram')""",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'row')",
    """CREATE TRIGGER search_entry_ai AFTER INSERT ON search_searchentry BEGIN
         INSERT INTO search_fts(rowid, title_tokens, body_tokens) VALUES (new.id, new.title_tokens, new.body_tokens);
         INSERT INTO search_trigram(rowid, title, body) VALUES (new.id, new.title, new.body);
       END""",
    """CREATE TRIGGER search_entry_ad AFTER DELETE ON search_searchentry BEGIN
         INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
           VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
         INSERT INTO search_trigram(search_trigram, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
       END""",
    """CREATE TRIGGER search_entry_au AFTER UPDATE ON search_searchentry BEGIN
         INSERT INTO search_fts(search_fts, rowid, title_tokens, body_tokens)
           VALUES ('delete', old.id, old.title_tokens, old.body_tokens);
         INSERT INTO search_trigram(search_trigram, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
         INSERT INTO search_fts(rowid, title_tokens, body_tokens) VALUES (new.id, new.title_tokens, new.body_tokens);
         INSERT INTO search_trigram(rowid, title, body) VALUES (new.id, new.title, new.body);
       END""",
    "CREATE INDEX search_entry_date_id ON search_searchentry (date DESC, id DESC)",
]
SQLITE_BACKWARD = [
    "DROP INDEX IF EXISTS search_entry_date_id",
    "DROP TRIGGER IF EXISTS search_entry_au",
    "DROP TRIGGER IF EXISTS search_entry_ad",
    "DROP TRIGGER IF EXISTS search_entry_ai",
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_trigram",
    "DROP TABLE IF EXISTS search_fts",
]


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_FORWARD, "sqlite": SQLITE_FORWARD}.get(vendor, []):
        schema_editor.execute(sql)


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for sql in {"postgresql": PG_BACKWARD, "sqlite": SQLITE_BACKWARD}.get(vendor, []):
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_search_entries")]
    operations = [migrations.RunPython(forwards, backwards)]
