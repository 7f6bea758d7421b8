"""缩略语词条 in the shared 回收站 (see core/trash.py): a deleted entry leaves the lists and the readers'
dictionaries at once; its committee's 党务管理员 restores it, unless the committee has meanwhile added a live
entry with the same term."""

from django.db import transaction
from django.urls import reverse

from core.errors import Conflict


def restore_refused(term):
    return f"本党委的词典里已有缩略语“{term}”，不能再恢复这一条。如需恢复，请先修改或删除现有的那一条。"


def check_restore(entry):
    """Refuse a restore that would duplicate a live term; else drop the readers' cached dictionaries once the
    restore commits, so the entry counts again on the next question (runs inside restore's transaction)."""
    from . import synonyms
    from .actions import lock_terms
    from .models_synonyms import Synonym

    lock_terms(entry.org_id)
    if Synonym.objects.filter(org_id=entry.org_id, term=entry.term).exclude(pk=entry.pk).exists():
        raise Conflict(restore_refused(entry.term))
    synonyms.invalidate()
    transaction.on_commit(synonyms.invalidate)


def kinds():
    """The 回收站 kinds of this app (declared on its AppConfig)."""
    from core import trash

    from .models_synonyms import Synonym

    return [
        trash.kind(
            Synonym,
            label="缩略语词条",
            noun="缩略语",
            name=lambda e: e.term,
            detail=lambda e: "全称或其他说法：" + " / ".join(e.expansion_list),
            org=lambda e: e.org,
            can_restore=lambda user, e: user.has_perm("search.manage_synonyms", e),
            restore_note="",
            url=lambda e: reverse("search:synonym_list"),
            check_restore=check_restore,
            select_related=("org",),
        ),
    ]
