"""网上考试 through the API: each candidate draws her own paper by the blueprint, the server keeps the time (a late
answer is refused and the attempt closed with what was saved), marking per type, the attempts limit, hand-marking,
hours for a pass, the 错题本, and the scope boundary."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from core.models import AuditEvent
from core.testing import make_person, make_user
from learning.models import Attempt, AttemptItem, HourEntry, Mistake, Question

pytestmark = pytest.mark.django_db

TOPICS = ["党章", "支部工作条例"]


def make_bank(org, *, single=20, multiple=8, truefalse=10, fill=6, short=2):
    """A bank with stems numbered by type; every single choice's key is A, multiple AC, true/false 对."""
    out = []
    for i in range(single):
        out.append(
            Question(
                org=org,
                type="single",
                topic=TOPICS[i % 2],
                difficulty=1 + i % 5,
                stem=f"单选{i}",
                options=[f"对{i}", f"错{i}甲", f"错{i}乙", f"错{i}丙"],
                answer=["A"],
                explanation=f"解析{i}",
            )
        )
    for i in range(multiple):
        out.append(
            Question(
                org=org,
                type="multiple",
                topic=TOPICS[i % 2],
                stem=f"多选{i}",
                options=["甲", "乙", "丙", "丁"],
                answer=["A", "C"],
            )
        )
    for i in range(truefalse):
        out.append(Question(org=org, type="truefalse", topic=TOPICS[i % 2], stem=f"判断{i}", answer=[True]))
    for i in range(fill):
        out.append(
            Question(
                org=org, type="fill", topic=TOPICS[i % 2], stem=f"填空{i}（ ）（ ）", answer=["民主集中制", "三|3"]
            )
        )
    for i in range(short):
        out.append(Question(org=org, type="short", topic="党章", stem=f"简答{i}", answer=["参考答案"]))
    return Question.objects.bulk_create(out)


def exam_body(org, **over):
    now = timezone.now()
    body = {
        "org": org.pk,
        "title": "党章知识测试",
        "opens": (now - datetime.timedelta(hours=1)).isoformat(),
        "closes": (now + datetime.timedelta(days=3)).isoformat(),
        "minutes": 30,
        "attempts": 3,
        "pass_mark": "6",
        "review": "after_submit",
        "hours": "2",
        "blueprint": [
            {"type": "single", "topic": "党章", "count": 4, "points": "1"},
            {"type": "single", "count": 3, "points": "1"},
            {"type": "multiple", "count": 1, "points": "2"},
            {"type": "truefalse", "count": 1, "points": "1"},
            {"type": "fill", "count": 1, "points": "2"},
        ],
    }
    body.update(over)
    return body


@pytest.fixture
def bank(world):
    return make_bank(world.committee)


@pytest.fixture
def exam(api, committee_admin, world, bank):
    r = api(committee_admin).post("learning/exams", exam_body(world.committee))
    assert r.status_code == 201, r.content
    return r.json()


def start(api, user, exam_id):
    return api(user).post(f"learning/exams/{exam_id}/attempts")


def key_in_her_letters(q):
    """The right answer of a drawn question, in the letters this candidate sees."""
    bank = Question.objects.get(pk=q["id"])
    if bank.type in ("single", "multiple"):
        return sorted("ABCDEFGH"[q["options"].index(bank.options["ABCDEFGH".index(x)])] for x in bank.answer)
    if bank.type == "fill":
        return ["民主集中制", "3"]
    return bank.answer


def test_two_candidates_draw_different_papers_that_match_the_blueprint(api, exam, branch_member, branch_secretary):
    a = start(api, branch_member, exam["id"])
    b = start(api, branch_secretary, exam["id"])
    assert a.status_code == b.status_code == 201, (a.content, b.content)
    papers = []
    for r in (a, b):
        qs = r.json()["questions"]
        bank = Question.objects.in_bulk([q["id"] for q in qs])
        kinds = [bank[q["id"]].type for q in qs]
        assert kinds == ["single"] * 7 + ["multiple", "truefalse", "fill"]
        assert [bank[q["id"]].topic for q in qs[:4]] == ["党章"] * 4  # the topic row
        assert len({q["id"] for q in qs}) == 10  # no question twice
        for q in qs:  # options shown are the bank's, in some order
            assert sorted(q["options"]) == sorted(bank[q["id"]].options)
        papers.append([(q["id"], tuple(q["options"])) for q in qs])
    assert papers[0] != papers[1]
    assert {q[0] for q in papers[0]} != {q[0] for q in papers[1]}


def test_an_interrupted_exam_resumes_with_the_same_questions_order_and_deadline(api, exam, branch_member):
    first = start(api, branch_member, exam["id"]).json()
    again = start(api, branch_member, exam["id"])
    assert again.status_code == 200
    assert again.json()["questions"] == first["questions"]
    assert again.json()["deadline"] == first["deadline"]
    assert 0 < again.json()["remaining_seconds"] <= 30 * 60
    got = api(branch_member).get(f"learning/attempts/{first['id']}").json()
    assert [q["options"] for q in got["questions"]] == [q["options"] for q in first["questions"]]
    assert "key" not in got["questions"][0] or got["questions"][0]["key"] is None  # no answers while answering


def test_a_full_paper_scores_full_marks_passes_and_credits_the_exam_hours_once(api, exam, branch_member):
    att = start(api, branch_member, exam["id"]).json()
    answers = {str(q["id"]): key_in_her_letters(q) for q in att["questions"]}
    r = api(branch_member).put(f"learning/attempts/{att['id']}/answers", {"answers": answers})
    assert r.status_code == 200, r.content
    r = api(branch_member).post(f"learning/attempts/{att['id']}/submit")
    assert r.status_code == 200, r.content
    assert r.json()["score"] == "12.0" and r.json()["passed"] is True
    entry = HourEntry.objects.get(source="exam", ref=exam["id"], person=branch_member.person)
    assert entry.hours == Decimal("2.0")
    # A second pass does not double the hours.
    att2 = start(api, branch_member, exam["id"]).json()
    api(branch_member).put(
        f"learning/attempts/{att2['id']}/answers",
        {"answers": {str(q["id"]): key_in_her_letters(q) for q in att2["questions"]}},
    )
    api(branch_member).post(f"learning/attempts/{att2['id']}/submit")
    assert HourEntry.objects.filter(source="exam", ref=exam["id"], person=branch_member.person).count() == 1
    # Answers are shown after submission (review after_submit).
    got = api(branch_member).get(f"learning/attempts/{att['id']}").json()
    assert got["review"] is True and got["questions"][0]["key"] == key_in_her_letters(got["questions"][0])


def test_an_answer_after_the_deadline_is_refused_and_the_attempt_closed_with_what_was_saved(api, exam, branch_member):
    att = start(api, branch_member, exam["id"]).json()
    qs = att["questions"]
    saved = {str(qs[0]["id"]): key_in_her_letters(qs[0])}
    assert api(branch_member).put(f"learning/attempts/{att['id']}/answers", {"answers": saved}).status_code == 200
    Attempt.objects.filter(pk=att["id"]).update(deadline=timezone.now() - datetime.timedelta(seconds=1))
    late = {str(q["id"]): key_in_her_letters(q) for q in qs}
    r = api(branch_member).put(f"learning/attempts/{att['id']}/answers", {"answers": late})
    assert r.status_code == 409
    assert "自动交卷" in r.json()["detail"]
    a = Attempt.objects.get(pk=att["id"])
    assert a.state == "done" and a.auto_submitted and a.score == Decimal("1.0") and a.passed is False
    assert AttemptItem.objects.filter(attempt=a).exclude(answer=None).count() == 1  # the late ones were not kept
    assert AuditEvent.objects.filter(action="learning.attempt.expire").count() == 1
    # Submitting now changes nothing.
    r = api(branch_member).post(f"learning/attempts/{att['id']}/submit")
    assert r.status_code == 200 and r.json()["score"] == "1.0" and r.json()["auto_submitted"] is True


def test_an_attempt_nobody_submits_is_closed_by_the_first_read_after_its_deadline(
    api, exam, branch_member, committee_admin
):
    att = start(api, branch_member, exam["id"]).json()
    Attempt.objects.filter(pk=att["id"]).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    r = api(committee_admin).get(f"learning/exams/{exam['id']}/results")
    assert r.status_code == 200
    assert r.json()["items"][0]["state"] == "done" and r.json()["items"][0]["auto_submitted"] is True
    assert Attempt.objects.get(pk=att["id"]).score == Decimal("0")


def test_a_fourth_attempt_past_a_limit_of_three_is_refused(api, exam, branch_member):
    for _ in range(3):
        att = start(api, branch_member, exam["id"])
        assert att.status_code == 201, att.content
        assert api(branch_member).post(f"learning/attempts/{att.json()['id']}/submit").status_code == 200
    r = start(api, branch_member, exam["id"])
    assert r.status_code == 409
    assert "最多可参加 3 次" in r.json()["detail"]
    assert Attempt.objects.filter(person=branch_member.person).count() == 3


def test_outside_the_window_no_attempt_starts(api, committee_admin, world, bank, branch_member):
    now = timezone.now()
    body = exam_body(
        world.committee,
        opens=(now + datetime.timedelta(days=1)).isoformat(),
        closes=(now + datetime.timedelta(days=2)).isoformat(),
    )
    exam = api(committee_admin).post("learning/exams", body).json()
    r = start(api, branch_member, exam["id"])
    assert r.status_code == 409 and r.json()["detail"] == "考试尚未开始。"


def test_a_blueprint_the_bank_cannot_fill_is_refused_with_the_row(api, committee_admin, world, bank):
    body = exam_body(world.committee, blueprint=[{"type": "multiple", "topic": "党章", "count": 9, "points": "2"}])
    r = api(committee_admin).post("learning/exams", body)
    assert r.status_code == 422
    assert r.json()["detail"] == "组卷规则第1行（多选题 · 党章）需要 9 道题，题库中只有 4 道可用。"


def test_bad_exam_input_gets_chinese_messages(api, committee_admin, world, bank):
    now = timezone.now()
    r = api(committee_admin).post(
        "learning/exams", exam_body(world.committee, closes=(now - datetime.timedelta(days=2)).isoformat())
    )
    assert r.status_code == 422 and "截止时间应晚于开始时间" in r.content.decode()
    r = api(committee_admin).post("learning/exams", exam_body(world.committee, pass_mark="99"))
    assert r.status_code == 422 and "及格分不能高于试卷总分（12分）" in r.content.decode()
    r = api(committee_admin).post(
        "learning/exams", exam_body(world.committee, blueprint=[{"type": "essay", "count": 1, "points": "1"}])
    )
    assert r.status_code == 422 and "题型应为" in r.content.decode()


def test_a_bad_answer_is_refused_naming_the_question(api, exam, branch_member):
    att = start(api, branch_member, exam["id"]).json()
    single = att["questions"][0]
    r = api(branch_member).put(f"learning/attempts/{att['id']}/answers", {"answers": {str(single["id"]): ["A", "B"]}})
    assert r.status_code == 422 and r.json()["detail"] == "第1题：单选题只能选一项。"
    r = api(branch_member).put(f"learning/attempts/{att['id']}/answers", {"answers": {"999999": ["A"]}})
    assert r.status_code == 422 and r.json()["detail"] == "本答卷中没有该试题。"


def test_short_answers_wait_for_hand_marking_then_the_result_and_mistakes_follow(
    api, committee_admin, world, bank, branch_member
):
    body = exam_body(
        world.committee,
        pass_mark="5",
        blueprint=[
            {"type": "truefalse", "count": 2, "points": "2"},
            {"type": "short", "count": 1, "points": "6"},
        ],
    )
    exam = api(committee_admin).post("learning/exams", body).json()
    att = start(api, branch_member, exam["id"]).json()
    tf, _tf2, short = att["questions"]
    answers = {str(tf["id"]): [True], str(short["id"]): ["坚持民主集中制"]}  # the second true/false left blank
    api(branch_member).put(f"learning/attempts/{att['id']}/answers", {"answers": answers})
    r = api(branch_member).post(f"learning/attempts/{att['id']}/submit")
    assert r.json() == {
        "id": att["id"],
        "state": "marking",
        "score": "2.0",
        "passed": None,
        "auto_submitted": False,
        "waiting_for_marking": True,
    }
    # The candidate may not mark her own paper; the author may, within the points.
    assert (
        api(branch_member).post(f"learning/attempts/{att['id']}/marks", {"scores": {str(short["id"]): "6"}}).status_code
        == 403
    )
    r = api(committee_admin).post(f"learning/attempts/{att['id']}/marks", {"scores": {str(short["id"]): "7"}})
    assert r.status_code == 422
    r = api(committee_admin).post(f"learning/attempts/{att['id']}/marks", {"scores": {str(short["id"]): "4"}})
    assert r.status_code == 200, r.content
    assert r.json()["score"] == "6.0" and r.json()["passed"] is True and r.json()["state"] == "done"
    # Her 错题本 has the blank true/false and the short answer not given full marks.
    mistakes = api(branch_member).get("learning/mistakes").json()
    assert {m["question"]["id"] for m in mistakes["items"]} == {_tf2["id"], short["id"]}
    # Practising the true/false right masters it.
    m = next(m for m in mistakes["items"] if m["question"]["id"] == _tf2["id"])
    r = api(branch_member).post(f"learning/mistakes/{m['id']}/practice", {"answer": [False]})
    assert r.json()["correct"] is False and r.json()["mastered"] is False
    r = api(branch_member).post(f"learning/mistakes/{m['id']}/practice", {"answer": [True]})
    assert r.json()["correct"] is True and r.json()["mastered"] is True


def test_an_exam_that_shows_answers_only_after_closing_keeps_them_and_the_mistakes_until_then(
    api, committee_admin, world, bank, branch_member
):
    exam = api(committee_admin).post("learning/exams", exam_body(world.committee, review="after_close")).json()
    att = start(api, branch_member, exam["id"]).json()
    api(branch_member).post(f"learning/attempts/{att['id']}/submit")
    got = api(branch_member).get(f"learning/attempts/{att['id']}").json()
    assert got["review"] is False and got["questions"][0].get("key") is None
    assert api(branch_member).get("learning/mistakes").json()["count"] == 0
    assert Mistake.objects.filter(person=branch_member.person).count() == 10


def test_scope_another_branch_cannot_read_or_take_or_answer(api, exam, branch_member, outsider, world):
    att = start(api, branch_member, exam["id"]).json()
    # Branch B's admin (under the same 工委) is a candidate of the 工委's exam but never reads A's attempt.
    for call in (
        lambda c: c.get(f"learning/attempts/{att['id']}"),
        lambda c: c.put(f"learning/attempts/{att['id']}/answers", {"answers": {}}),
        lambda c: c.post(f"learning/attempts/{att['id']}/submit"),
        lambda c: c.post(f"learning/attempts/{att['id']}/marks", {"scores": {}}),
        lambda c: c.get(f"learning/exams/{exam['id']}/results"),
    ):
        r = call(api(outsider))
        assert r.status_code in (403, 404), r.content
    assert api(outsider).get(f"learning/attempts/{att['id']}").status_code == 404
    # A branch A exam is not B's: 404 like a missing one.
    b_exam = api(world.users["branch_secretary"]).post("learning/exams", exam_body(world.branch_a)).json()
    assert api(outsider).get(f"learning/exams/{b_exam['id']}").status_code == 404
    assert api(outsider).post(f"learning/exams/{b_exam['id']}/attempts").status_code == 404
    assert api(outsider).get("learning/exams/999999").status_code == 404


def test_a_member_sees_no_draft_and_no_bank(api, committee_admin, world, bank, branch_member):
    draft = api(committee_admin).post("learning/exams", exam_body(world.committee, draft=True)).json()
    assert draft["state"] == "draft" and "publish" in draft["actions"]
    assert api(branch_member).get(f"learning/exams/{draft['id']}").status_code == 404
    assert api(branch_member).get("learning/questions").json()["count"] == 0
    assert api(branch_member).get(f"learning/questions/{bank[0].pk}").status_code == 404
    r = api(committee_admin).post(f"learning/exams/{draft['id']}/transition", {"action": "publish"})
    assert r.status_code == 200 and r.json()["state"] == "published"
    assert api(branch_member).get(f"learning/exams/{draft['id']}").status_code == 200


def test_a_member_cannot_add_questions_and_the_system_roles_cannot_either(api, world, branch_member, sysadmin):
    body = {
        "org": world.branch_a.pk,
        "type": "single",
        "topic": "党章",
        "stem": "题",
        "options": ["甲", "乙"],
        "answer": ["A"],
    }
    assert api(branch_member).post("learning/questions", body).status_code in (403, 422)
    assert api(sysadmin).post("learning/questions", body).status_code in (403, 422)
    assert Question.objects.count() == 0


def test_questions_of_each_type_are_created_with_their_answers(api, branch_secretary, world):
    base = {"org": world.branch_a.pk, "topic": "党章", "difficulty": 2, "explanation": "见党章"}
    cases = [
        ({"type": "single", "stem": "单", "options": ["甲", "乙", "丙"], "answer": ["b"]}, ["B"]),
        ({"type": "multiple", "stem": "多", "options": ["甲", "乙", "丙"], "answer": ["C", "A"]}, ["A", "C"]),
        ({"type": "truefalse", "stem": "判", "answer": [False]}, [False]),
        ({"type": "fill", "stem": "填（ ）", "answer": ["民主集中制|民主集中"]}, ["民主集中制|民主集中"]),
        ({"type": "short", "stem": "简", "answer": ["要点"]}, ["要点"]),
    ]
    for body, stored in cases:
        r = api(branch_secretary).post("learning/questions", {**base, **body})
        assert r.status_code == 201, r.content
        assert r.json()["answer"] == stored
    r = api(branch_secretary).post(
        "learning/questions", {**base, "type": "single", "stem": "x", "options": ["甲", "乙"], "answer": ["C"]}
    )
    assert r.status_code == 422 and "选项字母" in r.json()["detail"]
    r = api(branch_secretary).post(
        "learning/questions", {**base, "type": "multiple", "stem": "x", "options": ["甲", "乙"], "answer": ["A"]}
    )
    assert r.status_code == 422 and "至少有两个正确答案" in r.json()["detail"]


def test_the_item_analysis_gives_difficulty_discrimination_and_the_most_chosen_wrong_option(
    api, committee_admin, world, bank
):
    body = exam_body(
        world.committee, attempts=1, blueprint=[{"type": "single", "topic": "党章", "count": 10, "points": "1"}]
    )
    exam = api(committee_admin).post("learning/exams", body).json()
    people = [make_person(world.branch_a, f"考生{i}", seq=200 + i) for i in range(4)]
    users = [make_user(f"cand{i}", person=p, roles=[("member", world.branch_a)]) for i, p in enumerate(people)]
    for n, u in enumerate(users):
        att = start(api, u, exam["id"]).json()
        answers = {}
        for q in att["questions"]:
            right = key_in_her_letters(q)
            if n >= 2:  # two all right, two all wrong
                answers[str(q["id"])] = right
            else:  # the wrong option shown at the place of the bank's B
                bank_q = Question.objects.get(pk=q["id"])
                answers[str(q["id"])] = ["ABCD"[q["options"].index(bank_q.options[1])]]
        api(u).put(f"learning/attempts/{att['id']}/answers", {"answers": answers})
        api(u).post(f"learning/attempts/{att['id']}/submit")
    stats = api(committee_admin).get(f"learning/exams/{exam['id']}/analysis").json()["items"]
    assert len(stats) == 10 and all(s["answered"] == 4 for s in stats)
    assert all(s["wrong_choice"].startswith("B. 错") and s["wrong_count"] == 2 for s in stats)
    assert {s["difficulty"] for s in stats} == {"50.0"}
    # The best candidate (all right) against the worst (all wrong): every question discriminates fully.
    assert {s["discrimination"] for s in stats} == {"1.00"}


def test_the_assessment_measure_gives_the_pass_rate_of_the_exams_closed_in_the_period(
    api, exam, branch_member, branch_secretary, world
):
    from assessments import sources

    for user, right in ((branch_member, True), (branch_secretary, False)):
        att = start(api, user, exam["id"]).json()
        if right:
            answers = {str(q["id"]): key_in_her_letters(q) for q in att["questions"]}
            api(user).put(f"learning/attempts/{att['id']}/answers", {"answers": answers})
        api(user).post(f"learning/attempts/{att['id']}/submit")
    source = sources.get("learning.exam_pass")
    closes = timezone.localtime(Attempt.objects.first().exam.closes).date()
    m = source.fn(world.branch_a, closes - datetime.timedelta(days=30), closes)
    assert (m.value, m.detail) == (Decimal(50), "参考2人次，通过1人次")
    m = source.fn(world.branch_b, closes - datetime.timedelta(days=30), closes)
    assert m.value is None
    assert (
        source.fn(world.branch_a, closes + datetime.timedelta(days=1), closes + datetime.timedelta(days=9)).value
        is None
    )
