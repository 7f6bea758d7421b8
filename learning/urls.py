from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("learning/hours/", views.my_hours, name="hours"),
    path("learning/gaps/", views.gaps, name="gaps"),
    path("learning/rules/", views.rule_edit, name="rules_edit"),
]

# ---- courses ----
from . import views_courses  # noqa: E402

urlpatterns += [
    path("learning/courses/", views_courses.course_list, name="courses"),
    path("learning/courses/new/", views_courses.course_create, name="course_create"),
    path("learning/courses/<int:pk>/", views_courses.course_detail, name="course_detail"),
    path("learning/courses/<int:pk>/edit/", views_courses.course_edit, name="course_edit"),
    path("learning/courses/<int:pk>/lessons/new/", views_courses.lesson_create, name="lesson_create"),
    path("learning/courses/<int:pk>/rate/", views_courses.course_rate, name="course_rate"),
    path("learning/courses/<int:pk>/progress/", views_courses.course_progress, name="course_progress"),
    path("learning/courses/<int:pk>/evaluation/", views_courses.course_evaluation, name="course_evaluation"),
    path("learning/courses/<int:pk>/transition/<str:name>/", views_courses.course_transition, name="course_transition"),
    path("learning/lessons/<int:pk>/", views_courses.lesson_player, name="lesson_player"),
    path("learning/lessons/<int:pk>/file/", views_courses.lesson_file, name="lesson_file"),
    path("learning/lessons/<int:pk>/delete/", views_courses.lesson_delete, name="lesson_delete"),
]

# ---- extras ----
from . import views_extras  # noqa: E402

urlpatterns += [
    path("learning/offline/", views_extras.offline_list, name="offline_list"),
    path("learning/offline/new/", views_extras.offline_create, name="offline_create"),
    path("learning/offline/<int:pk>/certificate/", views_extras.offline_certificate, name="offline_certificate"),
    path("learning/offline/<int:pk>/<str:name>/", views_extras.offline_transition, name="offline_transition"),
    path("learning/needs/", views_extras.needs_list, name="needs_list"),
    path("learning/needs/new/", views_extras.needs_create, name="needs_create"),
    path("learning/needs/<int:pk>/", views_extras.needs_detail, name="needs_detail"),
    path("learning/needs/<int:pk>/results/", views_extras.needs_results, name="needs_results"),
    path("learning/needs/<int:pk>/<str:name>/", views_extras.needs_transition, name="needs_transition"),
    path("learning/materials/", views_extras.offer_list, name="offer_list"),
    path("learning/materials/new/", views_extras.offer_create, name="offer_create"),
    path("learning/materials/<int:pk>/", views_extras.offer_detail, name="offer_detail"),
    path("learning/materials/<int:pk>/items/", views_extras.offer_item_create, name="offer_item_create"),
    path("learning/materials/<int:pk>/orders/", views_extras.offer_orders, name="offer_orders"),
    path("learning/materials/<int:pk>/export/", views_extras.offer_export, name="offer_export"),
    path("learning/education/", views_extras.education_list, name="education_list"),
    path("learning/education/new/", views_extras.education_create, name="education_create"),
    path("learning/education/<int:pk>/certificate/", views_extras.education_certificate, name="education_certificate"),
    path("learning/education/<int:pk>/<str:name>/", views_extras.education_transition, name="education_transition"),
    path("learning/stars/", views_extras.star_list, name="star_list"),
    path("learning/stars/ranking/", views_extras.star_ranking, name="star_ranking"),
    path("learning/stars/new/", views_extras.star_create, name="star_create"),
    path("learning/stars/<int:pk>/withdraw/", views_extras.star_withdraw, name="star_withdraw"),
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
