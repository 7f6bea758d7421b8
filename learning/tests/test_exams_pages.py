"""网上考试's pages: a member takes an exam on the page (answers saved, submitted, score and review, 错题本 and
practice), the author's results (pinned queries), item analysis, hand-marking, bank and exam forms; scope 404."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.testing import make_person, make_user
from learning.models import Attempt, Exam, Mistake
from learning.tests.test_exams_api import exam_body, make_bank, start

pytestmark = pytest.mark.django_db


@pytest.fixture
def bank(world):
    return make_bank(world.committee)


@pytest.fixture
def exam(api, committee_admin, world, bank):
    return api(committee_admin).post("learning/exams", exam_body(world.committee)).json()


def test_a_member_takes_the_exam_on_the_page_and_sees_her_score_review_and_mistakes(client, exam, branch_member):
    client.force_login(branch_member)
    assert exam["title"] in client.get(reverse("learning:exam_list")).content.decode()
    page = client.get(reverse("learning:exam_detail", args=[exam["id"]]))
    assert 'data-testid="start-exam"' in page.content.decode()
    r = client.post(reverse("learning:exam_start", args=[exam["id"]]))
    attempt = Attempt.objects.get(person=branch_member.person)
    assert r.status_code == 302 and r.url == reverse("learning:attempt", args=[attempt.pk])
    html = client.get(r.url).content.decode()
    assert html.count('data-testid="question"') == 10 and 'data-testid="timer"' in html
    items = list(attempt.items.select_related("question").order_by("position"))
    first = items[0]
    shown_right = "ABCD"[first.order.index(0)]  # the bank's A (the key of every single choice in the bank)
    tf = next(it for it in items if it.question.type == "truefalse")
    fill = next(it for it in items if it.question.type == "fill")
    data = {
        f"q{first.question_id}": shown_right,
        f"q{tf.question_id}": "true",
        f"q{fill.question_id}": ["民主集中制", "三"],
    }
    r = client.post(reverse("learning:attempt", args=[attempt.pk]), {**data, "op": "save"})
    assert r.status_code == 302
    # Resuming shows what was saved.
    html = client.get(reverse("learning:attempt", args=[attempt.pk])).content.decode()
    assert 'value="民主集中制"' in html
    r = client.post(reverse("learning:attempt", args=[attempt.pk]), {**data, "op": "submit"})
    attempt.refresh_from_db()
    assert attempt.state == "done" and str(attempt.score) == "4.0"
    html = client.get(reverse("learning:attempt", args=[attempt.pk])).content.decode()
    assert 'data-testid="score">4<' in html and "未通过" in html
    assert html.count('data-testid="review-question"') == 10 and "解析" in html
    mistakes = client.get(reverse("learning:mistakes")).content.decode()
    assert mistakes.count('data-testid="mistake"') == 7
    m = Mistake.objects.filter(person=branch_member.person, question__type="truefalse").first()
    if m is None:
        m = Mistake.objects.filter(person=branch_member.person, question__type="single").first()
        answer = "A"
    else:
        answer = "true"
    r = client.post(reverse("learning:mistake_practice", args=[m.pk]), {"answer": answer})
    assert "回答正确，已掌握" in r.content.decode()


def test_a_late_post_is_refused_and_the_page_shows_the_auto_submitted_result(client, exam, api, branch_member):
    att = start(api, branch_member, exam["id"]).json()
    Attempt.objects.filter(pk=att["id"]).update(deadline=timezone.now() - datetime.timedelta(seconds=5))
    client.force_login(branch_member)
    r = client.post(reverse("learning:attempt", args=[att["id"]]), {"op": "submit"}, follow=True)
    html = r.content.decode()
    assert "答题时间到，系统已按保存的答案自动交卷" in html and 'data-testid="score"' in html


def test_the_results_page_keeps_its_queries_however_many_attempts(
    client, exam, api, world, committee_admin, django_assert_max_num_queries
):
    people = [make_person(world.branch_a, f"考生{i}", seq=300 + i) for i in range(6)]
    users = [make_user(f"c{i}", person=p, roles=[("member", world.branch_a)]) for i, p in enumerate(people)]
    for u in users:
        att = start(api, u, exam["id"]).json()
        api(u).post(f"learning/attempts/{att['id']}/submit")
    client.force_login(committee_admin)
    url = reverse("learning:exam_results", args=[exam["id"]])
    client.get(url)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(22):  # the layout's own (sidebar, to-dos) and three of the results
        r = client.get(url)
    assert r.content.decode().count('data-testid="result-row"') == 6
    analysis = client.get(reverse("learning:exam_analysis", args=[exam["id"]]))
    assert analysis.status_code == 200 and 'data-testid="analysis-row"' in analysis.content.decode()


def test_hand_marking_on_the_page(client, api, committee_admin, world, bank, branch_member):
    body = exam_body(world.committee, pass_mark="3", blueprint=[{"type": "short", "count": 1, "points": "5"}])
    exam = api(committee_admin).post("learning/exams", body).json()
    att = start(api, branch_member, exam["id"]).json()
    api(branch_member).put(
        f"learning/attempts/{att['id']}/answers", {"answers": {str(att["questions"][0]["id"]): ["我的回答"]}}
    )
    api(branch_member).post(f"learning/attempts/{att['id']}/submit")
    client.force_login(committee_admin)
    assert 'data-testid="mark-link"' in client.get(reverse("learning:exam_results", args=[exam["id"]])).content.decode()
    a = Attempt.objects.get(pk=att["id"])
    item = a.items.get()
    url = reverse("learning:attempt_mark", args=[a.pk])
    assert "我的回答" in client.get(url).content.decode()
    r = client.post(url, {f"score_{item.pk}": "9"})
    assert r.status_code == 200 and "5" in r.content.decode()
    r = client.post(url, {f"score_{item.pk}": "4"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert a.state == "done" and a.passed and str(a.score) == "4.0"


def test_the_author_creates_edits_and_publishes_an_exam_on_the_pages(client, committee_admin, world, bank):
    client.force_login(committee_admin)
    data = {
        "org": world.committee.pk,
        "title": "支部工作条例测试",
        "opens": "2026-12-01T09:00",
        "closes": "2026-12-31T18:00",
        "minutes": "20",
        "attempts": "2",
        "pass_mark": "6",
        "review": "after_close",
        "hours": "1",
        "blueprint": "单选题|支部工作条例||5|2\n判断题|||2|1",
    }
    r = client.post(reverse("learning:exam_new"), data)
    assert r.status_code == 302, r.content.decode()[:3000]
    exam = Exam.objects.get(title="支部工作条例测试")
    assert exam.state == "draft" and exam.total == 12
    html = client.get(reverse("learning:exam_edit", args=[exam.pk])).content.decode()
    assert "单选题|支部工作条例||5|2" in html and 'value="2026-12-01T09:00"' in html
    r = client.post(reverse("learning:exam_transition", args=[exam.pk, "publish"]))
    exam.refresh_from_db()
    assert exam.state == "published"
    r = client.post(reverse("learning:exam_new"), {**data, "blueprint": "单选题|支部工作条例||50|2"})
    assert r.status_code == 200 and "题库中只有 10 道可用" in r.content.decode()


def test_bank_pages(client, committee_admin, world, bank):
    client.force_login(committee_admin)
    html = client.get(reverse("learning:question_list") + f"?org={world.committee.pk}&type=single").content.decode()
    assert html.count('data-testid="question-row"') == 20
    r = client.post(
        reverse("learning:question_new") + f"?org={world.committee.pk}",
        {
            "org": world.committee.pk,
            "type": "truefalse",
            "topic": "党章",
            "difficulty": "1",
            "stem": "新题",
            "answer": "错",
        },
    )
    assert r.status_code == 302
    q = bank[0]
    assert "对0" in client.get(reverse("learning:question_edit", args=[q.pk])).content.decode()


def test_scope_pages_answer_404_across_branches(client, api, exam, branch_member, outsider, world):
    att = start(api, branch_member, exam["id"]).json()
    client.force_login(outsider)
    assert client.get(reverse("learning:attempt", args=[att["id"]])).status_code == 404
    assert client.get(reverse("learning:attempt_mark", args=[att["id"]])).status_code == 404
    assert client.get(reverse("learning:exam_results", args=[exam["id"]])).status_code == 403
    assert client.get(reverse("learning:question_list") + f"?org={world.committee.pk}").status_code == 404
    client.force_login(branch_member)
    assert client.get(reverse("learning:question_list")).status_code == 403
