"""Browser flow of the 七彩心桥 module: a member of the public leaves a suggestion on a phone, the branch
accepts and answers it at desktop width, the writer rates it by code, and the branch turns it into a problem."""

import os

from feedback.models import Feedback, Problem

SHOTS = os.environ.get("FEEDBACK_SHOTS", "/tmp/feedback-shots")


def _shot(page, name):
    os.makedirs(SHOTS, exist_ok=True)
    page.screenshot(path=f"{SHOTS}/e2e_{name}.png", full_page=True)


def _phone(browser, live_server):
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 800})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    errors = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "Content Security Policy" in m.text else None,
    )
    return context, pg, errors


def test_a_suggestion_from_the_public_page_is_answered_rated_and_becomes_a_problem(
    e2e_world, browser, live_server, page, login
):
    branch = e2e_world.branch_a
    context, phone, errors = _phone(browser, live_server)
    phone.goto(f"{live_server.url}/xinqiao/?org={branch.pk}")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375  # no sideways scrolling on a phone
    phone.fill("textarea[name=content]", "钢都花园3号楼楼道灯坏了两个多星期，老人晚上上下楼不安全，请帮忙协调维修。")
    phone.fill("input[name=contact_name]", "王阿姨")
    phone.fill("input[name=phone]", "13963471258")
    _shot(phone, "write_375")
    phone.click("button:has-text('提交')")
    code = phone.locator("[data-testid=code]").inner_text().strip()
    assert phone.locator("[data-testid=track-state]").inner_text() == "待受理"
    _shot(phone, "written_375")
    item = Feedback.objects.get()
    assert item.code == code and item.phone_masked == "139****1258"

    login("secretary_a")
    page.goto(f"{page.base}/feedback/")
    page.click("[data-testid=feedback-list] a:has-text('钢都花园3号楼')")
    page.click("[data-transition=accept] button")
    assert "已受理" in page.content() and page.locator("[data-testid=feedback-state]").inner_text() == "办理中"
    page.fill(
        "[data-transition=answer] textarea[name=answer]", "已协调物业公司次日更换楼道灯12盏，并建立公共设施巡查台账。"
    )
    _shot(page, "answer_1280")
    page.click("[data-transition=answer] button:has-text('办结答复')")
    assert page.locator("[data-testid=feedback-state]").inner_text() == "已办结"

    phone.goto(f"{live_server.url}/xinqiao/track/")
    phone.fill("input[name=code]", code)
    phone.click("button:has-text('查询')")
    assert "已协调物业公司次日更换楼道灯12盏" in phone.locator("[data-testid=track-answer]").inner_text()
    phone.check("input[name=rating][value='5']")
    phone.fill("textarea[name=comment]", "第二天就修好了，谢谢！")
    phone.click("button:has-text('提交评价')")
    assert "感谢您的评价" in phone.content()
    _shot(phone, "rated_375")
    phone.goto(f"{live_server.url}/xinqiao/board/")
    board = phone.locator("[data-testid=board]").inner_text()
    assert "钢都花园3号楼" in board and "王阿姨" not in board and "1258" not in board
    _shot(phone, "board_375")
    context.close()
    assert not errors, errors

    page.reload()
    assert "非常满意" in page.locator("[data-testid=feedback-rating]").inner_text()
    page.click("[data-testid=to-problem] button")
    assert "已转为问题清单" in page.content()
    assert page.locator("[data-testid=problem-source]").inner_text().startswith("意见建议")
    _shot(page, "problem_1280")
    problem = Problem.objects.get()
    assert problem.feedback_id == item.pk and problem.org == branch and problem.source == "feedback"
