from django.apps import AppConfig

from core.modules import Module, Role


class AssessmentsConfig(Module, AppConfig):
    name = "assessments"
    verbose_name = "考核评星"
    requires = ["orgs", "plans", "points", "feedback", "projects"]
    urls = "assessments.urls"
    api = "assessments.api.router"
    # A 考核组成员 scores the rounds she is named in and reads nothing else of her committee's subtree: the grant
    # names the committee whose panel she sits on (reads=False), the round names her as its assessor.
    roles = [Role("assessor", "考核组成员", staff=False, order=70, reads=False)]
    audit_labels = "assessments.audit_labels.LABELS"
