"""To-dos of 网络学院 (declared in LearningConfig.todos; see core/todos.py): each part's, joined into one badge
query by `core.todos.Parts`."""

from core.todos import Parts

PARTS = Parts()
items, count = PARTS.items, PARTS.count

# ---- exams ----
from . import todos_exams  # noqa: E402

PARTS.parts.append(todos_exams)
