"""The Gantt widget (static/js/gantt.js) mounted on a blank page under the strict CSP, its API mocked in the browser.

The rows carry what the projects app will send: the critical path is computed by core.schedule, so the test also
checks that the widget highlights what the server decided. The real static files come from the live server.
"""

import json
import secrets
from datetime import date

import pytest

from core.csp import POLICY
from core.schedule import Task, critical_path

HTML = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/static/vendor/tabler/tabler.min.css"><link rel="stylesheet" href="/static/css/app.css">
<link rel="stylesheet" href="/static/vendor/frappe-gantt/frappe-gantt.css"><link rel="stylesheet" href="/static/css/gantt.css">
</head><body><div class="page-body"><div class="container-xl"><div class="card"><div class="card-body">
<div class="gantt-chart" data-testid="gantt" data-src="/api/v1/projects/1/tasks" data-update="/api/v1/tasks/{id}" data-view="Day"></div>
</div></div></div></div>
<script src="/static/vendor/frappe-gantt/frappe-gantt.umd.js"></script><script src="/static/js/gantt.js"></script>
</body></html>"""


def diamond_rows():
    """S → A (long) → E and S → B (short) → E, B late against its baseline by 2 days."""
    plan = [
        ("S", "入户走访", "2026-03-02", "2026-03-04", []),
        ("A", "建立问题清单", "2026-03-05", "2026-03-18", ["S"]),
        ("B", "宣传发动", "2026-03-05", "2026-03-09", ["S"]),
        ("E", "立项评审", "2026-03-19", "2026-03-20", ["A", "B"]),
    ]
    tasks = [
        Task(id=i, start=date.fromisoformat(s), end=date.fromisoformat(e), depends_on=[(p, 0) for p in deps])
        for i, _title, s, e, deps in plan
    ]
    cp = critical_path(tasks)
    rows = []
    for i, title, s, e, deps in plan:
        baseline = {"start": s, "end": "2026-03-07" if i == "B" else e}
        slip = 2 if i == "B" else 0
        rows.append(
            {
                "id": i, "title": title, "owner": {"name": "张红"}, "start": s, "end": e, "progress": 20,
                "milestone": False, "parent": None, "depends_on": deps, "baseline": baseline, "slip": slip,
                "critical": i in cp.critical, "float": cp.total_float[i],
            }
        )  # fmt: skip
    return rows


@pytest.fixture
def mocked(page):
    """Serve the blank page and the two API endpoints from the browser; record what the widget sends."""
    state = {"rows": diamond_rows(), "gets": 0, "patches": [], "answer": (422, {})}
    token = secrets.token_urlsafe(16)
    page.context.add_cookies([{"name": "csrftoken", "value": token, "url": page.base}])
    state["token"] = token

    def blank(route):
        csp = POLICY.format(nonce=secrets.token_urlsafe(16))
        route.fulfill(
            status=200, body=HTML, headers={"Content-Type": "text/html; charset=utf-8", "Content-Security-Policy": csp}
        )

    def tasks(route):
        state["gets"] += 1
        route.fulfill(status=200, json={"count": len(state["rows"]), "items": state["rows"]})

    def update(route):
        req = route.request
        state["patches"].append(
            {
                "method": req.method,
                "url": req.url,
                "body": json.loads(req.post_data or "{}"),
                "csrf": req.headers.get("x-csrftoken"),
            }
        )
        status, body = state["answer"]
        route.fulfill(status=status, json=body)

    page.route(f"{page.base}/gantt-harness/", blank)
    page.route(f"{page.base}/api/v1/projects/1/tasks", tasks)
    page.route(f"{page.base}/api/v1/tasks/*", update)
    page.goto(f"{page.base}/gantt-harness/")
    loaded(page)
    return state


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


def loaded(page):
    """The rows are drawn and frappe-gantt's smooth scroll to the first task has come to rest."""
    page.locator("[data-testid=gantt][data-loaded]").wait_for(state="attached")
    page.evaluate(SETTLED)


def bar(page, tid):
    return page.locator(f".bar-wrapper[data-id='{tid}']")


def geometry(page, tid, part=".bar"):
    """x and width of a bar (or its baseline) in the chart's own coordinates, whatever the scroll."""
    rect = bar(page, tid).locator(part)
    return float(rect.get_attribute("x")), float(rect.get_attribute("width"))


def drag(page, tid, dx):
    box = bar(page, tid).locator(".bar").bounding_box()
    x, y = box["x"] + 6, box["y"] + box["height"] / 2  # near the left end: clear of the label in the middle
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + dx, y, steps=8)
    page.mouse.up()


def test_bars_baselines_and_the_critical_path_are_drawn(mocked, page):
    assert page.locator("[data-testid=gantt-bar]").count() == 4
    # The longer branch (S → A → E) is critical, the shorter one is not.
    for tid in ("S", "A", "E"):
        assert "is-critical" in bar(page, tid).get_attribute("class")
    assert "is-critical" not in bar(page, "B").get_attribute("class")
    assert "is-late" in bar(page, "B").get_attribute("class")
    assert bar(page, "B").locator(".bar-label").text_content() == "宣传发动 · 延误2天"
    # B's baseline ends two days (two Day columns) before its current bar.
    (x, width), (ghost_x, ghost_width) = geometry(page, "B"), geometry(page, "B", ".gantt-baseline")
    assert ghost_x == pytest.approx(x, abs=1)
    assert width - ghost_width == pytest.approx(2 * 38, abs=1)
    assert geometry(page, "A", ".gantt-baseline") == pytest.approx(geometry(page, "A"), abs=1)
    # The view switch is in Chinese and redraws the baselines.
    page.get_by_role("button", name="周", exact=True).click()
    assert page.get_by_role("button", name="周", exact=True).get_attribute("aria-pressed") == "true"
    assert page.locator(".gantt-baseline").count() == 4
    assert "2026年3月" in page.locator(".gantt-container").text_content()


def test_a_refused_drag_shows_the_reason_and_puts_the_bar_back(mocked, page):
    mocked["answer"] = (
        422,
        {"detail": "调整未保存。", "errors": {"E": ["「立项评审」超出项目起止日期（2026年3月1日至2026年12月31日）。"]}},
    )
    before = geometry(page, "B")
    drag(page, "B", 3 * 38)
    message = page.get_by_role("alert")
    message.wait_for()
    page.evaluate(SETTLED)
    assert "调整未保存。" in message.text_content()
    assert "「立项评审」超出项目起止日期" in message.text_content()
    assert len(mocked["patches"]) == 1
    sent = mocked["patches"][0]
    assert sent["method"] == "PATCH" and sent["url"].endswith("/api/v1/tasks/B")
    assert sent["body"] == {"start": "2026-03-08", "end": "2026-03-12", "push": True}
    assert sent["csrf"] == mocked["token"]
    assert geometry(page, "B") == pytest.approx(before, abs=1)
    assert mocked["gets"] == 1  # nothing was reloaded: the bar went back to the dates it had


def test_an_accepted_drag_reloads_the_pushed_schedule(mocked, page):
    def pushed(rows):
        for r in rows:
            if r["id"] == "A":
                r.update(start="2026-03-07", end="2026-03-20", slip=2)
            if r["id"] == "E":
                r.update(start="2026-03-21", end="2026-03-22", slip=2)
        return rows

    mocked["answer"] = (200, {})
    mocked["rows"] = diamond_rows()
    original_e, _width = geometry(page, "E")
    mocked["rows"] = pushed(diamond_rows())  # what the server answers after the move
    drag(page, "A", 2 * 38)
    page.get_by_text("已保存：建立问题清单").wait_for()
    page.evaluate(SETTLED)
    assert mocked["patches"][0]["body"] == {"start": "2026-03-07", "end": "2026-03-20", "push": True}
    assert mocked["gets"] == 2
    # The dependant E was pushed by the server two days on; the chart shows it there.
    moved_e, _width = geometry(page, "E")
    assert moved_e - original_e == pytest.approx(2 * 38, abs=1)
    assert page.get_by_role("alert").is_hidden()


def test_on_a_phone_the_chart_scrolls_inside_its_card(mocked, page):
    page.set_viewport_size({"width": 375, "height": 800})
    page.reload()
    loaded(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    container = page.locator(".gantt-container")
    assert container.evaluate("el => el.scrollWidth > el.clientWidth")
    assert container.bounding_box()["x"] + container.bounding_box()["width"] <= 375
