"""REST API of the 驾驶舱 (API.md "Notices and cockpit"): `GET /api/v1/cockpit?org=…&year=…`."""

from typing import Annotated, Any

from ninja import Field, Router, Schema

from core.api import AUTH, Id

from . import cockpit

router = Router(tags=["驾驶舱"], auth=AUTH)

Year = Annotated[int, Field(ge=2000, le=2100)]


class WidgetOut(Schema):
    key: str
    title: str
    value: float | int | None
    unit: str
    status: str | None  # red, amber, green or null
    items: list[dict[str, Any]]


class CockpitOut(Schema):
    widgets: list[WidgetOut]


@router.get("/cockpit", response=CockpitOut)
def get_cockpit(request, org: Id | None = None, year: Year | None = None):
    """Every registered widget over the subtree of `org` (default: the highest organisation the caller
    administers) for `year`; 404 for an organisation she does not administer."""
    s = cockpit.scope(request.auth, org, year, picker=False)
    return {"widgets": [cockpit.api_widget(w) for w in cockpit.widgets(request.auth, s)]}
