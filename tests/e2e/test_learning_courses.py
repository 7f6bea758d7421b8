"""Browser flow of 在线学习 at 1280 and 375 px: a member opens a required course from 在线学习, plays its short
sample video to the end in the lesson player (the page reports the position as it plays), the lesson and the
course show done, the to-do is gone, and her hours grow by the lesson's 学时."""

import pytest

from learning import actions_courses
from learning.tests.factories_courses import add_video, make_course


def _shot(page, name):
    import pathlib

    shots = pathlib.Path("/tmp/learning-e2e-shots")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _poll(page, script, *, tries=80):
    """Poll a condition with page.evaluate (the CSP refuses wait_for_function's eval)."""
    for _ in range(tries):
        if page.evaluate(script):
            return True
        page.wait_for_timeout(500)
    return False


@pytest.mark.parametrize("width", [1280, 375])
def test_a_member_watches_a_lesson_to_the_end_and_her_hours_grow(e2e_world, page, login, nav, width):
    page.set_viewport_size({"width": width, "height": 900})
    w = e2e_world
    admin = w.users["committee_admin"]
    course = make_course(admin, w.committee, title="学习贯彻党章")
    add_video(course, admin, hours="2")
    actions_courses.transition_course(course, "publish", by=admin)

    login("member_a")
    nav("我的学时")
    assert page.locator("[data-testid=earned]").inner_text() == "0"
    nav("在线学习")
    card = page.locator(f"[data-course='{course.pk}']")
    assert "必修" in card.inner_text() and "已学 0/1" in card.inner_text()
    _shot(page, f"courses-{width}")
    card.click()
    page.wait_for_load_state("domcontentloaded")
    page.locator("[data-testid=lessons] a").first.click()
    page.wait_for_load_state("domcontentloaded")
    play = page.locator("[data-testid=play]")
    box = play.bounding_box()
    assert box["height"] >= 44 and (width > 400 or box["width"] >= 300)  # a large touch target on the phone
    play.click()
    assert _poll(page, "!!document.querySelector('video') && document.querySelector('video').currentTime > 0.5")
    assert _poll(page, "document.querySelector('[data-lesson-player]').dataset.done === '1'"), page.locator(
        "[data-testid=lesson-progress]"
    ).inner_text()
    assert page.locator("[data-testid=lesson-done]").is_visible()
    assert page.locator("[data-testid=course-done-note]").is_visible()
    assert "100%" in page.locator("[data-testid=lesson-progress]").inner_text()
    _shot(page, f"player-done-{width}")

    page.get_by_role("link", name="返回课程").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=my-course-progress] [data-testid=course-done]").is_visible()
    _shot(page, f"course-done-{width}")
    nav("我的学时")
    assert page.locator("[data-testid=earned]").inner_text() == "2"
    assert "学习贯彻党章 · 党章专题辅导视频" in page.locator("[data-testid=hour-entries]").inner_text()
    page.goto(page.base + "/")
    assert "学习必修课程《学习贯彻党章》" not in page.content()
