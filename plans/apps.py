from django.apps import AppConfig, apps


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "路径化管理"

    def ready(self):
        from . import trash

        trash.register()
        if apps.is_installed("search"):
            from . import search_index

            search_index.register()
