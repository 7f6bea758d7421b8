from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("learning/hours/", views.my_hours, name="hours"),
    path("learning/gaps/", views.gaps, name="gaps"),
    path("learning/rules/", views.rule_edit, name="rules_edit"),
]

# ---- exams ----
from . import views_exams  # noqa: E402

urlpatterns += [
    path("learning/exams/", views_exams.exam_list, name="exam_list"),
    path("learning/exams/new/", views_exams.exam_new, name="exam_new"),
    path("learning/exams/<int:pk>/", views_exams.exam_detail, name="exam_detail"),
    path("learning/exams/<int:pk>/edit/", views_exams.exam_edit, name="exam_edit"),
    path("learning/exams/<int:pk>/start/", views_exams.exam_start, name="exam_start"),
    path("learning/exams/<int:pk>/transition/<str:name>/", views_exams.exam_transition, name="exam_transition"),
    path("learning/exams/<int:pk>/results/", views_exams.exam_results, name="exam_results"),
    path("learning/exams/<int:pk>/analysis/", views_exams.exam_analysis, name="exam_analysis"),
    path("learning/attempts/<int:pk>/", views_exams.attempt_page, name="attempt"),
    path("learning/attempts/<int:pk>/mark/", views_exams.attempt_mark, name="attempt_mark"),
    path("learning/questions/", views_exams.question_list, name="question_list"),
    path("learning/questions/new/", views_exams.question_new, name="question_new"),
    path("learning/questions/<int:pk>/edit/", views_exams.question_edit, name="question_edit"),
    path("learning/questions/<int:pk>/retire/", views_exams.question_retire, name="question_retire"),
    path("learning/questions/import/", views_exams.question_import, name="question_import"),
    path("learning/questions/import/template/", views_exams.question_template, name="question_template"),
    path("learning/mistakes/", views_exams.mistake_list, name="mistakes"),
    path("learning/mistakes/<int:pk>/", views_exams.mistake_practice, name="mistake_practice"),
]
