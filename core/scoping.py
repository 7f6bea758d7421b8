"""The single access choke point for org-owned objects."""

from .errors import NotFound
from .params import MAX_ID


def get_object_for_user(model_or_qs, pk, user, *, queryset=None):
    """Fetch one object the user may see; missing and forbidden both raise NotFound (404)."""
    qs = queryset if queryset is not None else getattr(model_or_qs, "objects", model_or_qs)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 1 <= pk <= MAX_ID:  # beyond any id (and beyond what the database's integers hold)
        raise NotFound()
    obj = qs.visible_to(user).filter(pk=pk).first()
    if obj is None:
        raise NotFound()
    return obj
