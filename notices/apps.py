from django.apps import AppConfig

from core.modules import CockpitWidget, Demo, Module, NavEntry, NavGroup, Todos


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
                NavEntry("通知公告", "notices:notice_list", "notices_list", "notices.rules.may_read"),
                NavEntry("发布通知", "notices:notice_create", "notices_create", "notices.rules.may_publish"),
                # ---- news ----
                NavEntry("党建动态", "notices:news_list", "news", "notices.rules_news.may_read"),
                NavEntry("写动态", "notices:news_create", "news_write", "notices.rules_news.may_write"),
                NavEntry("动态审核", "notices:news_review", "news_review", "notices.rules_news.may_review"),
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
    cockpit_widgets = [
        CockpitWidget("notices.unsigned", "通知签收", build="notices.cockpit.unsigned", order=80),  # ---- notices ----
    ]
    contributes = {
        "notices.reminders": "notices.reminders_notices.due_reminders",  # ---- notices ----
        "search.kinds": "notices.search_index.register",  # ---- notices ---- (and news: it registers both)
    }
    home_panels: list = []

    def ready(self):
        super().ready()
        # ---- news ----
        from . import (  # noqa: F401  (党建动态: its verbs and its approval chain)
            rules_news,
            workflows_news,
            workflows_notices,
        )
