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
from django.urls import path  # noqa: E402

from . import views_reminders  # noqa: E402

urlpatterns += [
    path("notices/messages/", views_reminders.messages_list, name="messages"),
    path("notices/messages/read/", views_reminders.messages_read_all, name="messages_read_all"),
    path("notices/messages/<int:pk>/read/", views_reminders.message_read, name="message_read"),
    path("notices/reminders/settings/", views_reminders.preferences_edit, name="reminder_settings_edit"),
    path("notices/reminders/robots/", views_reminders.robot_list, name="robots"),
    path("notices/reminders/robots/<int:org_id>/edit/", views_reminders.robot_edit, name="robot_edit"),
    path("notices/reminders/deliveries/", views_reminders.delivery_log, name="deliveries"),
]
