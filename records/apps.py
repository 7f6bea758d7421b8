from django.apps import AppConfig, apps


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "活动记录与档案"

    def ready(self):
        from . import trash

        trash.register()
        if apps.is_installed("search"):
            from . import search_index

            search_index.register()
