"""Keeping the index current: called inside the writing transaction, and by `manage.py reindex`."""

from django.db import connection, transaction

from . import registry
from .models import SearchEntry
from .tokenizer import clean_text, token_string

MAX_BODY_CHARS = 20000


def entry_fields(doc):
    title = clean_text(doc.title)[:300]
    body = clean_text(doc.body)[:MAX_BODY_CHARS]
    return {
        "org": doc.org,
        "org_path": doc.org.path,
        "type": (doc.type or "")[:40],
        "date": doc.date,
        "title": title,
        "body": body,
        "title_tokens": token_string(title),
        "body_tokens": token_string(body),
    }


def update(obj, *, kind=None):
    """Write (or remove) the index row of `obj`; runs in the caller's transaction."""
    k = registry.get(kind) if kind else registry.kind_for_model(obj)
    if k is None:
        return None
    # A soft-deleted object (in the 回收站) leaves the index; restoring it saves it again and re-indexes it.
    doc = None if getattr(obj, "deleted_at", None) is not None else k.document(obj)
    if doc is None:
        remove(k.name, obj.pk)
        return None
    fields = entry_fields(doc)
    with transaction.atomic():
        entry = SearchEntry.objects.select_for_update().filter(kind=k.name, object_id=obj.pk).first()
        if entry is None:
            return SearchEntry.objects.create(kind=k.name, object_id=obj.pk, **fields)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.save()
        return entry


def remove(kind, object_id):
    SearchEntry.objects.filter(kind=kind, object_id=object_id).delete()


def rebuild(kinds=None, batch=500, stdout=None):
    """Drop and rebuild the index rows of the given kinds (all registered kinds by default)."""
    total = 0
    for name in kinds or list(registry.KINDS):
        k = registry.KINDS[name]
        with transaction.atomic():
            SearchEntry.objects.filter(kind=name).delete()
            rows = []
            for obj in k.all_objects().iterator(chunk_size=batch):
                doc = k.document(obj)
                if doc is None:
                    continue
                rows.append(SearchEntry(kind=name, object_id=obj.pk, **entry_fields(doc)))
                if len(rows) >= batch:
                    SearchEntry.objects.bulk_create(rows)
                    total += len(rows)
                    rows = []
            SearchEntry.objects.bulk_create(rows)
            total += len(rows)
        if stdout:
            stdout.write(f"{k.label}: 已索引")
    optimise()
    return total


def optimise():
    """Merge FTS5 segments on SQLite / refresh planner statistics on PostgreSQL after bulk loads."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
            cur.execute("INSERT INTO search_trigram(search_trigram) VALUES('optimize')")
        elif connection.vendor == "postgresql":
            cur.execute("ANALYZE search_searchentry")
