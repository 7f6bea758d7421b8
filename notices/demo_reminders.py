"""Demo of the reminders: the 工委's 企业微信 robot (a vendor-form address with a demo key), the member's
channel choices, and a delivery log in every state with her in-app messages (two unread, one read).

The log is written as the deliveries would have left it, not by sending: loading the demo must never reach a
mail server or a robot outside the machine."""

import datetime

from django.utils import timezone

from . import actions_reminders as actions
from .models_reminders import Channel, Delivery, DeliveryStatus, Message

DEMO_WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=demo0000-0000-4000-8000-000000000001"

ITEMS = [
    (
        "demo.notice.1.unsigned",
        "请签收通知：关于开展12月主题党日活动的通知",
        "该通知已发布 3 个工作日，您尚未签收。",
        "/",
    ),
    ("demo.review.1", "待审核：积分申报“规范开展主题党日”", "统计局第一党支部的积分申报等待您一级审核。", "/"),
    ("demo.learning.1", "学时提醒：本年度尚差 8 学时", "请在年底前完成网络学院学习。", "/learning/hours/"),
]


def build(world):
    u = world["users"]
    committee, member = world["committee"], u["member1"]
    actions.set_robots(committee.pk, by=u["committee"], data={"wecom_webhook": DEMO_WECOM})
    actions.set_preferences(by=member, data={"email": "on", "email_address": "member1@example.com", "wecom": "on"})
    person = member.person
    now = timezone.now()
    rows = []
    for n, (key, title, body, url) in enumerate(ITEMS):
        made = now - datetime.timedelta(hours=30 - n * 10)
        Message.objects.create(
            person=person, key=key, title=title, body=body, url=url, read_at=made if n == 0 else None
        )
        rows.append(dict(channel=Channel.IN_APP, status=DeliveryStatus.SENT, attempts=1, sent_at=made))
        if n == 0:
            rows.append(
                dict(
                    channel=Channel.EMAIL,
                    status=DeliveryStatus.SENT,
                    attempts=2,
                    sent_at=made,
                    last_error="邮件发送失败：SMTPDataError: 451 Temporary failure",
                    target="m***@example.com",
                )
            )
            rows.append(
                dict(
                    channel=Channel.WECOM,
                    status=DeliveryStatus.SENT,
                    attempts=1,
                    sent_at=made,
                    target=f"{committee.name}群机器人",
                )
            )
        elif n == 1:
            rows.append(
                dict(
                    channel=Channel.EMAIL,
                    status=DeliveryStatus.RETRYING,
                    attempts=1,
                    next_attempt_at=now + datetime.timedelta(minutes=4),
                    target="m***@example.com",
                    last_error="邮件发送失败：SMTPServerDisconnected: Connection unexpectedly closed",
                )
            )
            rows.append(
                dict(
                    channel=Channel.WECOM,
                    status=DeliveryStatus.FAILED,
                    attempts=5,
                    target=f"{committee.name}群机器人",
                    last_error="机器人接口拒绝：api freq out of limit",
                )
            )
        else:
            rows.append(dict(channel=Channel.EMAIL, status=DeliveryStatus.PENDING, target="m***@example.com"))
        for row in rows:
            row.setdefault("key", key)
            row.setdefault("title", title)
            row.setdefault("body", body)
            row.setdefault("url", url)
    Delivery.objects.bulk_create(Delivery(person=person, org_id=person.org_id, **row) for row in rows)
    return {"deliveries": len(rows), "messages": len(ITEMS)}
