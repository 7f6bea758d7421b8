from django.apps import AppConfig

from core.modules import Demo, Module, NavEntry, NavGroup, Todos


class NoticesConfig(Module, AppConfig):
    """通知公告, 党建动态 and the reminders that reach people (in the app, by e-mail, through group robots)."""

    name = "notices"
    verbose_name = "通知公告"
    requires = ["orgs", "records"]
    urls = "notices.urls"
    api = "notices.api.router"
    audit_labels = "notices.audit_labels.LABELS"
    demo = Demo("notices.demo.build", after=["orgs", "records", "plans"])
    navigation = [
        NavGroup(
            "通知公告",
            icon="bell",
            key="notices",
            order=58,
            entries=[
                # ---- notices ----
                # ---- news ----
                # ---- reminders ----
                NavEntry(
                    "我的消息", "notices:messages", "messages", visible="notices.rules_reminders.may_read_messages"
                ),
                NavEntry(
                    "提醒设置",
                    "notices:reminder_settings_edit",
                    "reminder_settings",
                    visible="notices.rules_reminders.may_read_messages",
                ),
                NavEntry("群机器人设置", "notices:robots", "robots", visible="notices.rules_reminders.may_admin"),
                NavEntry(
                    "提醒投递记录", "notices:deliveries", "deliveries", visible="notices.rules_reminders.may_admin"
                ),
            ],
        )
    ]
    todos = Todos(items="notices.todos.items", count="notices.todos.count")
    cockpit_widgets: list = []  # ---- notices ---- adds notices.unsigned
    home_panels: list = []

    def ready(self):
        super().ready()
