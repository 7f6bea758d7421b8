"""Demo of 网上考试: the committee's bank of 100 questions on 党章 and 《支部工作条例》, a closed exam last month
with the attempts of a branch's members (marked, short answers by hand), and an open exam this month.

The closed exam is sat while its window is open and then moved back a month, so its attempts, marks, study hours
and 错题本 come from the same code as any other; members without an account sit it through the same draw and
marking (the demo has accounts for only a few of them)."""

import datetime
import random
from decimal import Decimal

from django.utils import timezone

from core import dates, workflow

from . import actions_exams, exams
from .choices import AttemptState, QuestionType
from .demo_questions import rows
from .forms_exams import QuestionForm
from .models_exams import Attempt, AttemptItem, Exam, Mistake

CLOSED_BLUEPRINT = (
    '[{"type": "single", "topic": "党章", "count": 6, "points": "2"},'
    ' {"type": "single", "topic": "支部工作条例", "count": 6, "points": "2"},'
    ' {"type": "multiple", "count": 6, "points": "4"},'
    ' {"type": "truefalse", "count": 10, "points": "2"},'
    ' {"type": "fill", "count": 4, "points": "4"},'
    ' {"type": "short", "topic": "支部工作条例", "count": 1, "points": "12"}]'
)
OPEN_BLUEPRINT = (
    '[{"type": "single", "topic": "支部工作条例", "count": 10, "points": "4"},'
    ' {"type": "multiple", "topic": "支部工作条例", "count": 5, "points": "6"},'
    ' {"type": "truefalse", "topic": "支部工作条例", "count": 10, "points": "2"},'
    ' {"type": "fill", "topic": "支部工作条例", "count": 2, "points": "5"}]'
)


def _bank(committee, admin):
    orgs = type(committee).objects.filter(pk=committee.pk)
    for t, topic, difficulty, stem, options, answer, explanation in rows():
        data = {
            "org": committee.pk,
            "type": t,
            "topic": topic,
            "difficulty": difficulty,
            "stem": stem,
            "options": "\n".join(options),
            "answer": answer,
            "explanation": explanation,
        }
        form = QuestionForm(data, orgs=orgs)
        if not form.is_valid():
            raise ValueError(f"demo question {stem}: {form.errors.as_text()}")
        actions_exams.build_question(form.cleaned_data, by=admin).save()


def _answer(rng, q, order, ability):
    """What a candidate of the given ability answers, in the bank's letters (None: left blank)."""
    if rng.random() < 0.04:
        return None
    right = rng.random() < ability
    if q.type == QuestionType.SHORT:
        return ["结合本支部实际，党员大会每季度召开，支委会和党小组会每月召开，党课每季度至少一次。"]
    if q.type == QuestionType.TRUEFALSE:
        return list(q.answer) if right else [not q.answer[0]]
    if q.type == QuestionType.FILL:
        return [a.split("|")[0] for a in q.answer] if right else ["不清楚"] * len(q.answer)
    if right:
        return list(q.answer)
    wrong = [exams.LETTERS[i] for i in range(len(q.options)) if exams.LETTERS[i] not in q.answer]
    if q.type == QuestionType.MULTIPLE and (not wrong or rng.random() < 0.5):
        return sorted(q.answer[:-1])  # one right option missed
    return [rng.choice(wrong)]


def _sit(exam, person, ability, rng, now):
    """One attempt through the exam's draw and marking (for members without an account)."""
    paper = exams.draw(exam, rng=rng)
    attempt = Attempt.objects.create(
        exam=exam,
        person=person,
        number=Attempt.objects.filter(exam=exam, person=person).count() + 1,
        started_at=now,
        deadline=now + datetime.timedelta(minutes=exam.minutes),
    )
    AttemptItem.objects.bulk_create(
        AttemptItem(
            attempt=attempt,
            question=q,
            position=i,
            order=order,
            points=points,
            answer=_answer(rng, q, order, ability),
        )
        for i, (q, points, order) in enumerate(paper, 1)
    )
    actions_exams.finish(attempt, by=None)
    attempt.save()
    return attempt


def build(world):
    committee, u = world["committee"], world["users"]
    admin = u["committee"]
    rng = random.Random(13)
    _bank(committee, admin)
    now = timezone.now().replace(second=0, microsecond=0)

    closed = actions_exams.create_exam(
        by=admin,
        publish=True,
        data={
            "org": committee.pk,
            "title": "党章和支部工作条例知识测试",
            "description": "全体党员参加。闭卷作答，限时40分钟，每人可考两次，取最高分。",
            "opens": now - datetime.timedelta(minutes=5),
            "closes": now + datetime.timedelta(days=1),
            "minutes": 40,
            "attempts": 2,
            "pass_mark": 60,
            "review": "after_close",
            "hours": 2,
            "blueprint": CLOSED_BLUEPRINT,
        },
    )
    sat = []
    for name in ("member1", "member2", "secretary1", "secretary2"):
        user = u[name]
        attempt, _ = actions_exams.start_attempt(closed, by=user, rng=rng)
        answers = {}
        for it in attempt.items.select_related("question"):
            stored = _answer(rng, it.question, it.order, 0.8 if name.startswith("secretary") else 0.7)
            if stored is None:
                continue
            if it.question.type in exams.CHOICE_TYPES:
                stored = exams.to_shown(it.order, stored)
            answers[str(it.question_id)] = stored
        actions_exams.save_answers(attempt, answers, by=user)
        sat.append(actions_exams.submit(attempt, by=user))
    branch = world["stats_branch"]
    members = [
        p for p in branch.people.filter(status="active").order_by("pk") if p.pk not in {a.person_id for a in sat}
    ]
    for i, person in enumerate(members[:14]):
        sat.append(_sit(closed, person, 0.45 + (i % 6) * 0.08, rng, now))
    for attempt in Attempt.objects.filter(exam=closed, state=AttemptState.MARKING).order_by("pk"):
        items = attempt.items.filter(question__type=QuestionType.SHORT)
        data = {f"score_{it.pk}": str(Decimal(rng.choice([6, 8, 9, 10, 12]))) for it in items}
        workflow.run(attempt, "mark", by=admin, data=data)
    # The window closed last month: move the exam and its attempts back (the marks, hours and 错题本 stand).
    back = datetime.timedelta(days=30)
    Exam.objects.filter(pk=closed.pk).update(opens=closed.opens - back, closes=now - back + datetime.timedelta(days=7))
    for a in Attempt.objects.filter(exam=closed):
        Attempt.objects.filter(pk=a.pk).update(
            started_at=a.started_at - back,
            deadline=a.deadline - back,
            submitted_at=(a.submitted_at or now) - back,
        )
    from .models import HourEntry

    day = timezone.localtime(now - back, dates.SHANGHAI).date()
    HourEntry.objects.filter(source="exam", ref=closed.pk).update(date=day, year=day.year)
    Mistake.objects.filter(exam=closed).update(last_wrong_at=now - back)

    actions_exams.create_exam(
        by=admin,
        publish=True,
        data={
            "org": committee.pk,
            "title": "《支部工作条例》应知应会测试",
            "description": "本月内完成，限时30分钟；交卷后即可查看答案和解析，答错的题进入错题本。",
            "opens": now - datetime.timedelta(days=2),
            "closes": now + datetime.timedelta(days=28),
            "minutes": 30,
            "attempts": 3,
            "pass_mark": 80,
            "review": "after_submit",
            "hours": 1,
            "blueprint": OPEN_BLUEPRINT,
        },
    )
    world["exams"] = {"closed": closed}
