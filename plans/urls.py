from django.urls import path

from . import views, views_charts

app_name = "plans"

urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/templates/", views.template_list, name="template_list"),
    path("plans/compliance/", views_charts.compliance_view, name="compliance"),
    path("plans/rules/", views_charts.rule_list, name="rule_list"),
    path("plans/import-template.xlsx", views.import_template, name="import_template"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/source/", views.plan_source, name="plan_source"),
    path("plans/<int:pk>/items/new/", views.item_create, name="item_create"),
    path("plans/<int:pk>/import/", views.item_import, name="item_import"),
    path("plans/<int:pk>/import/template.xlsx", views.plan_import_template, name="plan_import_template"),
    path("plans/<int:pk>/export.xlsx", views.plan_export, name="plan_export"),
    path("plans/<int:pk>/division/", views.division, name="division"),
    path("plans/<int:pk>/division.xlsx", views.division_export, name="division_export"),
    path("plans/<int:pk>/memo/", views_charts.memo, name="memo"),
    path("plans/<int:pk>/progress/", views_charts.progress, name="progress"),
    path("plans/<int:pk>/timeline/", views_charts.timeline, name="timeline"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/clone/", views.plan_clone, name="plan_clone"),
    path("plans/items/<int:pk>/", views.item_detail, name="item_detail"),
    path("plans/items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("plans/items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("plans/items/<int:pk>/claim/", views.item_claim, name="item_claim"),
    path("plans/items/<int:pk>/assign/", views.item_assign, name="item_assign"),
    path("plans/items/<int:pk>/owners/<int:person_id>/remove/", views.owner_remove, name="owner_remove"),
    path("plans/claims/<int:pk>/confirm/", views.claim_confirm, name="claim_confirm"),
    path("plans/claims/<int:pk>/reject/", views.claim_reject, name="claim_reject"),
    path("plans/occurrences/<int:pk>/", views.occurrence_detail, name="occurrence_detail"),
    path("plans/occurrences/<int:pk>/reopen/", views.occurrence_reopen, name="occurrence_reopen"),
    path("plans/attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
]
