from django.apps import AppConfig, apps


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = "积分制管理"

    def ready(self):
        if apps.is_installed("search"):
            from . import search_index

            search_index.register()
