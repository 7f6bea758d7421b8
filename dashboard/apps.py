from django.apps import AppConfig

from core.modules import CockpitWidget, Demo, Module, NavEntry, NavGroup


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
                NavEntry(
                    "预警", "dashboard:warnings", "warnings", visible="dashboard.rules_warnings.may_view_warnings"
                ),
                NavEntry(
                    "党建工作月报",
                    "dashboard:report_list",
                    "reports",
                    visible="dashboard.rules_warnings.may_read_reports",
                ),
            ],
        )
    ]

    # ---- warnings ----
    cockpit_widgets = [CockpitWidget("warnings", "预警", build="dashboard.checks.widget", order=5)]

    def ready(self):
        super().ready()
        # ---- warnings ----
        from . import rules_warnings, workflows_report  # noqa: F401  (the verbs; the report's workflow)
