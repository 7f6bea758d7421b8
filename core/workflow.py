"""Declared workflows: states, transitions, who may do them, and one way to run them.

A module declares a workflow next to its model, never a hand-written state machine:

    class State(WorkflowState):
        DRAFT = "draft", "草稿", "secondary"
        SUBMITTED = "submitted", "待审核", "warning"

    DECLARATION = Workflow(
        "<app>.declaration",
        model=Declaration,
        states=State,
        transitions=[
            Transition("submit", "提交", source=[State.DRAFT], target=State.SUBMITTED,
                       verb="<app>.submit_declaration"),
            ...
        ],
    )

Three entry points, and nothing else decides what may happen to an object:

* `available(obj, user)` — the transitions the user may run now: pages, templates (`{% transitions %}`) and
  the API's `actions` field show exactly these.
* `check(obj, name, user)` — raises NotFound (outside the user's scope, or no such transition), Conflict
  (409, wrong state) or Forbidden (403, with the rule's Chinese reason); writes nothing.
* `run(obj, name, by=, data=)` — checks, validates the transition's form, opens a transaction, locks the row,
  checks again (a concurrent run that got there first now answers 409), snapshots, applies the effect and
  the new state, saves, writes the audit event `<app>.<model>.<transition>` and, after commit, sends
  `transitioned`.

Why not django-fsm-2: its transitions are model methods that mutate the instance in memory; the caller must
lock, re-check, save, audit and distinguish 404/409/403 around every call — exactly the code that drifted
between pages and actions here. What we need is data a page can ask (`available`) and one `run` that does the
rest, so the little state machinery we need is kept here (see README design notes).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.db import models, transaction
from django.dispatch import Signal

from . import audit, verbs
from .errors import Conflict, Forbidden, NotFound
from .forms import validate

# Sent after the transaction commits: sender=the model, workflow, obj, transition, source, target, by.
transitioned = Signal()


class WorkflowState(models.TextChoices):
    """TextChoices whose members also carry a badge colour (Bootstrap's): `DRAFT = "draft", "secondary", "草稿"`.

    Django takes the last item as the label; the rest is the value and the colour."""

    badge: str

    def __new__(cls, value, badge="secondary"):
        obj = str.__new__(cls, value)
        obj._value_ = value
        obj.badge = badge
        return obj


def _badges(states) -> dict[str, str]:
    return {s.value: getattr(s, "badge", "secondary") for s in states}


@dataclass
class Context:
    """What a transition's target and effect receive."""

    by: Any
    data: dict
    source: str
    before: dict
    # Extra fields for the audit event's `after` (e.g. the ledger entry a final approval posted).
    audit: dict = field(default_factory=dict)
    # The transition log's comment, if the workflow keeps one.
    comment: str = ""


@dataclass(frozen=True)
class Transition:
    name: str
    label: str  # the Chinese verb on the button: 提交, 通过, 退回修改
    source: Sequence[str] | None  # None: from any state
    target: str | Callable[[Any, Context], str] | None = None  # None: the effect sets what it needs
    verb: str | None = None  # core.verbs name; None means anyone who can see the object
    form: type[forms.Form] | None = None
    effect: Callable[[Any, Context], Any] | None = None
    # Extra condition on the object (not the user) that makes the transition not applicable, e.g. "already done".
    applies: Callable[[Any], bool] | None = None
    conflict: str | Callable[[Any], str] | None = None  # 409 message; default names the current state
    # A condition of the object relative to the user that is not a permission, e.g. "you already claimed
    # this item": (obj, user) -> the 409 message, or None. Asked after the verb (someone who may not do it
    # at all hears that first), like the state it is asked by available(), check() and run().
    blocked: Callable[[Any, Any], str | None] | None = None
    # Keyword arguments the form is built with for obj, e.g. the plan whose people may be chosen.
    form_kwargs: Callable[[Any], dict] | None = None
    style: str = "primary"  # button style: primary, outline-secondary, danger …
    confirm: str = ""  # when set, the page asks this question before running (static/js/confirm.js)


@dataclass(eq=False)
class Workflow:
    """A model's states and transitions. `key` is `<app>.<model>`; audit codes are `<key>.<transition>`."""

    key: str
    model: type[models.Model]
    transitions: Sequence[Transition]
    states: type[models.TextChoices] | None = None
    field: str | None = "state"  # None: the state is derived (`state_of`) and effects change the row
    state_of: Callable[[Any], str] | None = None
    state_label_of: Callable[[Any], str] | None = None
    lock_related: Sequence[str] = ()
    # (obj, user) -> bool: whether the user sees the object at all; default `model.objects.visible_to(user)`.
    visible: Callable[[Any, Any], bool] | None = None
    log: Callable[[Any, Context, Transition, str], Any] | None = None  # writes a transition-log row
    audit_org: Callable[[Any], Any] | None = None
    # The fields the audit event's before/after keep (None: every concrete field). A model carrying bulky data
    # (a frozen ranking snapshot) names the few fields its transitions change.
    audit_fields: Sequence[str] | None = None
    # False: the effects write what they change and the object's row is only locked, not saved (saving a
    # row nothing changed in would still fire its post_save receivers, e.g. a search re-index).
    saves: bool = True

    def __post_init__(self):
        self._by_name = {t.name: t for t in self.transitions}
        if len(self._by_name) != len(self.transitions):
            raise ValueError(f"{self.key}: duplicate transition names")
        _REGISTRY[self.key] = self

    # ---- reading ------------------------------------------------------------------------------

    def state(self, obj) -> str:
        if self.state_of is not None:
            return self.state_of(obj)
        if self.field is None:
            raise ImproperlyConfigured(f"{self.key}: a workflow without a state field needs state_of")
        return getattr(obj, self.field)

    def state_label(self, obj) -> str:
        if self.state_label_of is not None:
            return self.state_label_of(obj)
        value = self.state(obj)
        if self.states is not None:
            try:
                return str(self.states(value).label)
            except ValueError:
                pass
        return str(value)

    def badge(self, value) -> str:
        return _badges(self.states).get(value, "secondary") if self.states is not None else "secondary"

    def transition(self, name: str) -> Transition:
        try:
            return self._by_name[name]
        except KeyError:
            raise NotFound("没有这项操作。") from None

    def _wrong_state(self, obj, t: Transition) -> str | None:
        if t.source is not None and self.state(obj) not in t.source:
            pass
        elif t.applies is not None and not t.applies(obj):
            pass
        else:
            return None
        if callable(t.conflict):
            return t.conflict(obj)
        return t.conflict or f"当前为“{self.state_label(obj)}”，不能{t.label}。"

    def _is_visible(self, obj, user) -> bool:
        if self.visible is not None:
            return self.visible(obj, user)
        manager = type(obj)._default_manager
        if hasattr(manager, "visible_to"):
            return manager.visible_to(user).filter(pk=obj.pk).exists()
        return True

    def _refusal(self, obj, t: Transition, user):
        """The error `run` would raise for reasons of state or permission (not of data), or None."""
        message = self._wrong_state(obj, t)
        if message is not None:
            return Conflict(message)
        if t.verb is not None:
            reason = verbs.why_not(t.verb, user, obj)
            if reason is not None:
                return Forbidden(reason)
        if t.blocked is not None:
            message = t.blocked(obj, user)
            if message:
                return Conflict(message)
        return None

    def refusal(self, obj, name: str, user):
        """The Conflict or Forbidden `run` would raise now for reasons of state or permission, or None; a page
        shows a disabled button with this reason (the caller has already fetched obj in scope)."""
        return self._refusal(obj, self.transition(name), user)

    def available(self, obj, user) -> list[Transition]:
        """The transitions `user` may run on `obj` now (the caller has already fetched obj in scope)."""
        return [t for t in self.transitions if self._refusal(obj, t, user) is None]

    def check(self, obj, name: str, user) -> Transition:
        t = self.transition(name)
        if not self._is_visible(obj, user):
            raise NotFound()
        error = self._refusal(obj, t, user)
        if error is not None:
            raise error
        return t

    # ---- writing ------------------------------------------------------------------------------

    def lock(self, obj):
        qs = type(obj)._base_manager.select_for_update()
        if self.lock_related:
            # select_for_update with select_related would lock the related rows too (and fail on nullable
            # joins on PostgreSQL): lock only this table.
            qs = qs.select_related(*self.lock_related).select_for_update(of=("self",))
        found = qs.filter(pk=obj.pk).first()
        if found is None:
            raise NotFound()
        return found

    def run(self, obj, name: str, *, by, data=None, **context):
        try:
            t = self.check(obj, name, by)
        except (Conflict, Forbidden):
            # The caller's copy may be stale (another page load ran a transition since): refuse only what
            # the stored row refuses. The row is checked once more under its lock below.
            fresh = type(obj)._base_manager.filter(pk=obj.pk).first()
            if fresh is None:
                raise NotFound() from None
            t, obj = self.check(fresh, name, by), fresh
        cleaned = validate(self.form(obj, t, data or {})) if t.form is not None else {}
        with transaction.atomic():
            obj = self.lock(obj)
            error = self._refusal(obj, t, by)
            if error is not None:
                raise error
            source = self.state(obj)
            before = audit.snapshot(obj, self.audit_fields)
            ctx = Context(by=by, data={**context, **cleaned}, source=source, before=before)
            ctx.comment = (cleaned.get("comment") or cleaned.get("reason") or "").strip()
            if t.effect is not None:
                t.effect(obj, ctx)
            target = t.target(obj, ctx) if callable(t.target) else t.target
            if target is not None and self.field is not None:
                setattr(obj, self.field, target)
            if self.saves:
                obj.save()
            new = self.state(obj)
            if self.log is not None:
                self.log(obj, ctx, t, new)
            audit.record(
                self.audit_code(t),
                by=by,
                obj=obj,
                org=self.audit_org(obj) if self.audit_org else None,
                before=before,
                after={**audit.snapshot(obj, self.audit_fields), **ctx.audit},
            )
            transaction.on_commit(
                lambda: transitioned.send(
                    sender=type(obj), workflow=self, obj=obj, transition=t, source=source, target=new, by=by
                )
            )
        return obj

    def form(self, obj, t: Transition | str, data=None) -> forms.Form:
        """The transition's form for obj, bound to data (unbound without): pages render the one run() checks."""
        t = self.transition(t) if isinstance(t, str) else t
        if t.form is None:
            raise LookupError(f"{self.key}.{t.name} has no form")
        return t.form(data, **(t.form_kwargs(obj) if t.form_kwargs else {}))

    def audit_code(self, t: Transition) -> str:
        return f"{self.key}.{t.name}"

    def audit_labels(self, noun: str) -> dict[str, str]:
        """`{code: "<verb><noun>"}` for the audit page's label registry, e.g. 通过积分申报."""
        return {self.audit_code(t): f"{t.label}{noun}" for t in self.transitions}


_REGISTRY: dict[str, Workflow] = {}


def workflows() -> Iterable[Workflow]:
    return list(_REGISTRY.values())


def for_model(model) -> list[Workflow]:
    return [w for w in _REGISTRY.values() if w.model is model or isinstance(model, w.model)]


# ---- approval chains -----------------------------------------------------------------------------


_CHAINS: dict[str, ApprovalChain] = {}


def chain(key: str) -> ApprovalChain | None:
    """The approval chain of the workflow `key` (its verb prefix), if it has one: a listener of `transitioned`
    (e.g. the reminders) asks which level now waits and whose role reviews it, without naming the module."""
    return _CHAINS.get(key)


@dataclass(frozen=True)
class Level:
    number: int
    state: str  # the state that waits for this level
    role: str  # the role whose holders (over the object's organisation) review at this level
    label: str  # 一级审核（科长）


@dataclass
class ApprovalChain:
    """Levels of review, each by a holder of its role over the object's organisation; the same person never at
    two levels, never the declarant or the subject; approve moves up (the last level approves), return and
    reject stop it with a reason.

    `org_of(obj)` names the organisation whose subtree the reviewer's role must cover; `people_of(obj)` the
    user and person ids that may not review (declarant, subject); `reviewed_levels(obj, user)` the levels the
    user already reviewed. `transitions()` yields approve/return/reject for a Workflow.
    """

    prefix: str  # verb prefix, e.g. "<app>.declaration": verbs "<prefix>.review"
    levels: Sequence[Level]
    approved: str
    returned: str
    rejected: str
    org_of: Callable[[Any], Any]
    is_party: Callable[[Any, Any], bool]  # (obj, user) -> the user is the declarant or the subject
    reviewed_levels: Callable[[Any, Any], set[int]]
    holds_role: Callable[[Any, str, Any], bool]  # (user, role, org) -> bool
    form: type[forms.Form] | None = None
    return_form: type[forms.Form] | None = None
    on_approved: Callable[[Any, Context], Any] | None = None
    on_review: Callable[[Any, Context, int, str], Any] | None = None  # writes the review row
    party_message: str = "不能审核本人申报或本人的相关事项。"
    distinct_message: str = "各级审核须由不同的审核人完成，您已在其他级别审核过。"
    holds_message: Callable[[Level], str] = lambda level: f"您不是{level.label}的审核人。"

    def __post_init__(self):
        _CHAINS[self.prefix] = self

    def level_of(self, state) -> Level | None:
        return next((lv for lv in self.levels if lv.state == state), None)

    @property
    def pending_states(self) -> list[str]:
        return [lv.state for lv in self.levels]

    def register_verb(self, state_of: Callable[[Any], str]):
        def not_party(user, obj):
            return not self.is_party(obj, user)

        def holds_level(user, obj):
            level = self.level_of(state_of(obj))
            return level is not None and self.holds_role(user, level.role, self.org_of(obj))

        def distinct(user, obj):
            level = self.level_of(state_of(obj))
            return level is None or not (self.reviewed_levels(obj, user) - {level.number})

        def holds_message(user, obj):
            level = self.level_of(state_of(obj))
            return self.holds_message(level) if level else "您不是该级别的审核人。"

        self._state_of = state_of
        return verbs.verb(
            f"{self.prefix}.review",
            (not_party, self.party_message),
            (holds_level, holds_message),
            (distinct, self.distinct_message),
        )

    def _level(self, state) -> Level:
        """The level waiting in `state` (the transitions run only from pending states)."""
        level = self.level_of(state)
        if level is None:
            raise Conflict("当前不在审核中。")
        return level

    def _next_state(self, obj, ctx):
        level = self._level(ctx.source)
        following = [lv for lv in self.levels if lv.number > level.number]
        return following[0].state if following else self.approved

    def _effect(self, decision):
        def effect(obj, ctx):
            level = self._level(ctx.source)
            ctx.audit["level"] = level.number
            if self.on_review is not None:
                self.on_review(obj, ctx, level.number, decision)
            if decision == "approve" and self._next_state(obj, ctx) == self.approved and self.on_approved:
                self.on_approved(obj, ctx)

        return effect

    def transitions(self, *, labels=None) -> list[Transition]:
        labels = {"approve": "通过", "return": "退回修改", "reject": "不予通过", **(labels or {})}
        verb = f"{self.prefix}.review"
        pending = self.pending_states
        return [
            Transition(
                "approve", labels["approve"], pending, self._next_state, verb, self.form, self._effect("approve")
            ),
            Transition(
                "return",
                labels["return"],
                pending,
                self.returned,
                verb,
                self.return_form or self.form,
                self._effect("return"),
                style="outline-secondary",
            ),
            Transition(
                "reject",
                labels["reject"],
                pending,
                self.rejected,
                verb,
                self.return_form or self.form,
                self._effect("reject"),
                style="outline-danger",
            ),
        ]


# ---- the entry points, by object -----------------------------------------------------------------


def of(obj) -> Workflow:
    """The workflow of obj's model (one per model)."""
    found = for_model(type(obj))
    if len(found) != 1:
        raise LookupError(f"{type(obj).__name__} has {len(found)} workflows")
    return found[0]


def available(obj, user) -> list[Transition]:
    return of(obj).available(obj, user)


def available_names(obj, user) -> list[str]:
    """The API's `actions` field."""
    return [t.name for t in available(obj, user)]


def check(obj, name: str, user) -> Transition:
    return of(obj).check(obj, name, user)


def run(obj, name: str, *, by, data=None, **context):
    return of(obj).run(obj, name, by=by, data=data, **context)
