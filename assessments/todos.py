"""To-dos of 考核评星 (declared in AssessmentsConfig.todos; see core/todos.py): each part's, joined.

Each part gives `items(user, today)` and `counted(user, today)`: querysets whose rows are the things its items
stand for. The badge on every page asks `count`, which unions all of them into one query (UNION ALL) — or none
when no part has anything for the user.
"""

from django.db.models import IntegerField, Value

from . import todos_annual, todos_appraisal, todos_awards, todos_rounds

PARTS = [todos_rounds, todos_appraisal, todos_awards, todos_annual]


def items(user, today):
    return [item for part in PARTS for item in part.items(user, today)]


def _as_rows(qs):
    """One integer column per row: a part's own column when it gives one (values_list), else 1 per row."""
    qs = qs.order_by()
    if qs._fields is not None and len(qs._fields) == 1:  # a values_list of the part's own figure
        return qs
    return qs.annotate(todo_one=Value(1, output_field=IntegerField())).values_list("todo_one")


def count(user, today):
    parts = [_as_rows(qs) for part in PARTS for qs in part.counted(user, today) if not qs.query.is_empty()]
    if not parts:
        return 0
    first, *rest = parts
    rows = first.union(*rest, all=True) if rest else first
    return sum(n for (n,) in rows)
