"""The scheduling rules behind the Gantt chart (core/schedule.py): validation, critical path, push, slip."""

import random
from datetime import date, timedelta

import pytest

from core.schedule import Task, critical_path, reschedule, slip, validate

P0, P1 = date(2026, 3, 1), date(2026, 12, 31)


def d(day: int) -> date:
    """Day 1 is 2026-03-01."""
    return P0 + timedelta(days=day - 1)


def t(tid, start, end, deps=(), **kw):
    return Task(id=tid, start=d(start), end=d(end), depends_on=list(deps), title=kw.pop("title", str(tid)), **kw)


def diamond():
    # S (2 days) → A (10 days) → E, S → B (3 days) → E
    return [
        t("S", 1, 2),
        t("A", 3, 12, [("S", 0)]),
        t("B", 3, 5, [("S", 0)]),
        t("E", 13, 14, [("A", 0), ("B", 0)]),
    ]


def messages(errors):
    return [m for ms in errors.values() for m in ms]


# ---------------------------------------------------------------- validation


def test_a_sound_schedule_has_no_errors():
    assert validate(diamond(), P0, P1) == {}


def test_end_before_start_is_refused():
    errors = validate([t(1, 5, 3, title="入户走访")], P0, P1)
    assert errors == {1: ["「入户走访」的结束日期（2026年3月3日）早于开始日期（2026年3月5日）。"]}


def test_a_task_outside_the_project_dates_is_refused():
    early = Task(id=1, start=date(2026, 2, 27), end=d(3), title="摸底调研")
    late = Task(id=2, start=d(300), end=date(2027, 1, 2), title="总结")
    errors = validate([early, late, t(3, 1, 2)], P0, P1)
    assert set(errors) == {1, 2}
    assert errors[1] == ["「摸底调研」超出项目起止日期（2026年3月1日至2026年12月31日）。"]


def test_a_start_before_the_predecessor_finish_is_refused_with_the_earliest_day():
    errors = validate([t(1, 1, 3, title="征求意见"), t(2, 3, 5, [(1, 0)], title="制定方案")], P0, P1)
    assert errors == {2: ["「制定方案」不能早于前置任务「征求意见」完成后开始：最早2026年3月4日。"]}
    assert validate([t(1, 1, 3), t(2, 4, 5, [(1, 0)])], P0, P1) == {}


def test_the_lag_counts_in_calendar_days():
    # A ends on day 3; with a lag of 2 days B may start on day 6, not earlier.
    too_early = validate([t("A", 1, 3), t("B", 5, 7, [("A", 2)])], P0, P1)
    assert too_early == {"B": ["「B」不能早于前置任务「A」完成（间隔2天）后开始：最早2026年3月6日。"]}
    assert validate([t("A", 1, 3), t("B", 6, 7, [("A", 2)])], P0, P1) == {}
    assert "负数" in messages(validate([t("A", 1, 3), t("B", 6, 7, [("A", -1)])], P0, P1))[0]


def test_an_unknown_predecessor_or_parent_is_named():
    errors = validate([t(1, 1, 2, [(99, 0)], parent=42)], P0, P1)
    assert errors == {1: ["「1」的上级任务（编号42）不存在。", "「1」的前置任务（编号99）不存在。"]}


def test_a_dependency_cycle_is_refused_naming_its_tasks_in_order():
    tasks = [
        t(3, 1, 2, [(2, 0)], title="宣传发动"),
        t(1, 1, 2, [(3, 0)], title="组建队伍"),
        t(2, 1, 2, [(1, 0)], title="制定方案"),
        t(4, 1, 2, [(2, 0)], title="验收"),  # after the loop, not in it
    ]
    errors = validate(tasks, P0, P1)
    cycle = [m for m in messages(errors) if "循环" in m]
    assert cycle == ["依赖关系形成循环：「组建队伍」→「制定方案」→「宣传发动」→「组建队伍」。"]
    assert "依赖关系形成循环" in " ".join(errors[1])  # on the loop's smallest id, once
    assert not any("循环" in m for m in errors.get(4, []))


def test_two_separate_cycles_are_each_named_and_a_self_dependency_too():
    tasks = [t("a", 1, 2, [("b", 0)]), t("b", 1, 2, [("a", 0)]), t("x", 1, 2, [("y", 0)]), t("y", 1, 2, [("x", 0)])]
    cycles = sorted(m for m in messages(validate(tasks, P0, P1)) if "循环" in m)
    assert cycles == ["依赖关系形成循环：「a」→「b」→「a」。", "依赖关系形成循环：「x」→「y」→「x」。"]
    assert validate([t(1, 1, 2, [(1, 0)], title="自我")], P0, P1) == {1: ["「自我」不能依赖自身。"]}


def test_a_child_outside_its_summary_and_a_dependency_on_a_summary_are_refused():
    tasks = [t("P", 1, 10, title="宣传阶段"), t("c1", 1, 5, parent="P"), t("c2", 8, 12, parent="P", title="印发手册")]
    errors = validate(tasks, P0, P1)
    assert errors == {
        "c2": [
            "「印发手册」（2026年3月8日至2026年3月12日）超出上级任务「宣传阶段」的时间范围（2026年3月1日至2026年3月10日）。"
        ]
    }
    on_summary = [t("P", 1, 10, title="宣传阶段"), t("c1", 1, 5, parent="P"), t("x", 11, 12, [("P", 0)])]
    assert validate(on_summary, P0, P1) == {"x": ["「宣传阶段」含有下级任务，依赖关系请设在具体任务上。"]}


def test_a_loop_of_summaries_is_refused():
    errors = validate([t(1, 1, 2, parent=2), t(2, 1, 2, parent=1)], P0, P1)
    assert any("上下级关系形成循环：「1」→「2」→「1」" in m for m in messages(errors))


def test_milestones_are_one_day_points_at_the_end_of_their_day():
    assert validate([t("M", 3, 4, milestone=True, title="动员会")], P0, P1) == {
        "M": ["「动员会」是里程碑，开始和结束应为同一天。"]
    }
    # A milestone may fall on its predecessor's last day; what follows it starts the next day.
    ok = [t("A", 1, 3), t("M", 3, 3, [("A", 0)], milestone=True), t("B", 4, 6, [("M", 0)])]
    assert validate(ok, P0, P1) == {}
    same_day = [t("A", 1, 3), t("M", 3, 3, [("A", 0)], milestone=True), t("B", 3, 6, [("M", 0)])]
    assert list(validate(same_day, P0, P1)) == ["B"]
    assert list(validate([t("A", 1, 3), t("M", 2, 2, [("A", 0)], milestone=True)], P0, P1)) == ["M"]


def test_progress_must_be_a_percentage():
    assert messages(validate([t(1, 1, 2, progress=120)], P0, P1)) == ["「1」的进度应在0到100之间。"]


# ---------------------------------------------------------------- critical path


def test_the_critical_path_of_a_diamond_is_the_longer_branch():
    cp = critical_path(diamond())
    assert cp.path == ["S", "A", "E"]
    assert cp.critical == {"S", "A", "E"}
    assert cp.total_float == {"S": 0, "A": 0, "B": 7, "E": 0}
    assert cp.finish == d(14)


def test_a_lag_can_make_the_shorter_branch_critical():
    tasks = diamond()
    tasks[3] = t("E", 16, 17, [("A", 0), ("B", 10)])  # B (ends day 5) + 10 days' lag: E no earlier than day 16
    cp = critical_path(tasks)
    assert cp.path == ["S", "B", "E"]
    assert cp.total_float["A"] == 3


def test_the_chain_begins_where_a_task_is_held_by_its_own_date():
    # C has no predecessor but is planned late; it, not A, determines the finish.
    tasks = [t("A", 1, 5), t("B", 6, 8, [("A", 0)]), t("C", 20, 22), t("D", 23, 25, [("C", 0), ("B", 0)])]
    cp = critical_path(tasks)
    assert cp.path == ["C", "D"]
    assert cp.total_float["A"] == cp.total_float["B"] == 14


def test_ties_are_broken_by_id_whatever_the_input_order():
    tasks = [t(1, 1, 2), t(3, 3, 6, [(1, 0)]), t(2, 3, 6, [(1, 0)]), t(4, 7, 8, [(2, 0), (3, 0)])]
    first = critical_path(tasks)
    again = critical_path(list(reversed(tasks)))
    assert first.path == again.path == [1, 2, 4]
    assert first.critical == {1, 2, 3, 4}  # both branches are as long: both are critical
    # Two tasks finishing on the last day: the chain ends at the smaller id.
    assert critical_path([t("y", 1, 3), t("x", 1, 3)]).path == ["x"]


def test_a_milestone_has_no_duration_on_the_path():
    tasks = [t("A", 1, 3), t("M", 3, 3, [("A", 0)], milestone=True), t("B", 4, 5, [("M", 0)]), t("C", 1, 4)]
    cp = critical_path(tasks)
    assert cp.path == ["A", "M", "B"]
    assert cp.total_float["C"] == 1
    assert critical_path([t("M", 9, 9, milestone=True)]).finish == d(9)


def test_a_summary_takes_the_float_of_its_tightest_child_and_stays_off_the_path():
    tasks = [
        t("P", 1, 10, title="宣传阶段"),
        t("a", 1, 4, parent="P"),
        t("b", 1, 10, parent="P"),
        t("c", 11, 12, [("b", 0)]),
    ]
    cp = critical_path(tasks)
    assert cp.path == ["b", "c"]
    assert cp.total_float["P"] == 0 and cp.total_float["a"] == 8
    assert "P" not in cp.critical


def test_the_critical_path_of_a_cycle_is_refused():
    with pytest.raises(ValueError):
        critical_path([t(1, 1, 2, [(2, 0)]), t(2, 1, 2, [(1, 0)])])
    assert critical_path([]).path == []


# ---------------------------------------------------------------- rescheduling


def test_moving_a_task_pushes_its_dependants_keeping_durations_and_lags():
    tasks = [
        t("A", 1, 3),
        t("B", 4, 6, [("A", 0)]),
        t("C", 9, 10, [("B", 2)]),
        t("D", 1, 20),
        t("E", 30, 31, [("A", 0)]),
    ]
    moved = reschedule(tasks, "A", d(3), d(5), project_start=P0, project_end=P1)
    assert moved.ok
    # B after A with no lag (+2 days), C after B with its 2 days' lag (+2), E had room (stays), D is unrelated.
    assert moved.changes == {"A": (d(3), d(5)), "B": (d(6), d(8)), "C": (d(11), d(12))}


def test_without_push_a_broken_constraint_is_refused_and_nothing_changes():
    tasks = [t("A", 1, 3, title="走访"), t("B", 4, 6, [("A", 0)], title="梳理问题")]
    refused = reschedule(tasks, "A", d(2), d(4), push=False, project_start=P0, project_end=P1)
    assert not refused.ok and refused.changes == {}
    assert refused.errors == {"B": ["「梳理问题」不能早于前置任务「走访」完成后开始：最早2026年3月5日。"]}
    # A move that breaks nothing needs no push.
    fine = reschedule(tasks, "B", d(5), d(8), push=False, project_start=P0, project_end=P1)
    assert fine.ok and fine.changes == {"B": (d(5), d(8))}


def test_the_moved_task_is_never_placed_before_its_predecessor():
    tasks = [t("A", 1, 3), t("B", 4, 6, [("A", 0)], title="梳理问题")]
    refused = reschedule(tasks, "B", d(2), d(4), project_start=P0, project_end=P1)
    assert refused.changes == {} and "最早2026年3月4日" in refused.errors["B"][0]


def test_a_push_past_the_project_end_is_refused():
    tasks = [t("A", 1, 3), t("B", 300, 306, [("A", 0)], title="总结表彰")]
    refused = reschedule(tasks, "A", d(298), d(300), project_start=P0, project_end=P1)
    assert refused.changes == {} and refused.errors == {"B": [refused.errors["B"][0]]}
    assert "超出项目起止日期" in refused.errors["B"][0]
    ends_before_start = reschedule(tasks, "A", d(5), d(4), project_start=P0, project_end=P1)
    assert "早于开始日期" in ends_before_start.errors["A"][0]
    assert "不存在" in reschedule(tasks, "Z", d(1), d(2), project_start=P0, project_end=P1).errors["Z"][0]


def test_a_push_of_a_child_lengthens_its_summaries_and_moving_a_summary_moves_its_children():
    tasks = [
        t("R", 1, 12, title="项目"),
        t("P", 1, 10, parent="R"),
        t("a", 1, 4, parent="P"),
        t("b", 5, 10, [("a", 0)], parent="P"),
    ]
    pushed = reschedule(tasks, "a", d(3), d(6), project_start=P0, project_end=P1)
    assert pushed.changes == {"a": (d(3), d(6)), "b": (d(7), d(12)), "P": (d(1), d(12))}
    grown = reschedule(tasks, "a", d(5), d(8), project_start=P0, project_end=P1)
    assert grown.changes["R"] == (d(1), d(14)) and grown.changes["P"] == (d(1), d(14))
    assert reschedule(tasks, "a", d(3), d(6), push=False, project_start=P0, project_end=P1).errors

    tasks = [t("P", 1, 10), t("a", 1, 4, parent="P"), t("b", 5, 10, [("a", 0)], parent="P")]
    moved = reschedule(tasks, "P", d(6), d(15), project_start=P0, project_end=P1)
    assert moved.changes == {"P": (d(6), d(15)), "a": (d(6), d(9)), "b": (d(10), d(15))}
    shrunk = reschedule(tasks, "P", d(1), d(8), project_start=P0, project_end=P1)
    assert "超出上级任务" in shrunk.errors["b"][0]


def test_a_milestone_moved_stays_a_single_day():
    tasks = [t("A", 1, 3), t("M", 3, 3, [("A", 0)], milestone=True), t("B", 4, 5, [("M", 0)])]
    moved = reschedule(tasks, "M", d(6), d(7), project_start=P0, project_end=P1)
    assert moved.changes == {"M": (d(6), d(6)), "B": (d(7), d(8))}


# ---------------------------------------------------------------- slip


def test_slip_is_the_finish_against_the_baseline():
    baseline = [t(1, 1, 5), t(2, 6, 10), t(3, 1, 3)]
    current = [t(1, 1, 8), t(2, 6, 9), t(3, 2, 3), t(4, 1, 2)]
    assert slip(baseline, current) == {1: 3, 2: -1, 3: 0, 4: None}


# ---------------------------------------------------------------- scale


def test_two_thousand_tasks_are_handled_in_one_pass():
    # 40 layers of 50 tasks; each task after up to three tasks of the previous layer; one layer's task is longer.
    rng = random.Random(11)
    tasks, layer_end = [], 0
    for layer in range(40):
        start = layer_end + 1
        longest = 0
        for i in range(50):
            tid = layer * 50 + i
            length = 5 if i == layer % 50 else rng.randint(1, 4)
            deps = [] if layer == 0 else [((layer - 1) * 50 + j, 0) for j in rng.sample(range(50), 3)]
            tasks.append(
                Task(id=tid, start=P0 + timedelta(start - 1), end=P0 + timedelta(start + length - 2), depends_on=deps)
            )
            longest = max(longest, length)
        layer_end = start + longest - 1
    assert validate(tasks, P0, P1) == {}
    cp = critical_path(tasks)
    assert len(cp.total_float) == 2000
    assert cp.finish == P0 + timedelta(layer_end - 1)
    assert len(cp.path) >= 1 and all(cp.total_float[x] == 0 for x in cp.path)
    pushed = reschedule(tasks, 0, P0 + timedelta(3), P0 + timedelta(7), project_start=P0, project_end=P1)
    assert pushed.ok and 0 in pushed.changes
