"""Browser flows of 网上考试 at 1280 and 375 px: a member takes an exam on her phone (her own paper, a reload
resumes it unchanged), hands it in, sees her score with the answers and 解析, then her 错题本 and a practice; an
admin imports questions from .xlsx — a sheet with one bad row is refused whole, the corrected one goes in."""

import json
import pathlib

import pytest
from django.utils import timezone

from learning import actions_exams
from learning.models import Attempt, Mistake, Question
from learning.tests.test_exams_api import exam_body, make_bank
from learning.tests.xlsx_exams import BAD_ROW, GOOD, xlsx

SHOTS = pathlib.Path("/tmp/learn-b-shots")


def _confirm(page, label):
    dialog = page.locator("#confirm-modal")
    dialog.wait_for(state="visible")
    dialog.get_by_role("button", name=label).click()
    page.wait_for_load_state("domcontentloaded")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_member_takes_an_exam_and_sees_her_score_and_mistakes(e2e_world, page, login, nav, width):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    w = e2e_world
    make_bank(w.committee)
    body = exam_body(w.committee)
    body["blueprint"] = json.dumps(body["blueprint"])
    exam = actions_exams.create_exam(by=w.users["committee_admin"], data=body, publish=True)

    login("member_a")
    nav("网上考试")
    page.locator(f"[data-testid=my-exam][data-exam='{exam.pk}']").click()
    page.wait_for_load_state("domcontentloaded")
    page.click("[data-testid=start-exam]")
    _confirm(page, "开始考试")
    questions = page.locator("[data-testid=question]")
    assert questions.count() == 10
    assert "剩余时间" in page.locator("[data-testid=timer]").inner_text()
    order = [questions.nth(i).get_attribute("data-question") for i in range(10)]
    # Answer the first question, save, reload: the same paper with the answer kept (an interrupted exam resumes).
    questions.nth(0).locator("[data-testid=option]").first.click()
    page.click("[data-testid=save-answers]")
    page.wait_for_load_state("domcontentloaded")
    page.reload()
    questions = page.locator("[data-testid=question]")
    assert [questions.nth(i).get_attribute("data-question") for i in range(10)] == order
    assert questions.nth(0).locator("input:checked").count() == 1
    for i in range(1, 10):
        q = questions.nth(i)
        if q.get_attribute("data-type") == "fill":
            for box in q.locator("input[type=text]").all():
                box.fill("不知道")
        else:
            q.locator("[data-testid=option]").first.click()
    if width == 375:
        box = questions.nth(1).locator("[data-testid=option]").first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 300  # a whole-row touch target
    page.screenshot(path=str(SHOTS / f"attempt-{width}.png"), full_page=True)
    page.click("[data-testid=submit-exam]")
    _confirm(page, "交卷")

    attempt = Attempt.objects.get(exam=exam)
    assert attempt.state == "done" and attempt.submitted_at <= timezone.now()
    assert page.locator("[data-testid=score]").inner_text() == f"{attempt.score.normalize():f}"
    assert page.locator("[data-testid=review-question]").count() == 10
    assert page.locator("[data-testid=review-question][data-correct='0']").count() >= 1  # the fill-in at least
    page.screenshot(path=str(SHOTS / f"result-{width}.png"), full_page=True)

    page.click("[data-testid=mistakes-link]")
    page.wait_for_load_state("domcontentloaded")
    wrong = Mistake.objects.filter(person=w.people["member"]).count()
    assert wrong >= 1 and page.locator("[data-testid=mistake]").count() == wrong
    page.screenshot(path=str(SHOTS / f"mistakes-{width}.png"), full_page=True)
    page.locator("[data-testid=mistake]").first.click()
    page.wait_for_load_state("domcontentloaded")
    card = page.locator("[data-testid=practice-card]")
    if card.locator("[data-testid=option]").count():
        card.locator("[data-testid=option]").first.click()
    else:
        card.locator("input[type=text]").first.fill("民主集中制")
    page.click("[data-testid=check-answer]")
    page.wait_for_load_state("domcontentloaded")
    assert "回答" in page.locator("[data-testid=practice-result]").inner_text()
    page.screenshot(path=str(SHOTS / f"practice-{width}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_an_admin_imports_questions_and_one_bad_row_refuses_the_file(e2e_world, page, login, nav, tmp_path, width):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    bad, good = tmp_path / "试题（有错）.xlsx", tmp_path / "试题.xlsx"
    bad.write_bytes(xlsx([*GOOD, BAD_ROW]))
    good.write_bytes(xlsx(GOOD))

    login("committee")
    nav("题库")
    page.click("[data-testid=import-link]")
    page.wait_for_load_state("domcontentloaded")
    with page.expect_download() as download:
        page.click("[data-testid=import-template]")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.locator("input[type=file][name=file]").set_input_files(str(bad))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=preview-row]").count() == 6
    bad_row = page.locator("[data-testid=preview-row].import-bad-row")
    assert bad_row.count() == 1
    assert "答案应为选项字母 A、B 中的字母" in bad_row.inner_text() and "难度不能大于5" in bad_row.inner_text()
    assert "本次未导入任何数据" in page.content()
    assert page.get_by_role("button", name="确认导入").count() == 0
    page.screenshot(path=str(SHOTS / f"import-refused-{width}.png"), full_page=True)
    assert not Question.objects.exists()

    page.locator("input[type=file][name=file]").set_input_files(str(good))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state("domcontentloaded")
    page.get_by_role("button", name="确认导入 5 道试题").click()
    page.wait_for_load_state("domcontentloaded")
    assert "5" in page.locator("[data-testid=import-result]").inner_text()
    assert Question.objects.filter(org=e2e_world.committee).count() == 5
    page.goto(f"{page.base}/learning/questions/?org={e2e_world.committee.pk}")
    assert page.locator("[data-testid=question-row]").count() == 5
    page.screenshot(path=str(SHOTS / f"bank-{width}.png"), full_page=True)
