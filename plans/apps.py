from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "plans"
    verbose_name = "路径化管理"
