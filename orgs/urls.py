from django.urls import path

from . import views

urlpatterns = [
    path("orgs/", views.org_tree, name="org_tree"),
    path("orgs/new/", views.org_create, name="org_create"),
    path("orgs/<int:pk>/", views.org_detail, name="org_detail"),
    path("orgs/<int:pk>/edit/", views.org_edit, name="org_edit"),
    path("orgs/<int:pk>/positions/", views.position_assign, name="position_assign"),
    path("positions/<int:pk>/end/", views.position_end, name="position_end"),
    path("people/", views.person_list, name="person_list"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/export.xlsx", views.person_export, name="person_export"),
    path("people/import/", views.person_import, name="person_import"),
    path("people/import/template.xlsx", views.person_import_template, name="person_import_template"),
    path("people/<int:pk>/", views.person_detail, name="person_detail"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/transfer/", views.person_transfer, name="person_transfer"),
]
