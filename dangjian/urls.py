from django.urls import include, path

from core.modules import modules

from .api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include("core.urls")),
]
# Every installed module's pages (accounts and orgs first, then the domain modules in DOMAIN_APPS order).
urlpatterns += [path(m.url_prefix, include(m.urls)) for m in modules() if m.urls]

handler404 = "core.views.not_found"
handler403 = "core.views.forbidden"
handler500 = "core.views.server_error"
handler400 = "core.views.bad_request"
