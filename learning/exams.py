"""网上考试's rules of the paper: drawing each candidate's questions by the blueprint, the letters she sees, the
marking of each type and the item analysis of an exam.

- Drawing: the rows of the blueprint are filled most specific first (topic and difficulty given, then one of
  them, then neither), each from the bank of the exam's organisation and those above it, without repeating a
  question; choice options are shuffled per candidate. The order is stored in the attempt (`AttemptItem.order`).
- Letters: the candidate answers with the letters she was shown (A = the first option shown to her); they are kept
  in the bank's letters, so marking, the item analysis and the 错题本 speak of the same option.
- Marking: single choice and true/false all or nothing; multiple choice all or nothing unless the exam gives
  partial credit (a choice of only right options scores its share of them); a fill-in scores its share of blanks
  right (each blank may accept alternatives written "答案一|答案二", compared without spaces, width or case);
  a short answer is marked by hand.
"""

import math
import random
import unicodedata
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .choices import CHOICE_TYPES, QuestionType
from .models_exams import Question

LETTERS = "ABCDEFGH"
MAX_OPTIONS = len(LETTERS)
TENTH = Decimal("0.1")
_rng = random.SystemRandom()


def row_label(row):
    """单选题 · 党章 · 难度3 — a blueprint row in words."""
    parts = [QuestionType(row["type"]).label]
    if row.get("topic"):
        parts.append(row["topic"])
    if row.get("difficulty"):
        parts.append(f"难度{row['difficulty']}")
    return " · ".join(parts)


def _specificity(indexed):
    _, row = indexed
    return -(bool(row.get("topic")) + bool(row.get("difficulty")))


def row_pool(bank, row):
    qs = bank.filter(type=row["type"])
    if row.get("topic"):
        qs = qs.filter(topic=row["topic"])
    if row.get("difficulty"):
        qs = qs.filter(difficulty=int(row["difficulty"]))
    return qs


class ShortBank(Exception):
    def __init__(self, number, row, found):
        super().__init__(number)
        self.number, self.row, self.found = number, row, found

    @property
    def message(self):
        return (
            f"组卷规则第{self.number}行（{row_label(self.row)}）需要 {self.row['count']} 道题，"
            f"题库中只有 {self.found} 道可用。"
        )


def draw(exam, rng=None):
    """[(question, points, order)] of one candidate's paper, or ShortBank when the bank cannot fill a row.
    One query per blueprint row (ids only) and one for the questions drawn."""
    rng = rng or _rng
    bank = Question.objects.for_org(exam.org)
    taken = set()
    picked = {}
    for i, row in sorted(enumerate(exam.blueprint), key=_specificity):
        ids = [pk for pk in row_pool(bank, row).values_list("pk", flat=True) if pk not in taken]
        need = int(row["count"])
        if len(ids) < need:
            raise ShortBank(i + 1, row, len(ids))
        chosen = rng.sample(ids, need)
        taken.update(chosen)
        picked[i] = chosen
    questions = Question.objects.in_bulk(taken)
    paper = []
    for i, row in enumerate(exam.blueprint):
        for pk in picked[i]:
            q = questions[pk]
            order = list(range(len(q.options))) if q.type in CHOICE_TYPES else []
            rng.shuffle(order)
            paper.append((q, Decimal(str(row["points"])), order))
    return paper


# ---------------------------------------------------------------- letters


def shown_options(question, order):
    return [question.options[i] for i in order] if order else list(question.options)


def to_bank(order, letters):
    """The bank's letters of the letters a candidate chose among the options as shown to her."""
    return sorted(LETTERS[order[LETTERS.index(x)]] for x in letters)


def to_shown(order, letters):
    """The letters the candidate saw for options given in the bank's letters."""
    return sorted(LETTERS[order.index(LETTERS.index(x))] for x in letters if LETTERS.index(x) in order)


def blanks(question):
    return max(1, len(question.answer)) if question.type == QuestionType.FILL else 1


def normal(text):
    return "".join(unicodedata.normalize("NFKC", str(text)).split()).casefold()


def clean_answer(question, order, value):
    """The answer as stored (bank letters), or a ValueError with the Chinese reason."""
    if value is None:
        return None
    if not isinstance(value, list):
        raise ValueError("答案应为列表。")
    t = question.type
    if t in CHOICE_TYPES:
        shown = LETTERS[: len(order)]
        if any(not isinstance(x, str) or x not in shown for x in value) or len(set(value)) != len(value):
            raise ValueError(f"选项应为 {'、'.join(shown)} 中的字母，且不重复。")
        if t == QuestionType.SINGLE and len(value) > 1:
            raise ValueError("单选题只能选一项。")
        return to_bank(order, value)
    if t == QuestionType.TRUEFALSE:
        if len(value) > 1 or any(not isinstance(x, bool) for x in value):
            raise ValueError("判断题的答案应为 true 或 false。")
        return value
    if any(not isinstance(x, str) for x in value):
        raise ValueError("答案应为文字。")
    if t == QuestionType.FILL:
        if len(value) > blanks(question):
            raise ValueError(f"该题只有 {blanks(question)} 个空。")
        if any(len(x) > 200 for x in value):
            raise ValueError("每空不超过200字。")
        return [x.strip() for x in value]
    if len(value) > 1 or any(len(x) > 5000 for x in value):
        raise ValueError("简答题的答案为一段不超过5000字的文字。")
    return [x.strip() for x in value]


# ---------------------------------------------------------------- marking


def _q(value):
    return Decimal(value).quantize(TENTH, rounding=ROUND_HALF_UP)


def mark(question, answer, points, *, partial=False):
    """(score, correct) of an answer in the bank's letters; (None, None) for a short answer (marked by hand)."""
    t = question.type
    if t == QuestionType.SHORT:
        return None, None
    if not answer:
        return Decimal(0), False
    if t == QuestionType.SINGLE or t == QuestionType.TRUEFALSE:
        right = list(answer) == list(question.answer)
        return (points if right else Decimal(0)), right
    if t == QuestionType.MULTIPLE:
        key, chosen = set(question.answer), set(answer)
        if chosen == key:
            return points, True
        if partial and chosen < key:
            return _q(points * len(chosen) / len(key)), False
        return Decimal(0), False
    expected = list(question.answer)
    right = sum(
        1
        for i, accepted in enumerate(expected)
        if i < len(answer) and normal(answer[i]) in {normal(a) for a in str(accepted).split("|") if normal(a)}
    )
    if right == len(expected):
        return points, True
    return _q(points * right / len(expected)), False


# ---------------------------------------------------------------- item analysis


@dataclass
class ItemStats:
    question: Question
    answered: int
    right: int
    discrimination: Decimal | None
    wrong_choice: str  # the most chosen wrong option (or text), "" when none
    wrong_count: int

    @property
    def difficulty(self):
        """The share who answered it right (the higher, the easier)."""
        return _q(Decimal(self.right * 100) / self.answered) if self.answered else None


def _wrong_picks(question, answer):
    if not answer:
        return []
    if question.type in CHOICE_TYPES:
        key = set(question.answer)
        return [f"{x}. {question.options[LETTERS.index(x)]}" for x in answer if x not in key]
    if question.type == QuestionType.TRUEFALSE:
        return ["正确" if answer[0] else "错误"] if list(answer) != list(question.answer) else []
    if question.type == QuestionType.FILL:
        out = []
        for i, accepted in enumerate(question.answer):
            if i < len(answer) and answer[i]:
                ok = {normal(a) for a in str(accepted).split("|")}
                if normal(answer[i]) not in ok:
                    out.append(answer[i].strip())
        return out
    return []


def analyse(attempts, items):
    """Item analysis of an exam from its finished attempts (with scores) and their items: per question the share
    right, the discrimination (share right in the upper 27 % of attempts by score minus the lower 27 %) and the
    most chosen wrong option."""
    ranked = sorted(attempts, key=lambda a: (a.score, a.pk))
    k = math.ceil(len(ranked) * 0.27) if len(ranked) >= 2 else 0
    lower = {a.pk for a in ranked[:k]}
    upper = {a.pk for a in ranked[-k:]} if k else set()
    by_q = {}
    for it in items:
        by_q.setdefault(it.question_id, []).append(it)
    out = []
    for group in by_q.values():
        q = group[0].question
        right = sum(1 for it in group if it.correct)
        up = [it for it in group if it.attempt_id in upper]
        low = [it for it in group if it.attempt_id in lower]
        disc = None
        if up and low:
            disc = (
                Decimal(sum(1 for it in up if it.correct)) / len(up)
                - Decimal(sum(1 for it in low if it.correct)) / len(low)
            ).quantize(Decimal("0.01"))
        picks = Counter(p for it in group for p in _wrong_picks(q, it.answer))
        wrong, n = picks.most_common(1)[0] if picks else ("", 0)
        out.append(ItemStats(q, len(group), right, disc, wrong, n))
    out.sort(key=lambda s: (s.difficulty if s.difficulty is not None else 101, s.question.pk))
    return out
