from django.apps import AppConfig

from core.modules import CockpitWidget, Demo, Module, NavEntry, NavGroup


class OrgsConfig(Module, AppConfig):
    name = "orgs"
    verbose_name = "组织与人员"
    urls = "orgs.urls"
    api = "orgs.api.router"
    audit_labels = "orgs.audit_labels.LABELS"
    demo = Demo("orgs.demo.build")
    # ---- teams ----
    navigation = [
        NavGroup(
            "班组覆盖",
            icon="users",
            key="teams",
            order=15,
            entries=[
                NavEntry("班组/科室", "team_list", "team_list", visible="orgs.rules.may_view_teams"),
                NavEntry("覆盖情况", "team_coverage", "team_coverage", visible="orgs.rules.may_view_teams"),
            ],
        )
    ]
    cockpit_widgets = [CockpitWidget("orgs.team_coverage", "班组党员覆盖", build="orgs.teams.team_coverage", order=80)]
