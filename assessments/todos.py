"""To-dos of 考核评星 (declared in AssessmentsConfig.todos; see core/todos.py): each part's, joined into one
badge query by `core.todos.Parts`."""

from core.todos import Parts

from . import todos_annual, todos_appraisal, todos_awards, todos_mass, todos_rounds

PARTS = Parts(todos_rounds, todos_appraisal, todos_awards, todos_annual, todos_mass)
items, count = PARTS.items, PARTS.count
