from django.apps import AppConfig

from core.modules import CockpitWidget, Demo, Module, NavEntry, NavGroup, Role, Todos


class AssessmentsConfig(Module, AppConfig):
    name = "assessments"
    verbose_name = "考核评星"
    requires = ["orgs", "plans", "points", "feedback", "projects", "learning"]
    urls = "assessments.urls"
    api = "assessments.api.router"
    # A 考核组成员 scores the rounds she is named in and reads nothing else of her committee's subtree: the grant
    # names the committee whose panel she sits on (reads=False), the round names her as its assessor.
    roles = [Role("assessor", "考核组成员", staff=False, order=70, reads=False)]
    audit_labels = "assessments.audit_labels.LABELS"
    cockpit_widgets = [
        CockpitWidget("assessment_stars", "星级党支部", build="assessments.cockpit.assessment_stars", order=30),
    ]
    demo = Demo("assessments.demo.build", after=["orgs", "records", "plans", "points", "projects"])
    todos = Todos(items="assessments.todos.items", count="assessments.todos.count")
    navigation = [
        NavGroup(
            "考核评星",
            icon="star",
            key="assessments",
            order=50,
            entries=[
                NavEntry("考核方案", "assessments:scheme_list", "assessments", "assessments.views_schemes.may_use"),
                NavEntry(
                    "考核结果", "assessments:results_index", "assessment_results", "assessments.views_schemes.may_use"
                ),
                NavEntry(
                    "民主评议",
                    "assessments:appraisal_list",
                    "appraisals",
                    visible="assessments.rules.may_see_appraisals",
                ),
                NavEntry(
                    "公开承诺", "assessments:pledge_list", "pledges", visible="assessments.rules.may_see_appraisals"
                ),
                NavEntry(
                    "限期改正", "assessments:followup_list", "followups", visible="assessments.rules.may_see_appraisals"
                ),
                NavEntry("表彰管理", "assessments:awards", "assessment_awards", "assessments.views_awards.may_use"),
                NavEntry(
                    "年终总评", "assessments:annual_list", "assessment_annual", "assessments.views_schemes.may_use"
                ),
                NavEntry("群众测评", "assessments:mass_list", "mass_surveys", "assessments.views_schemes.may_use"),
            ],
        )
    ]
    contributes = {
        "orgs.panels": "assessments.panels.org_panels",  # results: 星级评定; awards: 表彰荣誉
        "people.panels": "assessments.panels.person_panels",  # awards: 所获表彰
        "search.kinds": "assessments.search_index.register",  # 自查报告 in the archive's search
    }

    def ready(self):
        super().ready()
        from . import (
            importing_schemes,  # noqa: F401  (schemes: registers the item import with core.importing)
            workflows,  # noqa: F401  (rounds: the round workflow)
            workflows_annual,  # noqa: F401  (annual: 年终总评 and its publicity)
            workflows_appraisal,  # noqa: F401  (appraisal: 民主评议, 限期改正)
            workflows_awards,  # noqa: F401  (awards: the nomination workflow and the 表彰公示)
            workflows_mass,  # noqa: F401  (mass: the survey's workflow)
            workflows_results,  # noqa: F401  (results: the round's results transitions and their publicity)
        )
