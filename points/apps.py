from django.apps import AppConfig, apps


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = "积分制管理"

    def ready(self):
        from core import home_panels
        from core import todos as inbox

        from . import home_panels as panels
        from . import publicity, todos, workflows  # noqa: F401 -- the workflows register themselves

        inbox.register("points", items=todos.items, count=todos.count)
        home_panels.register("points.my_points", slot="mine", order=20, build=panels.my_points)
        if apps.is_installed("search"):
            from . import search_index

            search_index.register()
