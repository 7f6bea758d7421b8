from django.apps import AppConfig

from core.modules import Demo, Module


class OrgsConfig(Module, AppConfig):
    name = "orgs"
    verbose_name = "组织与人员"
    urls = "orgs.urls"
    api = "orgs.api.router"
    audit_labels = "orgs.audit_labels.LABELS"
    demo = Demo("orgs.demo.build")
