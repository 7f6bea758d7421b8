"""Permission predicates for points (loaded by rules' autodiscovery)."""

import rules

from accounts import scope


@rules.predicate
def manages_scheme(user, scheme):
    """党务管理员 of the committee that owns the scheme (or of a body above it)."""
    if scheme is None or not user.is_authenticated:
        return False
    return any(scheme.org.path.startswith(p) for p in scope.admin_paths(user))


@rules.predicate
def administers_org(user, org):
    """党务管理员 over the org's subtree: a business right, so never the sysadmin's structure rights (三员分立)."""
    if org is None or not user.is_authenticated:
        return False
    return any(org.path.startswith(p) for p in scope.admin_paths(user))


rules.add_perm("points.manage_scheme", manages_scheme)
rules.add_perm("points.add_scheme", administers_org)
