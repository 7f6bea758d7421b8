"""我的消息, 提醒设置, 群机器人设置 and the 提醒投递记录 through the pages and the API: each person's own, each
admin's subtree (another branch's answers 404), the 三员 refused, bad input told in Chinese and changing nothing."""

import pytest
from django.urls import reverse

from core.models import AuditEvent
from notices import actions_reminders as actions
from notices import reminders
from notices.models import Delivery, Message, ReminderPreference, RobotSetting

WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa"
DING = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef0123456789abcdef"


@pytest.fixture
def inbox(world):
    """A reminder each for the member (two) and for the other branch's secretary (one)."""
    member, outsider = world.people["member"], world.people["outsider"]
    reminders.notify(member, key="t.1", title="请签收通知：学习安排", url="/notices/1/")
    reminders.notify(member, key="t.2", title="待审核：积分申报", body="李娜的积分申报等待您审核。")
    reminders.notify(outsider, key="t.3", title="请签收通知：财政局")
    return Message.objects.order_by("pk")


# ---------------------------------------------------------------- 我的消息


def test_a_member_reads_her_own_messages_and_marks_them_read(world, api, inbox):
    client = api(world.users["branch_member"])
    body = client.get("messages").json()
    assert body["count"] == 2 and body["unread"] == 2
    assert [m["title"] for m in body["items"]] == ["待审核：积分申报", "请签收通知：学习安排"]
    first = body["items"][1]
    r = client.post(f"messages/{first['id']}/read")
    assert r.status_code == 200 and r.json()["read"] is True
    assert client.post(f"messages/{first['id']}/read").status_code == 200  # again: nothing changes
    assert AuditEvent.objects.filter(action="notices.message.read").count() == 1
    assert client.get("messages", {"unread": "true"}).json()["count"] == 1
    assert client.post("messages/read").json() == {"read": 1}
    assert client.get("messages").json()["unread"] == 0


def test_another_persons_message_answers_404(world, api, inbox):
    theirs = inbox.get(key="t.3")
    client = api(world.users["branch_member"])
    assert client.post(f"messages/{theirs.pk}/read").status_code == 404
    assert client.post("messages/99999999/read").status_code == 404
    assert Message.objects.get(pk=theirs.pk).read_at is None


@pytest.mark.parametrize("persona", ["sysadmin", "secadmin", "auditor"])
def test_the_system_accounts_have_no_messages_nor_settings(world, api, client, persona):
    user = world.users[persona]
    for method, path in [("get", "messages"), ("get", "reminders/preferences"), ("get", "reminders/deliveries")]:
        r = getattr(api(user), method)(path)
        assert r.status_code == 403 and "三员分立" in r.json()["detail"], (path, r.content)
    client.force_login(user)
    for name in ["notices:messages", "notices:reminder_settings_edit", "notices:robots", "notices:deliveries"]:
        assert client.get(reverse(name)).status_code == 403, name


def test_the_messages_page_shows_the_unread_count_and_marks_one_read(world, client, inbox):
    client.force_login(world.users["branch_member"])
    page = client.get(reverse("notices:messages"))
    html = page.content.decode()
    assert page.status_code == 200 and 'data-testid="unread-count">2<' in html
    assert "请签收通知：学习安排" in html and "请签收通知：财政局" not in html
    mine = inbox.get(key="t.1")
    r = client.post(reverse("notices:message_read", args=[mine.pk]))
    assert r.status_code == 302 and Message.objects.get(pk=mine.pk).read_at is not None
    theirs = inbox.get(key="t.3")
    client.post(reverse("notices:message_read", args=[theirs.pk]))
    assert Message.objects.get(pk=theirs.pk).read_at is None


# ---------------------------------------------------------------- 提醒设置


def test_a_member_chooses_her_channels_through_the_api(world, api):
    client = api(world.users["branch_member"])
    assert client.get("reminders/preferences").json() == {
        "in_app": True,
        "email": False,
        "email_address": "",
        "wecom": False,
        "dingtalk": False,
        "robots": {"wecom": None, "dingtalk": None},
    }
    r = client.put("reminders/preferences", {"email": True, "email_address": "lina@example.test"})
    assert r.status_code == 200, r.content
    assert r.json()["email"] is True and r.json()["email_address"] == "lina@example.test"
    pref = ReminderPreference.objects.get(person=world.people["member"])
    assert pref.email and pref.email_address == "lina@example.test"
    assert AuditEvent.objects.filter(action="notices.reminderpreference.update").count() == 1
    client.put("reminders/preferences", {"email": True, "email_address": "lina@example.test"})
    assert AuditEvent.objects.filter(action="notices.reminderpreference.update").count() == 1  # unchanged


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"email": True}, "email_address", "请填写邮箱地址"),
        ({"email": True, "email_address": "not-an-address"}, "email_address", "邮箱"),
        ({"wecom": True}, "wecom", "尚未设置企业微信群机器人"),
        ({"dingtalk": True}, "dingtalk", "尚未设置钉钉群机器人"),
    ],
)
def test_bad_channel_choices_are_refused_and_change_nothing(world, api, body, field, message):
    r = api(world.users["branch_member"]).put("reminders/preferences", body)
    assert r.status_code == 422, r.content
    assert message in " ".join(r.json()["errors"][field])
    assert not ReminderPreference.objects.exists()


def test_a_robot_channel_can_be_chosen_once_her_organisation_has_one(world, api):
    actions.set_robots(world.committee.pk, by=world.users["committee_admin"], data={"wecom_webhook": WECOM})
    client = api(world.users["branch_member"])
    assert client.get("reminders/preferences").json()["robots"]["wecom"] == {
        "id": world.committee.pk,
        "name": "测试区直机关工委",
    }
    assert client.put("reminders/preferences", {"wecom": True}).json()["wecom"] is True


def test_an_account_not_linked_to_a_person_has_no_settings(world, api):
    from core.testing import make_user

    user = make_user("nolink", roles=[("org_admin", world.branch_b)])
    r = api(user).get("reminders/preferences")
    assert r.status_code == 403 and "未关联人员" in r.json()["detail"]


def test_the_settings_page_saves_and_keeps_a_refused_form_filled(world, client):
    client.force_login(world.users["branch_member"])
    url = reverse("notices:reminder_settings_edit")
    assert "站内消息（始终开启" in client.get(url).content.decode()
    r = client.post(url, {"email": "on", "email_address": "bad"})
    assert r.status_code == 200 and 'value="bad"' in r.content.decode()
    assert not ReminderPreference.objects.exists()
    r = client.post(url, {"email": "on", "email_address": "lina@example.test"})
    assert r.status_code == 302
    assert ReminderPreference.objects.get().email_address == "lina@example.test"


# ---------------------------------------------------------------- 群机器人设置


def test_an_admin_sets_her_branchs_robots_shown_masked_and_audited(world, api):
    client = api(world.users["branch_secretary"])
    r = client.put(f"reminders/robots/{world.branch_a.pk}", {"wecom_webhook": WECOM, "dingtalk_webhook": DING})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["wecom_webhook"] == "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?…693a…5aaa"
    assert "0123456789abcdef0123456789abcdef" not in body["dingtalk_webhook"]
    robot = RobotSetting.objects.get(org=world.branch_a)
    assert (robot.wecom_webhook, robot.dingtalk_webhook) == (WECOM, DING)
    event = AuditEvent.objects.get(action="notices.robotsetting.update")
    assert WECOM not in str(event.after) and event.after["wecom"] == body["wecom_webhook"]
    # null keeps, "" deletes
    assert (
        client.put(f"reminders/robots/{world.branch_a.pk}", {"dingtalk_webhook": ""}).json()["dingtalk_webhook"] == ""
    )
    assert RobotSetting.objects.get(org=world.branch_a).wecom_webhook == WECOM


@pytest.mark.parametrize(
    "url",
    [
        "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=a",
        "https://127.0.0.1/cgi-bin/webhook/send?key=a",
        "x" * 501,
    ],
)
def test_a_webhook_outside_the_vendors_https_address_is_refused(world, api, url):
    r = api(world.users["branch_secretary"]).put(f"reminders/robots/{world.branch_a.pk}", {"wecom_webhook": url})
    assert r.status_code == 422, r.content
    assert not RobotSetting.objects.filter(wecom_webhook=url).exists()


def test_another_branchs_robots_answer_404_and_a_member_is_refused(world, api, client):
    assert api(world.users["outsider"]).get(f"reminders/robots/{world.branch_a.pk}").status_code == 404
    assert (
        api(world.users["outsider"]).put(f"reminders/robots/{world.branch_a.pk}", {"wecom_webhook": WECOM}).status_code
        == 404
    )
    r = api(world.users["branch_member"]).put(f"reminders/robots/{world.branch_a.pk}", {"wecom_webhook": WECOM})
    assert r.status_code == 403 and "党务管理员" in r.json()["detail"]
    client.force_login(world.users["outsider"])
    assert client.get(reverse("notices:robot_edit", args=[world.branch_a.pk])).status_code == 404
    assert not RobotSetting.objects.exists()


def test_the_robot_page_keeps_the_stored_url_when_posted_unchanged(world, client):
    actions.set_robots(world.branch_a.pk, by=world.users["branch_secretary"], data={"wecom_webhook": WECOM})
    client.force_login(world.users["branch_secretary"])
    url = reverse("notices:robot_edit", args=[world.branch_a.pk])
    html = client.get(url).content.decode()
    assert WECOM not in html and "…693a…5aaa" in html
    assert client.post(url, {"wecom_webhook": "", "dingtalk_webhook": ""}).status_code == 302
    assert RobotSetting.objects.get().wecom_webhook == WECOM
    listing = client.get(reverse("notices:robots")).content.decode()
    assert "统计局第一党支部" in listing and "财政局第一党支部" not in listing and WECOM not in listing


# ---------------------------------------------------------------- 提醒投递记录


def test_the_delivery_log_is_scoped_to_the_subtrees_one_administers(world, api, inbox):
    committee = api(world.users["committee_admin"]).get("reminders/deliveries").json()
    assert committee["count"] == 3
    mine = api(world.users["outsider"]).get("reminders/deliveries").json()
    assert [d["person"]["name"] for d in mine["items"]] == ["张伟"]
    assert mine["items"][0]["status"] == "sent" and mine["items"][0]["attempts"] == 1
    only_a = api(world.users["committee_admin"]).get("reminders/deliveries", {"org": world.branch_a.pk}).json()
    assert {d["person"]["name"] for d in only_a["items"]} == {"李娜"}
    assert api(world.users["outsider"]).get("reminders/deliveries", {"org": world.branch_a.pk}).status_code == 404
    r = api(world.users["branch_member"]).get("reminders/deliveries")
    assert r.status_code == 403


@pytest.mark.parametrize(
    "params", [{"status": "lost"}, {"channel": "fax"}, {"org": "abc"}, {"org": 0}, {"page": 0}, {"q": "x" * 51}]
)
def test_bad_delivery_filters_are_refused_not_500(world, api, params):
    r = api(world.users["committee_admin"]).get("reminders/deliveries", params)
    assert r.status_code in (404, 422), r.content


def test_the_delivery_log_page_filters_and_stays_in_scope(world, client, inbox):
    Delivery.objects.filter(key="t.2").update(status="failed", last_error="SMTP 451")
    client.force_login(world.users["committee_admin"])
    url = reverse("notices:deliveries")
    html = client.get(url, {"status": "failed"}).content.decode()
    assert "待审核：积分申报" in html and "请签收通知：学习安排" not in html and "SMTP 451" in html
    assert client.get(url, {"q": "张伟"}).content.decode().count("data-delivery=") == 1
    assert client.get(url, {"org": "abc", "page": "x", "status": "<b>"}).status_code == 404
    client.force_login(world.users["outsider"])
    html = client.get(url).content.decode()
    assert "请签收通知：财政局" in html and "学习安排" not in html
    assert client.get(url, {"org": world.branch_a.pk}).status_code == 404
