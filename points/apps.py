from django.apps import AppConfig


class PointsConfig(AppConfig):
    name = "points"
    verbose_name = "积分制管理"
