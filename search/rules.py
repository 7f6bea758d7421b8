"""Who may search: one rule per verb (core.verbs), loaded by rules' autodiscovery."""

import rules

from accounts import scope
from accounts.permissions import SYSTEM_ROLE_REFUSED, has_business
from accounts.roles import ORG_ADMIN
from core.verbs import verb

from .models_synonyms import COMMITTEE_KINDS

# Every business role searches its own scope; the system accounts (三员分立) and accounts without a role do not.
verb(
    "search.use_search",
    (has_business, "您没有检索业务数据的权限：账号尚未获授业务角色，或是不参与业务的系统管理账号。"),
)


# ---- abbreviations: 缩略语词典 (search/models_synonyms.py) ----
# A committee's dictionary is the business of its 党务管理员; the system roles hold none (三员分立), so the system
# administrator's structure rights over every organisation do not reach here.
SYNONYMS_REFUSED = "只有党委（党工委）的党务管理员可以维护缩略语词典。"


@rules.predicate
def is_business_user(user):
    return user.is_authenticated and not scope.is_system_user(user)


@rules.predicate
def keeps_synonyms(user, obj):
    """党务管理员 over the committee (or the entry's committee); with none: over some 党委 or 党工委."""
    if not user.is_authenticated:
        return False
    if obj is None:
        return any(a.role == ORG_ADMIN and a.org_id and a.org.kind in COMMITTEE_KINDS for a in scope.assignments(user))
    org = obj if hasattr(obj, "path") else getattr(obj, "org", None)
    return org is not None and org.kind in COMMITTEE_KINDS and scope.under(org.path, scope.admin_paths(user))


verb(
    "search.manage_synonyms",
    (is_business_user, SYSTEM_ROLE_REFUSED),
    (keeps_synonyms, SYNONYMS_REFUSED),
)
