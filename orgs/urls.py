from django.urls import path

from core.forms import register_edit_page

from . import views, views_teams

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
    # ---- teams (班组/科室) ----
    path("teams/", views_teams.team_list, name="team_list"),
    path("teams/new/", views_teams.team_create, name="team_create"),
    path("teams/coverage/", views_teams.team_coverage, name="team_coverage"),
    path("teams/coverage.xlsx", views_teams.team_coverage_export, name="team_coverage_export"),
    path("teams/<int:pk>/", views_teams.team_detail, name="team_detail"),
    path("teams/<int:pk>/edit/", views_teams.team_edit, name="team_edit"),
    path("teams/<int:pk>/delete/", views_teams.team_delete, name="team_delete"),
    path("teams/<int:pk>/people/", views_teams.team_people_add, name="team_people_add"),
    path("teams/<int:pk>/groups/", views_teams.team_groups, name=register_edit_page("team_groups")),
    path("people/<int:pk>/team/", views_teams.person_team, name="person_team"),
]
