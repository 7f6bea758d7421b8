from django.apps import AppConfig

from core.modules import Demo, HomePanel, Module, NavEntry, NavGroup, Todos


class LearningConfig(Module, AppConfig):
    name = "learning"
    verbose_name = "网络学院"
    requires = ["orgs", "records"]
    urls = "learning.urls"
    api = "learning.api.router"
    audit_labels = "learning.audit_labels.LABELS"
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
                # ---- exams ----
                NavEntry("网上考试", "learning:exam_list", "learning_exams", "learning.rules.may_take_exams"),
                NavEntry("错题本", "learning:mistakes", "learning_mistakes", "learning.rules.may_take_exams"),
                NavEntry("题库", "learning:question_list", "learning_questions", "learning.rules.may_manage_exams"),
            ],
        )
    ]
    todos = Todos(items="learning.todos.items", count="learning.todos.count")
    home_panels = [HomePanel("learning.my_hours", slot="mine", order=30, build="learning.home_panels.my_hours")]
    contributes = {"people.panels": "learning.views.person_panels"}

    def ready(self):
        super().ready()
        from . import receivers  # noqa: F401  (records' event credits study hours)

        # ---- exams: the workflows and the question import
        # isort: split
        from . import imports_exams, workflows_exams  # noqa: F401
