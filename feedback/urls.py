from django.urls import path

from . import views

app_name = "feedback"

urlpatterns = [
    # Public: no login.
    path("xinqiao/", views.write, name="write"),
    path("xinqiao/track/", views.track, name="track_find"),
    path("xinqiao/track/<str:code>/", views.track, name="track"),
    path("xinqiao/board/", views.board, name="board"),
    # The organisations'.
    path("feedback/", views.feedback_list, name="feedback_list"),
    path("feedback/limits/edit/", views.limits_edit, name="limits_edit"),
    path("feedback/<int:pk>/", views.feedback_detail, name="feedback_detail"),
    path("feedback/<int:pk>/transition/<str:name>/", views.feedback_transition, name="feedback_transition"),
    path("feedback/<int:pk>/problem/", views.feedback_problem, name="feedback_problem"),
    path("problems/", views.problem_list, name="problem_list"),
    path("problems/export.xlsx", views.problem_export, name="problem_export"),
    path("problems/new/", views.problem_create, name="problem_create"),
    path("problems/<int:pk>/", views.problem_detail, name="problem_detail"),
    path("problems/<int:pk>/edit/", views.problem_edit, name="problem_edit"),
    path("problems/<int:pk>/<str:name>/", views.problem_transition, name="problem_transition"),
]
