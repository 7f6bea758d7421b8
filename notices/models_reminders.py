"""Reminders (提醒): the in-app messages, each person's channel choices, the organisations' group robots and the
delivery log. Writes go through notices/actions_reminders.py (people and admins) and notices/reminders.py
(the deliveries, written by the background tasks)."""

from django.db import models

from core.models import OrgScopedQuerySet, path_q


class Channel(models.TextChoices):
    IN_APP = "in_app", "站内消息"
    EMAIL = "email", "电子邮件"
    WECOM = "wecom", "企业微信"
    DINGTALK = "dingtalk", "钉钉"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    RETRYING = "retrying", "等待重试"
    SENT = "sent", "已送达"
    FAILED = "failed", "发送失败"


STATUS_BADGES = {
    "pending": "secondary",
    "sending": "info",
    "retrying": "warning",
    "sent": "success",
    "failed": "danger",
}


class OwnQuerySet(models.QuerySet):
    """What belongs to the user's own linked person, once she holds a business grant: linking an account to a
    person grants nothing by itself (三员分立: the system accounts read no one's messages)."""

    def visible_to(self, user):
        from accounts import scope

        if user is None or not user.is_authenticated or not user.is_active or not user.person_id:
            return self.none()
        if not scope.business_paths(user):
            return self.none()
        return self.filter(person_id=user.person_id)


class Message(models.Model):
    """站内消息: one reminder shown in a person's 我的消息 (the in-app channel, always on)."""

    person = models.ForeignKey("orgs.Person", verbose_name="人员", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("提醒标识", max_length=200)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    created_at = models.DateTimeField("时间", auto_now_add=True)
    read_at = models.DateTimeField("阅读时间", null=True, blank=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = "站内消息"
        verbose_name_plural = "站内消息"
        constraints = [models.UniqueConstraint(fields=["person", "key"], name="notices_message_once")]
        indexes = [models.Index(fields=["person", "read_at"], name="notices_message_unread")]

    def __str__(self):
        return self.title

    @property
    def audit_org(self):
        return self.person.org


class ReminderPreference(models.Model):
    """提醒设置: the channels a person chose besides the in-app one (e-mail to her address, her organisation's
    企业微信 / 钉钉 group robot). No row: in-app only."""

    person = models.OneToOneField(
        "orgs.Person", verbose_name="人员", on_delete=models.CASCADE, related_name="reminder_preference"
    )
    email = models.BooleanField("电子邮件", default=False)
    email_address = models.EmailField("邮箱地址", max_length=200, blank=True)
    wecom = models.BooleanField("企业微信群机器人", default=False)
    dingtalk = models.BooleanField("钉钉群机器人", default=False)
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = OwnQuerySet.as_manager()

    class Meta:
        verbose_name = "提醒设置"
        verbose_name_plural = "提醒设置"

    def __str__(self):
        return f"{self.person.name}的提醒设置"

    @property
    def audit_org(self):
        return self.person.org


class RobotQuerySet(OrgScopedQuerySet):
    def scope_paths(self, user):
        # The webhook URLs are credentials of the organisation's group chat: only its 党务管理员 see them.
        from accounts.scope import admin_paths

        return admin_paths(user)


class RobotSetting(models.Model):
    """群机器人设置: an organisation's 企业微信 / 钉钉 group-robot webhook URLs (its members who chose a robot
    channel are reminded in that group; an organisation without one uses the nearest one above it)."""

    org = models.OneToOneField(
        "orgs.Organisation", verbose_name="党组织", on_delete=models.CASCADE, related_name="robot_setting"
    )
    wecom_webhook = models.CharField("企业微信机器人 Webhook", max_length=500, blank=True)
    dingtalk_webhook = models.CharField("钉钉机器人 Webhook", max_length=500, blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", verbose_name="修改人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    objects = RobotQuerySet.as_manager()

    class Meta:
        verbose_name = "群机器人设置"
        verbose_name_plural = "群机器人设置"

    def __str__(self):
        return f"{self.org.name}的群机器人"

    def webhook(self, channel):
        return {Channel.WECOM: self.wecom_webhook, Channel.DINGTALK: self.dingtalk_webhook}.get(channel, "")


class DeliveryQuerySet(OrgScopedQuerySet):
    def scope_paths(self, user):
        # The delivery log names people and their addresses: the 党务管理员 of their organisations read it.
        from accounts.scope import admin_paths

        return admin_paths(user)

    def of_person(self, person):
        return self.filter(person=person)

    def under_paths(self, paths):
        return self.filter(path_q("org__path", paths))


class Delivery(models.Model):
    """提醒投递记录: one reminder to one person through one channel, sent at most once; its attempts, last error and
    the time it was sent are the delivery log."""

    person = models.ForeignKey("orgs.Person", verbose_name="人员", on_delete=models.CASCADE, related_name="+")
    # The person's organisation when the reminder was made: the log's scope (a later transfer keeps it there).
    org = models.ForeignKey("orgs.Organisation", verbose_name="党组织", on_delete=models.CASCADE, related_name="+")
    key = models.CharField("提醒标识", max_length=200)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    title = models.CharField("标题", max_length=200)
    body = models.TextField("内容", blank=True)
    url = models.CharField("链接", max_length=500, blank=True)
    target = models.CharField("发送对象", max_length=200, blank=True)  # masked: an address or a robot's org
    status = models.CharField("状态", max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING)
    attempts = models.PositiveSmallIntegerField("尝试次数", default=0)
    last_error = models.TextField("最近错误", blank=True)
    next_attempt_at = models.DateTimeField("下次尝试", null=True, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)
    attempted_at = models.DateTimeField("最近尝试", null=True, blank=True)
    sent_at = models.DateTimeField("送达时间", null=True, blank=True)

    objects = DeliveryQuerySet.as_manager()

    class Meta:
        verbose_name = "提醒投递记录"
        verbose_name_plural = "提醒投递记录"
        constraints = [
            models.UniqueConstraint(fields=["person", "key", "channel"], name="notices_delivery_once_per_channel")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="notices_delivery_due")]

    def __str__(self):
        return f"{self.title}（{self.get_channel_display()}）"

    @property
    def badge(self):
        return STATUS_BADGES.get(self.status, "secondary")


class ReminderRun(models.Model):
    """每日提醒批次: the day's collection of due reminders has been run (the worker's 8:00 clock runs it once a
    day whatever the number of workers)."""

    day = models.DateField("日期", unique=True)
    started_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    created = models.PositiveIntegerField("生成投递数", default=0)

    class Meta:
        verbose_name = "每日提醒批次"
        verbose_name_plural = "每日提醒批次"

    def __str__(self):
        return f"{self.day:%Y-%m-%d} 提醒"


from . import receivers_reminders  # noqa: E402, F401  (connects the reviews-waiting hook once the models exist)
