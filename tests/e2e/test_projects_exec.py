"""Browser flow of the execution part at 1280 and 375 px: the Gantt chart of an approved project (baseline
frozen at approval, critical path drawn), a bar dragged and its dependant pushed through the API, the plain task
list's edit form with push, and a monthly progress report with a photo."""

import datetime
import pathlib

import pytest

from projects import actions, actions_exec
from projects.demo_exec import png
from projects.models import ProgressReport, Task
from projects.tests.factories import make_project

SHOTS = pathlib.Path("/tmp/exec-shots")

SETTLED = """() => new Promise((done) => {
  const el = document.querySelector(".gantt-container");
  let last = -1, still = 0;
  const tick = () => {
    const now = el.scrollLeft;
    still = now === last ? still + 1 : 0;
    last = now;
    if (still > 5) done(true); else requestAnimationFrame(tick);
  };
  tick();
})"""


def in_progress_project(w):
    secretary = w.users["branch_secretary"]
    project = make_project(w, owner=w.people["secretary"].pk)
    add = lambda **d: actions_exec.create_task(project, by=secretary, data=d)  # noqa: E731
    survey = add(title="入户走访", start="2026-03-02", end="2026-03-04")
    ledger = add(title="建立问题清单", start="2026-03-05", end="2026-03-12", **{f"pred_{survey.pk}": True})
    publicity = add(title="宣传发动", start="2026-03-05", end="2026-03-06", **{f"pred_{survey.pk}": True})
    review = add(
        title="立项评审",
        start="2026-03-12",
        end="2026-03-12",
        milestone=True,
        **{f"pred_{ledger.pk}": True, f"pred_{publicity.pk}": True},
    )
    for step, by in (("submit", secretary), ("approve", w.users["committee_admin"]), ("start", secretary)):
        project = actions.transition(project, step, by=by)
    return project, survey, ledger, publicity, review


def loaded(page):
    page.locator("[data-testid=gantt][data-loaded]").wait_for(state="attached")
    page.evaluate(SETTLED)


def bar(page, task):
    return page.locator(f".bar-wrapper[data-id='{task.pk}']")


@pytest.mark.parametrize("width", [1280, 375])
def test_a_gantt_bar_dragged_pushes_its_dependant_and_a_report_gets_a_photo(e2e_world, page, login, width):
    w = e2e_world
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    project, survey, ledger, publicity, review = in_progress_project(w)
    assert Task.objects.get(pk=ledger.pk).baseline_end == datetime.date(2026, 3, 12)  # frozen at approval

    login("secretary_a")
    page.goto(f"{page.base}/projects/{project.pk}/")
    page.click("[data-testid=schedule-link]")
    loaded(page)
    page.get_by_role("button", name="日", exact=True).click()
    page.evaluate(SETTLED)
    assert page.locator("[data-testid=gantt-bar]").count() == 4
    for t in (survey, ledger, review):
        assert "is-critical" in bar(page, t).get_attribute("class")
    assert "is-critical" not in bar(page, publicity).get_attribute("class")
    assert page.locator(".gantt-baseline").count() == 4
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"e2e-gantt-{width}.png"), full_page=True)

    # Drag 建立问题清单 two days later (Day view: 38 px a day): 立项评审 after it is pushed on by the server.
    bar(page, ledger).scroll_into_view_if_needed()
    box = bar(page, ledger).locator(".bar").bounding_box()
    x, y = box["x"] + 6, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 2 * 38, y, steps=8)
    page.mouse.up()
    page.get_by_text("已保存：建立问题清单").wait_for()
    ledger.refresh_from_db(), review.refresh_from_db(), publicity.refresh_from_db()
    assert (ledger.start, ledger.end) == (datetime.date(2026, 3, 7), datetime.date(2026, 3, 14))
    assert review.start == review.end == datetime.date(2026, 3, 14)  # pushed by the two days
    assert publicity.start == datetime.date(2026, 3, 5)  # not a dependant
    assert "延误2天" in bar(page, review).locator(".bar-label").text_content()
    page.locator("body[data-schedule-refreshed]").wait_for(state="attached")  # the list agrees with the chart
    assert page.locator(f"[data-task='{review.pk}'] [data-testid=task-slip]").inner_text() == "延误2天"
    page.screenshot(path=str(SHOTS / f"e2e-gantt-dragged-{width}.png"), full_page=True)

    # The plain list's form (what a phone without dragging uses): move 宣传发动 past 立项评审, pushing it.
    page.locator(f"[data-task='{publicity.pk}'] [data-testid=task-edit]").click()
    form = page.locator("[data-testid=task-form]")
    assert form.locator("input[name=start]").input_value() == "2026-03-05"
    form.locator("input[name=end]").fill("2026-03-16")
    form.locator("input[name=push]").check()
    page.screenshot(path=str(SHOTS / f"e2e-task-form-{width}.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    review.refresh_from_db()
    assert review.start == datetime.date(2026, 3, 16)
    slip = page.locator(f"[data-task='{review.pk}'] [data-testid=task-slip]")
    assert slip.inner_text() == "延误4天"

    # A monthly progress report with a photo.
    page.click("[data-testid=reports-link]")
    page.click("[data-testid=report-add]")
    form = page.locator("[data-testid=report-form]")
    form.locator("input[name=month]").fill("2026-03")
    form.locator("textarea[name=summary]").fill("完成入户走访32户，收集群众诉求15条。")
    form.locator("[data-testid=photos-input]").set_input_files(
        files=[{"name": "入户走访.png", "mimeType": "image/png", "buffer": png()}]
    )
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    report = page.locator("[data-testid=report][data-month='2026-03']")
    assert "收集群众诉求15条" in report.inner_text()
    img = report.locator("[data-testid=report-photos] img")
    img.wait_for()
    # Polled through evaluate (not wait_for_function, whose predicate is compiled in the page and may be refused by
    # the CSP, which allows no 'unsafe-eval').
    for _ in range(100):
        if img.evaluate("img => img.complete && img.naturalWidth > 0"):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the report photo did not load within 10 s")
    assert ProgressReport.objects.get(project=project).photos.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.screenshot(path=str(SHOTS / f"e2e-reports-{width}.png"), full_page=True)
