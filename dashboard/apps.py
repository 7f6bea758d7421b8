from django.apps import AppConfig

from core.modules import Demo, Module, NavEntry, NavGroup


class DashboardConfig(Module, AppConfig):
    """驾驶舱: the figures every module registers (core.modules.CockpitWidget), red-amber-green warnings per
    branch from rules the committee sets, and the monthly report written from the same figures. It imports no
    domain module: what it shows comes through the registry."""

    name = "dashboard"
    verbose_name = "驾驶舱"
    requires = ["orgs"]
    urls = "dashboard.urls"
    api = "dashboard.api.router"
    audit_labels = "dashboard.audit_labels.LABELS"
    demo = Demo("dashboard.demo.build", after=["orgs", "records", "plans"])
    navigation = [
        NavGroup(
            "驾驶舱",
            icon="gauge",
            key="dashboard",
            order=5,
            entries=[
                # ---- cockpit ----
                NavEntry("驾驶舱", "dashboard:cockpit", "cockpit", visible="dashboard.rules.may_view_cockpit"),
                # ---- warnings ----
            ],
        )
    ]

    def ready(self):
        super().ready()
