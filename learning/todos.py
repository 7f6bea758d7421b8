"""To-dos of 网络学院 (declared in LearningConfig.todos; see core/todos.py): each part's, joined into one badge
query by `core.todos.Parts`."""

from core.todos import Parts

from . import todos_courses, todos_exams, todos_extras

PARTS = Parts(todos_courses, todos_exams, todos_extras)
items, count = PARTS.items, PARTS.count
