from django.urls import path

from . import views, views_imports, views_trash

urlpatterns = [
    path("", views.home, name="home"),
    path("audit/", views.audit_log, name="audit_log"),
    path("imports/<str:token>/", views_imports.import_progress, name="import_progress"),
    path("recycle-bin/", views_trash.recycle_bin, name="recycle_bin"),
    path("recycle-bin/<str:key>/<int:pk>/restore/", views_trash.recycle_bin_restore, name="recycle_bin_restore"),
]
