import datetime
from typing import Any

from ninja import Field, Query, Router, Schema

from core.api import AUTH, ListOut, Page, PageSize, paginate
from core.audit import label
from core.verbs import require_verb

from .models import AuditEvent

router = Router(tags=["审计"], auth=AUTH)


class EventOut(Schema):
    """One audit event; `before`/`after` are the snapshots the action wrote (personal data masked)."""

    id: int
    created_at: datetime.datetime
    actor: str = Field(..., alias="actor_name")
    action: str
    action_label: str
    object_type: str
    object_id: str
    object_repr: str
    org: int | None = Field(None, alias="org_id")
    ip: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @staticmethod
    def resolve_action_label(e):
        return label(e.action)


def filter_events(qs, *, actor="", action="", date_from=None, date_to=None, q=""):
    if actor:
        qs = qs.filter(actor_name__icontains=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    if q:
        qs = qs.filter(object_repr__icontains=q)
    return qs


@router.get("/audit/events", response=ListOut[EventOut])
def list_events(
    request,
    actor: str = Query("", max_length=150),
    action: str = Query("", max_length=80),
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
    q: str = Query("", max_length=100),
    page: Page = 1,
    page_size: PageSize = 50,
):
    require_verb(request.auth, "core.view_audit")
    qs = filter_events(AuditEvent.objects.all(), actor=actor, action=action, date_from=date_from, date_to=date_to, q=q)
    return paginate(qs, page, page_size, lambda e: e)
