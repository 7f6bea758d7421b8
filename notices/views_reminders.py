"""Pages of the reminders: 我的消息, 提醒设置, 群机器人设置 (admins) and the 提醒投递记录 (admins, their subtrees).
Views parse, call an action and render."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.pages import form_page, post_action
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation

from . import actions_reminders as actions
from . import channels
from .forms_reminders import RobotForm
from .models_reminders import Channel, Delivery, DeliveryStatus, Message

PAGE_SIZE = 50


def _page(request, qs):
    try:
        number = max(1, min(int(request.GET.get("page") or 1), 10_000))
    except ValueError:
        number = 1
    return Paginator(qs, PAGE_SIZE).get_page(number)


@login_required
def messages_list(request):
    """我的消息: the reminders that reached the user in the app, newest first; unread ones marked."""
    require_verb(request.user, "notices.read_messages")
    show = request.GET.get("show") or ""
    qs = Message.objects.visible_to(request.user).order_by("-created_at", "-id")
    unread = qs.filter(read_at__isnull=True).count()
    if show == "unread":
        qs = qs.filter(read_at__isnull=True)
    return render(
        request,
        "notices/reminders/messages.html",
        {"page": _page(request, qs), "unread": unread, "show": show},
    )


@login_required
@require_POST
def message_read(request, pk):
    message = get_object_for_user(Message, pk, request.user)  # another's (or no such) message: 404, as on a page
    return post_action(
        request,
        lambda: actions.mark_read(message.pk, by=request.user),
        success="已标记为已读。",
        next_default=reverse("notices:messages"),
    )


@login_required
@require_POST
def messages_read_all(request):
    return post_action(
        request,
        lambda: actions.mark_all_read(by=request.user),
        success=lambda n: f"已将 {n} 条消息标记为已读。" if n else "没有未读消息。",
        next_default=reverse("notices:messages"),
    )


@login_required
def preferences_edit(request):
    """提醒设置: the user's own channels (站内消息 always; e-mail; her organisation's group robots)."""
    person = actions.my_person(request.user)
    form = actions.preference_form(person, request.POST or None)
    return form_page(
        request,
        form,
        action=lambda: actions.set_preferences(by=request.user, data=request.POST),
        success="提醒设置已保存。",
        redirect_to=reverse("notices:reminder_settings_edit"),
        template="notices/reminders/preferences.html",
        title="提醒设置",
        subtitle="站内消息始终开启；您还可以选择通过电子邮件或所在党组织的群机器人接收提醒。",
        back_url=reverse("notices:messages"),
        back_label="我的消息",
        testid="reminder-preferences",
        max_width="40rem",
    )


@login_required
def robot_list(request):
    """群机器人设置: the organisations the user administers, each with its robots (masked)."""
    require_verb(request.user, "notices.read_deliveries")
    orgs = Organisation.objects.administered_by(request.user).select_related("robot_setting").order_by("path")
    page = _page(request, orgs)
    for org in page:
        robot = getattr(org, "robot_setting", None)
        org.wecom_shown = channels.mask_webhook(robot.wecom_webhook) if robot else ""
        org.dingtalk_shown = channels.mask_webhook(robot.dingtalk_webhook) if robot else ""
    return render(request, "notices/reminders/robots.html", {"page": page})


@login_required
def robot_edit(request, org_id):
    org = actions.robot_org(request.user, org_id)
    form = RobotForm(request.POST or None, current=actions.robot_current(org))
    return form_page(
        request,
        form,
        action=lambda: actions.set_robots(org.pk, by=request.user, data=request.POST),
        success=f"已保存“{org.name}”的群机器人设置。",
        redirect_to=reverse("notices:robots"),
        title=f"{org.name} · 群机器人",
        subtitle="本组织及下级组织中选择群机器人提醒的人员，将在对应群内收到提醒（下级组织设置了自己的机器人时以下级为准）。",
        back_url=reverse("notices:robots"),
        back_label="群机器人设置",
        note="地址仅限企业微信（qyapi.weixin.qq.com）或钉钉（oapi.dingtalk.com）官方 HTTPS 地址；保存后只显示部分字符。",
        testid="robot-form",
        max_width="44rem",
    )


STATUSES = [("", "全部状态")] + [(s.value, s.label) for s in DeliveryStatus]
CHANNELS = [("", "全部渠道")] + [(c.value, c.label) for c in Channel]


def delivery_filter(user, params):
    """The deliveries the user may read, narrowed by the log's filters (an organisation outside scope: 404)."""
    require_verb(user, "notices.read_deliveries")
    qs = Delivery.objects.visible_to(user).select_related("person", "org").order_by("-created_at", "-id")
    status, channel = params.get("status") or "", params.get("channel") or ""
    if status in DeliveryStatus.values:
        qs = qs.filter(status=status)
    if channel in Channel.values:
        qs = qs.filter(channel=channel)
    org = None
    if params.get("org"):
        org = get_object_for_user(
            Organisation, params.get("org"), user, queryset=Organisation.objects.administered_by(user)
        )
        qs = qs.filter(org__path__startswith=org.path)
    text = (params.get("q") or "").strip()[:50]
    if text:
        qs = qs.filter(person__name__contains=text) | qs.filter(title__contains=text) | qs.filter(key__startswith=text)
    return qs, {"status": status, "channel": channel, "org": org, "q": text}


@login_required
def delivery_log(request):
    """提醒投递记录: every delivery to people of the organisations the user administers; filterable."""
    qs, filters = delivery_filter(request.user, request.GET)
    return render(
        request,
        "notices/reminders/deliveries.html",
        {"page": _page(request, qs), "filters": filters, "statuses": STATUSES, "channels": CHANNELS},
    )
