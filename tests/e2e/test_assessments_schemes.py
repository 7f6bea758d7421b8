"""Browser flow of 考核方案 at 1280 and 375 px: the committee draws up the 2026 六考一评 scheme, downloads the
template, imports the 67-item sheet (preview, then confirm), sees it complete at 100 points with its veto and
measured items, and deletes an item after confirming — the scheme then warns that it no longer adds up to 100."""

import pathlib

import pytest

from assessments.models import Item, Scheme
from assessments.tests import sample_xlsx

SHOTS = pathlib.Path("/tmp/schemes-shots")


@pytest.mark.parametrize("width", [1280, 375])
def test_import_the_67_item_scheme_and_see_it_complete(e2e_world, page, login, nav, tmp_path, width):
    SHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    sheet = sample_xlsx.write(tmp_path / "六考一评.xlsx")

    login("committee")
    nav("考核方案")
    page.click("[data-testid=scheme-create]")
    form = page.locator("[data-testid=scheme-form]")
    form.locator("input[name=name]").fill("“六考一评”考核方案")
    assert form.locator("input[name=star_5]").input_value() == "90"
    assert "主要做法" in form.locator("textarea[name=sections]").input_value()
    page.screenshot(path=str(SHOTS / f"scheme-form-{width}.png"), full_page=True)
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "考核项目分值合计为0分" in page.locator("[data-testid=scheme-problem]").inner_text()

    page.click("[data-testid=item-import]")
    with page.expect_download() as download:
        page.click("[data-testid=import-template]")
    assert download.value.suggested_filename.endswith(".xlsx")
    page.locator("input[type=file][name=file]").set_input_files(str(sheet))
    page.get_by_role("button", name="上传并预览").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=preview-row]").count() == 67
    assert "导入后分值合计 100 分" in page.locator("[data-testid=import-total]").inner_text()
    page.screenshot(path=str(SHOTS / f"import-preview-{width}.png"))
    page.get_by_role("button", name="确认导入 67 项").click()
    page.wait_for_load_state("domcontentloaded")
    assert "已导入 67 个考核项目" in page.locator("[data-testid=import-result]").inner_text()
    page.click("[data-testid=import-back]")
    page.wait_for_load_state("domcontentloaded")

    assert "恰好100分" in page.locator("[data-testid=scheme-complete]").inner_text()
    assert page.locator("[data-testid=category]").count() == 6
    assert page.locator("[data-testid=item-row]").count() == 67
    assert page.locator("[data-testid=veto-badge]").inner_text() == "一票否决 · 最高2星"
    assert page.locator("[data-testid=source-note]").count() == 3
    page.screenshot(path=str(SHOTS / f"scheme-detail-{width}.png"), full_page=True)

    scheme = Scheme.objects.get(name="“六考一评”考核方案")
    item = Item.objects.get(scheme=scheme, name="文体活动")
    page.goto(f"{page.base}/assessments/items/{item.pk}/edit/")
    page.click("[data-testid=item-delete]")
    dialog = page.locator("#confirm-modal")
    dialog.wait_for(state="visible")
    assert "需补足100分" in dialog.inner_text()
    dialog.get_by_role("button", name="删除").click()
    page.wait_for_load_state("domcontentloaded")
    assert "考核项目分值合计为99分" in page.locator("[data-testid=scheme-problem]").inner_text()
    assert not Item.objects.filter(pk=item.pk).exists()
