"""One rule per verb: pages, the API and templates name a permission (a core.verbs verb or a rules permission:
`user.has_perm(...)`, `require_verb(...)`, `{% has_perm %}`), never a role or a scope path. Who holds which
role over which subtree is read in the rules modules (core/verbs.py, */rules.py, */permissions.py), the
actions, the querysets and accounts/scope.py itself — never in a view, an API function or a template.

The scan covers every app: its views*.py and api*.py, any other module that serves a page or an API operation
(`@login_required`, `@router.get` …, e.g. records/exports.py), and every template.
"""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)

# Where roles and scope paths are read on purpose: the rules, the actions, the querysets, the scope itself.
ALLOWED = {"verbs.py", "rules.py", "permissions.py", "actions.py", "querysets.py", "scope.py"}

PY_ROLE_CHECKS = re.compile(
    r"\.has_role\("
    r"|\b(?:scope\.)?(?:admin_paths|role_paths|business_paths|staff_paths|structure_unrestricted|is_system_user"
    r"|member_grant_paths)\("
    r"|\brole_codes\(|\.system_role\b|\bis_superuser\b"
    r"|\b(?:SYSADMIN|SECADMIN|AUDITOR|ORG_ADMIN|SYSTEM_ROLES|LEVEL_ROLES|REVIEWER_ROLES)\b"
)
TEMPLATE_ROLE_CHECKS = re.compile(
    r"\bhas_role\b|\bis_(?:sysadmin|secadmin|auditor|admin|superuser|staff)\b|\bsystem_role\b|\brole_codes\b"
    r"|\bperms\.|\.role\s*(?:==|!=|in\b)"
    r"|[\"'](?:sysadmin|secadmin|auditor|org_admin|reviewer_l[123])[\"']"
)
SERVES_REQUESTS = re.compile(r"^\s*@(?:login_required|require_POST|router\.(?:get|post|put|patch|delete))\b", re.M)


def _app_dirs():
    """The project's own apps (not Django's or third parties'), as directories under the project root."""
    out = []
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(ROOT.resolve()) and ".venv" not in path.parts:
            out.append(path)
    return out


def _skipped(path):
    return any(part in ("tests", "migrations", "node_modules") for part in path.parts)


def view_modules():
    for app in _app_dirs():
        for path in sorted(app.rglob("*.py")):
            if _skipped(path.relative_to(app)) or path.name in ALLOWED:
                continue
            name = path.name
            if name.startswith(("views", "api")) or SERVES_REQUESTS.search(path.read_text(encoding="utf-8")):
                yield path


def templates():
    dirs = [app / "templates" for app in _app_dirs()] + [Path(d) for t in settings.TEMPLATES for d in t["DIRS"]]
    for d in dirs:
        if d.is_dir():
            yield from sorted(p for p in d.rglob("*") if p.is_file() and p.suffix in (".html", ".txt", ".xml"))


def offences(paths, pattern):
    found = []
    for path in paths:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("#", 1)[0] if path.suffix == ".py" else line
            if pattern.search(code):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    return found


def test_the_scan_reaches_every_app_s_pages_api_and_templates():
    scanned = {str(p.relative_to(ROOT)) for p in [*view_modules(), *templates()]}
    for expected in (
        "accounts/views.py",
        "accounts/api.py",
        "orgs/views.py",
        "core/views.py",
        "core/api_audit.py",
        "core/views_trash.py",
        "records/exports.py",
        "accounts/templates/accounts/user_list.html",
        "core/templates/core/recycle_bin.html",
        "templates/base.html",
    ):
        assert expected in scanned
    assert not any(Path(p).name in ALLOWED for p in scanned)


def test_no_view_or_api_function_checks_a_role():
    found = offences(view_modules(), PY_ROLE_CHECKS)
    assert not found, "A view or API function checks a role or scope path; name a verb instead:\n" + "\n".join(found)


def test_no_template_checks_a_role():
    found = offences(templates(), TEMPLATE_ROLE_CHECKS)
    assert not found, "A template checks a role; ask {% has_perm %} instead:\n" + "\n".join(found)


def test_the_patterns_catch_what_they_are_for():
    for line in (
        'if not request.user.has_role("sysadmin"):',
        "if not scope.business_paths(request.user):",
        "paths = admin_paths(user)",
        "a.role == ORG_ADMIN and a.org_id",
        "if user.is_superuser:",
    ):
        assert PY_ROLE_CHECKS.search(line), line
    for line in (
        "{% if perms.accounts.manage_roles %}",
        "{% if user.has_role %}",
        '{% if a.role == "member" %}',
        "{% if is_admin %}",
        "{% if 'sysadmin' in roles %}",
    ):
        assert TEMPLATE_ROLE_CHECKS.search(line), line
    for line in ('{% has_perm "records.add_record" user as can_add %}', 'require_verb(user, "orgs.list_people")'):
        assert not PY_ROLE_CHECKS.search(line) and not TEMPLATE_ROLE_CHECKS.search(line), line
