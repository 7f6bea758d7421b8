"""Scheduling of a task network: validation, critical path, rescheduling with push, slip against a baseline.

Pure functions over plain dataclasses (no models), used by the Gantt chart of a project. The conventions:

- **Dates are calendar days, both ends inclusive.** A task from 3月1日 to 3月3日 lasts 3 days. On the time line a
  task occupies [start, end + 1): it begins at the start of its first day and finishes at the end of its last.
- **Milestones** (里程碑) have no duration: start == end == their day, and they happen at the *end* of that day.
  A milestone after a task ending 3月3日 may fall on 3月3日; a task after a milestone on 3月3日 starts 3月4日 at the
  earliest. On the time line a milestone on day D is the point D + 1.
- **Dependencies are finish-to-start** with a lag in whole calendar days (0 or more): the successor may start
  when the predecessor has finished plus the lag. With lag 0 a task ending 3月3日 lets its successor start 3月4日.
- **Work breakdown**: a task with children is a summary (上级任务). Its dates must cover its children's.
  Dependencies link only concrete tasks (no summary on either side) so that "after the summary" never has two
  meanings; a summary's float is the least float of the tasks under it and it is never on the critical path
  itself. Moving a summary moves everything under it by the same number of days; pushing a child past its
  summary's end lengthens the summary (and its own summaries) when pushing is asked for.
- **Critical path**: each task's own start date is a "start no earlier than" constraint (a task never starts
  before its date, and rescheduling only ever pushes forward), so the schedule is exactly the one drawn. The
  critical path is the longest chain, through durations and lags, from the project's origin to the latest finish;
  a task's total float is how many days it can slip before the latest finish moves. Ties are broken by task id.
  All of this is one forward and one backward pass in topological order: O(tasks + dependencies).
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

TaskId = int | str


@dataclass
class Task:
    id: TaskId
    start: date
    end: date
    depends_on: list[tuple[TaskId, int]] = field(default_factory=list)  # (predecessor id, lag in days)
    milestone: bool = False
    progress: int = 0
    parent: TaskId | None = None
    title: str = ""  # used in messages; "任务{id}" when empty

    @property
    def duration(self) -> int:
        """Calendar days, inclusive; 0 for a milestone."""
        return 0 if self.milestone else (self.end - self.start).days + 1


@dataclass
class CriticalPath:
    path: list[TaskId]  # one longest chain, in order from its first task to the one finishing last
    total_float: dict[TaskId, int]  # slack in days of every task, summaries included
    critical: set[TaskId]  # every concrete task without float: the path plus any parallel chain as long
    finish: date | None  # the last day of the schedule (None when there are no tasks)


@dataclass
class Rescheduled:
    changes: dict[TaskId, tuple[date, date]]  # new (start, end) of every task whose dates change
    errors: dict[TaskId, list[str]]  # non-empty when the move is refused; then nothing may change

    @property
    def ok(self) -> bool:
        return not self.errors


def _key(tid: TaskId) -> tuple[int, int, str]:
    """A total order over mixed ids: numbers by value, then strings."""
    return (0, tid, "") if isinstance(tid, int) else (1, 0, str(tid))


def _name(task: Task) -> str:
    return f"「{task.title or f'任务{task.id}'}」"


def _fmt(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _origin(task: Task) -> int:
    """Start point on the time line (days since 0001-01-01)."""
    return task.start.toordinal() + (1 if task.milestone else 0)


def _finish(task: Task) -> int:
    """Finish point on the time line: the end of the last day."""
    return task.end.toordinal() + 1


def _children(tasks: Mapping[TaskId, Task]) -> dict[TaskId, list[TaskId]]:
    kids: dict[TaskId, list[TaskId]] = {}
    for t in tasks.values():
        if t.parent is not None and t.parent in tasks:
            kids.setdefault(t.parent, []).append(t.id)
    return kids


def _topological(tasks: Mapping[TaskId, Task]) -> tuple[list[TaskId], list[list[TaskId]]]:
    """Kahn's algorithm over known dependencies, smallest id first among the ready ones.

    Returns the order and, when it is incomplete, the cycles found among the tasks left over (each cycle listed
    from its smallest id, in dependency order, disjoint cycles once each).
    """
    indegree = {tid: 0 for tid in tasks}
    succ: dict[TaskId, list[TaskId]] = {tid: [] for tid in tasks}
    for t in tasks.values():
        for pred, _lag in t.depends_on:
            if pred in tasks:
                indegree[t.id] += 1
                succ[pred].append(t.id)
    ready = [(_key(tid), tid) for tid, n in indegree.items() if n == 0]
    heapq.heapify(ready)
    order: list[TaskId] = []
    while ready:
        _k, tid = heapq.heappop(ready)
        order.append(tid)
        for s in succ[tid]:
            indegree[s] -= 1
            if indegree[s] == 0:
                heapq.heappush(ready, (_key(s), s))
    if len(order) == len(tasks):
        return order, []
    # Every task left over still has a predecessor left over: walking predecessors must close a loop.
    left = {tid for tid, n in indegree.items() if n > 0}
    seen: set[TaskId] = set()
    cycles: list[list[TaskId]] = []
    for startid in sorted(left, key=_key):
        if startid in seen:
            continue
        walk: list[TaskId] = []
        at: dict[TaskId, int] = {}
        tid = startid
        while tid not in seen and tid not in at:
            at[tid] = len(walk)
            walk.append(tid)
            preds = sorted({p for p, _ in tasks[tid].depends_on if p in left}, key=_key)
            tid = preds[0]
        seen.update(walk)
        if tid in at:  # a new loop (not one reached from an earlier walk)
            loop = list(reversed(walk[at[tid] :]))  # predecessors were walked: reverse into dependency order
            first = min(range(len(loop)), key=lambda i: _key(loop[i]))
            cycles.append(loop[first:] + loop[:first])
    return order, cycles


def validate(tasks: Iterable[Task], project_start: date, project_end: date) -> dict[TaskId, list[str]]:
    """Every broken rule of the schedule, as Chinese messages keyed by the task concerned ({} when all is well)."""
    by_id: dict[TaskId, Task] = {}
    errors: dict[TaskId, list[str]] = {}

    def err(tid: TaskId, message: str) -> None:
        errors.setdefault(tid, []).append(message)

    for t in tasks:
        if t.id in by_id:
            err(t.id, f"任务编号{t.id}重复。")
        by_id[t.id] = t
    kids = _children(by_id)

    for t in by_id.values():
        name = _name(t)
        if t.end < t.start:
            err(t.id, f"{name}的结束日期（{_fmt(t.end)}）早于开始日期（{_fmt(t.start)}）。")
        if t.milestone and t.start != t.end:
            err(t.id, f"{name}是里程碑，开始和结束应为同一天。")
        if t.milestone and t.id in kids:
            err(t.id, f"{name}是里程碑，不能包含下级任务。")
        if t.start < project_start or t.end > project_end:
            err(t.id, f"{name}超出项目起止日期（{_fmt(project_start)}至{_fmt(project_end)}）。")
        if not 0 <= t.progress <= 100:
            err(t.id, f"{name}的进度应在0到100之间。")
        if t.parent is not None:
            parent = by_id.get(t.parent)
            if parent is None:
                err(t.id, f"{name}的上级任务（编号{t.parent}）不存在。")
            elif t.start < parent.start or t.end > parent.end:
                err(
                    t.id,
                    f"{name}（{_fmt(t.start)}至{_fmt(t.end)}）超出上级任务{_name(parent)}的时间范围"
                    f"（{_fmt(parent.start)}至{_fmt(parent.end)}）。",
                )
        for pred_id, lag in t.depends_on:
            pred = by_id.get(pred_id)
            if pred is None:
                err(t.id, f"{name}的前置任务（编号{pred_id}）不存在。")
                continue
            if pred_id == t.id:
                err(t.id, f"{name}不能依赖自身。")
                continue
            if lag < 0:
                err(t.id, f"{name}与前置任务{_name(pred)}的间隔天数不能为负数。")
            if t.id in kids or pred_id in kids:
                summary = t if t.id in kids else pred
                err(t.id, f"{_name(summary)}含有下级任务，依赖关系请设在具体任务上。")
                continue
            earliest = _finish(pred) + max(lag, 0)
            if _origin(t) < earliest:
                first_day = date.fromordinal(earliest - (1 if t.milestone else 0))
                gap = f"（间隔{lag}天）" if lag > 0 else ""
                err(t.id, f"{name}不能早于前置任务{_name(pred)}完成{gap}后开始：最早{_fmt(first_day)}。")

    # A loop of summaries would make "under" meaningless; name it once, on its smallest id.
    reported: set[TaskId] = set()
    for t in sorted(by_id.values(), key=lambda x: _key(x.id)):
        chain: list[TaskId] = []
        cur: TaskId | None = t.id
        while cur is not None and cur in by_id and cur not in chain and cur not in reported:
            chain.append(cur)
            cur = by_id[cur].parent
        if cur is not None and cur in chain:
            loop = chain[chain.index(cur) :]
            reported.update(loop)
            first = min(loop, key=_key)
            names = "→".join(_name(by_id[x]) for x in [*loop, loop[0]])
            err(first, f"上下级关系形成循环：{names}。")
        reported.update(chain)

    _order, cycles = _topological(
        {tid: replace(t, depends_on=[d for d in t.depends_on if d[0] != tid]) for tid, t in by_id.items()}
    )
    for loop in cycles:
        names = "→".join(_name(by_id[x]) for x in [*loop, loop[0]])
        err(loop[0], f"依赖关系形成循环：{names}。")
    return errors


def critical_path(tasks: Iterable[Task]) -> CriticalPath:
    """The longest chain and every task's total float (see the module's notes). Raises ValueError on a cycle."""
    by_id = {t.id: t for t in tasks}
    kids = _children(by_id)
    leaves = {tid: t for tid, t in by_id.items() if tid not in kids}
    order, cycles = _topological(leaves)
    if cycles:
        raise ValueError("依赖关系形成循环，无法计算关键路径。")
    if not leaves:
        return CriticalPath(path=[], total_float={}, critical=set(), finish=None)
    succ: dict[TaskId, list[tuple[TaskId, int]]] = {tid: [] for tid in leaves}
    for t in leaves.values():
        for pred, lag in t.depends_on:
            if pred in leaves:
                succ[pred].append((t.id, lag))

    # Forward pass: earliest start is the later of the task's own date and its predecessors' finish + lag.
    es: dict[TaskId, int] = {}
    ef: dict[TaskId, int] = {}
    for tid in order:
        t = leaves[tid]
        start = _origin(t)
        for pred, lag in t.depends_on:
            if pred in ef:
                start = max(start, ef[pred] + lag)
        es[tid] = start
        ef[tid] = start + t.duration
    horizon = max(ef.values())

    # Backward pass: latest finish that keeps the horizon.
    lf: dict[TaskId, int] = {}
    for tid in reversed(order):
        latest = horizon
        for s, lag in succ[tid]:
            latest = min(latest, lf[s] - leaves[s].duration - lag)
        lf[tid] = latest
    slack = {tid: lf[tid] - ef[tid] for tid in leaves}

    # The chain: from the zero-float task finishing last (smallest id on a tie), back through the predecessors
    # that hold each task where it is; a task held by its own date (not by a predecessor) begins the chain.
    ends = [tid for tid in leaves if ef[tid] == horizon and slack[tid] == 0]
    cur: TaskId | None = min(ends, key=_key)
    path: list[TaskId] = []
    while cur is not None:
        path.append(cur)
        here = es[cur]
        tight = [p for p, lag in leaves[cur].depends_on if p in leaves and ef[p] + lag == here and slack[p] == 0]
        cur = min(tight, key=_key) if tight else None
    path.reverse()

    # A summary has the float of its tightest descendant.
    floats: dict[TaskId, int] = dict(slack)

    def summary_float(tid: TaskId) -> int:
        stack, best = [tid], None
        while stack:
            x = stack.pop()
            if x in slack:
                best = slack[x] if best is None else min(best, slack[x])
            stack.extend(kids.get(x, []))
        return best if best is not None else 0

    for tid in kids:
        floats[tid] = summary_float(tid)
    critical = {tid for tid in leaves if slack[tid] == 0}
    return CriticalPath(path=path, total_float=floats, critical=critical, finish=date.fromordinal(horizon - 1))


def reschedule(
    tasks: Sequence[Task],
    moved_id: TaskId,
    new_start: date,
    new_end: date,
    push: bool = True,
    *,
    project_start: date,
    project_end: date,
) -> Rescheduled:
    """Move one task; with `push`, dependants move forward (durations and lags kept) and summaries grow to fit.

    Returns the new dates of every task that changes, or — when a rule breaks — the errors and no changes.
    Moving a summary moves everything under it by the same number of days.
    """
    by_id = {t.id: replace(t, depends_on=list(t.depends_on)) for t in tasks}
    if moved_id not in by_id:
        return Rescheduled(changes={}, errors={moved_id: [f"任务（编号{moved_id}）不存在。"]})
    if new_end < new_start:
        name = _name(by_id[moved_id])
        return Rescheduled(
            changes={}, errors={moved_id: [f"{name}的结束日期（{_fmt(new_end)}）早于开始日期（{_fmt(new_start)}）。"]}
        )
    original = {tid: (t.start, t.end) for tid, t in by_id.items()}
    kids = _children(by_id)
    moved = by_id[moved_id]
    delta = new_start - moved.start
    moved.start, moved.end = new_start, new_end
    if moved.milestone:
        moved.end = moved.start
    if delta and moved_id in kids:
        stack = list(kids[moved_id])
        while stack:
            x = stack.pop()
            by_id[x].start += delta
            by_id[x].end += delta
            stack.extend(kids.get(x, []))

    if push:
        leaves = {tid: t for tid, t in by_id.items() if tid not in kids}
        order, cycles = _topological(leaves)
        if not cycles:
            for tid in order:
                t = leaves[tid]
                need = max((_finish(leaves[p]) + lag for p, lag in t.depends_on if p in leaves), default=None)
                if need is None or _origin(t) >= need or tid == moved_id:
                    continue  # the moved task itself is never pulled: its predecessors' rule is checked below
                shift = timedelta(days=need - _origin(t))
                t.start += shift
                t.end += shift
            # Summaries grow to cover what moved under them (deepest first, so a summary's summary sees it).
            depth: dict[TaskId, int] = {}
            for tid in by_id:
                n, cur = 0, by_id[tid].parent
                while cur is not None and cur in by_id and n <= len(by_id):
                    n, cur = n + 1, by_id[cur].parent
                depth[tid] = n
            for tid in sorted(kids, key=lambda x: -depth[x]):
                if tid == moved_id:
                    continue  # a summary being resized by hand is checked against its children, not stretched
                summary = by_id[tid]
                summary.start = min([summary.start] + [by_id[k].start for k in kids[tid]])
                summary.end = max([summary.end] + [by_id[k].end for k in kids[tid]])

    errors = validate(by_id.values(), project_start, project_end)
    if errors:
        return Rescheduled(changes={}, errors=errors)
    changes = {tid: (t.start, t.end) for tid, t in by_id.items() if (t.start, t.end) != original[tid]}
    return Rescheduled(changes=changes, errors={})


def slip(baseline: Iterable[Task], current: Iterable[Task]) -> dict[TaskId, int | None]:
    """Finish slip per current task in days: positive is late, negative early, None for a task added later."""
    planned = {t.id: t.end for t in baseline}
    return {t.id: (t.end - planned[t.id]).days if t.id in planned else None for t in current}
