"""Role codes (API contract) and the 三员分立 separation of system roles.

accounts knows its own roles only: the three system roles, the 党务管理员 and the member grant (declared in
AccountsConfig.roles). Every other role is declared by the module it belongs to (`roles` on its AppConfig,
see core/modules.py); the grant form and action accept exactly the registered codes, so a module's new
role needs no change (and no migration) here.
"""

from collections.abc import Mapping

from core import modules

SYSADMIN = "sysadmin"
SECADMIN = "secadmin"
AUDITOR = "auditor"
ORG_ADMIN = "org_admin"
MEMBER = "member"

# 三员分立: each system role administers one concern, holds no business right, and no account holds two.
# Only accounts defines system roles; a module's role is always a business role.
SYSTEM_ROLES = {SYSADMIN, SECADMIN, AUDITOR}


def role_choices():
    """[(code, Chinese label)] of every registered role, in display order (the grant form's choices)."""
    return [(r.code, r.label) for r in modules.roles()]


def is_registered(code):
    return modules.role(code) is not None


def is_business_role(code):
    """A registered role that is not a system role: it reaches business data in its organisation's subtree.
    A code whose module is not installed (DISABLED_APPS) grants nothing."""
    return code not in SYSTEM_ROLES and is_registered(code)


def reads_subtree(code):
    """A business role whose grant reaches the business data of its organisation's subtree (`Role.reads`)."""
    role = modules.role(code)
    return role is not None and role.reads and code not in SYSTEM_ROLES


def is_staff_role(code):
    """A business role that works with people's data (reads the people register of its subtree)."""
    role = modules.role(code)
    return role is not None and role.staff and code not in SYSTEM_ROLES


class _RoleLabels(Mapping):
    """{code: Chinese label} of the registered roles, read from the registry at each use."""

    def _table(self):
        return dict(role_choices())

    def __getitem__(self, code):
        return self._table()[code]

    def __iter__(self):
        return iter(self._table())

    def __len__(self):
        return len(self._table())


ROLE_LABELS = _RoleLabels()
