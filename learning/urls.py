from django.urls import path

from . import views

app_name = "learning"

urlpatterns = [
    path("learning/hours/", views.my_hours, name="hours"),
    path("learning/gaps/", views.gaps, name="gaps"),
    path("learning/rules/", views.rule_edit, name="rules_edit"),
]
