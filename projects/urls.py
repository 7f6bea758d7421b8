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

# ---- public: 四公开 (no login), survey entry, acceptance, awards and cases
from . import views_public  # noqa: E402

urlpatterns += [
    path("gongkai/<str:token>/", views_public.public_page, name="public_page"),
    path("projects/<int:pk>/disclosure/", views_public.disclosure_edit, name="disclosure_edit"),
    path("projects/<int:pk>/disclosure/token/", views_public.disclosure_token, name="disclosure_token"),
    path("projects/<int:pk>/qr/", views_public.qr_print, name="qr_print"),
    path("projects/<int:pk>/survey/", views_public.survey_entry, name="survey_entry"),
    path("projects/survey-scans/<int:pk>/", views_public.scan_download, name="scan_download"),
    path("projects/closing-evidence/<int:pk>/", views_public.evidence_download, name="closing_evidence"),
    path("projects/<int:pk>/closing-report/", views_public.closing_report, name="closing_report_edit"),
    path("projects/<int:pk>/panel/", views_public.scorer_add, name="scorer_add"),
    path("projects/<int:pk>/panel/<int:scorer_id>/remove/", views_public.scorer_remove, name="scorer_remove"),
    path("projects/<int:pk>/score/", views_public.score, name="score"),
    path("projects/<int:pk>/acceptance/print/", views_public.acceptance_print, name="acceptance_print"),
    path("projects/<int:pk>/nominate/", views_public.award_nominate, name="award_nominate"),
    path("projects/awards/", views_public.awards_page, name="awards"),
    path("projects/awards/<int:award_id>/<str:name>/", views_public.award_transition, name="award_transition"),
    path("projects/cases/", views_public.cases, name="cases"),
    path("projects/orgs/<int:org_id>/honours/", views_public.org_honours, name="org_honours"),
]
