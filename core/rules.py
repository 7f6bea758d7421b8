"""Who may use core's own pages: one rule per verb (core.verbs), loaded by rules' autodiscovery.

Views, the API and templates name these verbs, never a role or a scope path.
"""

from accounts.permissions import has_business, is_auditor, is_org_admin_anywhere
from core.verbs import verb

verb("core.view_audit", (is_auditor, "只有审计管理员可以查看审计日志。"))
# The business side of the shell (the home page's to-do inbox and panels, the organisation pages and the modules
# in the sidebar): every business role; a system account has no business to do (三员分立).
verb("core.do_business", (has_business, "您的账号尚未获授业务角色，请联系安全管理员。"))
# 回收站: a 党务管理员 restores what was deleted in her organisations (each kind then asks its own verb).
verb("core.use_recycle_bin", (is_org_admin_anywhere, "回收站由各党组织的党务管理员管理。"))
