from django.apps import AppConfig

from core.modules import CockpitWidget, Demo, Module, NavEntry, NavGroup, Todos


class FeedbackConfig(Module, AppConfig):
    name = "feedback"
    verbose_name = "七彩心桥与问题清单"
    urls = "feedback.urls"
    api = "feedback.api.router"
    navigation = [
        NavGroup(
            "七彩心桥",
            icon="users",
            key="feedback",
            order=30,
            entries=[
                NavEntry(
                    "意见建议", "feedback:feedback_list", "feedback_list", visible="feedback.rules.may_handle_any"
                ),
                NavEntry("问题清单", "feedback:problem_list", "problem_list"),
                NavEntry("答复公示", "feedback:board", "board"),
                NavEntry("我要留言", "feedback:write", "write"),
            ],
        )
    ]
    todos = Todos(items="feedback.todos.items", count="feedback.todos.count")
    cockpit_widgets = [
        CockpitWidget("feedback_on_time", "意见建议按时办结率", build="feedback.cockpit.feedback_on_time", order=60),
    ]
    audit_labels = "feedback.audit_labels.LABELS"
    contributes = {"search.kinds": "feedback.search_index.register"}
    demo = Demo("feedback.demo.build", after=["orgs"])

    def ready(self):
        super().ready()
        from . import workflows  # noqa: F401  (declares the workflows)
