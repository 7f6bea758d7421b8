"""Who may do what with accounts and role grants: one rule per verb (core.verbs), loaded by rules'
autodiscovery. The predicates live in permissions.py, which also registers the structure permissions of
orgs (`orgs.change_organisation` …).

Views, the API and templates name these verbs (`{% has_perm "accounts.manage_roles" user %}`), never a role.
"""

from core.verbs import verb

from .permissions import is_secadmin, is_sysadmin

# 三员分立: the system administrator keeps the accounts, the security administrator the role grants; both
# see the accounts and the two-person requests on system accounts.
verb("accounts.manage_users", (is_sysadmin, "只有系统管理员可以管理账号。"))
verb("accounts.manage_roles", (is_secadmin, "只有安全管理员可以授予角色。"))
verb("accounts.view_accounts", (is_sysadmin | is_secadmin, "只有系统管理员和安全管理员可以管理账号。"))
verb(
    "accounts.view_requests",
    (is_sysadmin | is_secadmin, "只有系统管理员和安全管理员可以查看账号操作申请。"),
)
