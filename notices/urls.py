app_name = "notices"

urlpatterns: list = []

# ---- notices ----
# ---- news ----
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
