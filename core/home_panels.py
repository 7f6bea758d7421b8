"""Panels of the home page contributed by the modules; core names none of them.

Two slots: ``mine`` — the user's own things (我的事项, 我的积分 …) for anyone linked to a person —
and ``overview`` — what an administrator looks after. A module declares its panels on its AppConfig
(see core/modules.py)::

    home_panels = [HomePanel("<app>.<panel>", slot="mine", order=30, build="<app>.home_panels.<function>")]

and `Module.ready()` registers each here. ``build(user, today)`` returns a ``Panel`` (or None when it has
nothing for this user); the panel's template is included with ``panel`` in its context. 我的积分 and 我的学时
are ``mine`` panels of this kind; the home page needs no change for a new one.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

SLOTS = ("mine", "overview")


@dataclass
class Panel:
    title: str
    template: str  # included with ``panel`` in the context
    url: str = ""  # where the whole story is (我的积分 → its own page)
    url_label: str = "查看全部"
    data: dict = field(default_factory=dict)


@dataclass
class Builder:
    key: str
    slot: str
    order: int
    build: Callable


BUILDERS: dict[str, Builder] = {}


def register(key, *, slot, build, order=50):
    if slot not in SLOTS:
        raise ValueError(f"unknown home panel slot {slot!r}")
    BUILDERS[key] = Builder(key=key, slot=slot, order=order, build=build)


def panels(slot, user, today):
    """The slot's panels for the user, in order; builders returning None are left out."""
    out = []
    for b in sorted((b for b in BUILDERS.values() if b.slot == slot), key=lambda b: (b.order, b.key)):
        panel = b.build(user, today)
        if panel is not None:
            out.append(panel)
    return out
