"""公示: publish a frozen result for an objection period in working days, answer objections, then announce.

One mechanism for every result the platform makes public before it is final — points rankings (points/publicity.py),
assessment results, recognitions. A module gives it:

- a publicity model on `PublicityFields` (the title, state and dates) owning what it freezes (a snapshot, a round);
- an objection model on `ObjectionFields` with a `publicity` foreign key (`related_name="objections"`);
- three verbs: who manages the publicity (publish, announce), who answers objections, who may raise one;
- how to find the owning organisation (`org_of`) and what to lock with the row (`lock_related`);
- optionally what else happens, in the same transaction, when it is published or announced (`on_publish`,
  `on_announce`: `(publicity, ctx)`, e.g. the results become final or the awards are recorded).

`Publicity(...)` declares the two workflows (`<code>.publish`, `<code>.announce`; `<objection code>.answer`) and
offers the actions: `publish`, `announce`, `answer_objection`, `raise_objection`, `objection_refusal`,
`announce_blocker`. The clock is a callable so a module's tests can move it.
"""

from collections.abc import Callable, Sequence
from typing import Any

from django import forms
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from . import audit, dates
from .dates import add_workdays
from .errors import Conflict, Forbidden, NotFound
from .forms import StyledFormMixin, validate
from .verbs import why_not
from .workflow import Transition, Workflow, WorkflowState

DEFAULT_OBJECTION_DAYS = 5


class PublicityState(WorkflowState):
    FROZEN = "frozen", "secondary", "已冻结待公示"
    PUBLISHED = "published", "warning", "公示中"
    ANNOUNCED = "announced", "success", "已公布"


class ObjectionState(WorkflowState):
    """Not stored: an objection waits for its answer, is answered, or is closed once the result is announced."""

    OPEN = "open", "warning", "待答复"
    ANSWERED = "answered", "success", "已答复"
    CLOSED = "closed", "secondary", "已公布"


PUBLICITY_STATE_LABELS = dict(PublicityState.choices)


class PublicityFields(models.Model):
    """The part of a publicity every kind shares: its title, state, period and who froze it."""

    title = models.CharField("标题", max_length=200)
    state = models.CharField("状态", max_length=20, choices=PublicityState.choices, default="frozen")
    objection_days = models.PositiveSmallIntegerField("公示期（工作日）", default=DEFAULT_OBJECTION_DAYS)
    published_on = models.DateField("公示开始", null=True, blank=True)
    objection_deadline = models.DateField("公示截止", null=True, blank=True)
    announced_on = models.DateField("公布日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        return PUBLICITY_STATE_LABELS.get(self.state, self.state)


class ObjectionFields(models.Model):
    """公示异议: raised during the period by someone the result concerns, answered by the publicity's owner."""

    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="提出人", on_delete=models.PROTECT, related_name="+"
    )
    content = models.TextField("异议内容")
    raised_at = models.DateTimeField("提出时间", auto_now_add=True)
    answer = models.TextField("答复", blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="答复人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.content[:30]


class ObjectionForm(StyledFormMixin, forms.Form):
    content = forms.CharField(label="异议内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_content(self):
        text = self.cleaned_data["content"].strip()
        if not text:
            raise forms.ValidationError("请填写异议内容。")
        return text


class AnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(label="答复", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_answer(self):
        text = self.cleaned_data["answer"].strip()
        if not text:
            raise forms.ValidationError("请填写答复内容。")
        return text


def announce_blocker(pub, *, unanswered, today):
    """Why `announce` would refuse now (None when it would not); pages show it beside a disabled button."""
    if pub.state != PublicityState.PUBLISHED:
        return "只有公示期满的结果才能公布。" if pub.state == PublicityState.FROZEN else "该结果已公布。"
    if today <= pub.objection_deadline:
        d = pub.objection_deadline
        year = f"{d.year}年" if d.year != today.year else ""
        return f"公示期至{year}{d.month}月{d.day}日结束，期满后可正式公布。"
    if unanswered:
        return "还有未答复的异议，答复后才能公布。"
    return None


_MECHANISMS: list["Publicity"] = []


def mechanisms():
    """Every declared publicity (core/tests/test_audit_labels.py checks the codes they write have labels)."""
    return list(_MECHANISMS)


class Publicity:
    """The publicity and objection workflows of one kind of result, and its actions."""

    def __init__(
        self,
        code: str,
        *,
        model: type[models.Model],
        objection_model: type[models.Model],
        objection_code: str,
        manage_verb: str,
        answer_verb: str,
        raise_verb: str,
        org_of: Callable[[Any], Any],
        lock_related: Sequence[str] = (),
        today: Callable[[], Any] = dates.today,
        on_publish: Callable[[Any, Any], Any] | None = None,
        on_announce: Callable[[Any, Any], Any] | None = None,
        audit_fields: Sequence[str] = ("state", "published_on", "objection_deadline", "announced_on"),
    ):
        self.model, self.objection_model = model, objection_model
        self.raise_verb, self.org_of, self.today = raise_verb, org_of, today
        self.lock_related = tuple(lock_related)
        self.objection_code = objection_code
        self.on_publish, self.on_announce = on_publish, on_announce
        self.workflow = Workflow(
            code,
            model=model,
            states=PublicityState,
            transitions=[
                Transition(
                    "publish",
                    "发布公示",
                    [PublicityState.FROZEN],
                    PublicityState.PUBLISHED,
                    manage_verb,
                    effect=self._on_publish,
                    conflict=lambda pub: f"该公示当前为“{pub.state_label}”，不能再次发布。",
                ),
                Transition(
                    "announce",
                    "正式公布",
                    [PublicityState.PUBLISHED],
                    PublicityState.ANNOUNCED,
                    manage_verb,
                    effect=self._on_announce,
                    applies=lambda pub: self._announce_blocker(pub) is None,
                    conflict=self._announce_blocker,
                    style="success",
                ),
            ],
            lock_related=self.lock_related,
            audit_fields=tuple(audit_fields),
        )
        related = tuple(f"publicity__{r}" for r in self.lock_related)
        self.objection_workflow = Workflow(
            objection_code,
            model=objection_model,
            states=ObjectionState,
            field=None,
            state_of=self.objection_state,
            transitions=[
                Transition(
                    "answer",
                    "答复",
                    [ObjectionState.OPEN, ObjectionState.ANSWERED],
                    None,
                    answer_verb,
                    AnswerForm,
                    self._on_answer,
                    conflict="结果已公布，不能再答复。",
                ),
            ],
            visible=lambda o, user: model.objects.visible_to(user).filter(pk=o.publicity_id).exists(),  # type: ignore[attr-defined]
            lock_related=related,
            audit_org=lambda o: org_of(o.publicity),
            audit_fields=("answer",),  # redacted to its length in the log
        )
        _MECHANISMS.append(self)

    @property
    def raise_code(self):
        return f"{self.objection_code}.raise"

    # ------------------------------------------------------------ transitions

    def _on_publish(self, pub, ctx):
        pub.published_on = self.today()
        pub.objection_deadline = add_workdays(pub.published_on, pub.objection_days)
        if self.on_publish is not None:
            self.on_publish(pub, ctx)

    def _on_announce(self, pub, ctx):
        pub.announced_on = self.today()
        if self.on_announce is not None:  # e.g. the results become final, the awards are recorded
            self.on_announce(pub, ctx)

    def _announce_blocker(self, pub):
        unanswered = pub.objections.filter(answered_at__isnull=True).exists()
        return announce_blocker(pub, unanswered=unanswered, today=self.today())

    def announce_blocker(self, pub, *, unanswered=None):
        if unanswered is None:
            return self._announce_blocker(pub)
        return announce_blocker(pub, unanswered=unanswered, today=self.today())

    @staticmethod
    def objection_state(objection):
        if objection.publicity.state == PublicityState.ANNOUNCED:
            return ObjectionState.CLOSED
        return ObjectionState.ANSWERED if objection.answered_at else ObjectionState.OPEN

    @staticmethod
    def _on_answer(objection, ctx):
        objection.answer, objection.answered_by, objection.answered_at = ctx.data["answer"], ctx.by, timezone.now()

    # ------------------------------------------------------------ actions

    def _current(self, obj):
        """The row as stored now (a caller's copy may be older than the last transition)."""
        if isinstance(obj, self.objection_model):
            model, related = self.objection_model, [f"publicity__{r}" for r in self.lock_related] or ["publicity"]
        else:
            model, related = self.model, list(self.lock_related)
        found = model.objects.select_related(*related).filter(pk=obj.pk).first()  # type: ignore[attr-defined]
        if found is None:
            raise NotFound()
        return found

    def publish(self, pub, *, by):
        """frozen → published: the objection period of `objection_days` working days starts today."""
        return self.workflow.run(self._current(pub), "publish", by=by)

    def announce(self, pub, *, by):
        """published → announced, once the period is over and every objection is answered."""
        return self.workflow.run(self._current(pub), "announce", by=by)

    def answer_objection(self, objection, *, by, data):
        """Answer (or correct the answer to) an objection while the result is not yet announced."""
        return self.objection_workflow.run(self._current(objection), "answer", by=by, data=data)

    def objection_refusal(self, pub, user):
        """Why `raise_objection` would refuse now (403, then 409), or None: the page offers the form only then."""
        reason = why_not(self.raise_verb, user, pub)
        if reason is not None:
            return Forbidden(reason)
        if pub.state != PublicityState.PUBLISHED:
            return Conflict("只能在公示期内提出异议。")
        if self.today() > pub.objection_deadline:
            return Conflict(f"公示期已于{pub.objection_deadline:%Y年%m月%d日}结束，不能再提出异议。")
        return None

    def raise_objection(self, pub, *, by, data):
        content = validate(ObjectionForm(data))["content"]
        with transaction.atomic():
            pub = (
                self.model.objects.select_for_update(of=("self",))  # type: ignore[attr-defined]
                .select_related(*self.lock_related)
                .get(pk=pub.pk)
            )
            error = self.objection_refusal(pub, by)
            if error is not None:
                raise error
            obj = self.objection_model.objects.create(publicity=pub, raised_by=by, content=content)  # type: ignore[attr-defined]
            audit.record(
                f"{self.objection_code}.raise", by=by, obj=obj, org=self.org_of(pub), after={"content": content}
            )
        return obj

    def available(self, pub, user):
        return self.workflow.available(pub, user)

    # ------------------------------------------------------------ pages

    def objections_shown(self, pub, user, *, reads_all):
        """The objections of a publicity as its page lists them: each knows its publicity (no query per row),
        whether the user reads its text and who raised it (`text_visible`: the objector, and those who read all
        of them), and the answers the user may give (`actions`)."""
        rows = list(pub.objections.select_related("raised_by__person"))
        for o in rows:
            o.publicity = pub
            o.text_visible = reads_all or o.raised_by_id == user.pk
            o.actions = self.objection_workflow.available(o, user)
        return rows

    def announce_reason(self, pub, user):
        """Why 正式公布 is not offered yet to someone who may announce once the period is over and every objection
        is answered — the refusal `announce` itself would give — or None (nothing to explain, or not hers)."""
        if pub.state != PublicityState.PUBLISHED:
            return None
        announce = self.workflow.transition("announce")
        if not user.has_perm(announce.verb, pub):
            return None
        refusal = self.workflow.refusal(pub, announce.name, user)
        return refusal.detail if isinstance(refusal, Conflict) else None

    def visible_objection(self, pk, user):
        """An objection to a publicity the user reads, with its publicity; one outside her scope is missing (404)."""
        related = [f"publicity__{r}" for r in self.lock_related] or ["publicity"]
        found = (
            self.objection_model.objects.filter(pk=pk, publicity__in=self.model.objects.visible_to(user))  # type: ignore[attr-defined]
            .select_related(*related)
            .first()
        )
        if found is None:
            raise NotFound()
        return found
