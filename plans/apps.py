from django.apps import AppConfig

from core.modules import CockpitWidget, Demo, HomePanel, Module, NavEntry, NavGroup, Todos


class PlansConfig(Module, AppConfig):
    name = "plans"
    verbose_name = "路径化管理"
    requires = ["records"]
    urls = "plans.urls"
    api = "plans.api.router"
    navigation = [
        NavGroup(
            "路径化管理",
            icon="list-check",
            key="plans",
            order=20,
            entries=[
                NavEntry("年度清单", "plans:plan_list", "plan_list"),
                NavEntry("三会一课落实", "plans:compliance", "compliance"),
                NavEntry("清单模板", "plans:template_list", "templates"),
                NavEntry("组织生活规则", "plans:rule_list", "rules"),
            ],
        )
    ]
    todos = Todos(items="plans.todos.items", count="plans.todos.count")
    home_panels = [
        HomePanel("plans.my_items", slot="mine", order=10, build="plans.home_panels.my_items"),
        HomePanel("plans.compliance", slot="overview", order=10, build="plans.home_panels.compliance_overview"),
    ]
    trash = "plans.trash.kinds"
    cockpit_widgets = [
        CockpitWidget("plan_on_time", "清单按时完成率", build="plans.cockpit.plan_on_time", order=10),
        CockpitWidget("compliance_rate", "三会一课落实率", build="plans.cockpit.compliance_rate", order=11),
    ]
    audit_labels = "plans.audit_labels.LABELS"
    demo = Demo("plans.demo.build", after=["orgs", "records"])
    contributes = {
        "search.kinds": "plans.search_index.register",
        "dashboard.checks": "plans.checks.checks",  # 三会一课 warnings of the 驾驶舱 (issue 14)
        "notices.news_occurrences": "plans.news.occurrences",  # 党建动态 may complete a 宣传报道 node
    }

    def ready(self):
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from records.models import Record

        from . import receivers, workflows  # noqa: F401  (a filed record completes its occurrences; the workflows)
        from .marks import record_deleted, record_saved

        post_save.connect(record_saved, sender=Record, dispatch_uid="plans-compliance-marks-save")
        post_delete.connect(record_deleted, sender=Record, dispatch_uid="plans-compliance-marks-delete")
