"""The channels a reminder travels by: each a class with `code`, `label`, whether a person gets it
(`chooses`), where it goes (`target`, masked for the log) and `send`, which raises ChannelError on failure
(the delivery then retries with back-off). In-app is always on; e-mail goes to the address the person gave;
企业微信 and 钉钉 post to the group robot of her organisation (or the nearest one above it).

The robots are reached only at their vendors' hosts over HTTPS (`check_webhook`), never following a redirect,
so a stored URL cannot make the server call an address inside the network (SSRF). Tests stand a local HTTP
endpoint in for the robot with `REMINDER_WEBHOOK_ALLOW_LOCAL`."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from typing import ClassVar

from django.conf import settings
from django.core.mail import send_mail

from .models_reminders import Channel, Message, RobotSetting

ROBOT_HOSTS = {Channel.WECOM: "qyapi.weixin.qq.com", Channel.DINGTALK: "oapi.dingtalk.com"}
ROBOT_PATHS = {Channel.WECOM: "/cgi-bin/webhook/send", Channel.DINGTALK: "/robot/send"}
ROBOT_KEYS = {Channel.WECOM: "key", Channel.DINGTALK: "access_token"}
ROBOT_LABELS = {Channel.WECOM: "企业微信", Channel.DINGTALK: "钉钉"}
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
TIMEOUT_SECONDS = 10


class ChannelError(Exception):
    """A delivery attempt failed (the message is kept as the log's last error)."""


def check_webhook(channel, url) -> str:
    """The URL, stripped, if it is the robot webhook of `channel`; ValueError with the Chinese reason otherwise."""
    url = (url or "").strip()
    label = ROBOT_LABELS[channel]
    host, path, key = ROBOT_HOSTS[channel], ROBOT_PATHS[channel], ROBOT_KEYS[channel]
    example = f"https://{host}{path}?{key}=…"
    try:
        parts = urllib.parse.urlsplit(url)
        hostname = (parts.hostname or "").lower()
        parts.port  # noqa: B018  (a malformed port raises here)
    except ValueError:
        raise ValueError(f"{label}机器人地址格式不正确，应为 {example}") from None
    local = getattr(settings, "REMINDER_WEBHOOK_ALLOW_LOCAL", False) and hostname in LOCAL_HOSTS
    if local and parts.scheme in ("http", "https"):
        return url
    if parts.scheme != "https" or hostname != host or parts.port not in (None, 443) or parts.username:
        raise ValueError(f"{label}机器人地址须为 {example}（仅限 HTTPS 及官方域名）。")
    if parts.path != path or not urllib.parse.parse_qs(parts.query).get(key):
        raise ValueError(f"{label}机器人地址须为 {example}（仅限 HTTPS 及官方域名）。")
    return url


def mask_webhook(url) -> str:
    """The webhook shown to admins: host and the ends of its key only (the key posts to the group)."""
    if not url:
        return ""
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.parse_qsl(parts.query)
    secret = next((v for k, v in query if k in ("key", "access_token")), "")
    shown = f"{secret[:4]}…{secret[-4:]}" if len(secret) > 10 else "…"
    return f"{parts.scheme}://{parts.netloc}{parts.path}?…{shown}"


def mask_email(address) -> str:
    if "@" not in (address or ""):
        return ""
    name, domain = address.split("@", 1)
    return f"{name[:1]}***@{domain}"


def absolute(url) -> str:
    """A link for a message read outside the site: relative links get SITE_URL in front (if set)."""
    base = getattr(settings, "SITE_URL", "")
    return f"{base.rstrip('/')}{url}" if url.startswith("/") and base else url


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        raise urllib.error.HTTPError(req.full_url, code, f"不跟随重定向（{code}）", headers, fp)


_OPENER = urllib.request.build_opener(_NoRedirect)


def post_json(url, payload) -> dict:
    """POST `payload` as JSON to a checked webhook URL; the robot's JSON answer (errcode 0 is success)."""
    request = urllib.request.Request(  # noqa: S310  (the URL was checked by check_webhook: https, vendor host)
        url,
        data=json.dumps(payload, ensure_ascii=False).encode(),
        headers={"Content-Type": "application/json; charset=utf-8"},
        method="POST",
    )
    try:
        with _OPENER.open(request, timeout=TIMEOUT_SECONDS) as response:
            raw = response.read(65536)
    except urllib.error.HTTPError as e:
        raise ChannelError(f"机器人接口返回 HTTP {e.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        raise ChannelError(f"无法连接机器人接口：{getattr(e, 'reason', e)}") from None
    try:
        answer = json.loads(raw or b"{}")
    except ValueError:
        raise ChannelError("机器人接口的应答不是 JSON。") from None
    if not isinstance(answer, dict) or answer.get("errcode", 0) != 0:
        errmsg = answer.get("errmsg", "") if isinstance(answer, dict) else ""
        raise ChannelError(f"机器人接口拒绝：{errmsg or answer}"[:300])
    return answer


class BaseChannel:
    code: ClassVar[str]
    label: ClassVar[str]

    def chooses(self, person, preference) -> bool:
        raise NotImplementedError

    def target(self, person, preference) -> str:
        return ""

    def send(self, delivery, preference) -> None:
        raise NotImplementedError


class InAppChannel(BaseChannel):
    """站内消息: always on; the message waits in 我的消息 of the account linked to the person."""

    code, label = Channel.IN_APP, "站内消息"

    def chooses(self, person, preference):
        return True

    def send(self, delivery, preference):
        Message.objects.get_or_create(
            person_id=delivery.person_id,
            key=delivery.key,
            defaults={"title": delivery.title, "body": delivery.body, "url": delivery.url},
        )


class EmailChannel(BaseChannel):
    """电子邮件 through the SMTP server of the EMAIL_* settings, to the address the person gave."""

    code, label = Channel.EMAIL, "电子邮件"

    def chooses(self, person, preference):
        return preference is not None and preference.email and bool(preference.email_address)

    def target(self, person, preference):
        return mask_email(preference.email_address) if preference else ""

    def send(self, delivery, preference):
        if not self.chooses(delivery.person, preference):
            raise ChannelError("该人员已取消电子邮件提醒或未填写邮箱。")
        lines = [delivery.body] if delivery.body else []
        if delivery.url:
            lines.append(f"办理链接：{absolute(delivery.url)}")
        lines.append("—— 党建工作管理平台（本邮件由系统自动发送，请勿回复）")
        try:
            send_mail(
                f"【党建提醒】{delivery.title}",
                "\n\n".join(lines),
                settings.DEFAULT_FROM_EMAIL,
                [preference.email_address],
                fail_silently=False,
            )
        except Exception as e:  # smtplib's and socket's errors alike: the attempt failed, the retry may not
            raise ChannelError(f"邮件发送失败：{type(e).__name__}: {e}"[:300]) from None


def robot_for(org, channel) -> RobotSetting | None:
    """The robot that reaches the members of `org`: its own, else the nearest organisation above it with one."""
    if org is None:
        return None
    paths = [org.path[:i] for i in range(org.steplen, len(org.path) + 1, org.steplen)]
    field = {Channel.WECOM: "wecom_webhook", Channel.DINGTALK: "dingtalk_webhook"}[channel]
    found = (
        RobotSetting.objects.filter(org__path__in=paths)
        .exclude(**{field: ""})
        .select_related("org")
        .order_by("-org__depth")
        .first()
    )
    return found


class RobotChannel(BaseChannel):
    """A group robot: the message goes to the group chat of the person's organisation, naming her."""

    def chooses(self, person, preference):
        return (
            preference is not None and getattr(preference, self.code) and robot_for(person.org, self.code) is not None
        )

    def target(self, person, preference):
        robot = robot_for(person.org, self.code)
        return f"{robot.org.name}群机器人" if robot else ""

    def payload(self, delivery) -> dict:
        raise NotImplementedError

    def text(self, delivery) -> str:
        lines = [f"### {delivery.title}", f"**{delivery.person.name}** 同志："]
        if delivery.body:
            lines.append(delivery.body)
        if delivery.url:
            lines.append(f"[前往办理]({absolute(delivery.url)})")
        return "\n\n".join(lines)

    def send(self, delivery, preference):
        robot = robot_for(delivery.person.org, self.code)
        if robot is None:
            raise ChannelError(f"所在党组织尚未设置{self.label}。")
        try:
            url = check_webhook(self.code, robot.webhook(self.code))
        except ValueError as e:
            raise ChannelError(str(e)) from None
        post_json(url, self.payload(delivery))


class WeComChannel(RobotChannel):
    """企业微信群机器人: `{"msgtype": "markdown", "markdown": {"content": …}}` to its webhook."""

    code, label = Channel.WECOM, "企业微信群机器人"

    def payload(self, delivery):
        return {"msgtype": "markdown", "markdown": {"content": self.text(delivery)}}


class DingTalkChannel(RobotChannel):
    """钉钉群机器人: `{"msgtype": "markdown", "markdown": {"title": …, "text": …}}` to its webhook."""

    code, label = Channel.DINGTALK, "钉钉群机器人"

    def payload(self, delivery):
        return {"msgtype": "markdown", "markdown": {"title": delivery.title[:60], "text": self.text(delivery)}}


CHANNELS: dict[str, BaseChannel] = {
    c.code: c for c in (InAppChannel(), EmailChannel(), WeComChannel(), DingTalkChannel())
}


def get(code) -> BaseChannel:
    return CHANNELS[code]
