"""To-dos of the notices app (see core/todos.py): each part's, joined into one badge query by `core.todos.Parts`."""

from core.todos import Parts

# ---- notices ----
# ---- news ----
from . import todos_news, todos_notices

# ---- reminders ----
PARTS = Parts(todos_notices, todos_news)
items, count = PARTS.items, PARTS.count
