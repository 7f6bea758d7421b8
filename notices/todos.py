"""To-dos of the notices app (see core/todos.py): each part's, joined into one badge query by `core.todos.Parts`."""

from core.todos import Parts

# ---- notices ----
from . import todos_notices

# ---- news ----
# ---- reminders ----
PARTS = Parts()
PARTS.parts.append(todos_notices)  # ---- notices ----
items, count = PARTS.items, PARTS.count
