"""Browser flows of 四公开, acceptance and awards at 1280 and 375 px: the branch opens the public page and prints
its QR code, a resident answers the survey from the QR address on a phone; the branch writes the closing report
and requests closing, the committee's panel scores, the committee accepts, nominates and approves 十佳项目, and
the case is published for 经验交流."""

import pathlib
import re

import pytest

from core.testing import PASSWORD, make_person, make_user
from projects.models import Award, Project, Score, SurveyResponse
from projects.tests.factories_public import enter, project_in

SHOTS = pathlib.Path("/tmp/public-shots")
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _context(browser, live_server, width, username=None):
    context = browser.new_context(locale="zh-CN", viewport={"width": width, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.base = live_server.url
    problems = []
    pg.on(
        "console",
        lambda m: problems.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None,
    )
    pg.on("pageerror", lambda e: problems.append(str(e)))
    if username:
        pg.goto(pg.base + "/accounts/login/")
        pg.fill("input[name=username]", username)
        pg.fill("input[name=password]", PASSWORD)
        pg.click("button[type=submit]")
        pg.wait_for_load_state("domcontentloaded")
    return context, pg, problems


def _shot(pg, name):
    SHOTS.mkdir(exist_ok=True)
    pg.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _accept_dialogs(pg):
    pg.on("dialog", lambda d: d.accept())


@pytest.mark.parametrize("width", [1280, 375])
def test_a_survey_answered_from_the_qr_address_on_a_phone(e2e_world, browser, live_server, width):
    w = e2e_world
    project = project_in(w, "in_progress", title="在职党员进社区")
    ctx, pg, problems = _context(browser, live_server, width, "secretary_a")
    pg.goto(f"{pg.base}/projects/{project.pk}/")
    pg.click("[data-testid=disclosure-edit]")
    pg.fill("textarea[name=progress]", "已组织32名在职党员到社区报到，认领服务岗位41个。")
    pg.fill("textarea[name=effect]", "居民诉求平均办结时间由7天缩短到3天。")
    _shot(pg, f"disclosure-form-{width}")
    pg.click("[data-testid=disclosure-form] button[type=submit]")
    pg.wait_for_load_state("domcontentloaded")
    assert pg.locator("[data-testid=public-url]").is_visible()
    _shot(pg, f"project-disclosure-panel-{width}")
    pg.click("[data-testid=qr-print]")
    assert pg.locator("[data-testid=qr-code] svg").is_visible()
    qr_url = pg.locator("[data-testid=qr-url]").inner_text().strip()
    assert re.search(r"/gongkai/[\w-]{20,}/$", qr_url)
    _shot(pg, f"qr-print-{width}")
    ctx.close()
    assert not problems, problems

    # A resident scans the code: a phone-sized page, no login.
    phone_ctx, phone, phone_problems = _context(browser, live_server, 375)
    phone.goto(qr_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375
    assert phone.locator("[data-testid=public-title]").inner_text() == "在职党员进社区"
    assert "认领服务岗位41个" in phone.locator("[data-testid=public-progress]").inner_text()
    _shot(phone, f"public-page-375-from-{width}")
    phone.click("[data-testid=survey-form] button[type=submit]")  # nothing chosen: refused, told why
    phone.get_by_text("请选择满意、基本满意或不满意。").first.wait_for()  # the page answers after the round trip
    phone.get_by_label("基本满意").check()
    phone.fill("textarea[name=comment]", "希望周末也安排党员值班。")
    phone.fill("input[name=phone]", "13963471258")
    phone.click("[data-testid=survey-form] button[type=submit]")
    assert phone.locator("[data-testid=survey-thanks]").is_visible()
    assert "100.0%" in phone.locator("[data-testid=public-satisfaction]").inner_text()
    _shot(phone, f"public-page-answered-375-from-{width}")
    # The same phone number again is refused.
    phone.click("[data-testid=survey-again]")
    phone.get_by_label("不满意", exact=True).check()
    phone.fill("input[name=phone]", "13963471258")
    phone.click("[data-testid=survey-form] button[type=submit]")
    assert "每个号码只能评价一次" in phone.content()
    phone_ctx.close()
    assert not phone_problems, phone_problems
    row = SurveyResponse.objects.get()
    assert row.rating == "basically_satisfied" and row.phone_masked == "139****1258"


@pytest.mark.parametrize("width", [1280, 375])
def test_acceptance_by_a_panel_and_an_award(e2e_world, browser, live_server, width, tmp_path):
    w = e2e_world
    project = project_in(w, "in_progress", title="统计数据质量攻坚")
    enter(w, project, satisfied=9, basically_satisfied=1)
    make_user("expert", person=make_person(w.branch_b, "孙静", gender="female", seq=41), roles=[("member", w.branch_b)])
    evidence = tmp_path / "服务台账.png"
    evidence.write_bytes(PNG)

    # The branch writes the closing report with evidence and requests closing in one step.
    ctx, pg, problems = _context(browser, live_server, width, "secretary_a")
    pg.goto(f"{pg.base}/projects/{project.pk}/")
    pg.click("[data-testid=closing-report-edit]")
    pg.fill("textarea[name=results]", "对照预期目标：数据差错率由1.2%降到0.3%，形成质量攻坚工作法。")
    pg.set_input_files("input[name=files]", str(evidence))
    _shot(pg, f"closing-report-{width}")
    pg.click("[data-testid=save-and-close]")
    pg.wait_for_load_state("domcontentloaded")
    assert "已申请结题" in pg.locator("[data-testid=project-state]").inner_text()
    ctx.close()
    assert not problems, problems

    # The committee puts an expert of another branch on the panel.
    ctx, pg, problems = _context(browser, live_server, width, "committee")
    pg.goto(f"{pg.base}/projects/{project.pk}/")
    pg.locator("[data-testid=scorer-add] select[name=person]").select_option(label=f"孙静（{w.branch_b.name}）")
    pg.click("[data-testid=scorer-add] button")
    assert "孙静" in pg.locator("[data-testid=panel]").inner_text()
    ctx.close()
    assert not problems, problems

    # The expert, on the panel, sees the project and scores each criterion.
    ctx, pg, problems = _context(browser, live_server, width, "expert")
    pg.goto(f"{pg.base}/projects/{project.pk}/")
    pg.click("[data-testid=score-link]")
    form = pg.locator("[data-testid=score-form]")
    for field, value in zip(form.locator("input[type=number]").all(), ("90", "80", "100"), strict=True):
        field.fill(value)
    form.locator("textarea[name=comment]").fill("台账齐全，群众认可。")
    _shot(pg, f"score-form-{width}")
    form.locator("button[type=submit]").click()
    pg.wait_for_load_state("domcontentloaded")
    assert "91.0" in pg.locator("[data-testid=mean-score]").inner_text()
    ctx.close()
    assert not problems, problems
    assert Score.objects.count() == 3

    # The committee accepts, prints the 验收表, nominates 十佳项目 and approves it; the case is published.
    ctx, pg, problems = _context(browser, live_server, width, "committee")
    _accept_dialogs(pg)
    pg.goto(f"{pg.base}/projects/{project.pk}/")
    _shot(pg, f"acceptance-panel-{width}")
    pg.fill("[data-transition=accept] textarea[name=comment]", "目标达成，同意结题。")
    pg.click("[data-transition=accept] button")
    pg.wait_for_load_state("domcontentloaded")
    assert Project.objects.get(pk=project.pk).state == "accepted"
    assert "具备评先评优资格" in pg.locator("[data-testid=eligibility]").inner_text()
    pg.click("[data-testid=acceptance-print]")
    assert "91.0" in pg.locator("[data-testid=sheet-mean]").inner_text()
    assert "验收通过" in pg.locator("[data-testid=sheet-decision]").inner_text()
    _shot(pg, f"acceptance-print-{width}")
    pg.goto(f"{pg.base}/projects/awards/")
    _shot(pg, f"awards-ranking-{width}")
    pg.click("[data-testid=ranking] [data-testid=nominate]")
    pg.fill("textarea[name=citation]", "建立“1+N”质量帮带机制，数据差错率下降四分之三，形成可复制的工作法。")
    pg.click("[data-testid=nominate-form] button[type=submit]")
    pg.wait_for_load_state("domcontentloaded")
    pg.click("[data-testid=nomination] [data-transition=approve] button")
    pg.wait_for_load_state("domcontentloaded")
    assert Award.objects.get().state == "approved"
    _shot(pg, f"awards-approved-{width}")
    pg.goto(f"{pg.base}/projects/cases/")
    assert "统计数据质量攻坚" in pg.locator("[data-testid=cases]").inner_text()
    _shot(pg, f"cases-{width}")
    pg.goto(f"{pg.base}/projects/{project.pk}/")
    assert "十佳项目" in pg.locator("[data-testid=awards-panel]").inner_text()
    ctx.close()
    assert not problems, problems
