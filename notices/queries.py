"""Reads of 通知公告: the list a user sees (received and published), her own receipt on each."""

from django.db.models import Exists, F, OuterRef, Q

from accounts import scope
from core.models import path_q

from .models_notices import Notice, NoticeState, Recipient


def listed(user, *, box="all", unsigned=False):
    """Notices the user received (published to her person) or published (her organisations', any state)."""
    qs = Notice.objects.visible_to(user).select_related("org")
    received = Q(pk__in=[])
    if user.person_id:
        received = Q(Exists(Recipient.objects.filter(notice=OuterRef("pk"), person_id=user.person_id))) & Q(
            state__in=[NoticeState.PUBLISHED, NoticeState.ARCHIVED]
        )
    published = path_q("org__path", scope.admin_paths(user))
    if box == "received":
        qs = qs.filter(received)
    elif box == "published":
        qs = qs.filter(published)
    if unsigned:
        if not user.person_id:
            return qs.none()
        qs = qs.filter(
            Exists(Recipient.objects.filter(notice=OuterRef("pk"), person_id=user.person_id, signed_at__isnull=True)),
            state=NoticeState.PUBLISHED,
        )
    # Drafts first, then the latest published, on SQLite and PostgreSQL alike (their NULL orders differ).
    return qs.order_by(F("published_at").desc(nulls_first=True), "-id")


def attach_mine(notices, user):
    """Set `my_row` (her Recipient row or None) on each notice, in one query."""
    notices = list(notices)
    rows = {}
    if user.person_id and notices:
        rows = {
            r.notice_id: r
            for r in Recipient.objects.filter(notice__in=[n.pk for n in notices], person_id=user.person_id)
        }
    for n in notices:
        n.my_row = rows.get(n.pk)
    return notices
