from django.apps import AppConfig

from core.modules import Demo, Module, NavEntry, NavGroup


class RecordsConfig(Module, AppConfig):
    name = "records"
    verbose_name = "活动记录与档案"
    urls = "records.urls"
    api = "records.api.router"
    navigation = [
        NavGroup(
            "活动记录",
            icon="calendar",
            key="records",
            order=30,
            entries=[
                NavEntry("活动记录", "records:record_list", "record_list"),
                NavEntry("活动档案", "records:archive", "archive"),
                NavEntry("谈心谈话", "records:talks", "talks", visible="records.rules.may_view_talks"),
            ],
        )
    ]
    trash = "records.trash.kinds"
    cockpit_widgets = []  # none until the 驾驶舱 lands (core.modules.CockpitWidget)
    audit_labels = "records.audit_labels.LABELS"
    demo = Demo("records.demo.build", after=["orgs"])
    contributes = {
        "search.kinds": "records.search_index.register",
        "dashboard.checks": "records.checks.checks",
    }
