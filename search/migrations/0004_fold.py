"""Re-tokenise the existing index rows with the fold (issue 15): traditional → simplified, numerals → digits.

Rows written before the fold hold unfolded tokens; queries are now folded, so each row's tokens are rebuilt
from its stored title and body (which stay as written). Nothing to do on an empty index.
"""

from django.db import migrations

BATCH = 500


def refold(apps, schema_editor):
    from search.tokenizer import token_string

    entry = apps.get_model("search", "SearchEntry")
    db = schema_editor.connection.alias
    rows = entry.objects.using(db).order_by("pk").only("pk", "title", "body", "title_tokens", "body_tokens")
    last = 0
    while True:
        batch = list(rows.filter(pk__gt=last)[:BATCH])
        if not batch:
            break
        changed = []
        for row in batch:
            title, body = token_string(row.title), token_string(row.body)
            if (title, body) != (row.title_tokens, row.body_tokens):
                row.title_tokens, row.body_tokens = title, body
                changed.append(row)
        if changed:
            entry.objects.using(db).bulk_update(changed, ["title_tokens", "body_tokens"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("search", "0003_synonyms")]
    operations = [migrations.RunPython(refold, migrations.RunPython.noop)]
