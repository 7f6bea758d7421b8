import datetime

from ninja import Query, Router

from core.api import AUTH, Page, PageSize, paginate
from core.audit import label
from core.errors import Forbidden

from .models import AuditEvent

router = Router(tags=["审计"], auth=AUTH)


def event_out(e):
    return {
        "id": e.id,
        "created_at": e.created_at,
        "actor": e.actor_name,
        "action": e.action,
        "action_label": label(e.action),
        "object_type": e.object_type,
        "object_id": e.object_id,
        "object_repr": e.object_repr,
        "org": e.org_id,
        "ip": e.ip,
        "before": e.before,
        "after": e.after,
    }


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


@router.get("/audit/events")
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
    if not request.auth.has_role("auditor"):
        raise Forbidden("只有审计管理员可以查看审计日志。")
    qs = filter_events(AuditEvent.objects.all(), actor=actor, action=action, date_from=date_from, date_to=date_to, q=q)
    return paginate(qs, page, page_size, event_out)
