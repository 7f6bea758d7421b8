"""Who may do what with records: one rule per verb (core.verbs), loaded by rules' autodiscovery.

Writing records is the business of the 党务管理员 of the record's organisation subtree. The system
administrator manages structure, not business data (三员分立), so unlike the org rules this does not fall back
to `structure_unrestricted`. Views, the API and templates name these verbs, never a role or a scope path.
"""

import rules

from accounts import scope
from accounts.permissions import has_business
from core.verbs import verb


@rules.predicate
def manages_records_of(user, org):
    """党务管理员 over the org's subtree; with no organisation: of some organisation (the 登记 button)."""
    if not user.is_authenticated:
        return False
    paths = scope.admin_paths(user)
    if org is None:
        return bool(paths)
    return any(org.path.startswith(p) for p in paths)


@rules.predicate
def manages_record(user, record):
    return record is not None and manages_records_of(user, record.org)


# The record list, the archive and its yearly export: every business role, in its own scope.
verb("records.view_records", (has_business, "您没有查看活动记录的权限。"))
# Asked with an organisation, or with none for "some organisation".
verb("records.add_record", (manages_records_of, "您不能为该党组织登记活动记录。"))
verb("records.change_record", (manages_record, "您不能修改该活动记录。"))
verb("records.delete_record", (manages_record, "您不能删除该活动记录。"))


# ---- talks (谈心谈话 coverage) ----
@rules.predicate
def reads_talks_of(user, org):
    """Works with people's data over the org's subtree (with none: somewhere); not a system account."""
    if not user.is_authenticated or scope.is_system_user(user):
        return False
    paths = scope.staff_paths(user)
    return bool(paths) if org is None else any(org.path.startswith(p) for p in paths)


verb("records.view_talks", (reads_talks_of, "只有党务管理员可以查看本组织党员的谈心谈话情况。"))


def may_view_talks(user):
    """The sidebar's 谈心谈话 entry (cached grants: no query per page)."""
    return reads_talks_of(user, None)
