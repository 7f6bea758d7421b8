"""REST API of the notices app (API.md "Notices and cockpit"): each part adds its router below."""

from ninja import Router

from core.api import AUTH

router = Router(tags=["通知公告"], auth=AUTH)

# ---- notices ----
from .api_notices import router as notices_router  # noqa: E402

router.add_router("", notices_router)
# ---- news ----
router.add_router("", "notices.api_news.router")
# ---- reminders ----
from .api_reminders import router as reminders_router  # noqa: E402

router.add_router("", reminders_router)
