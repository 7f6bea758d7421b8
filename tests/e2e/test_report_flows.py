"""Browser flows of the 驾驶舱 warnings and the monthly report: the committee generates a month's report,
comments and publishes it, and it prints on A4; the warnings table reads on a 375 px phone and a red cell
leads to the branch's missing meeting."""

import os
import re

from playwright.sync_api import expect

from core import modules
from core.modules import CockpitWidget, Module


def fake_rate(user, org, today):
    return {"key": "fake.rate", "title": "三会一课完成率", "value": 87.5, "unit": "%", "status": "green", "items": []}


class _Stand:
    def ready(self):
        pass


class FakeModule(Module, _Stand):
    label = name = "fakecockpit"
    cockpit_widgets = [CockpitWidget("fake.rate", "三会一课完成率", build=fake_rate, order=1)]


def _shots(page, name):
    folder = os.environ.get("E2E_SHOTS")
    if folder:
        page.screenshot(path=f"{folder}/{name}.png", full_page=True)


def test_the_monthly_report_is_commented_published_and_prints_on_a4(e2e_world, page, login, monkeypatch):
    real = [m for m in modules.modules() if m.label != "projects"]  # projects' widget has the old signature here
    monkeypatch.setattr(modules, "modules", lambda: [*real, FakeModule()])
    login("committee")
    page.goto(page.base + "/cockpit/reports/")
    page.click("[data-testid=report-generate] button")
    expect(page.locator("[data-testid=report-sheet]")).to_be_visible()
    assert "三会一课完成率" in page.locator("[data-testid=report-figures]").inner_text()
    page.fill("#comment-late", "请红色预警的党支部本月内补开支部党员大会。")
    page.click("[data-testid=comment-late] button")
    expect(page.locator(".alert-success")).to_contain_text("已保存评语")
    page.click("[data-transition=publish]")
    page.click("[data-testid=confirm-modal] [data-confirm-accept]")  # the page asks first
    expect(page.locator("[data-state=published]")).to_be_visible()
    _shots(page, "report-detail-1280")
    page.click("text=打印（A4）")
    expect(page.locator("[data-testid=report-print]")).to_be_visible()
    assert "请红色预警的党支部本月内补开支部党员大会。" in page.locator("[data-testid=report-print]").inner_text()
    page.emulate_media(media="print")
    assert not page.locator("[data-print]").is_visible() and not page.locator(".app-sidebar").first.is_visible()
    page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi: how the paper reads
    _shots(page, "report-print-a4")
    pdf = page.pdf(format="A4")
    boxes = {tuple(int(float(x)) for x in m.split()) for m in re.findall(rb"/MediaBox \[([^\]]+)\]", pdf)}
    assert boxes == {(0, 0, 595, 842)}  # every page A4 portrait (210 × 297 mm in points)
    folder = os.environ.get("E2E_SHOTS")
    if folder:
        with open(f"{folder}/report.pdf", "wb") as f:
            f.write(pdf)


def test_the_warnings_table_reads_on_a_phone_and_leads_to_the_missing_meeting(e2e_world, page, login):
    login("committee")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(f"{page.base}/cockpit/warnings/?org={e2e_world.committee.pk}")
    table = page.locator("[data-testid=warning-table]")
    expect(table).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    row = table.locator(f"tr[data-org='{e2e_world.branch_a.pk}']")
    red = row.locator("td[data-status=red]").first
    expect(red).to_contain_text("红色预警")  # the colour carries its word
    _shots(page, "warnings-375")
    page.check("input[name=red]")
    page.click("[data-testid=warning-filter] button")
    assert page.locator("[data-testid=warning-table] tbody tr[data-status=green]").count() == 0
    # A meeting check's red cell (the 谈心谈话 check leads to its own list).
    page.locator("[data-testid=warning-table] td[data-status=red][data-check^='plans.'] a").first.click()
    assert "/plans/compliance/" in page.url and "obligation=" in page.url
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{page.base}/cockpit/warnings/?org={e2e_world.committee.pk}")
    _shots(page, "warnings-1280")
