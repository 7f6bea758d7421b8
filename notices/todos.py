"""To-dos of the notices app (see core/todos.py): each part's, joined into one badge query by `core.todos.Parts`."""

from core.todos import Parts

# ---- notices ----
# ---- news ----
# ---- reminders ----
PARTS = Parts()
items, count = PARTS.items, PARTS.count
