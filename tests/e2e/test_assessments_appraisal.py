"""Browser flow of 民主评议党员: a member evaluates herself and grades the others (on a phone and at desktop
width), the branch moves the stages on, decides the grades, is refused a fourth 优秀 in a branch of nine, and
closes the appraisal; the result prints."""

import os

import pytest

from assessments.models_appraisal import Participant
from assessments.tests.appraisal_world import nine_member_branch, open_for

SHOTS = os.environ.get("APPRAISAL_SHOTS", "/tmp/appraisal-shots")


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/e2e_{name}.png", full_page=True)


def _confirm(page):
    dialog = page.locator("[data-testid=confirm-modal]")
    dialog.wait_for(state="visible")
    dialog.locator("button:has-text('确定')").click()


def _as(page, login, username):
    page.context.clear_cookies()
    login(username)


def _transition(page, name):
    page.click(f"[data-transition={name}] button")
    if name in ("start_appraisal", "close"):
        _confirm(page)
    page.wait_for_load_state("domcontentloaded")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_member_evaluates_and_grades_and_the_branch_decides_within_one_third(e2e_world, page, login, width):
    page.set_viewport_size({"width": width, "height": 900})
    nine_member_branch(e2e_world)
    a = open_for(e2e_world)

    _as(page, login, "member_a")
    page.goto(f"{page.base}/assessments/appraisals/")
    page.click("[data-testid=appraisal-list] a:has-text('我的评议')")
    page.fill("textarea[name=self_text]", "按时参加“三会一课”，带头完成学习任务，较好履行了年初公开承诺。")
    page.select_option("select[name=self_grade]", "qualified")
    _shot(page, f"self_{width}")
    page.click("[data-testid=self-save]")
    assert "已保存个人自评" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    me = Participant.objects.get(appraisal=a, person=e2e_world.people["member"])
    assert me.self_grade == "qualified"

    _as(page, login, "secretary_a")
    page.goto(f"{page.base}/assessments/appraisals/{a.pk}/")
    _transition(page, "start_mutual")
    assert page.locator("[data-testid=appraisal-state]").inner_text() == "党员互评"

    _as(page, login, "member_a")
    page.goto(f"{page.base}/assessments/appraisals/{a.pk}/mine/")
    selects = page.locator("[data-testid=mutual-select]")
    assert selects.count() == 8
    for i in range(8):
        selects.nth(i).select_option("excellent" if i < 2 else "qualified")
    _shot(page, f"mutual_{width}")
    page.click("[data-testid=mutual-save]")
    assert "已保存互评等次（8名党员）" in page.content()
    assert "已评 8 / 8 名" in page.content()

    _as(page, login, "secretary_a")
    page.goto(f"{page.base}/assessments/appraisals/{a.pk}/")
    _transition(page, "start_appraisal")
    _transition(page, "start_decision")
    assert page.locator("[data-testid=appraisal-state]").inner_text() == "支部评定"
    grades = page.locator("[data-testid=grade-select]")
    assert grades.count() == 9
    for i in range(4):
        grades.nth(i).select_option("excellent")
    for i in range(4, 9):
        grades.nth(i).select_option("qualified")
    page.click("[data-testid=grades-save]")
    error = page.locator("[data-testid=grades-error]").inner_text()
    assert "本次参评党员9名，最多评定3名优秀，现评定4名" in error
    _shot(page, f"refused_{width}")
    assert not Participant.objects.filter(appraisal=a).exclude(grade="").exists()
    # The choices stay as they were posted; one 优秀 becomes 合格 and the save goes through.
    assert page.locator("[data-testid=grade-select]").nth(3).input_value() == "excellent"
    page.locator("[data-testid=grade-select]").nth(3).select_option("qualified")
    page.click("[data-testid=grades-save]")
    assert "已保存评定等次" in page.content()
    assert page.locator("[data-testid=excellent-count]").inner_text() == "3"
    _transition(page, "close")
    assert page.locator("[data-testid=appraisal-state]").inner_text() == "已完成"
    assert page.locator("[data-testid=appraisal-record]").is_visible()
    _shot(page, f"closed_{width}")
    page.click("[data-testid=appraisal-print-link]")
    text = page.locator("[data-testid=appraisal-print]").inner_text()
    assert "优秀3名，合格6名，基本合格0名，不合格0名" in text
