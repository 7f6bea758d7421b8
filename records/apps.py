from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "records"
    verbose_name = "活动记录与档案"
