from django.conf import settings
from django.urls import NoReverseMatch, reverse

from accounts import scope
from accounts.roles import AUDITOR, REVIEWER_ROLES, ROLE_LABELS, SECADMIN, SYSADMIN


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _installed(app):
    return app in settings.INSTALLED_APPS


def _group(label, icon, key, entries):
    """A sidebar group; entries are (label, url name, key, allowed). Unreachable or refused entries drop out."""
    items = []
    for item_label, name, item_key, allowed in entries:
        url = _url(name) if allowed else None
        if url:
            items.append({"label": item_label, "url": url, "key": item_key})
    return {"label": label, "icon": icon, "key": key, "items": items}


def _has_points_scheme(user):
    from points.models import Scheme

    return Scheme.objects.visible_to(user).exists()


def build_navigation(user):
    """The sidebar for one user: [{label, icon, key, items: [{label, url, key}]}], groups without items left out.

    Each entry is offered only when its page would open for the user (the same checks the views apply), so
    no link leads to a refusal. System accounts get only their own groups (三员分立). Modules are listed here
    for now; a later step lets each AppConfig contribute its group to this list.
    """
    roles = user.role_codes()
    groups = [_group("首页", "home", "home", [("首页", "home", "home", True)])]
    if SYSADMIN in roles:
        groups += [
            _group(
                "组织与人员",
                "sitemap",
                "orgs",
                [("组织架构", "org_tree", "org_tree", True), ("人员管理", "person_list", "people", True)],
            ),
            _group(
                "系统管理",
                "users",
                "system",
                [("账号管理", "user_list", "users", True), ("账号操作申请", "request_list", "requests", True)],
            ),
        ]
    elif SECADMIN in roles:
        groups.append(
            _group(
                "安全管理",
                "users",
                "system",
                [
                    ("角色授权", "user_list", "users", True),
                    ("批量授予党员角色", "member_grant", "member_grant", True),
                    ("账号操作申请", "request_list", "requests", True),
                ],
            )
        )
    elif AUDITOR in roles:
        groups.append(_group("安全审计", "shield", "audit", [("审计日志", "audit_log", "audit", True)]))
    elif scope.business_paths(user):
        groups.append(
            _group(
                "组织与人员",
                "sitemap",
                "orgs",
                [
                    ("组织架构", "org_tree", "org_tree", True),
                    ("人员管理", "person_list", "people", bool(scope.staff_paths(user))),
                ],
            )
        )
        if _installed("plans"):
            groups.append(
                _group(
                    "路径化管理",
                    "list-check",
                    "plans",
                    [
                        ("年度清单", "plans:plan_list", "plan_list", True),
                        ("三会一课落实", "plans:compliance", "compliance", True),
                        ("清单模板", "plans:template_list", "templates", True),
                        ("组织生活规则", "plans:rule_list", "rules", True),
                    ],
                )
            )
        if _installed("records"):
            groups.append(
                _group(
                    "活动记录",
                    "calendar",
                    "records",
                    [
                        ("活动记录", "records:record_list", "record_list", True),
                        ("活动档案", "records:archive", "archive", True),
                    ],
                )
            )
        if _installed("points"):
            has_scheme = _has_points_scheme(user)
            groups.append(
                _group(
                    "积分管理",
                    "award",
                    "points",
                    [
                        ("积分首页", "points:home", "points_home", True),
                        ("积分申报", "points:declaration_list", "declarations", True),
                        ("审核队列", "points:review_queue", "reviews", bool(roles & REVIEWER_ROLES)),
                        ("积分排名", "points:rankings", "rankings", has_scheme),
                        ("积分台账", "points:ledger", "ledger", has_scheme),
                        ("公示公布", "points:publicity_list", "publicity", True),
                        ("我的积分", "points:my_points", "my_points", bool(user.person_id)),
                    ],
                )
            )
        if scope.admin_paths(user):
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
    """The shell's context: sidebar groups, the header search and the user menu's role labels."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {}
    roles = user.role_codes()
    groups = mark_active(build_navigation(user), request.path)
    search_url = _url("search:results") if not (roles & {SYSADMIN, SECADMIN, AUDITOR}) else None
    return {
        "nav_groups": groups,
        # Flat (label, url, key) entries for pages that list the modules (the home page's shortcuts).
        "nav_items": [(i["label"], i["url"], i["key"]) for g in groups for i in g["items"]],
        "nav_search_url": search_url,
        "nav_role_labels": [ROLE_LABELS[r] for r in sorted(roles)],
        "nav_assignments": [(ROLE_LABELS.get(a.role, a.role), a.org) for a in scope.assignments(user)],
    }
