from django.apps import AppConfig

from core.modules import CockpitWidget, Demo, HomePanel, Module, NavEntry, NavGroup, Todos


class LearningConfig(Module, AppConfig):
    name = "learning"
    verbose_name = "网络学院"
    requires = ["orgs", "records"]
    urls = "learning.urls"
    api = "learning.api.router"
    audit_labels = "learning.audit_labels.LABELS"
    cockpit_widgets = [
        CockpitWidget("study_hours", "学时达标率", build="learning.cockpit.study_hours", order=50),
    ]
    demo = Demo("learning.demo.build", after=["orgs", "records"])
    navigation = [
        NavGroup(
            "网络学院",
            icon="school",
            key="learning",
            order=55,
            entries=[
                NavEntry("我的学时", "learning:hours", "learning_hours", "learning.views.has_person"),
                NavEntry("学时缺口", "learning:gaps", "learning_gaps", "learning.views.may_read_gaps"),
                NavEntry("学时要求", "learning:rules_edit", "learning_rules", "learning.rules.may_set_rules"),
                # ---- courses ----
                NavEntry("在线学习", "learning:courses", "learning_courses", "learning.views_courses.may_use"),
                # ---- extras ----
                NavEntry("线下培训补录", "learning:offline_list", "learning_offline", "learning.rules.may_admin"),
                NavEntry("学习需求调查", "learning:needs_list", "learning_needs", "learning.rules.is_business_user"),
                NavEntry("资料征订", "learning:offer_list", "learning_materials", "learning.rules.may_admin"),
                NavEntry("学历认证", "learning:education_list", "learning_education", "learning.views.has_person"),
                NavEntry("学习之星", "learning:star_list", "learning_stars", "learning.rules.is_business_user"),
                # ---- exams ----
                NavEntry("网上考试", "learning:exam_list", "learning_exams", "learning.rules.may_take_exams"),
                NavEntry("错题本", "learning:mistakes", "learning_mistakes", "learning.rules.may_take_exams"),
                NavEntry("题库", "learning:question_list", "learning_questions", "learning.rules.may_manage_exams"),
            ],
        )
    ]
    todos = Todos(items="learning.todos.items", count="learning.todos.count")
    home_panels = [HomePanel("learning.my_hours", slot="mine", order=30, build="learning.home_panels.my_hours")]
    contributes = {
        "people.panels": "learning.panels.person_panels",
        "assessments.candidates": "learning.nominations.study_stars",  # 学习之星 offered to 表彰
        "search.kinds": "learning.search_index.register",
    }

    def ready(self):
        super().ready()
        from . import (
            imports_exams,  # noqa: F401  (exams: the question import)
            receivers,  # noqa: F401  (records' event credits study hours)
            workflows_courses,  # noqa: F401  (courses: the course workflow)
            workflows_exams,  # noqa: F401  (exams: the exam workflow)
            workflows_extras,  # noqa: F401  (extras: 补录, 学历认证, 需求调查 workflows)
        )
