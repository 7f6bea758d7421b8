"""Who may search: one rule per verb (core.verbs), loaded by rules' autodiscovery."""

from accounts.permissions import has_business
from core.verbs import verb

# Every business role searches its own scope; the system accounts (三员分立) and accounts without a role do not.
verb(
    "search.use_search",
    (has_business, "您没有检索业务数据的权限：账号尚未获授业务角色，或是不参与业务的系统管理账号。"),
)
