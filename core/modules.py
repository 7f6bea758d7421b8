"""The module registry: every app declares on its AppConfig what it adds to the platform; core iterates.

Core, accounts and orgs name no domain module. A module is an app whose AppConfig mixes in `Module`
and declares its contributions as class attributes (dotted paths where the object lives in a module that
imports models, since apps.py is imported before the models are)::

    from django.apps import AppConfig

    from core.modules import CockpitWidget, Demo, HomePanel, Module, NavEntry, NavGroup, Role, Todos


    class DuesConfig(Module, AppConfig):
        name = "dues"
        verbose_name = "党费管理"
        requires = []                                  # modules it cannot work without (its models use theirs)
        urls = "dues.urls"                             # included at the site root
        api = "dues.api.router"                       # added to the one NinjaAPI
        navigation = [NavGroup("党费管理", icon="coin", key="dues", order=60, entries=[
            NavEntry("党费收缴", "dues:payment_list", "dues"),
            NavEntry("党费基数", "dues:base_list", "dues_bases", visible="dues.rules.may_collect"),
        ])]
        roles = [Role("dues_collector", "党费收缴员")]
        todos = Todos(items="dues.todos.items", count="dues.todos.count")
        home_panels = [HomePanel("dues.mine", slot="mine", build="dues.home_panels.mine")]
        cockpit_widgets = [CockpitWidget("dues.paid", "党费按时交纳率", build="dues.cockpit.paid")]
        trash = "dues.trash.kinds"                     # () -> [core.trash.kind(...)]
        audit_labels = "dues.audit_labels.LABELS"      # {action code: Chinese label}
        demo = Demo("dues.demo.build", after=["orgs"])
        contributes = {"<app>.<point>": "dues.<file>.<function>"}   # another module's extension point

What reads the declarations: `dangjian/urls.py` and `dangjian/api.py` (urls, api), the sidebar
(`core.context_processors.build_navigation`: navigation, header_search), the to-do inbox and the home
panels (`Module.ready()` registers todos and home_panels with `core.todos` / `core.home_panels`), the
回收站 (trash, registered with `core.trash` in ready()), the audit page (`core.audit.labels()`: audit_labels),
`manage.py loaddemo` (demo, in dependency order), the role registry (`roles()`: accounts validates grants
against it and shows its labels) and the later 驾驶舱 (`cockpit_widgets()`). `contributes` offers
something to an extension point another module defines and reads with `contributions(point)` (the
full-text index gathers its kinds this way); core does not interpret it. Domain modules are listed in `settings.DOMAIN_APPS` (`DISABLED_APPS` leaves
some out); a module that is not installed contributes nothing.
"""

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.apps import AppConfig, apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

ROLE_CODE_MAX = 20  # accounts.RoleAssignment.role's max_length


def resolve(target):
    """A declared callable or object: dotted paths are imported on first use."""
    return import_string(target) if isinstance(target, str) else target


# ---------------------------------------------------------------- what a module declares


@dataclass(frozen=True)
class NavEntry:
    """One sidebar link. `visible(user) -> bool` (a callable or its dotted path) hides it from users whose
    page would refuse them; entries sharing one predicate ask it once per sidebar."""

    label: str
    url_name: str
    key: str
    visible: Callable[[Any], bool] | str | None = None


@dataclass(frozen=True)
class NavGroup:
    """A sidebar group of a module, shown to users with business rights (never to the 三员), by `order`."""

    label: str
    icon: str
    key: str
    entries: Sequence[NavEntry] = ()
    order: int = 50


@dataclass(frozen=True)
class Role:
    """A role code a module brings: granted per organisation by the security administrator.

    `staff`: the role works with people's data, so it reads the people register of its subtree (a
    reviewer of declarations does not: she sees their subjects on the declarations only). `reserved`: a code the
    API contract lists before the module that owns it exists; that module's own declaration replaces it.
    `reads`: the grant reaches the business data of its organisation's subtree (False: the role reaches only
    what its module gives its holders by name, e.g. a 导师 her assigned projects; it names the pool she is in).
    """

    code: str
    label: str
    staff: bool = True
    order: int = 50
    reserved: bool = False
    reads: bool = True


@dataclass(frozen=True)
class Todos:
    """The module's to-do provider (see core/todos.py); `group` defaults to the app label."""

    items: Callable | str
    count: Callable | str | None = None
    group: str | None = None


@dataclass(frozen=True)
class HomePanel:
    """A home-page panel (see core/home_panels.py): `build(user, today) -> Panel | None`."""

    key: str
    slot: str
    build: Callable | str
    order: int = 50


@dataclass(frozen=True)
class CockpitWidget:
    """A 驾驶舱 widget: `build(user, org, today) -> dict | None` over the subtree of `org`.

    `org` is the subtree root (an Organisation the cockpit has already checked the user administers); the
    year shown is `today.year` (for a past year the cockpit passes its 31 December). It returns
    ``{"key", "title", "value", "unit", "status": "red"|"amber"|"green"|None, "note"?, "items": [...]}``
    where `value` is a number and each item (a drill-down row, usually one per branch) is
    ``{"org": {"id", "name"}, "label", "value", "status", "url"}`` with `url` leading to the branch's missing
    or late thing; None when there is nothing for this user and org. Cost: a constant number of queries
    whatever the subtree's size (aggregate over its path prefix), never one query per branch."""

    key: str
    title: str
    build: Callable | str
    template: str = ""
    order: int = 50


@dataclass(frozen=True)
class Demo:
    """The module's demo builder `build(world)` and the modules whose demo data it needs first.

    `last`: runs after every builder that is not itself last (an index rebuilt over what all the others
    made)."""

    build: Callable | str
    after: Sequence[str] = field(default_factory=tuple)
    last: bool = False


if TYPE_CHECKING:  # the mixin is only ever mixed into an AppConfig: type-check it as one
    _AppConfigBase = AppConfig
else:
    _AppConfigBase = object


class Module(_AppConfigBase):
    """Mix into an app's AppConfig (`class PlansConfig(Module, AppConfig)`) to declare its contributions.

    An app overriding ready() calls super().ready() first.
    """

    requires: Sequence[str] = ()  # modules this one cannot work without (its models point at theirs)
    urls: str | None = None
    url_prefix: str = ""
    api: str | None = None
    navigation: Sequence[NavGroup] = ()
    header_search: str | None = None  # url name of the page the header's query box submits to
    roles: Sequence[Role] = ()
    todos: Todos | None = None
    home_panels: Sequence[HomePanel] = ()
    cockpit_widgets: Sequence[CockpitWidget] = ()
    trash: str | Callable | None = None
    audit_labels: str | dict | None = None
    demo: Demo | None = None
    contributes: dict = {}

    def ready(self):
        super().ready()
        from . import home_panels, todos
        from . import trash as recycle_bin

        if self.todos is not None:
            t = self.todos
            todos.register(t.group or self.label, items=resolve(t.items), count=resolve(t.count) if t.count else None)
        for panel in self.home_panels:
            home_panels.register(panel.key, slot=panel.slot, order=panel.order, build=resolve(panel.build))
        if self.trash is not None:
            for kind in resolve(self.trash)():
                recycle_bin.add(kind)


# ---------------------------------------------------------------- reading the registry


def modules() -> list[Module]:
    """Every installed app that declares itself a module, in INSTALLED_APPS order."""
    return [config for config in apps.get_app_configs() if isinstance(config, Module)]


def navigation_groups() -> list[NavGroup]:
    return sorted((g for m in modules() for g in m.navigation), key=lambda g: g.order)


def header_search():
    """The url name of the site-wide query page, if a module offers one."""
    return next((m.header_search for m in modules() if m.header_search), None)


def roles() -> list[Role]:
    """Every registered role, in display order; a reserved code gives way to the module that owns it."""
    return list(_roles(tuple(modules())).values())


def role(code) -> Role | None:
    return _roles(tuple(modules())).get(code)


@functools.lru_cache(maxsize=16)
def _roles(mods):
    table: dict[str, Role] = {}
    for m in mods:
        for role in m.roles:
            if len(role.code) > ROLE_CODE_MAX:
                raise ImproperlyConfigured(f"Role code {role.code!r} of {m.label} is longer than {ROLE_CODE_MAX}.")
            held = table.get(role.code)
            if held is None or (held.reserved and not role.reserved):
                table[role.code] = role
            elif not role.reserved:
                raise ImproperlyConfigured(f"Role code {role.code!r} is declared twice (again by {m.label}).")
    return {r.code: r for r in sorted(table.values(), key=lambda r: (r.order, r.code))}


def cockpit_widgets() -> list[CockpitWidget]:
    return sorted((w for m in modules() for w in m.cockpit_widgets), key=lambda w: (w.order, w.key))


def audit_labels() -> dict:
    """{action code: Chinese label} declared by every module."""
    out = {}
    for m in modules():
        if m.audit_labels:
            out.update(resolve(m.audit_labels))
    return out


def contributions(point) -> list[tuple[Module, Any]]:
    """What modules offer to the extension point `point` ("<app>.<point>"), resolved."""
    return [(m, resolve(m.contributes[point])) for m in modules() if point in m.contributes]


def demo_builders() -> list[tuple[Module, Callable]]:
    """(module, build) for every module with a demo, each after the modules it declares it needs.

    Ties keep INSTALLED_APPS order; builders marked `last` run after the others. A dependency that is not
    installed, or a cycle, is a configuration error.
    """
    demos: dict[Module, Demo] = {m: m.demo for m in modules() if m.demo is not None}
    labels = {m.label for m in demos}
    for m, demo in demos.items():
        missing = [d for d in demo.after if d not in labels]
        if missing:
            raise ImproperlyConfigured(f"The demo of {m.label} needs {', '.join(missing)}, which is not installed.")
    ordered: list[Module] = []
    for group in ([m for m, d in demos.items() if not d.last], [m for m, d in demos.items() if d.last]):
        ordered += _topological(group, demos, done={m.label for m in ordered})
    return [(m, resolve(demos[m].build)) for m in ordered]


def _topological(pending: Iterable[Module], demos: dict[Module, Demo], done: Iterable[str]) -> list[Module]:
    pending, out, done = list(pending), [], set(done)
    while pending:
        ready = next((m for m in pending if set(demos[m].after) <= done), None)
        if ready is None:
            names = ", ".join(m.label for m in pending)
            raise ImproperlyConfigured(f"The demo dependencies of {names} form a cycle.")
        pending.remove(ready)
        out.append(ready)
        done.add(ready.label)
    return out
