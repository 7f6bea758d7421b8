"""Who may write records: the 党务管理员 of the record's organisation subtree.

The system administrator manages structure, not business data (三员分立), so unlike the org rules this
does not fall back to `structure_unrestricted`.
"""

import rules

from accounts import scope


@rules.predicate
def manages_records_of(user, org):
    if org is None or not user.is_authenticated:
        return False
    return any(org.path.startswith(p) for p in scope.admin_paths(user))


@rules.predicate
def manages_record(user, record):
    return record is not None and manages_records_of(user, record.org)


rules.add_perm("records.add_record", manages_records_of)
rules.add_perm("records.change_record", manages_record)
rules.add_perm("records.delete_record", manages_record)
