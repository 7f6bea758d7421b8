from django.apps import AppConfig

from core.modules import CockpitWidget, Demo, HomePanel, Module, NavEntry, NavGroup, Role, Todos


class PointsConfig(Module, AppConfig):
    name = "points"
    verbose_name = "积分制管理"
    requires = ["records"]
    urls = "points.urls"
    api = "points.api.router"
    navigation = [
        NavGroup(
            "积分管理",
            icon="award",
            key="points",
            order=40,
            entries=[
                NavEntry("积分首页", "points:home", "points_home"),
                NavEntry("积分申报", "points:declaration_list", "declarations"),
                NavEntry(
                    "审核队列", "points:review_queue", "reviews", visible="points.navigation.holds_a_review_level"
                ),
                NavEntry("积分排名", "points:rankings", "rankings", visible="points.navigation.sees_a_scheme"),
                NavEntry("积分台账", "points:ledger", "ledger", visible="points.navigation.sees_a_scheme"),
                NavEntry("公示公布", "points:publicity_list", "publicity"),
                NavEntry("我的积分", "points:my_points", "my_points", visible="points.navigation.has_a_person"),
            ],
        )
    ]
    # 三级审核 (科长 → 分管领导 → 主要领导). Reviewers are not staff: they see the subjects on the declarations,
    # not the people register of their organisations.
    roles = [
        Role("reviewer_l1", "一级审核人（科长）", staff=False, order=51),
        Role("reviewer_l2", "二级审核人（分管领导）", staff=False, order=52),
        Role("reviewer_l3", "三级审核人（主要领导）", staff=False, order=53),
    ]
    todos = Todos(items="points.todos.items", count="points.todos.count")
    home_panels = [HomePanel("points.my_points", slot="mine", order=20, build="points.home_panels.my_points")]
    cockpit_widgets = [
        CockpitWidget("points_ranking", "党组织积分排名", build="points.cockpit.points_ranking", order=20),
    ]
    audit_labels = "points.audit_labels.LABELS"
    demo = Demo("points.demo.build", after=["orgs"])
    contributes = {"search.kinds": "points.search_index.register"}

    def ready(self):
        super().ready()
        from django.db.models.signals import post_save

        from . import publicity, workflows  # noqa: F401  (the declaration, publicity and objection workflows)
        from .models import LedgerEntry
        from .totals import entry_saved

        post_save.connect(entry_saved, sender=LedgerEntry, dispatch_uid="points-subject-totals")
