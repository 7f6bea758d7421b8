"""Browser flow of 群众满意度测评 (at desktop width and on a phone): the committee creates a survey, adds its
subjects, opens it, issues codes and prints the A4 slips; a resident types a slip's code on her phone and rates;
once five ballots are in, the committee sees the aggregate (and nothing before)."""

import datetime
import os

import pytest

from assessments.models_mass import MassSurvey, MassVote
from assessments.tests.mass_world import vote
from core.dates import today

SHOTS = os.environ.get("MASS_SHOTS", "/tmp/mass-shots")


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/e2e_{name}.png", full_page=True)


def _confirm(page):
    dialog = page.locator("[data-testid=confirm-modal]")
    dialog.wait_for(state="visible")
    dialog.locator("button:has-text('确定')").click()


@pytest.mark.parametrize("width", [1280, 375])
def test_a_survey_is_set_up_printed_voted_on_a_phone_and_tallied(e2e_world, page, login, nav, browser, width):
    w = e2e_world
    page.set_viewport_size({"width": width, "height": 900})
    login("committee")
    nav("群众测评")
    page.click("[data-testid=mass-new]")
    page.select_option("select[name=kind]", "satisfaction")
    page.fill("input[name=title]", "第四季度群众满意度测评")
    page.fill("input[name=opens]", today().isoformat())
    page.fill("input[name=closes]", (today() + datetime.timedelta(days=10)).isoformat())
    page.click("[data-testid=mass-form] button[type=submit]")
    page.wait_for_load_state("domcontentloaded")
    assert "请先添加测评对象" in page.content()
    survey = MassSurvey.objects.get()

    page.select_option("select[name=orgs]", [str(w.branch_a.pk), str(w.branch_b.pk)])
    page.click("[data-testid=add-subjects]")
    page.wait_for_load_state("domcontentloaded")
    assert "已添加2个测评对象" in page.content()
    page.click("[data-transition=open] button")
    _confirm(page)
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=mass-state]").inner_text() == "测评中"
    _shot(page, f"detail_{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    page.fill("input[name=count]", "6")
    page.click("[data-testid=issue-codes]")
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=slip]").count() == 6
    assert page.locator("[data-testid=slip] svg").count() == 6
    codes = [c.strip() for c in page.locator("[data-testid=slip-code]").all_inner_texts()]
    _shot(page, f"slips_{width}")
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    page.emulate_media(media="screen")

    # A resident on her phone types the first slip's code (as printed, with its dash).
    phone = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    p = phone.new_page()
    p.goto(page.base + "/m/")
    p.fill("[data-testid=mass-code-input]", codes[0].lower())
    p.click("button[type=submit]")
    p.wait_for_load_state("domcontentloaded")
    assert p.locator("[data-testid=ballot-subject]").count() == 2
    p.locator("[data-testid=ballot-subject]").nth(0).locator("label:has-text('基本满意')").click()
    p.locator("[data-testid=ballot-subject]").nth(1).locator("label", has_text="满意").first.click()
    p.locator("[data-testid=ballot-subject]").nth(0).locator("textarea").fill("希望多到社区走访。")
    _shot(p, f"ballot_{width}")
    assert p.evaluate("document.documentElement.scrollWidth") <= 375
    p.click("[data-testid=ballot-submit]")
    p.wait_for_load_state("domcontentloaded")
    assert "提交成功" in p.content()
    # The same slip again: refused, like any code that cannot be used.
    p.goto(page.base + "/m/" + codes[0].replace("-", "") + "/")
    assert "该测评码无效、已经使用" in p.content()
    phone.close()
    assert MassVote.objects.filter(survey=survey).count() == 2

    page.goto(f"{page.base}/assessments/mass/{survey.pk}/results/")
    assert page.locator("[data-testid=tally-hidden]").count() == 2  # one ballot: nothing shown yet
    a, b = survey.subjects.order_by("position")
    for code in codes[1:5]:
        vote(code.replace("-", ""), {a: "satisfied", b: "dissatisfied"})
    page.reload()
    tallies = page.locator("[data-testid=tally]")
    assert tallies.nth(0).locator("[data-testid=tally-rate]").inner_text() == "100.00%"
    assert tallies.nth(1).locator("[data-testid=tally-rate]").inner_text() == "20.00%"
    assert "希望多到社区走访。" in tallies.nth(0).inner_text()
    assert page.locator("[data-testid=results-used]").inner_text() == "5"
    _shot(page, f"results_{width}")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
