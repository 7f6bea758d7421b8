from django.apps import AppConfig, apps


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "路径化管理"

    def ready(self):
        from core import home_panels
        from core import todos as inbox

        from . import home_panels as panels
        from . import todos, trash, workflows  # noqa: F401  (declares the workflows)

        inbox.register("plans", items=todos.items, count=todos.count)
        home_panels.register("plans.my_items", slot="mine", order=10, build=panels.my_items)
        home_panels.register("plans.compliance", slot="overview", order=10, build=panels.compliance_overview)
        trash.register()
        if apps.is_installed("search"):
            from . import search_index

            search_index.register()
