"""七彩心桥 (意见建议) and 问题清单 (亮短板).

A feedback item is addressed to an organisation (`org`) and handled by one (`handler`: the same, until it is
passed on — 转办 — to another organisation of the committee's subtree that must act). Its current step's
working-day limit is stored as `due_on` (受理, then 办结), so overdue items are one indexed filter. The phone
number is kept encrypted (the handling organisation calls back) with its masked form for display; the client
address only as a keyed hash (the rate limit counts by it).

A problem belongs to the organisation that raised it; a 共性问题 may be raised to the committee above
(`raised_to`), whose subtree then sees and claims it. Organisations claim problems (对号认领); a project
addressing a problem will name it (the projects app's M2M `Project.problems`, reverse name `projects`), and the
project's acceptance closes it (actions.close_problem).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts import scope
from core import crypto
from core.audit import mask_phone
from core.models import OrgScopedQuerySet, TimeStampedModel, path_q
from orgs.models import Organisation

from .choices import (
    ANSWERED_STATES,
    DEFAULT_ACCEPT_DAYS,
    DEFAULT_ANSWER_DAYS,
    OPEN_STATES,
    RATINGS,
    SOURCES,
    FeedbackState,
    ProblemState,
)


def ancestor_paths(paths):
    """Every proper prefix (ancestor) path of the given materialised paths."""
    step = Organisation.steplen
    return sorted({p[:i] for p in paths for i in range(step, len(p), step)})


class FeedbackSettings(TimeStampedModel):
    """A committee's working-day limits for the steps of its subtree's feedback (the nearest setting wins)."""

    org = models.OneToOneField(
        Organisation, verbose_name="党组织", on_delete=models.CASCADE, related_name="feedback_settings"
    )
    accept_days = models.PositiveSmallIntegerField("受理时限（工作日）", default=DEFAULT_ACCEPT_DAYS)
    answer_days = models.PositiveSmallIntegerField("办结时限（工作日）", default=DEFAULT_ANSWER_DAYS)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "意见建议办理时限"
        verbose_name_plural = "意见建议办理时限"

    def __str__(self):
        return f"{self.org.name}：受理{self.accept_days}个工作日，办结{self.answer_days}个工作日"


class FeedbackQuerySet(OrgScopedQuerySet):
    """Read by the 党务管理员 of the organisation it was addressed to or of the one handling it (and above);
    members and the public read the answered ones on the reply board, without personal data."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        paths = scope.admin_paths(user)
        return self.filter(path_q("org__path", paths) | path_q("handler__path", paths))

    def administered_by(self, user):
        return self.visible_to(user)

    def scope_paths(self, user):
        """What the search index reaches (its rows carry the handling organisation): the administered subtrees."""
        if user is None or not user.is_authenticated or not user.is_active:
            return []
        return scope.admin_paths(user)

    def handled_by(self, user):
        """Items whose handling organisation the user administers (the ones she must act on)."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(path_q("handler__path", scope.admin_paths(user)))

    def open(self):
        return self.filter(state__in=OPEN_STATES)

    def overdue(self, today):
        return self.open().filter(due_on__lt=today)

    def on_board(self):
        """The public reply board: answered items the answerer agreed to publish."""
        return self.filter(state__in=ANSWERED_STATES, public=True).exclude(answer="")


class Feedback(TimeStampedModel):
    """意见建议: a suggestion or demand left for an organisation, followed and rated by its writer's code."""

    org = models.ForeignKey(
        Organisation, verbose_name="收件组织", on_delete=models.PROTECT, related_name="feedback_items"
    )
    handler = models.ForeignKey(
        Organisation, verbose_name="承办组织", on_delete=models.PROTECT, related_name="feedback_handled"
    )
    content = models.TextField("内容")
    contact_name = models.CharField("联系人", max_length=30, blank=True)
    phone_encrypted = models.TextField("联系电话（加密）", blank=True)
    phone_masked = models.CharField("联系电话", max_length=20, blank=True)
    code = models.CharField("查询码", max_length=32, unique=True)
    client_key = models.CharField(max_length=64, db_index=True, editable=False)
    state = models.CharField("状态", max_length=20, choices=FeedbackState.choices, default=FeedbackState.SUBMITTED)
    due_on = models.DateField("本环节期限", null=True, blank=True)
    accepted_at = models.DateTimeField("受理时间", null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    forwarded_at = models.DateTimeField("转办时间", null=True, blank=True)
    forward_note = models.CharField("转办说明", max_length=200, blank=True)
    answer = models.TextField("答复", blank=True)
    public = models.BooleanField("在答复公示栏公开", default=True)
    answered_at = models.DateTimeField("办结时间", null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rating = models.PositiveSmallIntegerField("评价", null=True, blank=True, choices=RATINGS)
    rating_comment = models.CharField("评价意见", max_length=500, blank=True)
    rated_at = models.DateTimeField("评价时间", null=True, blank=True)
    closed_at = models.DateTimeField("关闭时间", null=True, blank=True)
    close_reason = models.CharField("关闭原因", max_length=200, blank=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "意见建议"
        verbose_name_plural = "意见建议"
        indexes = [models.Index(fields=["state", "due_on"])]

    def __str__(self):
        text = self.content.replace("\n", " ")
        return text[:30] + ("…" if len(text) > 30 else "")

    def set_phone(self, value):
        value = (value or "").strip()
        self.phone_encrypted = crypto.encrypt(value)
        self.phone_masked = mask_phone(value)

    def get_phone(self):
        return crypto.decrypt(self.phone_encrypted)

    def is_overdue(self, today):
        return self.state in OPEN_STATES and self.due_on is not None and self.due_on < today

    @property
    def audit_org(self):
        return self.handler

    @property
    def title(self):
        return str(self)


class ProblemQuerySet(OrgScopedQuerySet):
    """A problem is read in the subtree of the organisation that raised it, by the organisations below the one
    whose list it is on (a committee's list is claimed from below: 对号认领), and by those that claimed it."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        paths = scope.business_paths(user)
        above = ancestor_paths(paths)
        q = path_q("org__path", paths) | path_q("raised_to__path", paths) | path_q("claims__org__path", paths)
        q |= Q(org__path__in=above) | Q(raised_to__path__in=above)
        ids = self.model._base_manager.filter(q).values("pk")
        return self.filter(pk__in=ids)

    def scope_paths(self, user):
        """What the search index reaches (its rows carry the list a problem is on, `Problem.home`): the lists of
        the user's subtrees, and those of the organisations above them exactly ("=" + path, see
        search/registry.py `exactly`), which their subtrees read and claim from."""
        if user is None or not user.is_authenticated or not user.is_active:
            return []
        paths = scope.business_paths(user)
        return [*paths, *("=" + p for p in ancestor_paths(paths))]


class Problem(TimeStampedModel):
    """问题清单的一条: a problem or demand, where it was found, who claimed it, and whether it is resolved."""

    org = models.ForeignKey(Organisation, verbose_name="提出组织", on_delete=models.PROTECT, related_name="problems")
    title = models.CharField("问题", max_length=200)
    description = models.TextField("具体情况", blank=True)
    source = models.CharField("来源", max_length=20, choices=SOURCES)
    found_on = models.DateField("发现日期", null=True, blank=True)
    feedback = models.OneToOneField(
        Feedback, verbose_name="来源意见建议", null=True, blank=True, on_delete=models.SET_NULL, related_name="problem"
    )
    shared = models.BooleanField("共性问题", default=False)
    raised_to = models.ForeignKey(
        Organisation,
        verbose_name="提交上级",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="raised_problems",
    )
    state = models.CharField("状态", max_length=20, choices=ProblemState.choices, default=ProblemState.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    close_reason = models.CharField("销号说明", max_length=200, blank=True)

    objects = ProblemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "问题清单"
        verbose_name_plural = "问题清单"

    def __str__(self):
        return self.title

    @property
    def home(self):
        """The organisation whose list the problem is on: the committee it was raised to, else its own."""
        return self.raised_to or self.org


class ProblemClaim(models.Model):
    """对号认领: an organisation takes a problem on (a 共性问题 may be claimed by several)."""

    problem = models.ForeignKey(Problem, on_delete=models.CASCADE, related_name="claims")
    org = models.ForeignKey(
        Organisation, verbose_name="认领组织", on_delete=models.PROTECT, related_name="problem_claims"
    )
    note = models.CharField("认领说明", max_length=200, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    claimed_at = models.DateTimeField("认领时间", auto_now_add=True)

    objects = OrgScopedQuerySet.as_manager()

    class Meta:
        ordering = ["claimed_at", "id"]
        verbose_name = "问题认领"
        verbose_name_plural = "问题认领"
        constraints = [models.UniqueConstraint(fields=["problem", "org"], name="feedback_claim_once_per_org")]

    def __str__(self):
        return f"{self.org.name}认领“{self.problem.title}”"
