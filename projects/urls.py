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

# ---- superv: supervision (台账式督查) and mentors (导师帮带)
from . import views_superv  # noqa: E402

urlpatterns += [
    path("projects/inspections/", views_superv.inspection_list, name="inspection_list"),
    path("projects/inspections/export.xlsx", views_superv.inspection_export, name="inspection_export"),
    path("projects/inspections/sample/", views_superv.sample_page, name="inspection_sample"),
    path("projects/inspections/<int:pk>/fill/", views_superv.inspection_fill, name="inspection_fill"),
    path("projects/<int:pk>/inspections/new/", views_superv.inspection_create, name="inspection_create"),
    path("projects/rectifications/", views_superv.rectification_list, name="rectification_list"),
    path(
        "projects/findings/<int:pk>/transition/<str:name>/",
        views_superv.finding_transition,
        name="finding_transition",
    ),
    path("projects/supervision-groups/", views_superv.group_list, name="group_list"),
    path("projects/supervision-groups/new/", views_superv.group_create, name="group_create"),
    path("projects/supervision-groups/<int:pk>/edit/", views_superv.group_edit, name="group_edit"),
    path("projects/mentors/", views_superv.mentor_pool, name="mentor_pool"),
    path("projects/mentors/<int:pk>/remove/", views_superv.mentor_remove, name="mentor_remove"),
    path("projects/<int:pk>/mentor/", views_superv.mentor_assign, name="mentor_assign"),
    path("projects/<int:pk>/comments/", views_superv.comment_create, name="comment_create"),
]
