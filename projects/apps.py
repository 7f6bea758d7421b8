from django.apps import AppConfig

from core.modules import CockpitWidget, Demo, Module, NavEntry, NavGroup, Role, Todos


class ProjectsConfig(Module, AppConfig):
    name = "projects"
    verbose_name = "项目化管理"
    requires = ["orgs", "feedback", "records", "points"]
    urls = "projects.urls"
    api = "projects.api.router"
    navigation = [
        NavGroup(
            "项目化管理",
            icon="briefcase",
            key="projects",
            order=40,
            entries=[
                NavEntry("党建项目", "projects:project_list", "project_list"),
                NavEntry("项目参考目录库", "projects:catalogue", "catalogue"),
                NavEntry("层层打擂", "projects:awards", "project_awards"),  # public
                NavEntry("经验交流", "projects:cases", "project_cases"),  # public
                NavEntry(
                    "项目化管理设置", "projects:settings", "project_settings", visible="projects.rules.may_configure"
                ),
                NavEntry("督查台账", "projects:inspection_list", "inspection_list"),  # superv
                NavEntry("导师库", "projects:mentor_pool", "mentor_pool", visible="projects.rules.may_supervise"),
            ],
        )
    ]
    # A mentor (导师帮带) reads the projects she is assigned to and nothing else of her organisation: her grant
    # names the pool she belongs to (reads=False), it does not open the subtree's business data.
    roles = [Role("mentor", "导师", staff=False, order=60, reads=False)]
    todos = Todos(items="projects.todos.items", count="projects.todos.count")
    audit_labels = "projects.audit_labels.LABELS"
    cockpit_widgets = [
        CockpitWidget("projects.overview", "党建项目", build="projects.cockpit.overview", order=40),
        CockpitWidget("projects.satisfaction", "项目群众满意率", build="projects.cockpit.satisfaction", order=41),
    ]
    contributes = {
        "search.kinds": "projects.search_index.register",
        "orgs.panels": "projects.views_public.org_panel",  # 项目荣誉 on the organisation's page
    }
    demo = Demo("projects.demo.build", after=["orgs", "records", "feedback", "points"])

    def ready(self):
        super().ready()
        from . import (
            receivers_budget,  # noqa: F401  (accepted projects close their problems)
            signals_exec,  # noqa: F401  (exec: the baseline frozen at approval)
            workflows,  # noqa: F401  (declares the project workflow)
            workflows_public,  # noqa: F401  (public: the award workflow, the survey's eligibility reason)
            workflows_superv,  # noqa: F401  (superv: the rectification workflow, the 措施不力 reason)
        )
