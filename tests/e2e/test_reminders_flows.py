"""Browser flow of the reminders on a phone (375 px): a member chooses e-mail besides the in-app messages on her
提醒设置 page, a reminder reaches her 我的消息 with its unread count, she opens it and marks it read."""

import pytest

from notices import reminders
from notices.models import ReminderPreference


def _shot(page, name):
    import pathlib

    shots = pathlib.Path("/tmp/reminders-e2e-shots")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [375])
def test_a_member_sets_her_channels_and_reads_a_reminder(e2e_world, page, login, nav, width, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"  # the SMTP tests are elsewhere
    page.set_viewport_size({"width": width, "height": 900})
    w = e2e_world
    login("member_a")
    nav("提醒设置")
    form = page.locator("[data-testid=reminder-preferences]")
    form.locator("input[name=email]").check()
    form.locator("button[type=submit]").click()  # e-mail chosen without an address: refused
    page.wait_for_load_state("domcontentloaded")
    assert "请填写邮箱地址" in form.locator(".invalid-feedback").first.inner_text()
    assert form.locator("input[name=email]").is_checked()  # the refused form keeps what she chose
    form.locator("input[name=email_address]").fill("lina@example.test")
    _shot(page, f"preferences-{width}")
    form.locator("button[type=submit]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "提醒设置已保存" in page.locator(".alert-success, [role=alert]").first.inner_text()
    pref = ReminderPreference.objects.get(person=w.people["member"])
    assert pref.email and pref.email_address == "lina@example.test"

    made = reminders.notify(
        w.people["member"],
        key="e2e.notice.1.unsigned",
        title="请签收通知：关于开展12月主题党日活动的通知",
        body="该通知已发布 3 个工作日，您尚未签收。",
        url="/notices/messages/",
    )
    assert sorted(d.channel for d in made) == ["email", "in_app"]
    nav("我的消息")
    assert page.locator("[data-testid=unread-count]").inner_text() == "1"
    messages = page.locator("[data-testid=message-list]")
    assert "请签收通知：关于开展12月主题党日活动的通知" in messages.inner_text()
    _shot(page, f"messages-{width}")
    messages.get_by_role("button", name="标为已读").click()
    page.wait_for_load_state("domcontentloaded")
    assert page.locator("[data-testid=unread-count]").inner_text() == "0"
    assert "已读" in messages.inner_text()
