from django.urls import path

from . import views, views_budget, views_exec, views_public, views_superv

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

# ---- budget: expenses, funding, receipts, records and citations, 计划书 and 台账 prints, exports ----
urlpatterns += [
    path("projects/ledger/print/", views_budget.ledger_print, name="ledger_print"),
    path("projects/expenses.xlsx", views_budget.expense_export_all, name="expense_export_all"),
    path("projects/receipts/<int:receipt_id>/", views_budget.receipt_download, name="receipt_download"),
    path("projects/<int:pk>/plan/print/", views_budget.plan_print, name="plan_print"),
    path("projects/<int:pk>/expenses/new/", views_budget.expense_create, name="expense_create"),
    path("projects/<int:pk>/expenses.xlsx", views_budget.expense_export, name="expense_export"),
    path("projects/<int:pk>/expenses/<int:expense_id>/delete/", views_budget.expense_delete, name="expense_delete"),
    path("projects/<int:pk>/expenses/<int:expense_id>/receipts/", views_budget.receipt_upload, name="receipt_upload"),
    path("projects/<int:pk>/fundings/", views_budget.funding_create, name="funding_create"),
    path("projects/<int:pk>/fundings/<int:funding_id>/delete/", views_budget.funding_delete, name="funding_delete"),
    path("projects/<int:pk>/records/", views_budget.record_link, name="record_link"),
    path("projects/<int:pk>/records/<int:record_id>/unlink/", views_budget.record_unlink, name="record_unlink"),
    path("projects/<int:pk>/citations/", views_budget.citation_create, name="citation_create"),
]

# ---- exec: tasks, Gantt, progress reports, 进度表 ----
urlpatterns += [
    path("projects/<int:pk>/schedule/", views_exec.schedule, name="schedule"),
    path("projects/<int:pk>/schedule/print/", views_exec.schedule_print, name="schedule_print"),
    path("projects/<int:pk>/tasks/new/", views_exec.task_create, name="task_create"),
    path("projects/<int:pk>/tasks/export.xlsx", views_exec.task_export, name="task_export"),
    path("projects/<int:pk>/tasks/import/", views_exec.task_import, name="task_import"),
    path("projects/<int:pk>/tasks/import/template.xlsx", views_exec.task_import_template, name="task_import_template"),
    path("projects/tasks/<int:pk>/edit/", views_exec.task_edit, name="task_edit"),
    path("projects/tasks/<int:pk>/delete/", views_exec.task_delete, name="task_delete"),
    path("projects/tasks/<int:pk>/progress/", views_exec.task_progress, name="task_progress"),
    path("projects/<int:pk>/reports/", views_exec.reports, name="reports"),
    path("projects/<int:pk>/reports/new/", views_exec.report_create, name="report_create"),
    path("projects/reports/<int:pk>/edit/", views_exec.report_edit, name="report_edit"),
    path("projects/report-photos/<int:pk>/", views_exec.report_photo, name="report_photo"),
]

# ---- superv: supervision (台账式督查) and mentors (导师帮带)
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

# ---- public: 四公开 (no login), survey entry, acceptance, awards and cases
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
