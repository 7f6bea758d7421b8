"""Reminders reach people through the channels they chose, each (person, reminder, channel) once, retried after a
failure and logged — tested against a real SMTP server and a webhook receiver on 127.0.0.1 (reminder_servers)."""

import datetime
import email as email_lib
from email.header import decode_header, make_header
from unittest import mock

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core import modules
from notices import actions_reminders as actions
from notices import channels, reminders
from notices.models import Delivery, Message, ReminderPreference, ReminderRun
from tests.test_module_registry import FakeModule

from .reminder_servers import Robot, SmtpServer

DAY = datetime.date(2026, 12, 2)


@pytest.fixture
def queued(settings):
    """Production's set-up: the database task backend; the worker's 8:00 clock kept out of the way."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.REMINDER_HOUR = 24
    settings.REMINDER_RETRY_SECONDS = 0
    settings.REMINDER_WEBHOOK_ALLOW_LOCAL = True


@pytest.fixture
def smtp(settings, monkeypatch):
    # The local SMTP exchange must not wait on a DNS lookup of this machine's name (Django's Message-ID and HELO).
    monkeypatch.setattr("django.core.mail.message.DNS_NAME._fqdn", "localhost", raising=False)
    with SmtpServer() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = False
        settings.DEFAULT_FROM_EMAIL = "dangjian@test.local"
        yield server


@pytest.fixture
def robot():
    with Robot() as r:
        yield r


def work():
    """What `manage.py reminders_worker` does, until the queue is empty (the test's one connection stays open)."""
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("reminders_worker", "--batch", "--no-startup-delay", "--no-reload", "--interval", "0", verbosity=0)


def choose(person, **channels_chosen):
    ReminderPreference.objects.update_or_create(person=person, defaults=channels_chosen)


@pytest.fixture
def source(monkeypatch, world):
    """A module offering the member's due reminder through the registry, as a real module's apps.py would."""
    member = world.people["member"]
    asked = []

    def due_reminders(today):
        asked.append(today)
        return [
            {
                "person": member,
                "key": "fake.notice.7.unsigned",
                "title": "请签收通知：关于开展主题党日活动的通知",
                "body": "该通知已发布 3 个工作日，您尚未签收。",
                "url": "/notices/7/",
            }
        ]

    fake = FakeModule(label="fakenotices", contributes={"notices.reminders": due_reminders})
    real = modules.modules()
    monkeypatch.setattr(modules, "modules", lambda: [*real, fake])
    return asked


def test_a_due_reminder_of_a_registered_source_is_emailed_once_however_often_it_is_collected(
    queued, smtp, source, world
):
    member = world.people["member"]
    choose(member, email=True, email_address="lina@example.test")
    call_command("send_reminders", "--date", DAY.isoformat(), verbosity=0)
    call_command("send_reminders", "--date", DAY.isoformat(), verbosity=0)  # the same day again: nothing new
    assert source == [DAY, DAY]
    assert Delivery.objects.count() == 2  # in-app and e-mail, once each
    work()
    call_command("send_reminders", "--date", (DAY + datetime.timedelta(days=1)).isoformat(), verbosity=0)
    work()  # the next day the source still offers it: it was delivered already

    assert len(smtp.messages) == 1
    mail = smtp.messages[0]
    assert mail["to"] == ["lina@example.test"] and mail["from"] == "dangjian@test.local"
    parsed = email_lib.message_from_string(mail["data"])
    assert str(make_header(decode_header(parsed["Subject"]))) == "【党建提醒】请签收通知：关于开展主题党日活动的通知"
    assert "该通知已发布 3 个工作日，您尚未签收。" in mail["data"] and "办理链接：/notices/7/" in mail["data"]
    email = Delivery.objects.get(channel="email")
    assert (email.status, email.attempts, email.last_error) == ("sent", 1, "")
    assert email.sent_at is not None and email.target == "l***@example.test"
    inbox = Message.objects.get(person=member)
    assert inbox.title == "请签收通知：关于开展主题党日活动的通知" and inbox.url == "/notices/7/"
    assert Delivery.objects.get(channel="in_app").status == "sent"
    assert ReminderRun.objects.filter(day=DAY).exists()


def test_a_failed_email_is_retried_and_the_log_shows_both_attempts(queued, smtp, world):
    member = world.people["member"]
    choose(member, email=True, email_address="lina@example.test")
    smtp.fail(1)
    reminders.notify(member, key="test.retry", title="请按时参加支部党员大会")
    work()  # the first attempt is refused by the server, the retry (due at once here) goes through

    assert len(smtp.messages) == 1
    email = Delivery.objects.get(channel="email")
    assert (email.status, email.attempts) == ("sent", 2)
    assert "451" in email.last_error  # the failure stays in the log
    assert DBTaskResult.objects.count() == 2  # the e-mail and its retry (in-app needs no task)


def test_a_retry_waits_its_back_off(queued, smtp, world, settings):
    settings.REMINDER_RETRY_SECONDS = 600
    member = world.people["member"]
    choose(member, email=True, email_address="lina@example.test")
    smtp.fail(1)
    reminders.notify(member, key="test.backoff", title="提醒")
    work()
    email = Delivery.objects.get(channel="email")
    assert (email.status, email.attempts, len(smtp.messages)) == ("retrying", 1, 0)
    assert email.next_attempt_at > timezone.now() + datetime.timedelta(seconds=590)
    assert reminders.retry_due() == 0  # not yet
    assert reminders.deliver(email.pk) is None  # a task delivered early does nothing
    later = timezone.now() + datetime.timedelta(minutes=11)
    assert reminders.deliver(email.pk, now=later) == "sent"
    assert len(smtp.messages) == 1


def test_a_delivery_is_given_up_after_the_last_attempt(queued, smtp, world, settings):
    settings.REMINDER_MAX_ATTEMPTS = 3
    member = world.people["member"]
    choose(member, email=True, email_address="lina@example.test")
    smtp.fail(5)
    reminders.notify(member, key="test.give_up", title="提醒")
    work()
    email = Delivery.objects.get(channel="email")
    assert (email.status, email.attempts, email.next_attempt_at) == ("failed", 3, None)
    assert smtp.messages == []
    assert reminders.retry_due() == 0


def test_a_person_who_chose_no_email_gets_none(queued, smtp, world):
    member, other = world.people["member"], world.people["secretary"]
    choose(member, email=False, email_address="lina@example.test")  # an address, but e-mail not chosen
    reminders.notify(member, key="test.none", title="提醒")
    reminders.notify(other, key="test.none", title="提醒")  # no choice made at all: in-app only
    work()
    assert smtp.messages == []
    assert set(Delivery.objects.values_list("channel", flat=True)) == {"in_app"}
    assert Message.objects.filter(key="test.none").count() == 2


def test_the_wecom_robot_gets_markdown_and_is_retried_after_a_failure(queued, robot, world):
    member, admin = world.people["member"], world.users["branch_secretary"]
    actions.set_robots(world.branch_a.pk, by=admin, data={"wecom_webhook": robot.url()})
    choose(member, wecom=True)
    robot.fail_next = 1
    reminders.notify(member, key="test.wecom", title="请签收通知", body="通知已发布 3 个工作日。", url="/notices/7/")
    work()

    assert len(robot.received) == 1
    posted = robot.received[0]
    assert posted["path"] == "/cgi-bin/webhook/send?key=test-key-0123456789"
    assert posted["json"]["msgtype"] == "markdown"
    content = posted["json"]["markdown"]["content"]
    assert "请签收通知" in content and "李娜" in content and "通知已发布 3 个工作日。" in content
    wecom = Delivery.objects.get(channel="wecom")
    assert (wecom.status, wecom.attempts) == ("sent", 2) and "HTTP 500" in wecom.last_error
    assert wecom.target == "统计局第一党支部群机器人"


def test_the_dingtalk_robot_of_the_committee_reaches_a_branch_without_its_own(queued, robot, world):
    member, admin = world.people["member"], world.users["committee_admin"]
    url = robot.url("/robot/send?access_token=tok-0123456789abc")
    actions.set_robots(world.committee.pk, by=admin, data={"dingtalk_webhook": url})
    choose(member, dingtalk=True)
    robot.fail_next, robot.fail_with = 1, "errcode"
    reminders.notify(member, key="test.ding", title="待审核：积分申报")
    work()
    assert len(robot.received) == 1
    body = robot.received[0]["json"]
    assert body["msgtype"] == "markdown" and body["markdown"]["title"] == "待审核：积分申报"
    assert "李娜" in body["markdown"]["text"]
    ding = Delivery.objects.get(channel="dingtalk")
    assert (ding.status, ding.attempts) == ("sent", 2) and "api freq out of limit" in ding.last_error


def test_a_robot_channel_is_not_used_where_no_robot_reaches(queued, world):
    member = world.people["member"]
    choose(member, wecom=True, dingtalk=True)
    reminders.notify(member, key="test.norobot", title="提醒")
    assert set(Delivery.objects.values_list("channel", flat=True)) == {"in_app"}


def test_the_worker_collects_the_day_at_eight_shanghai_time_once(queued, source, world, settings):
    settings.REMINDER_HOUR = 8
    tz = timezone.get_current_timezone()
    before = datetime.datetime(2026, 12, 2, 7, 59, tzinfo=tz)
    after = datetime.datetime(2026, 12, 2, 8, 0, tzinfo=tz)
    assert str(tz) == "Asia/Shanghai"
    assert not reminders.daily_due(before)
    assert reminders.daily_due(after)
    with (
        mock.patch("notices.reminders.dates.today", return_value=DAY),
        mock.patch("notices.reminders.timezone.now", return_value=after),
    ):
        work()  # the clock finds it past 8:00: collects, and the deliveries it made run in the same pass
        assert not reminders.daily_due(after)
        work()  # a second worker (or pass) the same morning collects nothing
    assert source == [DAY]
    assert Message.objects.filter(key="fake.notice.7.unsigned").count() == 1


def test_a_broken_source_does_not_stop_the_others(monkeypatch, world, source):
    def broken(today):
        raise RuntimeError("boom")

    real = modules.modules()
    monkeypatch.setattr(
        modules, "modules", lambda: [FakeModule(label="broken", contributes={"notices.reminders": broken}), *real]
    )
    assert reminders.collect(DAY)["created"] == 1  # the in-app message of the working source


def test_in_tests_the_immediate_backend_delivers_at_once(world):
    member = world.people["member"]
    made = reminders.notify(member, key="test.now", title="提醒")
    assert [d.channel for d in made] == ["in_app"]
    assert Delivery.objects.get().status == "sent"
    assert reminders.notify(member, key="test.now", title="提醒") == []  # once


@pytest.mark.parametrize(
    ("channel", "url"),
    [
        ("wecom", "http://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"),
        ("wecom", "https://qyapi.weixin.qq.com.evil.example/cgi-bin/webhook/send?key=abc"),
        ("wecom", "https://qyapi.weixin.qq.com@127.0.0.1/cgi-bin/webhook/send?key=abc"),
        ("wecom", "https://qyapi.weixin.qq.com:8443/cgi-bin/webhook/send?key=abc"),
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/other?key=abc"),
        ("wecom", "https://qyapi.weixin.qq.com/cgi-bin/webhook/send"),
        ("wecom", "http://127.0.0.1:8000/cgi-bin/webhook/send?key=abc"),
        ("wecom", "https://oapi.dingtalk.com/robot/send?access_token=abc"),
        ("dingtalk", "https://10.0.0.1/robot/send?access_token=abc"),
        ("dingtalk", "file:///etc/passwd"),
        ("dingtalk", "https://[::1/robot/send"),
    ],
)
def test_a_webhook_must_be_the_vendors_https_address(channel, url):
    with pytest.raises(ValueError, match="机器人地址"):
        channels.check_webhook(channel, url)


def test_the_vendors_addresses_are_accepted_and_local_ones_only_when_allowed(settings):
    assert channels.check_webhook("wecom", " https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc ").startswith(
        "https"
    )
    assert channels.check_webhook("dingtalk", "https://oapi.dingtalk.com/robot/send?access_token=abc")
    settings.REMINDER_WEBHOOK_ALLOW_LOCAL = True
    assert channels.check_webhook("wecom", "http://127.0.0.1:8000/x")
    with pytest.raises(ValueError):
        channels.check_webhook("wecom", "http://192.168.1.1/x")
