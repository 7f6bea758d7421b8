"""Browser flow of the 缩略语词典 at 1280 and 375 px: the committee's admin opens the dictionary from the search
page, adds 统普 = 统计普查, and a search for 统普 finds the record that only writes 统计普查; then she deletes the
entry (asked first) and the same search finds nothing."""

import pathlib

import pytest

from records.tests.factories import make_record
from search.models import Synonym

SHOTS = pathlib.Path("/tmp/synonyms-e2e-shots")


def _shot(page, name):
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _search(page, q):
    page.fill("#search-q", q)
    page.locator("[data-testid=search-form] button[data-primary-action]").click()


@pytest.mark.parametrize("width", [1280, 375])
def test_the_committee_adds_an_abbreviation_and_searches_with_it(e2e_world, page, login, width):
    page.set_viewport_size({"width": width, "height": 900})
    w = e2e_world
    make_record(w.branch_a, "统计普查数据审核会", "2026-05-06", "study", "支部党员逐项审核统计普查数据。")

    login("committee")
    page.goto(page.base + "/search/?q=统普")
    assert "没有找到相关内容" in page.locator("[data-testid=search-results]").inner_text()
    page.locator("[data-testid=synonyms-link]").click()
    assert "内置的常用缩略语" in page.locator("[data-testid=synonym-defaults]").inner_text()
    _shot(page, f"list-empty-{width}")

    page.locator("[data-testid=synonym-add]").click()
    form = page.locator("[data-testid=synonym-form]")
    form.locator("input[name=term]").fill("统普")
    form.locator("textarea[name=expansions]").fill("统计普查\n统计大普查")
    form.locator("input[name=note]").fill("本系统常用简称")
    _shot(page, f"form-{width}")
    form.get_by_role("button", name="保存").click()
    assert "已添加缩略语：统普" in page.locator(".alert-success, [role=alert]").first.inner_text()
    assert "统计普查 / 统计大普查" in page.locator("[data-testid=synonym-entries]").inner_text()
    _shot(page, f"list-{width}")

    page.goto(page.base + "/search/")
    _search(page, "统普")
    assert "统计普查数据审核会" in page.locator("[data-testid=search-results]").inner_text()
    assert "统普 → 统计普查、统计大普查" in page.locator("[data-testid=synonyms-used]").inner_text()
    _shot(page, f"results-{width}")

    entry = Synonym.objects.get()
    page.goto(page.base + f"/search/synonyms/{entry.pk}/edit/")
    page.locator("[data-testid=synonym-delete]").click()
    dialog = page.locator("[data-testid=confirm-modal]")
    dialog.wait_for(state="visible")
    assert "删除缩略语“统普”" in dialog.inner_text()
    _shot(page, f"delete-{width}")
    dialog.get_by_role("button", name="删除").click()
    assert "已将缩略语《统普》移入回收站" in page.locator(".alert-success, [role=alert]").first.inner_text()
    assert not Synonym.objects.exists()
    page.goto(page.base + "/search/?q=统普")
    assert "没有找到相关内容" in page.locator("[data-testid=search-results]").inner_text()

    page.goto(page.base + "/recycle-bin/")
    binned = page.locator("[data-testid=bin-entry]").filter(has_text="统普")
    assert "缩略语词条" in binned.inner_text() and "统计普查 / 统计大普查" in binned.inner_text()
    _shot(page, f"bin-{width}")
    binned.get_by_role("button", name="恢复").click()
    dialog.wait_for(state="visible")
    assert "恢复缩略语《统普》" in dialog.inner_text()
    dialog.get_by_role("button", name="恢复").click()
    assert "已恢复缩略语《统普》" in page.locator(".alert-success, [role=alert]").first.inner_text()
    assert "统计普查 / 统计大普查" in page.locator("[data-testid=synonym-entries]").inner_text()
    _shot(page, f"restored-{width}")
    page.goto(page.base + "/search/")
    _search(page, "统普")
    assert "统计普查数据审核会" in page.locator("[data-testid=search-results]").inner_text()
