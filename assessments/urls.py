from django.urls import path

app_name = "assessments"

urlpatterns: list = []

# ---- awards: 表彰 ----
from . import views_awards  # noqa: E402

urlpatterns += [
    path("assessments/awards/", views_awards.awards, name="awards"),
    path("assessments/awards/types/<int:committee_id>/new/", views_awards.type_create, name="award_type_create"),
    path("assessments/awards/types/<int:committee_id>/common/", views_awards.types_common, name="award_types_common"),
    path("assessments/awards/types/<int:pk>/edit/", views_awards.type_edit, name="award_type_edit"),
    path("assessments/awards/nominations/new/", views_awards.nomination_create, name="nomination_create"),
    path("assessments/awards/nominations/<int:pk>/", views_awards.nomination_detail, name="nomination_detail"),
    path("assessments/awards/nominations/<int:pk>/edit/", views_awards.nomination_edit, name="nomination_edit"),
    path(
        "assessments/awards/nominations/<int:pk>/transition/<str:name>/",
        views_awards.nomination_transition,
        name="nomination_transition",
    ),
    path("assessments/awards/nominations/<int:pk>/certificate/", views_awards.certificate, name="award_certificate"),
    path(
        "assessments/awards/publicities/new/<int:committee_id>/",
        views_awards.publicity_create,
        name="award_publicity_create",
    ),
    path("assessments/awards/publicities/<int:pk>/", views_awards.publicity_detail, name="award_publicity"),
    path(
        "assessments/awards/publicities/<int:pk>/transition/<str:name>/",
        views_awards.publicity_transition,
        name="award_publicity_transition",
    ),
    path("assessments/awards/publicities/<int:pk>/objections/", views_awards.objection_create, name="award_objection"),
    path(
        "assessments/awards/objections/<int:pk>/answer/", views_awards.objection_answer, name="award_objection_answer"
    ),
    path("assessments/awards/decision/<int:committee_id>/<int:year>/", views_awards.decision, name="award_decision"),
]

# ---- schemes ----
from . import views_schemes  # noqa: E402

urlpatterns += [
    path("assessments/schemes/", views_schemes.scheme_list, name="scheme_list"),
    path("assessments/schemes/new/", views_schemes.scheme_create, name="scheme_create"),
    path("assessments/schemes/<int:pk>/", views_schemes.scheme_detail, name="scheme_detail"),
    path("assessments/schemes/<int:pk>/edit/", views_schemes.scheme_edit, name="scheme_edit"),
    path("assessments/schemes/<int:pk>/clone/", views_schemes.scheme_clone, name="scheme_clone"),
    path("assessments/schemes/<int:pk>/items/new/", views_schemes.item_create, name="item_create"),
    path("assessments/schemes/<int:pk>/import/", views_schemes.item_import, name="item_import"),
    path(
        "assessments/schemes/<int:pk>/import/template.xlsx",
        views_schemes.scheme_import_template,
        name="scheme_import_template",
    ),
    path("assessments/items/template.xlsx", views_schemes.item_import_template, name="item_import_template"),
    path("assessments/items/<int:pk>/edit/", views_schemes.item_edit, name="item_edit"),
    path("assessments/items/<int:pk>/delete/", views_schemes.item_delete, name="item_delete"),
    path("assessments/items/<int:pk>/measure/", views_schemes.item_measure, name="item_measure"),
]

# ---- results ----
from . import views_results  # noqa: E402

urlpatterns += [
    path("assessments/results/", views_results.results_index, name="results_index"),
    path("assessments/rounds/<int:pk>/results/", views_results.round_results, name="round_results"),
    path("assessments/rounds/<int:pk>/results/compute/", views_results.results_compute, name="results_compute"),
    path("assessments/rounds/<int:pk>/results/publicize/", views_results.results_publicize, name="results_publicize"),
    path("assessments/rounds/<int:pk>/results/announce/", views_results.results_announce, name="results_announce"),
    path("assessments/rounds/<int:pk>/results/withdraw/", views_results.results_withdraw, name="results_withdraw"),
    path(
        "assessments/rounds/<int:pk>/results/objections/",
        views_results.result_objection_create,
        name="result_objection_create",
    ),
    path(
        "assessments/result-objections/<int:pk>/answer/",
        views_results.result_objection_answer,
        name="result_objection_answer",
    ),
    path("assessments/rounds/<int:pk>/results/export/", views_results.results_export, name="results_export"),
    path("assessments/rounds/<int:pk>/scores/export/", views_results.scores_export, name="scores_export"),
    path("assessments/rounds/<int:pk>/results/print/", views_results.results_print, name="results_print"),
    path("assessments/orgs/<int:org_pk>/stars/", views_results.org_stars, name="org_stars"),
]

# ---- appraisal: 民主评议党员, 公开承诺, 限期改正 ----
from . import views_appraisal  # noqa: E402

urlpatterns += [
    path("assessments/appraisals/", views_appraisal.appraisal_list, name="appraisal_list"),
    path("assessments/appraisals/new/", views_appraisal.appraisal_create, name="appraisal_create"),
    path("assessments/appraisals/<int:pk>/", views_appraisal.appraisal_detail, name="appraisal_detail"),
    path("assessments/appraisals/<int:pk>/mine/", views_appraisal.appraisal_mine, name="appraisal_mine"),
    path("assessments/appraisals/<int:pk>/print/", views_appraisal.appraisal_print, name="appraisal_print"),
    path(
        "assessments/appraisals/<int:pk>/transitions/<str:name>/",
        views_appraisal.appraisal_transition,
        name="appraisal_transition",
    ),
    path("assessments/pledges/", views_appraisal.pledge_list, name="pledge_list"),
    path("assessments/pledges/new/", views_appraisal.pledge_create, name="pledge_create"),
    path("assessments/pledges/<int:pk>/edit/", views_appraisal.pledge_edit, name="pledge_edit"),
    path("assessments/followups/", views_appraisal.followup_list, name="followup_list"),
    path("assessments/followups/<int:pk>/", views_appraisal.followup_detail, name="followup_detail"),
    path(
        "assessments/followups/<int:pk>/transitions/<str:name>/",
        views_appraisal.followup_transition,
        name="followup_transition",
    ),
]

# ---- rounds: rounds, self-checks, the assessor grid ----
from . import views_rounds  # noqa: E402

urlpatterns += [
    path("assessments/rounds/", views_rounds.round_list, name="round_list"),
    path("assessments/rounds/new/", views_rounds.round_create, name="round_create"),
    path("assessments/rounds/<int:pk>/", views_rounds.round_detail, name="round_detail"),
    path("assessments/rounds/<int:pk>/edit/", views_rounds.round_edit, name="round_edit"),
    path("assessments/rounds/<int:pk>/transition/<str:name>/", views_rounds.round_transition, name="round_transition"),
    path("assessments/rounds/<int:pk>/grid/", views_rounds.grid, name="grid"),
    path("assessments/rounds/<int:pk>/selfchecks/<int:org_id>/", views_rounds.selfcheck, name="selfcheck"),
    path(
        "assessments/rounds/<int:pk>/selfchecks/<int:org_id>/attachments/",
        views_rounds.attachment_upload,
        name="selfcheck_attachment_upload",
    ),
    path("assessments/selfcheck-attachments/<int:pk>/", views_rounds.attachment_download, name="selfcheck_attachment"),
    path(
        "assessments/selfcheck-attachments/<int:pk>/delete/",
        views_rounds.attachment_delete,
        name="selfcheck_attachment_delete",
    ),
]

# ---- annual: 年终总评 ----
from . import views_annual  # noqa: E402

urlpatterns += [
    path("assessments/annual/", views_annual.annual_list, name="annual_list"),
    path("assessments/annual/new/", views_annual.annual_create, name="annual_create"),
    path("assessments/annual/<int:pk>/", views_annual.annual_detail, name="annual_detail"),
    path("assessments/annual/<int:pk>/edit/", views_annual.annual_edit, name="annual_edit"),
    path(
        "assessments/annual/<int:pk>/transitions/<str:name>/",
        views_annual.annual_transition,
        name="annual_transition",
    ),
    path("assessments/annual/<int:pk>/objections/", views_annual.annual_objection_create, name="annual_objection"),
    path(
        "assessments/annual-objections/<int:pk>/answer/",
        views_annual.annual_objection_answer,
        name="annual_objection_answer",
    ),
    path("assessments/annual/<int:pk>/print/", views_annual.annual_print, name="annual_print"),
]

# ---- mass: 群众满意度测评 and 双评 群众评议 (the public ballot at /m/<code>/ needs no login) ----
from . import views_mass  # noqa: E402

urlpatterns += [
    path("assessments/mass/", views_mass.mass_list, name="mass_list"),
    path("assessments/mass/new/", views_mass.mass_create, name="mass_create"),
    path("assessments/mass/<int:pk>/", views_mass.mass_detail, name="mass_detail"),
    path("assessments/mass/<int:pk>/edit/", views_mass.mass_edit, name="mass_edit"),
    path("assessments/mass/<int:pk>/subjects/", views_mass.mass_subjects, name="mass_subjects"),
    path("assessments/mass/subjects/<int:pk>/remove/", views_mass.mass_subject_remove, name="mass_subject_remove"),
    path("assessments/mass/<int:pk>/codes/", views_mass.mass_codes, name="mass_codes"),
    path("assessments/mass/<int:pk>/slips/", views_mass.mass_slips, name="mass_slips"),
    path("assessments/mass/<int:pk>/results/", views_mass.mass_results, name="mass_results"),
    path("assessments/mass/<int:pk>/transition/<str:name>/", views_mass.mass_transition, name="mass_transition"),
    path("m/", views_mass.mass_entry, name="mass_entry"),
    path("m/done/", views_mass.mass_done, name="mass_done"),
    path("m/<str:code>/", views_mass.mass_ballot, name="mass_ballot"),
]
