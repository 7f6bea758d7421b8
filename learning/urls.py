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
