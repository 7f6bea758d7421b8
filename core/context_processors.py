from collections.abc import Callable

from django.urls import NoReverseMatch, reverse

from accounts import scope
from accounts.roles import AUDITOR, ROLE_LABELS, SECADMIN, SYSADMIN

from . import modules


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _group(label, icon, key, entries):
    """A sidebar group; entries are (label, url name, key, allowed). Unreachable or refused entries drop out."""
    items = []
    for item_label, name, item_key, allowed in entries:
        url = _url(name) if allowed else None
        if url:
            items.append({"label": item_label, "url": url, "key": item_key})
    return {"label": label, "icon": icon, "key": key, "items": items}


def _module_group(group, user, asked):
    """A module's declared group (core/modules.py); a predicate shared by entries is asked once (`asked`)."""
    entries = []
    for entry in group.entries:
        allowed = True
        if entry.visible is not None:
            predicate = modules.resolve(entry.visible)
            if predicate not in asked:
                asked[predicate] = bool(predicate(user))
            allowed = asked[predicate]
        entries.append((entry.label, entry.url_name, entry.key, allowed))
    return _group(group.label, group.icon, group.key, entries)


def build_navigation(user):
    """The sidebar for one user: [{label, icon, key, items: [{label, url, key}]}], groups without items left out.

    Each entry is offered only when its page would open for the user (the verbs the views ask, or a module
    entry's `visible` predicate), so no link leads to a refusal. System accounts get only their own groups (三员分立); users with business
    rights get the organisation pages, then every installed module's declared groups (by their order).
    """
    may = user.has_perm
    groups = [_group("首页", "home", "home", [("首页", "home", "home", True)])]
    if may("accounts.manage_users"):  # the system administrator
        groups += [
            _group(
                "组织与人员",
                "sitemap",
                "orgs",
                [
                    ("组织架构", "org_tree", "org_tree", True),
                    ("人员管理", "person_list", "people", may("orgs.list_people")),
                ],
            ),
            _group(
                "系统管理",
                "users",
                "system",
                [
                    ("账号管理", "user_list", "users", may("accounts.view_accounts")),
                    ("账号操作申请", "request_list", "requests", may("accounts.view_requests")),
                ],
            ),
        ]
    elif may("accounts.manage_roles"):  # the security administrator
        groups.append(
            _group(
                "安全管理",
                "users",
                "system",
                [
                    ("角色授权", "user_list", "users", may("accounts.view_accounts")),
                    ("批量授予党员角色", "member_grant", "member_grant", True),
                    ("账号操作申请", "request_list", "requests", may("accounts.view_requests")),
                ],
            )
        )
    elif may("core.view_audit"):  # the audit administrator
        groups.append(_group("安全审计", "shield", "audit", [("审计日志", "audit_log", "audit", True)]))
    elif may("core.do_business"):
        groups.append(
            _group(
                "组织与人员",
                "sitemap",
                "orgs",
                [
                    ("组织架构", "org_tree", "org_tree", True),
                    ("人员管理", "person_list", "people", may("orgs.list_people")),
                ],
            )
        )
        asked: dict[Callable, bool] = {}
        groups += [_module_group(group, user, asked) for group in modules.navigation_groups()]
        if may("core.use_recycle_bin"):
            groups.append(_group("回收站", "trash", "trash", [("回收站", "recycle_bin", "recycle_bin", True)]))
    return [g for g in groups if g["items"]]


def mark_active(groups, path):
    """Mark the entry whose address is the longest prefix of the current path (the home page only exactly)."""
    best, best_len = None, -1
    for group in groups:
        for item in group["items"]:
            url = item["url"]
            hit = path == url if url == "/" else path.startswith(url)
            if hit and len(url) > best_len:
                best, best_len = (group, item), len(url)
    if best:
        best[0]["active"] = best[1]["active"] = True
    return groups


def navigation(request):
    """The shell's context: sidebar groups, the header's query box and the user menu's role labels."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {}
    roles = user.role_codes()
    groups = mark_active(build_navigation(user), request.path)
    query_page = modules.header_search()
    search_url = _url(query_page) if query_page and not (roles & {SYSADMIN, SECADMIN, AUDITOR}) else None
    return {
        "nav_groups": groups,
        # Flat (label, url, key) entries for pages that list the modules (the home page's shortcuts).
        "nav_items": [(i["label"], i["url"], i["key"]) for g in groups for i in g["items"]],
        "nav_search_url": search_url,
        "nav_role_labels": [ROLE_LABELS.get(r, r) for r in sorted(roles)],
        "nav_assignments": [(ROLE_LABELS.get(a.role, a.role), a.org) for a in scope.assignments(user)],
    }
