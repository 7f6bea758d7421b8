from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/export.xlsx", views.project_export, name="project_export"),
    path("projects/catalogue/", views.catalogue, name="catalogue"),
    path("projects/catalogue/new/", views.entry_create, name="entry_create"),
    path("projects/settings/", views.settings_page, name="settings"),
    path("projects/settings/<int:org_id>/categories/", views.category_create, name="category_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/edit/", views.project_edit, name="project_edit"),
    path("projects/<int:pk>/print/", views.project_print, name="project_print"),
    path("projects/<int:pk>/transition/<str:name>/", views.project_transition, name="project_transition"),
]
