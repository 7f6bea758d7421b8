"""REST API of the 驾驶舱 (API.md "Notices and cockpit"): each part adds its router below."""

from ninja import Router

from core.api import AUTH

router = Router(tags=["驾驶舱"], auth=AUTH)

# ---- cockpit ----
from .api_cockpit import router as cockpit_router  # noqa: E402

router.add_router("", cockpit_router)
# ---- warnings ----
from .api_warnings import router as _warnings_router  # noqa: E402

router.add_router("", _warnings_router)
