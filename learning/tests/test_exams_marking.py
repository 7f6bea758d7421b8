"""Auto-marking of each type: single and true/false all or nothing, multiple choice all or nothing unless partial
credit, fill-in by blanks (alternatives, width, spaces and case ignored); a candidate's letters map to the bank's."""

from decimal import Decimal

import pytest

from learning import exams
from learning.models import Question

P = Decimal("4")


def q(type, answer, options=()):
    return Question(type=type, answer=answer, options=list(options), topic="党章", stem="题")


@pytest.mark.parametrize(
    ("answer", "expected"),
    [(["B"], (P, True)), (["A"], (0, False)), ([], (0, False)), (None, (0, False))],
)
def test_single_choice_is_all_or_nothing(answer, expected):
    assert exams.mark(q("single", ["B"], "甲乙丙丁"), answer, P) == expected


@pytest.mark.parametrize(
    ("answer", "partial", "expected"),
    [
        (["A", "C", "D"], False, (P, True)),
        (["A", "C"], False, (0, False)),
        (["A", "C"], True, (Decimal("2.7"), False)),  # two of three right options: 4 × 2/3
        (["A", "B"], True, (0, False)),  # a wrong option scores nothing, partial or not
        (["A", "B", "C", "D"], True, (0, False)),
    ],
)
def test_multiple_choice_is_all_or_nothing_unless_partial_credit(answer, partial, expected):
    assert exams.mark(q("multiple", ["A", "C", "D"], "甲乙丙丁"), answer, P, partial=partial) == expected


def test_true_false():
    assert exams.mark(q("truefalse", [False]), [False], P) == (P, True)
    assert exams.mark(q("truefalse", [False]), [True], P) == (0, False)


def test_fill_in_scores_its_share_of_blanks_with_alternatives_width_and_spaces_ignored():
    question = q("fill", ["民主集中制", "三|3"])
    assert exams.mark(question, ["民主 集中制", "３"], P) == (P, True)  # full-width digit, a space
    assert exams.mark(question, ["民主集中制", "四"], P) == (Decimal("2.0"), False)
    assert exams.mark(question, ["", ""], P) == (0, False)
    assert exams.mark(q("fill", ["CPC"]), ["cpc"], P) == (P, True)


def test_short_answers_are_left_for_hand_marking():
    assert exams.mark(q("short", ["要点"]), ["我的回答"], P) == (None, None)


def test_a_candidates_letters_are_kept_in_the_banks_and_shown_back_in_hers():
    order = [2, 0, 3, 1]  # she sees the bank's C, A, D, B
    assert exams.to_bank(order, ["A", "B"]) == ["A", "C"]
    assert exams.to_shown(order, ["A", "C"]) == ["A", "B"]
    question = q("multiple", ["A", "C"], "甲乙丙丁")
    stored = exams.clean_answer(question, order, ["B", "A"])
    assert exams.mark(question, stored, P) == (P, True)


@pytest.mark.parametrize(
    ("type", "value", "message"),
    [
        ("single", ["E"], "选项应为 A、B、C、D 中的字母，且不重复。"),
        ("multiple", ["A", "A"], "选项应为 A、B、C、D 中的字母，且不重复。"),
        ("truefalse", ["对"], "判断题的答案应为 true 或 false。"),
        ("fill", ["a", "b", "c"], "该题只有 2 个空。"),
        ("short", "文本", "答案应为列表。"),
    ],
)
def test_bad_answers_are_told_why(type, value, message):
    answer = {"single": ["A"], "multiple": ["A", "B"], "truefalse": [True], "fill": ["x", "y"], "short": ["x"]}[type]
    question = q(type, answer, "甲乙丙丁" if type in ("single", "multiple") else ())
    order = [0, 1, 2, 3] if type in ("single", "multiple") else []
    with pytest.raises(ValueError, match=message):
        exams.clean_answer(question, order, value)
