import importlib
import importlib.util

from django.conf import settings
from django.urls import include, path

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("orgs.urls")),
]
for app in ("records", "search", "plans", "points"):
    if app in settings.INSTALLED_APPS and importlib.util.find_spec(f"{app}.urls"):
        urlpatterns.append(path("", include(f"{app}.urls")))

handler404 = "core.views.not_found"
handler403 = "core.views.forbidden"
handler500 = "core.views.server_error"
handler400 = "core.views.bad_request"
