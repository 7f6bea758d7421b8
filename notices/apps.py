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
                NavEntry("党建动态", "notices:news_list", "news", "notices.rules_news.may_read"),
                NavEntry("写动态", "notices:news_create", "news_write", "notices.rules_news.may_write"),
                NavEntry("动态审核", "notices:news_review", "news_review", "notices.rules_news.may_review"),
                # ---- reminders ----
            ],
        )
    ]
    todos = Todos(items="notices.todos.items", count="notices.todos.count")
    cockpit_widgets: list = []  # ---- notices ---- adds notices.unsigned
    home_panels: list = []
    # ---- news ---- (党建动态 in the search index; the notices part's kinds join in the same register function)
    contributes = {"search.kinds": "notices.search_news.register"}

    def ready(self):
        super().ready()
        # ---- news ----
        from . import rules_news, workflows_news  # noqa: F401  (党建动态: its verbs and its approval chain)
