app_name = "notices"

urlpatterns: list = []

# ---- notices ----
from django.urls import path  # noqa: E402

from . import views_notices  # noqa: E402

urlpatterns += [
    path("notices/", views_notices.notice_list, name="notice_list"),
    path("notices/new/", views_notices.notice_create, name="notice_create"),
    path("notices/unsigned/", views_notices.unsigned_overview, name="unsigned"),
    path("notices/<int:pk>/", views_notices.notice_detail, name="notice_detail"),
    path("notices/<int:pk>/edit/", views_notices.notice_edit, name="notice_edit"),
    path("notices/<int:pk>/sign/", views_notices.notice_sign, name="notice_sign"),
    path("notices/<int:pk>/receipts/", views_notices.notice_receipts, name="notice_receipts"),
    path("notices/<int:pk>/receipts.xlsx", views_notices.receipts_export, name="receipts_export"),
    path("notices/<int:pk>/transition/<str:name>/", views_notices.notice_transition, name="notice_transition"),
    path("notices/attachments/<int:pk>/", views_notices.attachment_download, name="attachment"),
    path("notices/attachments/<int:pk>/delete/", views_notices.attachment_delete, name="attachment_delete"),
]
# ---- news ----
from .urls_news import urlpatterns as news_urls  # noqa: E402

urlpatterns += news_urls
# ---- reminders ----
