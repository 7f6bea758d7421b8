"""Modules register themselves (core/modules.py): a module declared on its AppConfig reaches the sidebar, the
roles, the to-dos, the home page, the 回收站, the audit labels and the demo without an edit in core, accounts
or orgs — and those three name no module. The fake module here (通知公告) stands for the next real one."""

import re
import tomllib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from accounts import actions as account_actions
from accounts import scope
from accounts.models import RoleAssignment
from accounts.roles import ROLE_LABELS, role_choices
from core import home_panels, modules, todos
from core.context_processors import build_navigation
from core.errors import Conflict, Invalid
from core.modules import CockpitWidget, Demo, HomePanel, Module, NavEntry, NavGroup, Role, Todos
from core.testing import make_person, make_user
from orgs.models import Person

ROOT = Path(settings.BASE_DIR)
ASKED = []


def may_publish(user):
    ASKED.append(user.pk)
    return user.has_role("notice_editor")


class _AppConfigStandIn:
    def ready(self):
        pass


class FakeModule(Module, _AppConfigStandIn):
    """What `class NoticesConfig(Module, AppConfig)` would declare."""

    def __init__(self, label="notices", **declared):
        self.label = self.name = label
        for key, value in declared.items():
            setattr(self, key, value)


NOTICES = FakeModule(
    navigation=[
        NavGroup(
            "通知公告",
            icon="bell",
            key="notices",
            order=35,
            entries=[
                NavEntry("通知公告", "home", "notices"),
                NavEntry("发布通知", "audit_log", "notice_publish", visible=may_publish),
                NavEntry("回执统计", "recycle_bin", "notice_receipts", visible=may_publish),
            ],
        )
    ],
    roles=[Role("notice_editor", "通知编辑", staff=False, order=80), Role("notice_reviewer", "通知审核人", order=75)],
    cockpit_widgets=[
        CockpitWidget("notices.receipts", "通知回执率", build=lambda user, org, today: None, order=20),
        CockpitWidget("notices.unread", "未读通知", build=lambda user, org, today: None, order=10),
    ],
    audit_labels={"notice.publish": "发布通知"},
)


@pytest.fixture
def notices(monkeypatch):
    """The fake module installed beside the real ones."""
    real = modules.modules()
    monkeypatch.setattr(modules, "modules", lambda: [*real, NOTICES])
    ASKED.clear()
    return NOTICES


# ---------------------------------------------------------------- roles


def test_a_module_role_is_granted_like_any_other_without_touching_accounts(world, secadmin, notices, api):
    user = make_user("editor", person=make_person(world.branch_b, "赵敏", seq=9))
    assert ("notice_editor", "通知编辑") in role_choices()
    r = api(secadmin).post(f"accounts/users/{user.pk}/roles", {"role": "notice_editor", "org": world.branch_b.pk})
    assert r.status_code == 201, r.content
    assert r.json()["role"] == "notice_editor" and r.json()["role_label"] == "通知编辑"
    assert str(RoleAssignment.objects.get(user=user)) == "editor · 通知编辑 @ 财政局第一党支部"
    # The role reaches business data of its subtree, but not the people register (it is not staff).
    scope.clear_cache(user)
    assert scope.business_paths(user) == [world.branch_b.path]
    assert scope.staff_paths(user) == []
    assert not Person.objects.visible_to(user).exists()


def test_a_module_takes_over_a_reserved_role_and_its_label(notices):
    # accounts reserves 考核组成员 for 考核评星; the assessments module declares it (not reading the business data
    # of its subtree) and the one declaration replaces the reservation.
    assert ROLE_LABELS["assessor"] == "考核组成员"
    assert [code for code, _label in role_choices()].count("assessor") == 1
    assert [r.reads for r in modules.roles() if r.code == "assessor"] == [False]
    assert ROLE_LABELS["notice_reviewer"] == "通知审核人"


def test_the_separation_of_duties_holds_for_module_roles(world, secadmin, sysadmin, notices):
    with pytest.raises(Conflict, match="三员分立"):
        account_actions.grant_role(sysadmin, by=secadmin, data={"role": "notice_editor", "org": world.branch_a.pk})
    with pytest.raises(Invalid, match="须指定组织范围"):
        account_actions.grant_role(world.users["outsider"], by=secadmin, data={"role": "notice_editor"})
    assert not RoleAssignment.objects.filter(role="notice_editor").exists()


def test_a_role_without_its_module_can_be_neither_granted_nor_used(world, secadmin, api):
    user = make_user("editor", person=make_person(world.branch_b, "赵敏", seq=9))
    r = api(secadmin).post(f"accounts/users/{user.pk}/roles", {"role": "notice_editor", "org": world.branch_b.pk})
    assert r.status_code == 422 and r.json()["errors"]["role"] == ["角色代码无效。"]
    assert not RoleAssignment.objects.filter(user=user).exists()
    # A grant left in the database by a module that was later disabled grants nothing.
    RoleAssignment.objects.create(user=user, role="notice_editor", org=world.branch_b)
    scope.clear_cache(user)
    assert scope.business_paths(user) == [] and scope.staff_paths(user) == []


def test_two_modules_declaring_one_role_is_a_configuration_error(monkeypatch):
    real = modules.modules()
    twin = FakeModule("twin", roles=[Role("org_admin", "另一个党务管理员")])
    monkeypatch.setattr(modules, "modules", lambda: [*real, twin])
    with pytest.raises(ImproperlyConfigured, match="declared twice"):
        modules.roles()
    too_long = FakeModule("long", roles=[Role("a_role_code_longer_than_twenty", "太长")])
    monkeypatch.setattr(modules, "modules", lambda: [*real, too_long])
    with pytest.raises(ImproperlyConfigured, match="longer than 20"):
        modules.roles()


# ---------------------------------------------------------------- navigation and the other registries


def _group_keys(user):
    return [g["key"] for g in build_navigation(user)]


def test_a_module_group_takes_its_place_in_the_sidebar_for_business_users_only(world, notices, sysadmin):
    secretary = world.users["branch_secretary"]
    keys = _group_keys(secretary)
    assert keys.index("records") < keys.index("notices") < keys.index("points")
    ASKED.clear()
    group = next(g for g in build_navigation(secretary) if g["key"] == "notices")
    # Both guarded entries share one predicate: asked once per sidebar, and it refuses her.
    assert [i["key"] for i in group["items"]] == ["notices"]
    assert ASKED == [secretary.pk]
    editor = make_user("editor", roles=[("org_admin", world.branch_a), ("notice_editor", world.branch_a)])
    group = next(g for g in build_navigation(editor) if g["key"] == "notices")
    assert [i["key"] for i in group["items"]] == ["notices", "notice_publish", "notice_receipts"]
    assert "notices" not in _group_keys(sysadmin)


def test_cockpit_widgets_and_audit_labels_come_from_the_modules(notices):
    # The fake module's widgets (the real notices app declares notices.unsigned beside them).
    assert [w.key for w in modules.cockpit_widgets() if w in notices.cockpit_widgets] == [
        "notices.unread",
        "notices.receipts",
    ]
    labels = modules.audit_labels()
    assert labels["notice.publish"] == "发布通知"
    assert labels["record.create"] == "登记活动记录" and labels["role.grant"]


def test_ready_registers_the_declared_todos_home_panels_and_trash_kinds(monkeypatch, world):
    from core import audit, trash

    monkeypatch.setattr(audit, "_LABELS", dict(audit.labels()))
    monkeypatch.setattr(todos, "PROVIDERS", [])
    monkeypatch.setattr(home_panels, "BUILDERS", {})
    monkeypatch.setattr(trash, "KINDS", {})

    def items(user, today):
        return [todos.TodoItem(group="notices", kind="notices.receipt", label="待回执", text="请回执", url="/")]

    def trash_kinds():
        return [
            trash.kind(
                Person, label="人员", name=str, org=lambda p: p.org, can_restore=lambda user, p: False, noun="人员"
            )
        ]

    module = FakeModule(
        todos=Todos(items=items),
        home_panels=[HomePanel("notices.unread", slot="mine", build=lambda user, today: None)],
        trash=trash_kinds,
    )
    module.ready()
    assert todos.inbox(world.users["branch_member"]).counts == {"notices": 1, "total": 1}
    assert list(home_panels.BUILDERS) == ["notices.unread"]
    assert list(trash.KINDS) == ["orgs.person"]
    assert audit.label("orgs.person.restore") == "从回收站恢复人员"


def test_the_installed_modules_declare_what_they_used_to_hard_code():
    by_label = {m.label: m for m in modules.modules()}
    assert set(settings.DOMAIN_APPS) <= set(by_label)
    assert {"accounts", "orgs"} <= set(by_label)
    assert modules.header_search() == "search:results"
    assert [g.key for g in modules.navigation_groups()] == [
        "dashboard",
        "teams",  # orgs' 班组覆盖
        "plans",
        "records",
        "feedback",
        "points",
        "projects",
        "assessments",
        "learning",
        "notices",
    ]
    assert {r.code for r in modules.roles()} == {
        "sysadmin",
        "secadmin",
        "auditor",
        "org_admin",
        "reviewer_l1",
        "reviewer_l2",
        "reviewer_l3",
        "mentor",
        "assessor",
        "member",
    }
    assert [m.label for m, _build in modules.demo_builders()] == [
        "orgs",
        "records",
        "plans",
        "points",
        "feedback",
        "projects",
        "assessments",
        "learning",
        "notices",
        "dashboard",
        "search",
    ]


# ---------------------------------------------------------------- demo order


def _demo(label, *after, last=False):
    return FakeModule(
        label, demo=Demo(build=lambda world: world.setdefault("ran", []).append(label), after=after, last=last)
    )


def test_demo_builders_run_after_what_they_declare_they_need(monkeypatch):
    fakes = [_demo("index", last=True), _demo("c", "b"), _demo("b", "a"), _demo("a")]
    monkeypatch.setattr(modules, "modules", lambda: fakes)
    world = {}
    for _module, build in modules.demo_builders():
        build(world)
    assert world["ran"] == ["a", "b", "c", "index"]


def test_a_missing_demo_dependency_or_a_cycle_is_a_configuration_error(monkeypatch):
    monkeypatch.setattr(modules, "modules", lambda: [_demo("b", "a")])
    with pytest.raises(ImproperlyConfigured, match="needs a"):
        modules.demo_builders()
    monkeypatch.setattr(modules, "modules", lambda: [_demo("a", "b"), _demo("b", "a")])
    with pytest.raises(ImproperlyConfigured, match="cycle"):
        modules.demo_builders()


# ---------------------------------------------------------------- dependency directions


def _contracts():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    return config, {c["name"]: c for c in config["contracts"]}


def test_the_import_contracts_cover_every_domain_module():
    config, contracts = _contracts()
    assert set(config["root_packages"]) >= {"core", "accounts", "orgs", *settings.DOMAIN_APPS}
    for name in ("core imports no domain module", "accounts and orgs import no domain module"):
        assert set(contracts[name]["forbidden_modules"]) == set(settings.DOMAIN_APPS), name


# A module named in code: imported, or named as an app label, a url namespace or a dotted path in a string.
def _naming(app):
    return re.compile(
        rf"^\s*(from|import)\s+{app}\b|[\"']{app}([.:][\w.]+)?[\"']|\b{app}\.(models|actions|views|api|urls|apps)\b"
    )


def test_core_accounts_and_orgs_name_no_domain_module():
    patterns = {app: _naming(app) for app in settings.DOMAIN_APPS}
    found = []
    for top in ("core", "accounts", "orgs"):
        for path in sorted((ROOT / top).rglob("*")):
            rel = path.relative_to(ROOT).as_posix()
            if not path.is_file() or "/tests/" in rel or "/migrations/" in rel or path.suffix not in {".py", ".html"}:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                found += [f"{rel}:{n}: {line.strip()}" for app, p in patterns.items() if p.search(line)]
    assert not found, "\n".join(found)
