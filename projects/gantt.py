"""The project's task network as core.schedule sees it, and the Gantt rows the API, the page and the print share.

Three queries whatever the number of tasks: the tasks with their owners, their dependencies, and (on the
page) nothing more — the critical path, floats and slips are computed here from core.schedule.
"""

from dataclasses import dataclass

from core import schedule

from .models import Task, TaskDependency


def tasks_of(project):
    return list(Task.objects.filter(project=project).select_related("owner").order_by("position", "id"))


def dependencies_of(project):
    """{task id: [(predecessor id, lag)]} in the order they were added."""
    out: dict[int, list[tuple[int, int]]] = {}
    for task_id, pred_id, lag in (
        TaskDependency.objects.filter(task__project=project)
        .order_by("id")
        .values_list("task_id", "predecessor_id", "lag")
    ):
        out.setdefault(task_id, []).append((pred_id, lag))
    return out


def as_schedule(task, deps):
    return schedule.Task(
        id=task.pk,
        start=task.start,
        end=task.end,
        depends_on=list(deps.get(task.pk, [])),
        milestone=task.milestone,
        progress=task.progress,
        parent=task.parent_id,
        title=task.title,
    )


def network(tasks, deps):
    return [as_schedule(t, deps) for t in tasks]


@dataclass
class Row:
    """One Gantt row: the task, its predecessors and what the schedule says of it."""

    task: Task
    depends_on: list[tuple[int, int]]
    critical: bool
    float: int | None
    slip: int | None
    summary: bool
    depth: int
    progress: int = 0  # a summary's is its leaves' progress weighted by duration (a milestone weighs one day)

    @property
    def late(self):
        return self.slip is not None and self.slip > 0

    def overdue(self, today):
        """The end has passed and the work is not done (summaries answer through their tasks)."""
        return not self.summary and self.task.end < today and self.task.progress < 100


def rows(project, tasks=None, deps=None):
    """The Gantt rows of the project in outline order (a summary before its children), with critical path,
    float and slip (days the end lies after the baseline's; None for a task added after approval)."""
    tasks = tasks_of(project) if tasks is None else tasks
    deps = dependencies_of(project) if deps is None else deps
    net = network(tasks, deps)
    try:
        cp = schedule.critical_path(net)
        critical, floats = cp.critical, cp.total_float
    except ValueError:  # a stored cycle cannot happen through the actions; show the chart without a path
        critical, floats = set(), {}
    baseline = [
        schedule.Task(id=t.pk, start=t.baseline_start, end=t.baseline_end)
        for t in tasks
        if t.baseline_start is not None and t.baseline_end is not None
    ]
    slips = schedule.slip(baseline, net)
    kids: dict[int | None, list[Task]] = {}
    ids = {t.pk for t in tasks}
    for t in tasks:
        kids.setdefault(t.parent_id if t.parent_id in ids else None, []).append(t)
    out: list[Row] = []

    def walk(parent, depth):
        for t in kids.get(parent, []):
            out.append(
                Row(
                    task=t,
                    depends_on=list(deps.get(t.pk, [])),
                    critical=t.pk in critical,
                    float=floats.get(t.pk),
                    slip=slips.get(t.pk),
                    summary=t.pk in kids,
                    depth=depth,
                )
            )
            if depth < 20:
                walk(t.pk, depth + 1)

    walk(None, 0)
    by_pk = {t.pk: t for t in tasks}

    def leaves(pk):
        stack, found = [pk], []
        while stack:
            x = stack.pop()
            below = kids.get(x, [])
            if not below and x != pk:
                found.append(by_pk[x])
            stack.extend(k.pk for k in below)
        return found

    for row in out:
        row.progress = row.task.progress
        if row.summary:
            weights = [
                (max((t.end - t.start).days + 1, 1) if not t.milestone else 1, t.progress) for t in leaves(row.task.pk)
            ]
            total = sum(w for w, _ in weights)
            row.progress = round(sum(w * p for w, p in weights) / total) if total else 0
    return out


def finish(rows_):
    """The last day of the current schedule and of the baseline (None when there is none)."""
    ends = [r.task.end for r in rows_]
    base = [r.task.baseline_end for r in rows_ if r.task.baseline_end]
    return (max(ends) if ends else None, max(base) if base else None)
