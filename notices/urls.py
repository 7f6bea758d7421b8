app_name = "notices"

urlpatterns: list = []

# ---- notices ----
# ---- news ----
from .urls_news import urlpatterns as news_urls  # noqa: E402

urlpatterns += news_urls
# ---- reminders ----
