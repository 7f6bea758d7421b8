"""One rule per verb: a permission that knows why it refuses.

A verb (`<app>.review_declaration`, `<app>.confirm_claim` …) is a conjunction of checks, each a
django-rules predicate `(user, obj) -> bool` with the Chinese sentence to show when it fails. The verb is
registered with django-rules, so templates ask `{% has_perm "<app>.review_declaration" user decl %}` and
code asks `user.has_perm(...)` — the same rule the action enforces with `require_verb`, which raises
`Forbidden` carrying the first failing check's message.

    verb(
        "<app>.review_declaration",
        (holds_level_role, "您不是该申报当前级别的审核人。"),
        (~is_declarant, "不能审核本人申报或本人的积分。"),
    )
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import rules

from .errors import Forbidden

DEFAULT_MESSAGE = "您无权执行此操作。"


@dataclass(frozen=True)
class Verb:
    name: str
    checks: tuple[tuple[rules.Predicate, str | Callable[[Any, Any], str]], ...]

    def why_not(self, user, obj=None) -> str | None:
        """The message of the first check that fails, or None when the user may."""
        if user is None or not user.is_authenticated:
            return DEFAULT_MESSAGE
        for predicate, message in self.checks:
            if not predicate.test(user, obj):
                return message(user, obj) if callable(message) else message
        return None

    def allows(self, user, obj=None) -> bool:
        return self.why_not(user, obj) is None


_VERBS: dict[str, Verb] = {}


def _as_predicate(check: Callable | rules.Predicate) -> rules.Predicate:
    return check if isinstance(check, rules.Predicate) else rules.predicate(check)


def verb(name: str, *checks: tuple[Callable | rules.Predicate, str | Callable[[Any, Any], str]]) -> Verb:
    """Declare (or redeclare, for reloads in tests) a verb and register it as a django-rules permission."""
    if not checks:
        raise ValueError(f"verb {name} needs at least one check")
    v = Verb(name, tuple((_as_predicate(p), msg) for p, msg in checks))
    _VERBS[name] = v
    rules.set_perm(name, rules.predicate(lambda user, obj=None: v.allows(user, obj), name=name))
    return v


def get(name: str) -> Verb:
    try:
        return _VERBS[name]
    except KeyError:
        raise LookupError(f"unknown verb {name!r}: declare it with core.verbs.verb()") from None


def names() -> Iterable[str]:
    return sorted(_VERBS)


def why_not(name: str, user, obj=None) -> str | None:
    return get(name).why_not(user, obj)


def require_verb(user, name: str, obj=None, message: str | None = None) -> None:
    """Raise Forbidden with the failing check's message (or `message`) unless the user may."""
    reason = why_not(name, user, obj)
    if reason is not None:
        raise Forbidden(message or reason)
