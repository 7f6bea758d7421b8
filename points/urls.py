from django.urls import path

from . import views, views_results

app_name = "points"

urlpatterns = [
    path("points/", views.home, name="home"),
    path("points/schemes/new/", views.scheme_create, name="scheme_create"),
    path("points/schemes/<int:pk>/", views.scheme_detail, name="scheme_detail"),
    path("points/schemes/<int:pk>/clone/", views.scheme_clone, name="scheme_clone"),
    path("points/schemes/<int:pk>/import/", views.item_import, name="item_import"),
    path("points/schemes/<int:pk>/import/template.xlsx", views.scheme_import_template, name="scheme_import_template"),
    path("points/items/template.xlsx", views.item_import_template, name="item_import_template"),
    path("points/declarations/", views.declaration_list, name="declaration_list"),
    path("points/declarations/new/", views.declaration_create, name="declaration_create"),
    path("points/declarations/<int:pk>/", views.declaration_detail, name="declaration_detail"),
    path("points/declarations/<int:pk>/edit/", views.declaration_edit, name="declaration_edit"),
    path("points/declarations/<int:pk>/submit/", views.declaration_submit, name="declaration_submit"),
    path("points/declarations/<int:pk>/confirm/", views.declaration_confirm, name="declaration_confirm"),
    path("points/declarations/<int:pk>/review/", views.declaration_review, name="declaration_review"),
    path("points/evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("points/reviews/", views.review_queue, name="review_queue"),
    path("points/reviews/batch/", views.review_batch, name="review_batch"),
    path("points/ledger/", views_results.ledger, name="ledger"),
    path("points/ledger/export.xlsx", views_results.ledger_export, name="ledger_export"),
    path("points/ledger/<int:pk>/reverse/", views_results.ledger_reverse, name="ledger_reverse"),
    path("points/rankings/", views_results.rankings, name="rankings"),
    path("points/rankings/export.xlsx", views_results.rankings_export, name="rankings_export"),
    path("points/my/", views_results.my_points, name="my_points"),
    path("points/orgs/<int:pk>/", views_results.org_points, name="org_points"),
    path("points/publicity/", views_results.publicity_list, name="publicity_list"),
    path("points/publicity/new/", views_results.publicity_create, name="publicity_create"),
    path("points/publicity/<int:pk>/", views_results.publicity_detail, name="publicity_detail"),
    path("points/publicity/<int:pk>/print/", views_results.publicity_print, name="publicity_print"),
    path("points/publicity/<int:pk>/publish/", views_results.publicity_publish, name="publicity_publish"),
    path("points/publicity/<int:pk>/announce/", views_results.publicity_announce, name="publicity_announce"),
    path("points/publicity/<int:pk>/objections/", views_results.objection_create, name="objection_create"),
    path("points/objections/<int:pk>/answer/", views_results.objection_answer, name="objection_answer"),
]
