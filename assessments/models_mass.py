"""群众满意度测评 and 双评 群众评议 (DOMAIN §5, issue 12 items 5 and 9): anonymous surveys with one-time codes.

A committee runs a survey (MassSurvey) of organisations (满意度测评 of a round's targets; 星级党支部群众评议) or of
members (明星党员群众评议). It issues one-time codes (MassCode) printed as QR slips; whoever holds a slip rates
each subject once at /m/<code>. A vote (MassVote) keeps no link to its code, to an account, to its fellow votes
of the same ballot or to a moment: its key is random, it carries only the day it was cast, and the code keeps
only the day it was used — so neither the rows nor their order tie a ballot to a slip (README design notes).
Results are shown only in aggregate per subject, and not at all below MIN_VOTES votes.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.models import OrgScopedQuerySet, TimeStampedModel
from core.workflow import WorkflowState

# A subject's results stay hidden below this many votes: fewer could let the organiser guess who voted what.
MIN_VOTES = 5


class MassKind(models.TextChoices):
    SATISFACTION = "satisfaction", "群众满意度测评"
    STAR_ORG = "star_org", "星级党支部群众评议"
    STAR_MEMBER = "star_member", "明星党员群众评议"


class MassState(WorkflowState):
    DRAFT = "draft", "secondary", "草稿"
    OPEN = "open", "success", "测评中"
    CLOSED = "closed", "dark", "已结束"


class MassRating(models.TextChoices):
    """满意度测评 rates 满意/基本满意/不满意; 双评 (群众评议) rates 好/较好/一般/差."""

    SATISFIED = "satisfied", "满意"
    BASIC = "basic", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"
    GOOD = "good", "好"
    FAIR = "fair", "较好"
    AVERAGE = "average", "一般"
    POOR = "poor", "差"


# The ratings of each kind, best first, and those counted in its rate (满意率 / 好评率).
RATINGS = {
    MassKind.SATISFACTION: (MassRating.SATISFIED, MassRating.BASIC, MassRating.DISSATISFIED),
    MassKind.STAR_ORG: (MassRating.GOOD, MassRating.FAIR, MassRating.AVERAGE, MassRating.POOR),
    MassKind.STAR_MEMBER: (MassRating.GOOD, MassRating.FAIR, MassRating.AVERAGE, MassRating.POOR),
}
POSITIVE = {
    MassKind.SATISFACTION: (MassRating.SATISFIED, MassRating.BASIC),
    MassKind.STAR_ORG: (MassRating.GOOD, MassRating.FAIR),
    MassKind.STAR_MEMBER: (MassRating.GOOD, MassRating.FAIR),
}
RATE_LABEL = {
    MassKind.SATISFACTION: "满意率（满意+基本满意）",
    MassKind.STAR_ORG: "好评率（好+较好）",
    MassKind.STAR_MEMBER: "好评率（好+较好）",
}


class MassSurveyQuerySet(OrgScopedQuerySet):
    """Read by the committee that runs the survey (and the bodies above it)."""

    org_path_lookup = "org__path"


class MassSurvey(TimeStampedModel):
    """群众测评: a committee's anonymous survey of organisations or members, voted with one-time codes."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="组织测评的党委", on_delete=models.PROTECT, related_name="mass_surveys"
    )
    kind = models.CharField("测评类型", max_length=12, choices=MassKind.choices)
    round = models.ForeignKey(
        "assessments.Round",
        verbose_name="考核轮次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mass_surveys",
    )
    title = models.CharField("名称", max_length=100)
    intro = models.TextField("测评说明", blank=True)
    opens = models.DateField("开始日期")
    closes = models.DateField("截止日期")
    state = models.CharField("状态", max_length=8, choices=MassState.choices, default=MassState.DRAFT)
    # The day it was closed: the 满意度 measure counts the surveys closed within an assessment period.
    closed_on = models.DateField("结束日期", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = MassSurveyQuerySet.as_manager()

    class Meta:
        verbose_name = "群众测评"
        verbose_name_plural = "群众测评"
        ordering = ["-opens", "-id"]

    def __str__(self):
        return self.title

    @property
    def ratings(self):
        return RATINGS[MassKind(self.kind)]

    @property
    def positive(self):
        return POSITIVE[MassKind(self.kind)]

    @property
    def rate_label(self):
        return RATE_LABEL[MassKind(self.kind)]

    @property
    def of_people(self):
        return self.kind == MassKind.STAR_MEMBER


class MassSubjectQuerySet(OrgScopedQuerySet):
    org_path_lookup = "survey__org__path"


class MassSubject(models.Model):
    """测评对象: an organisation or a member rated in a survey."""

    survey = models.ForeignKey(MassSurvey, verbose_name="群众测评", on_delete=models.CASCADE, related_name="subjects")
    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="党组织", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    person = models.ForeignKey(
        "orgs.Person", verbose_name="党员", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField("顺序", default=0)

    objects = MassSubjectQuerySet.as_manager()

    class Meta:
        verbose_name = "测评对象"
        verbose_name_plural = "测评对象"
        ordering = ["survey_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(org__isnull=False, person__isnull=True) | Q(org__isnull=True, person__isnull=False)),
                name="mass_subject_org_or_person",
            ),
            models.UniqueConstraint(fields=["survey", "org"], name="one_mass_subject_per_org"),
            models.UniqueConstraint(fields=["survey", "person"], name="one_mass_subject_per_person"),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self):
        return self.person.name if self.person_id else self.org.name

    @property
    def note(self):
        """A member is shown with her branch, so two namesakes can be told apart."""
        return self.person.org.name if self.person_id else ""


class MassCodeQuerySet(OrgScopedQuerySet):
    org_path_lookup = "survey__org__path"


class MassCode(models.Model):
    """测评码: one slip's one-time code; used once, and then only the day of its use is kept."""

    survey = models.ForeignKey(MassSurvey, verbose_name="群众测评", on_delete=models.CASCADE, related_name="codes")
    code = models.CharField("测评码", max_length=12, unique=True)
    batch = models.PositiveIntegerField("批次")
    slip_no = models.PositiveIntegerField("票号")
    used_on = models.DateField("使用日期", null=True, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    objects = MassCodeQuerySet.as_manager()

    class Meta:
        verbose_name = "测评码"
        verbose_name_plural = "测评码"
        ordering = ["survey_id", "slip_no"]
        constraints = [models.UniqueConstraint(fields=["survey", "slip_no"], name="one_mass_code_per_slip")]

    def __str__(self):
        return f"{self.survey} 第{self.slip_no}号"


class MassVoteQuerySet(OrgScopedQuerySet):
    org_path_lookup = "survey__org__path"


class MassVote(models.Model):
    """测评票: one rating of one subject — no code, no account, no ballot, no time of day (anonymity)."""

    # A random key: an increasing id would order the votes like the codes' use and so re-link them.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(MassSurvey, verbose_name="群众测评", on_delete=models.CASCADE, related_name="votes")
    subject = models.ForeignKey(MassSubject, verbose_name="测评对象", on_delete=models.CASCADE, related_name="votes")
    rating = models.CharField("评价", max_length=12, choices=MassRating.choices)
    comment = models.CharField("意见建议", max_length=500, blank=True)
    created_on = models.DateField("测评日期")

    objects = MassVoteQuerySet.as_manager()

    class Meta:
        verbose_name = "测评票"
        verbose_name_plural = "测评票"
        indexes = [models.Index(fields=["subject", "rating"], name="mass_vote_subject_rating")]

    def __str__(self):
        return f"{self.subject}：{self.get_rating_display()}"


class MassAttempt(models.Model):
    """An entry at the public page, kept only for the abuse limits (core/ratelimit.py): a keyed hash of the
    client's address and the time — never the code, never the survey, never the ratings."""

    MISS, BALLOT = "miss", "ballot"

    kind = models.CharField("类型", max_length=8)
    client_key = models.CharField("客户端标识", max_length=64, db_index=True)
    created_at = models.DateTimeField("时间", db_index=True)

    class Meta:
        verbose_name = "测评访问"
        verbose_name_plural = "测评访问"

    def __str__(self):
        return f"{self.kind} {self.created_at:%Y-%m-%d %H:%M}"
