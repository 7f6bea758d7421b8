"""REST API of the reminders (API.md "Notices and cockpit"): 我的消息, the caller's 提醒设置, an organisation's
群机器人 (its admins) and the 提醒投递记录 (admins, their subtrees). Reads go through `visible_to`; writes call
notices/actions_reminders.py."""

import datetime
from typing import Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, paginate
from core.verbs import require_verb

from . import actions_reminders as actions
from . import channels
from .models_reminders import Channel, Delivery, Message
from .views_reminders import delivery_filter

router = Router(tags=["提醒"], auth=AUTH)


class MessageOut(Schema):
    id: int
    key: str
    title: str
    body: str
    url: str
    created_at: datetime.datetime
    read: bool
    read_at: datetime.datetime | None


class MessagesOut(ListOut[MessageOut]):
    unread: int


def message_out(m):
    return {
        "id": m.pk,
        "key": m.key,
        "title": m.title,
        "body": m.body,
        "url": m.url,
        "created_at": m.created_at,
        "read": m.read_at is not None,
        "read_at": m.read_at,
    }


@router.get("/messages", response=MessagesOut, summary="我的消息")
def list_messages(request: HttpRequest, unread: bool = False, page: Page = 1, page_size: PageSize = 50):
    require_verb(request.user, "notices.read_messages")
    qs = Message.objects.visible_to(request.user).order_by("-created_at", "-id")
    unread_count = qs.filter(read_at__isnull=True).count()
    if unread:
        qs = qs.filter(read_at__isnull=True)
    return {**paginate(qs, page, page_size, message_out), "unread": unread_count}


@router.post("/messages/{message_id}/read", response=MessageOut, summary="标记消息已读")
def read_message(request: HttpRequest, message_id: Id):
    return message_out(actions.mark_read(message_id, by=request.user))


class ReadAllOut(Schema):
    read: int


@router.post("/messages/read", response=ReadAllOut, summary="全部标记已读")
def read_all_messages(request: HttpRequest):
    return {"read": actions.mark_all_read(by=request.user)}


class RobotsAvailable(Schema):
    wecom: Ref | None  # the organisation whose robot would carry it
    dingtalk: Ref | None


class PreferencesOut(Schema):
    in_app: bool  # always true
    email: bool
    email_address: str
    wecom: bool
    dingtalk: bool
    robots: RobotsAvailable


class PreferencesIn(Schema):
    email: bool = False
    email_address: str = Field("", max_length=200)
    wecom: bool = False
    dingtalk: bool = False


def _ref(org):
    return {"id": org.pk, "name": org.name} if org is not None else None


def preferences_out(person):
    robots = actions.robots_reaching(person)
    return {
        "in_app": True,
        **actions.preference_initial(person),
        "robots": {"wecom": _ref(robots[Channel.WECOM]), "dingtalk": _ref(robots[Channel.DINGTALK])},
    }


@router.get("/reminders/preferences", response=PreferencesOut, summary="我的提醒设置")
def get_preferences(request: HttpRequest):
    return preferences_out(actions.my_person(request.user))


@router.put("/reminders/preferences", response=PreferencesOut, summary="修改我的提醒设置")
def put_preferences(request: HttpRequest, payload: PreferencesIn):
    data = {k: v for k, v in payload.dict().items() if v not in (False, None)}
    actions.set_preferences(by=request.user, data=data)
    return preferences_out(actions.my_person(request.user))


class RobotOut(Schema):
    org: Ref
    wecom_webhook: str  # masked
    dingtalk_webhook: str  # masked


class RobotIn(Schema):
    wecom_webhook: str | None = Field(None, max_length=500)  # null: keep; "": delete
    dingtalk_webhook: str | None = Field(None, max_length=500)


def robot_out(org):
    current = actions.robot_current(org)
    return {
        "org": _ref(org),
        "wecom_webhook": channels.mask_webhook(current.get(Channel.WECOM, "")),
        "dingtalk_webhook": channels.mask_webhook(current.get(Channel.DINGTALK, "")),
    }


@router.get("/reminders/robots/{org_id}", response=RobotOut, summary="党组织的群机器人（地址已脱敏）")
def get_robots(request: HttpRequest, org_id: Id):
    return robot_out(actions.robot_org(request.user, org_id))


@router.put("/reminders/robots/{org_id}", response=RobotOut, summary="设置党组织的群机器人")
def put_robots(request: HttpRequest, org_id: Id, payload: RobotIn):
    data: dict = {}
    for code in ("wecom", "dingtalk"):
        value = getattr(payload, f"{code}_webhook")
        if value == "":
            data[f"clear_{code}"] = "on"
        elif value is not None:
            data[f"{code}_webhook"] = value
    org = actions.robot_org(request.user, org_id)
    actions.set_robots(org.pk, by=request.user, data=data)
    return robot_out(org)


class DeliveryOut(Schema):
    id: int
    person: Ref
    org: Ref
    key: str
    channel: str  # in_app | email | wecom | dingtalk
    channel_label: str
    title: str
    target: str  # masked
    status: str  # pending | sending | retrying | sent | failed
    status_label: str
    attempts: int
    last_error: str
    created_at: datetime.datetime
    attempted_at: datetime.datetime | None
    next_attempt_at: datetime.datetime | None
    sent_at: datetime.datetime | None


def delivery_out(d: Delivery):
    return {
        "id": d.pk,
        "person": {"id": d.person_id, "name": d.person.name},
        "org": {"id": d.org_id, "name": d.org.name},
        "key": d.key,
        "channel": d.channel,
        "channel_label": d.get_channel_display(),
        "title": d.title,
        "target": d.target,
        "status": d.status,
        "status_label": d.get_status_display(),
        "attempts": d.attempts,
        "last_error": d.last_error,
        "created_at": d.created_at,
        "attempted_at": d.attempted_at,
        "next_attempt_at": d.next_attempt_at,
        "sent_at": d.sent_at,
    }


class DeliveryFilter(Schema):
    org: Id | None = None
    status: Literal["pending", "sending", "retrying", "sent", "failed"] | None = None
    channel: Literal["in_app", "email", "wecom", "dingtalk"] | None = None
    q: str = Field("", max_length=50)
    page: Page = 1
    page_size: PageSize = 50


@router.get("/reminders/deliveries", response=ListOut[DeliveryOut], summary="提醒投递记录（党务管理员）")
def list_deliveries(request: HttpRequest, filters: Query[DeliveryFilter]):
    params = {k: v for k, v in filters.dict().items() if v is not None and k not in ("page", "page_size")}
    qs, _ = delivery_filter(request.user, params)
    return paginate(qs, filters.page, filters.page_size, delivery_out)
