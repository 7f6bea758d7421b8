app_name = "dashboard"

urlpatterns: list = []

# ---- cockpit ----
# ---- warnings ----
from .urls_warnings import urlpatterns as _warnings_urls  # noqa: E402

urlpatterns += _warnings_urls
