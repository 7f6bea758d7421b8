"""Reads of 网上考试 shared by the pages and the API: the exam list, one attempt as its candidate sees it, the results
of an exam, its item analysis and a person's 错题本."""

from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.verbs import require_verb

from . import exams
from .actions_exams import close_overdue
from .choices import CHOICE_TYPES, AttemptState, ExamReview, QuestionType
from .models_exams import Attempt, AttemptItem, Exam, Mistake


def exam_list(user):
    """The exams the user reads (hers to take and those she manages), with `used`: her attempts (two queries at
    most: the exams, and none per row)."""
    qs = Exam.objects.visible_to(user).select_related("org").order_by("-opens", "-id")
    if user.person_id:
        mine = (
            Attempt.objects.filter(exam=OuterRef("pk"), person_id=user.person_id)
            .order_by()
            .values("exam")
            .annotate(n=Count("id"))
            .values("n")
        )
        best = (
            Attempt.objects.filter(exam=OuterRef("pk"), person_id=user.person_id, score__isnull=False)
            .order_by("-score")
            .values("score")[:1]
        )
        qs = qs.annotate(used=Coalesce(Subquery(mine, output_field=IntegerField()), Value(0)), best=Subquery(best))
    else:
        qs = qs.annotate(used=Value(0, output_field=IntegerField()), best=Value(None))
    return list(qs)


@dataclass
class Row:
    item: AttemptItem
    question: object
    options: list
    answer: object  # in her letters
    key: object  # in her letters (only shown in review)
    blanks: int

    @property
    def key_text(self):
        q = self.question
        if q.type == QuestionType.TRUEFALSE:
            return "正确" if self.key and self.key[0] else "错误"
        if q.type == QuestionType.FILL:
            return "；".join(k.replace("|", " 或 ") for k in self.key)
        if q.type in CHOICE_TYPES:
            return "".join(self.key)
        return self.key[0] if self.key else ""

    @property
    def answer_text(self):
        q, a = self.question, self.answer
        if not a:
            return "未作答"
        if q.type == QuestionType.TRUEFALSE:
            return "正确" if a[0] else "错误"
        if q.type in CHOICE_TYPES:
            return "".join(a)
        return "；".join(a)

    def chosen(self, letter):
        return bool(self.answer) and letter in self.answer

    def blank_values(self):
        a = self.answer or []
        return [a[i] if i < len(a) else "" for i in range(self.blanks)]


@dataclass
class AttemptView:
    attempt: Attempt
    rows: list
    remaining: int
    review: bool


def attempt_view(attempt, user):
    """The attempt's questions as its candidate sees them; `review` (answers and 解析) after submission when the
    exam shows them, and always to those who read the results. Two queries."""
    now = timezone.now()
    exam = attempt.exam
    review = attempt.state != AttemptState.ANSWERING and (
        exam.answers_shown(now) or user.has_perm("learning.read_results", exam)
    )
    rows = []
    for it in attempt.items.select_related("question").order_by("position"):
        q = it.question
        if q.type in CHOICE_TYPES:
            answer = exams.to_shown(it.order, it.answer) if it.answer else it.answer
            key = exams.to_shown(it.order, q.answer)
        else:
            answer, key = it.answer, q.answer
        rows.append(Row(it, q, exams.shown_options(q, it.order), answer, key, exams.blanks(q)))
    remaining = max(0, int((attempt.deadline - now).total_seconds())) if attempt.state == AttemptState.ANSWERING else 0
    return AttemptView(attempt, rows, remaining, review)


def results(exam, *, by):
    """The exam's attempts (each closed first if its time is up), best score first: one query for the rows."""
    require_verb(by, "learning.read_results", exam)
    close_overdue(exam, by=by)
    return list(
        Attempt.objects.filter(exam=exam)
        .select_related("person", "person__org")
        .order_by("state", "-score", "person__name", "number")
    )


@dataclass
class Summary:
    candidates: int
    attempts: int
    done: int
    passed: int
    waiting: int

    @property
    def pass_rate(self):
        return round(self.passed * 100 / self.done) if self.done else None


def summary(rows):
    done = [a for a in rows if a.state == AttemptState.DONE]
    people_passed = {a.person_id for a in done if a.passed}
    return Summary(
        candidates=len({a.person_id for a in rows}),
        attempts=len(rows),
        done=len({a.person_id for a in done}),
        passed=len(people_passed),
        waiting=sum(1 for a in rows if a.state == AttemptState.MARKING),
    )


def analysis(exam, *, by):
    """Item analysis of the exam's finished attempts (three queries after closing the late ones)."""
    require_verb(by, "learning.read_results", exam)
    close_overdue(exam, by=by)
    attempts = list(Attempt.objects.filter(exam=exam, state=AttemptState.DONE).only("pk", "score"))
    items = AttemptItem.objects.filter(attempt__in=[a.pk for a in attempts]).select_related("question")
    return exams.analyse(attempts, list(items))


def mistakes(user):
    """Her 错题本: the questions she got wrong in exams whose answers she may see now (never the answers of an
    exam that keeps them, nor before its window closes when it shows them only then)."""
    now = timezone.now()
    shown = Q(exam__review=ExamReview.AFTER_SUBMIT) | Q(exam__review=ExamReview.AFTER_CLOSE, exam__closes__lte=now)
    return (
        Mistake.objects.visible_to(user)
        .filter(shown)
        .select_related("question", "question__org", "exam")
        .order_by("mastered_at", "-last_wrong_at", "id")
    )


@dataclass(frozen=True)
class PassRate:
    took: int  # (person, exam) pairs with a marked attempt
    passed: int


def pass_rate(org, start, end):
    """How the Party members of an organisation's subtree did in the exams whose window closed in [start, end]:
    each person's best attempt per exam counts once (two queries at most, one here)."""
    import datetime

    from core import dates

    lo = datetime.datetime.combine(start, datetime.time.min, tzinfo=dates.SHANGHAI)
    hi = datetime.datetime.combine(end, datetime.time.max, tzinfo=dates.SHANGHAI)
    rows = (
        Attempt.objects.filter(
            state=AttemptState.DONE,
            person__org__path__startswith=org.path,
            exam__state="published",
            exam__closes__gte=lo,
            exam__closes__lte=hi,
        )
        .values("person_id", "exam_id")
        .annotate(best=Count("pk", filter=Q(passed=True)))  # passed any attempt (PostgreSQL has no MAX(boolean))
        .order_by()
    )
    pairs = list(rows)
    return PassRate(len(pairs), sum(1 for r in pairs if r["best"]))


def person_results(person, *, by):
    """The person's handed-in attempts the reader may see (her own, or as 党务管理员 of the exam's organisation),
    the latest first: one query (the exam joined)."""
    return (
        Attempt.objects.visible_to(by)
        .filter(person=person)
        .exclude(state=AttemptState.ANSWERING)
        .select_related("exam")
        .order_by("-submitted_at", "-id")
    )
