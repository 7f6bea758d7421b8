"""To-dos of 考核评星 (declared in AssessmentsConfig.todos; see core/todos.py): each part's, joined."""

from . import todos_appraisal, todos_awards, todos_rounds

PARTS = [todos_rounds, todos_appraisal, todos_awards]


def items(user, today):
    return [item for part in PARTS for item in part.items(user, today)]


def count(user, today):
    return sum(part.count(user, today) for part in PARTS)
