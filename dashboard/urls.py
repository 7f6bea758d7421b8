app_name = "dashboard"

urlpatterns: list = []

# ---- cockpit ----
from django.urls import path  # noqa: E402

from . import views_cockpit  # noqa: E402

urlpatterns += [
    path("cockpit/", views_cockpit.cockpit_view, name="cockpit"),
    path("cockpit/screen/", views_cockpit.cockpit_screen, name="cockpit_screen"),
    path("cockpit/<str:key>/", views_cockpit.cockpit_drill, name="cockpit_drill"),
]
# ---- warnings ----
from .urls_warnings import urlpatterns as _warnings_urls  # noqa: E402

# Before the cockpit's drill-down (`cockpit/<key>/`), which would otherwise take `cockpit/warnings/`.
urlpatterns[:0] = _warnings_urls
