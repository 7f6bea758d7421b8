"""Browser flow of 项目化管理 at 1280 and 375 px: start a project from a catalogue entry, fill the charter,
submit it, approve it as the committee, and print the 立项表 on A4."""

import pathlib
import re

import pytest

from projects.models import CatalogueEntry, Project
from projects.tests.factories import category, team

SHOTS = pathlib.Path("/tmp/projects-shots")


@pytest.mark.parametrize("width", [1280, 375])
def test_catalogue_to_printed_charter(e2e_world, page, login, nav, width):
    w = e2e_world
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    CatalogueEntry.objects.create(
        category=category(w.committee, "主题实践"),
        title="党员“亮身份、显作用、树形象”",
        tier="general",
        content="党员在岗位上亮明身份、作出承诺、接受监督。",
        measures="设立党员先锋岗；公开承诺；季度点评。",
    )
    people = team(w.branch_a, n=3)

    login("secretary_a")
    nav("项目参考目录库")
    page.screenshot(path=str(SHOTS / f"catalogue-{width}.png"), full_page=True)
    page.click("[data-testid=start-from-entry]")
    form = page.locator("[data-testid=project-form]")
    assert "党员在岗位上亮明身份" in form.locator("textarea[name=content]").input_value()
    form.locator("input[name=title]").fill("窗口党员先锋岗")
    form.locator("input[name=slogan]").fill("一个党员一面旗")
    form.locator("textarea[name=problem]").fill("窗口服务群众反映等候时间长。")
    form.locator("textarea[name=progress_plan]").fill("3月设岗，4至10月实施，11月总结。")
    form.locator("input[name=start]").fill("2026-03-01")
    form.locator("input[name=end]").fill("2026-11-30")
    form.locator("textarea[name=quality_standard]").fill("先锋岗全覆盖，群众满意率不低于90%。")
    form.locator("textarea[name=expected_goal]").fill("窗口办件等候时间缩短一半。")
    form.locator("select[name=liaison_leader]").select_option(label=f"王秀英（{w.branch_a.name}）")
    form.locator("select[name=owner]").select_option(label=f"{people[0].name}（{w.branch_a.name}）")
    form.locator("select[name=team]").select_option([str(p.pk) for p in people[1:]])
    form.locator("input[name=budget]").fill("3000")
    form.locator("textarea[name=criteria]").fill("完成进度 30\n服务质量 30\n群众满意度 40")
    page.screenshot(path=str(SHOTS / f"charter-form-{width}.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    project = Project.objects.get(title="窗口党员先锋岗")
    assert project.entry is not None and project.criteria.count() == 3
    page.locator("[data-transition=submit] button").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=project-state]").inner_text() == "已申报待审批"
    assert page.locator("[data-transition=approve]").count() == 0  # the branch does not approve its own

    page.context.clear_cookies()
    login("committee")
    page.goto(f"{page.base}/projects/{project.pk}/")
    approve = page.locator("[data-transition=approve]")
    approve.locator("textarea").fill("同意立项，注意总结提炼。")
    approve.locator("button").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=project-state]").inner_text() == "已立项"
    assert "同意立项，注意总结提炼。" in page.locator("[data-testid=project-log]").inner_text()
    page.screenshot(path=str(SHOTS / f"detail-{width}.png"), full_page=True)

    page.click("[data-testid=project-print]")
    page.wait_for_load_state("domcontentloaded")
    sheet = page.locator("[data-testid=charter-sheet]")
    assert "窗口党员先锋岗" in sheet.inner_text() and "群众满意度：40%" in sheet.inner_text()
    page.screenshot(path=str(SHOTS / f"print-{width}.png"), full_page=True)
    page.emulate_media(media="print")
    assert not page.locator(".app-sidebar").first.is_visible()
    pdf = page.pdf(format="A4", print_background=True)
    assert pdf.startswith(b"%PDF")
    (SHOTS / f"charter-{width}.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type /Page\b", pdf)) == 1  # the 立项表 fits one A4 page
