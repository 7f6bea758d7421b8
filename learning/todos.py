"""To-dos of 网络学院 (declared in LearningConfig.todos; see core/todos.py): each part's, joined into one badge
query by `core.todos.Parts`."""

from core.todos import Parts

PARTS = Parts()
items, count = PARTS.items, PARTS.count

# ---- courses ----
from . import todos_courses  # noqa: E402

PARTS.parts.append(todos_courses)
# ---- extras ----
from . import todos_extras  # noqa: E402

PARTS.parts.append(todos_extras)
