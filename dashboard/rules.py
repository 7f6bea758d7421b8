"""Who may look at the 驾驶舱 (core.verbs): the 党务管理员 of an organisation, over its subtree. The 三员 never
(三员分立); a member or a reviewer without an administrator's grant has no cockpit."""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED
from core.verbs import verb

COCKPIT_MESSAGE = "只有党组织的党务管理员可以查看驾驶舱。"


@rules.predicate
def not_system_user(user):
    return not scope.is_system_user(user)


@rules.predicate
def administers(user, org):
    """党务管理员 of the organisation's subtree; with no organisation: of some organisation (no query: the grants
    are cached on the user)."""
    if not user.is_authenticated:
        return False
    paths = scope.admin_paths(user)
    if org is None:
        return bool(paths)
    return scope.under(org.path, paths)


verb("dashboard.view_cockpit", (not_system_user, SYSTEM_ROLE_REFUSED), (administers, COCKPIT_MESSAGE))


def may_view_cockpit(user):
    """The sidebar's 驾驶舱 entry."""
    return user.has_perm("dashboard.view_cockpit")
