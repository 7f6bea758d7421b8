from django.urls import path

from . import views_warnings as views

urlpatterns = [
    path("cockpit/warnings/", views.warnings, name="warnings"),
    path("cockpit/warnings/settings/", views.warning_settings, name="warning_settings"),
    path("cockpit/reports/", views.report_list, name="report_list"),
    path("cockpit/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("cockpit/reports/<int:pk>/comment/", views.report_comment, name="report_comment"),
    path("cockpit/reports/<int:pk>/print/", views.report_print, name="report_print"),
    path("cockpit/reports/<int:pk>/annex.xlsx", views.report_annex, name="report_annex"),
    path("cockpit/reports/<int:pk>/<str:name>/", views.report_transition, name="report_transition"),
]
