from django.urls import NoReverseMatch, reverse

from accounts import scope
from accounts.roles import AUDITOR, ROLE_LABELS, SECADMIN, SYSADMIN


def _url(name):
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def navigation(request):
    """Menu entries for what exists and what the user's roles allow (三员分立 menus differ)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or user.must_change_password:
        return {}
    roles = user.role_codes()
    items = [("首页", _url("home"), "home")]
    if SYSADMIN in roles:
        items += [
            ("组织架构", _url("org_tree"), "orgs"),
            ("人员管理", _url("person_list"), "people"),
            ("账号管理", _url("user_list"), "users"),
        ]
    elif SECADMIN in roles:
        items += [("角色授权", _url("user_list"), "users")]
    elif AUDITOR in roles:
        items += [("审计日志", _url("audit_log"), "audit")]
    else:
        if scope.business_paths(user):
            items += [("组织架构", _url("org_tree"), "orgs")]
        if scope.staff_paths(user):
            items += [("人员管理", _url("person_list"), "people")]
        for label, name, key in [
            ("路径化管理", "plans:plan_list", "plans"),
            ("活动记录", "records:record_list", "records"),
            ("积分管理", "points:home", "points"),
        ]:
            url = _url(name)
            if url:
                items.append((label, url, key))
    search_url = _url("search:results") if not (roles & {SYSADMIN, SECADMIN, AUDITOR}) else None
    return {
        "nav_items": [i for i in items if i[1]],
        "nav_search_url": search_url,
        "nav_role_labels": [ROLE_LABELS[r] for r in sorted(roles)],
    }
