"""REST API of the 驾驶舱 (API.md "Notices and cockpit"): each part adds its router below."""

from ninja import Router

from core.api import AUTH

router = Router(tags=["驾驶舱"], auth=AUTH)

# ---- cockpit ----
# ---- warnings ----
