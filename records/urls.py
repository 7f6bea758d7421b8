from django.urls import path

from . import exports, views, views_talks

app_name = "records"
urlpatterns = [
    path("records/", views.record_list, name="record_list"),
    path("records/new/", views.record_create, name="record_create"),
    path("records/archive/", views.archive, name="archive"),
    path("records/archive/<int:year>/", views.archive_year, name="archive_year"),
    path("records/export/<int:year>/", exports.export_page, name="export"),
    path("records/export/<int:year>/list.xlsx", exports.export_xlsx, name="export_xlsx"),
    path("records/export/<int:year>/print/", exports.export_print, name="export_print"),
    path("records/export/<int:year>/attachments.zip", exports.export_zip, name="export_zip"),
    path("records/<int:pk>/", views.record_detail, name="record_detail"),
    path("records/<int:pk>/edit/", views.record_edit, name="record_edit"),
    path("records/<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("records/<int:pk>/print/", exports.record_print, name="record_print"),
    path("records/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("records/attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("records/attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    # ---- talks ----
    path("records/talks/", views_talks.talk_list, name="talks"),
    path("records/talks.xlsx", views_talks.talk_export, name="talks_xlsx"),
]
