"""项目化管理: committee settings, categories, the catalogue (项目参考目录库), projects (立项表) and their log.

Execution (tasks, Gantt), supervision, budget lines, surveys, acceptance and awards hang off `Project` later;
the assessment mechanism is already structured (`Criterion`) so acceptance can score it.
"""

from django.db import models
from django.db.models import Q

from core.models import OrgScopedQuerySet, StoredFile, TimeStampedModel, TransitionLog, path_q, reach_q
from core.workflow import WorkflowState

from .choices import MAX_BUDGET, CategoryKind, ProjectState, Tier

COMMITTEE_KINDS = ("committee", "working_committee")


class SettingsQuerySet(OrgScopedQuerySet):
    org_path_lookup = "committee__path"


class ProjectSettings(TimeStampedModel):
    """One committee's rules for its projects: which tiers are approved or only filed, approval levels, threshold."""

    committee = models.OneToOneField(
        "orgs.Organisation", verbose_name="党委（工委）", on_delete=models.CASCADE, related_name="project_settings"
    )
    approval_tiers = models.JSONField("须审批立项的层级", default=list, blank=True)
    approval_levels = models.PositiveSmallIntegerField("审批级数", default=1)
    satisfaction_threshold = models.DecimalField("群众满意率门槛（%）", max_digits=5, decimal_places=2, default=80)

    objects = SettingsQuerySet.as_manager()

    class Meta:
        verbose_name = "项目化管理设置"
        verbose_name_plural = "项目化管理设置"

    def __str__(self):
        return f"{self.committee.name}项目化管理设置"

    def needs_approval(self, tier):
        return tier in (self.approval_tiers or [])


DEFAULT_APPROVAL_TIERS = [Tier.KEY.value, Tier.GENERAL.value]


_reach_q = reach_q  # a committee's settings, categories and catalogue are read below it (and above it)


def ancestor_paths_of(path):
    from orgs.models import Organisation

    step = Organisation.steplen
    return [path[:n] for n in range(step, len(path) + 1, step)]


class CategoryQuerySet(OrgScopedQuerySet):
    org_path_lookup = "committee__path"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(_reach_q("committee__path", user))

    def for_org(self, org):
        """The categories of the committees at or above `org` (a branch uses its committee's set)."""
        return self.filter(committee__path__in=ancestor_paths(org))


def ancestor_paths(org):
    """The org's own path and every ancestor's (a materialised path's prefixes)."""
    step = type(org).steplen
    return [org.path[:n] for n in range(step, len(org.path) + 1, step)]


class Category(models.Model):
    committee = models.ForeignKey(
        "orgs.Organisation", verbose_name="党委（工委）", on_delete=models.CASCADE, related_name="project_categories"
    )
    name = models.CharField("类别", max_length=30)
    kind = models.CharField("性质", max_length=12, choices=CategoryKind.choices, default=CategoryKind.STANDARD)
    description = models.CharField("说明", max_length=200, blank=True)
    position = models.PositiveSmallIntegerField("排序", default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = "项目类别"
        verbose_name_plural = "项目类别"
        ordering = ["committee__path", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="one_category_name_per_committee")]

    def __str__(self):
        return self.name

    @property
    def funding_eligible(self):
        return self.kind == CategoryKind.PILOT

    @property
    def runs_as_research(self):
        return self.kind == CategoryKind.RESEARCH


class EntryQuerySet(OrgScopedQuerySet):
    org_path_lookup = "category__committee__path"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(_reach_q("category__committee__path", user))

    def for_org(self, org):
        return self.filter(category__committee__path__in=ancestor_paths(org))


class CatalogueEntry(TimeStampedModel):
    """项目参考目录库: a project idea of a category, with the content and measures a project copies."""

    category = models.ForeignKey(Category, verbose_name="类别", on_delete=models.PROTECT, related_name="entries")
    title = models.CharField("参考项目", max_length=100)
    tier = models.CharField("建议层级", max_length=10, choices=Tier.choices, default=Tier.GENERAL)
    content = models.TextField("建议内容")
    measures = models.TextField("建议措施")

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "参考目录条目"
        verbose_name_plural = "项目参考目录库"
        ordering = ["category__position", "category_id", "title", "id"]

    def __str__(self):
        return self.title


class ProjectQuerySet(OrgScopedQuerySet):
    """Org-owned: the business scope of the owning organisation, and a mentor's assigned projects by name."""

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        from accounts.scope import business_paths, is_system_user

        if is_system_user(user):
            return self.none()
        q = path_q("org__path", business_paths(user))
        if user.person_id:
            q |= Q(pk__in=Project.mentors.through.objects.filter(person_id=user.person_id).values("project_id"))
            q |= Q(pk__in=Scorer.objects.filter(person_id=user.person_id).values("project_id"))  # public: the panel
            q |= Q(
                pk__in=Project.supervision_groups.through.objects.filter(
                    supervisiongroup__leader_id=user.person_id
                ).values("project_id")
            )  # superv: the supervising leader
        return self.filter(q)


class Project(TimeStampedModel):
    """立项表 / 计划书: 做什么、为什么做、谁来做、怎么做、何时做、做到什么程度, with 五个明确 and "1+5"."""

    org = models.ForeignKey(
        "orgs.Organisation", verbose_name="党组织", on_delete=models.PROTECT, related_name="projects"
    )
    category = models.ForeignKey(
        Category, verbose_name="类别", null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    entry = models.ForeignKey(
        CatalogueEntry,
        verbose_name="参考目录条目",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
    )
    tier = models.CharField("层级", max_length=10, choices=Tier.choices, default=Tier.GENERAL)
    title = models.CharField("项目名称", max_length=100)
    slogan = models.CharField("口号", max_length=100, blank=True)
    brand = models.CharField("品牌名称", max_length=50, blank=True)
    # 为什么做: the problem (一类难题) the project breaks; links to problem-list entries come with feedback.Problem.
    problem = models.TextField("破解的难题（为什么做）", blank=True)
    content = models.TextField("项目内容（做什么）", blank=True)
    measures = models.TextField("工作措施（怎么做）", blank=True)
    progress_plan = models.TextField("进度计划（何时做）", blank=True)
    quality_standard = models.TextField("质量标准", blank=True)
    expected_goal = models.TextField("预期目标（做到什么程度）", blank=True)
    owner = models.ForeignKey(
        "orgs.Person", verbose_name="责任人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    liaison_leader = models.ForeignKey(
        "orgs.Person", verbose_name="包联领导", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    team = models.ManyToManyField("orgs.Person", verbose_name="工作队伍", blank=True, related_name="project_teams")
    mentors = models.ManyToManyField("orgs.Person", verbose_name="导师", blank=True, related_name="mentored_projects")
    problems = models.ManyToManyField(
        "feedback.Problem", verbose_name="破解的问题清单", blank=True, related_name="projects"
    )
    budget = models.DecimalField("项目经费（元）", max_digits=10, decimal_places=2, null=True, blank=True)
    start = models.DateField("开始日期", null=True, blank=True)
    end = models.DateField("完成时限", null=True, blank=True)
    state = models.CharField("状态", max_length=20, choices=ProjectState.choices, default=ProjectState.DRAFT)
    last_comment = models.TextField("最近意见", blank=True)
    submitted_at = models.DateTimeField("申报时间", null=True, blank=True)
    approved_at = models.DateTimeField("立项时间", null=True, blank=True)
    filed = models.BooleanField("备案立项", default=False)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="创建人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = "党建项目"
        verbose_name_plural = "党建项目"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(start__isnull=True) | Q(end__gte=models.F("start")),
                name="project_end_not_before_start",
            ),
            models.CheckConstraint(
                condition=Q(budget__isnull=True) | (Q(budget__gte=0) & Q(budget__lte=MAX_BUDGET)),
                name="project_budget_bounded",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def state_label(self):
        return ProjectState(self.state).label

    @property
    def state_badge(self):
        return ProjectState(self.state).badge


class Criterion(models.Model):
    """One criterion of the project's assessment mechanism (考核机制); the weights add up to 100."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="criteria")
    name = models.CharField("考核指标", max_length=100)
    weight = models.PositiveSmallIntegerField("权重")
    position = models.PositiveSmallIntegerField("排序", default=0)

    class Meta:
        verbose_name = "考核指标"
        verbose_name_plural = "考核指标"
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.name}（{self.weight}%）"


class ProjectLog(TransitionLog):
    """Who moved the project, when and why (申报、审批、退回、立项、结题、验收)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="log")
    level = models.PositiveSmallIntegerField("审批级别", default=0)

    class Meta(TransitionLog.Meta):
        verbose_name = "项目流转记录"
        verbose_name_plural = "项目流转记录"


# ---- budget: funding sources, expense lines with receipts, and the links to records and point declarations ----


class FundingSource(models.TextChoices):
    """Where a project's money comes from (seed 001: only 试点类 projects can receive 创新资助)."""

    OWN = "own", "自有经费"
    INNOVATION = "innovation", "创新资助"


class Funding(TimeStampedModel):
    """One funding line of a project: an amount from a source (自有经费 / 创新资助)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField("经费来源", max_length=12, choices=FundingSource.choices, default=FundingSource.OWN)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    note = models.CharField("说明", max_length=200, blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "项目经费来源"
        verbose_name_plural = "项目经费来源"
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_BUDGET), name="project_funding_amount_bounded"
            ),
        ]

    def __str__(self):
        return f"{self.get_source_display()} {self.amount}元"


class Expense(TimeStampedModel):
    """One expense line (经费支出) of a project, charged to a funding source, with its receipts."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="expenses")
    date = models.DateField("支出日期")
    item = models.CharField("支出事项", max_length=100)
    source = models.CharField("经费来源", max_length=12, choices=FundingSource.choices, default=FundingSource.OWN)
    amount = models.DecimalField("金额（元）", max_digits=10, decimal_places=2)
    note = models.CharField("备注", max_length=200, blank=True)
    overspend_confirmed = models.BooleanField("确认超支登记", default=False)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "项目经费支出"
        verbose_name_plural = "项目经费支出"
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount__lte=MAX_BUDGET), name="project_expense_amount_bounded"
            ),
        ]

    def __str__(self):
        return f"{self.item} {self.amount}元"


class ExpenseReceipt(StoredFile):
    """A receipt (票据/凭证) of an expense line: an image or a PDF checked by its content."""

    expense = models.ForeignKey(Expense, verbose_name="支出", on_delete=models.CASCADE, related_name="receipts")
    file = models.FileField("文件", upload_to="projects/receipts/%Y/%m/", max_length=300)

    class Meta:
        verbose_name = "支出凭证"
        verbose_name_plural = "支出凭证"
        ordering = ["uploaded_at", "id"]


class ProjectRecord(models.Model):
    """A record (活动记录) of the project's organisation that belongs to the project (shown on its page)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="record_links")
    record = models.ForeignKey(
        "records.Record", verbose_name="活动记录", on_delete=models.CASCADE, related_name="project_links"
    )
    linked_by = models.ForeignKey(
        "accounts.User", verbose_name="关联人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_at = models.DateTimeField("关联时间", auto_now_add=True)

    class Meta:
        verbose_name = "项目活动记录"
        verbose_name_plural = "项目活动记录"
        ordering = ["-record__date", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "record"], name="one_link_per_project_record")]

    def __str__(self):
        return f"{self.project_id}→{self.record_id}"


class ProjectCitation(models.Model):
    """A point declaration (积分申报) that cites the project as evidence (佐证)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="citations")
    declaration = models.ForeignKey(
        "points.Declaration", verbose_name="积分申报", on_delete=models.CASCADE, related_name="project_citations"
    )
    cited_by = models.ForeignKey(
        "accounts.User", verbose_name="引用人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cited_at = models.DateTimeField("引用时间", auto_now_add=True)

    class Meta:
        verbose_name = "积分申报引用项目"
        verbose_name_plural = "积分申报引用项目"
        ordering = ["-cited_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["project", "declaration"], name="one_citation_per_project_declaration")
        ]

    def __str__(self):
        return f"{self.declaration_id}→{self.project_id}"


# ---- exec: tasks (work breakdown, dependencies, baseline) and monthly progress reports ----

MAX_LAG_DAYS = 365
MAX_TASKS = 300  # per project: a Gantt chart of a 党建项目 stays readable (and the network cheap to check)


class ProjectChildQuerySet(OrgScopedQuerySet):
    """Objects of a project: visible exactly when the project is (mentors included)."""

    org_path_lookup = "project__org__path"

    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user))


class Task(TimeStampedModel):
    """A task of the project's work breakdown (甘特图 row): dates inclusive, a milestone lasts no time.

    baseline_start/baseline_end are the dates frozen when the project was approved (立项); a task added
    later has none."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self", verbose_name="上级任务", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    title = models.CharField("任务名称", max_length=100)
    owner = models.ForeignKey(
        "orgs.Person", verbose_name="负责人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    start = models.DateField("开始日期")
    end = models.DateField("结束日期")
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    milestone = models.BooleanField("里程碑", default=False)
    position = models.PositiveIntegerField("排序", default=0)
    baseline_start = models.DateField("基线开始日期", null=True, blank=True)
    baseline_end = models.DateField("基线结束日期", null=True, blank=True)

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = "项目任务"
        verbose_name_plural = "项目任务"
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="task_end_not_before_start"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="task_progress_at_most_100"),
            models.CheckConstraint(
                condition=Q(baseline_start__isnull=True, baseline_end__isnull=True)
                | Q(baseline_start__isnull=False, baseline_end__isnull=False),
                name="task_baseline_complete",
            ),
        ]

    def __str__(self):
        return self.title


class TaskDependency(models.Model):
    """Finish-to-start: `task` may start when `predecessor` has finished plus `lag` days."""

    task = models.ForeignKey(Task, verbose_name="任务", on_delete=models.CASCADE, related_name="dependencies")
    predecessor = models.ForeignKey(Task, verbose_name="前置任务", on_delete=models.CASCADE, related_name="successors")
    lag = models.PositiveSmallIntegerField("间隔天数", default=0)

    class Meta:
        verbose_name = "任务依赖"
        verbose_name_plural = "任务依赖"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "predecessor"], name="one_dependency_per_pair"),
            models.CheckConstraint(condition=~Q(task=models.F("predecessor")), name="dependency_not_on_itself"),
            models.CheckConstraint(condition=Q(lag__lte=MAX_LAG_DAYS), name="dependency_lag_bounded"),
        ]

    def __str__(self):
        return f"{self.predecessor_id} → {self.task_id}"


class ProgressReport(TimeStampedModel):
    """进度报告: one per project and month — what was done, the problems met, next month's plan, photos."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="reports")
    month = models.DateField("报告月份")  # the first day of the month
    summary = models.TextField("本月工作进展")
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下月工作计划", blank=True)
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="填报人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectChildQuerySet.as_manager()

    class Meta:
        verbose_name = "项目进度报告"
        verbose_name_plural = "项目进度报告"
        ordering = ["-month", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "month"], name="one_progress_report_per_month")]

    def __str__(self):
        return f"{self.project.title} {self.month.year}年{self.month.month}月进度报告"


class ReportPhotoQuerySet(OrgScopedQuerySet):
    org_path_lookup = "report__project__org__path"

    def visible_to(self, user):
        return self.filter(report__project__in=Project.objects.visible_to(user))


class ReportPhoto(StoredFile):
    """A photo of a progress report (images only, checked by content: core.uploads)."""

    report = models.ForeignKey(ProgressReport, verbose_name="进度报告", on_delete=models.CASCADE, related_name="photos")
    file = models.FileField("文件", upload_to="projects/reports/%Y/%m/", max_length=300)

    objects = ReportPhotoQuerySet.as_manager()

    class Meta:
        verbose_name = "进度报告照片"
        verbose_name_plural = "进度报告照片"
        ordering = ["id"]


# ---- superv: supervision (台账式督查) and mentors (导师帮带) ----

from .choices_superv import GroupKind, InspectionKind, InspectionState, MentorKind, RectificationState  # noqa: E402


class CommitteeScopedQuerySet(OrgScopedQuerySet):
    """Owned by a committee: read by whoever reads the committee's subtree (its admins, not its branches)."""

    org_path_lookup = "committee__path"


class SupervisionGroup(TimeStampedModel):
    """分片督导 / 联系指导: a supervising leader for a group of the committee's projects."""

    committee = models.ForeignKey(
        "orgs.Organisation", verbose_name="党委（工委）", on_delete=models.CASCADE, related_name="supervision_groups"
    )
    name = models.CharField("督导组", max_length=50)
    kind = models.CharField("方式", max_length=10, choices=GroupKind.choices)
    leader = models.ForeignKey(
        "orgs.Person", verbose_name="督导领导", on_delete=models.PROTECT, related_name="supervised_groups"
    )
    projects = models.ManyToManyField(Project, verbose_name="督导项目", blank=True, related_name="supervision_groups")

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "督导组"
        verbose_name_plural = "督导组"
        ordering = ["committee__path", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "name"], name="one_group_name_per_committee")]

    def __str__(self):
        return self.name


class InspectionSample(TimeStampedModel):
    """随机抽查: a reproducible draw (seed + the population it was drawn from) of in-progress projects."""

    committee = models.ForeignKey(
        "orgs.Organisation", verbose_name="党委（工委）", on_delete=models.CASCADE, related_name="inspection_samples"
    )
    seed = models.BigIntegerField("随机种子")
    size = models.PositiveSmallIntegerField("抽取数量")
    population = models.JSONField("抽取范围（项目编号）", default=list)
    drawn = models.JSONField("抽中项目（项目编号）", default=list)
    drawn_by = models.ForeignKey(
        "accounts.User", verbose_name="抽取人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "随机抽查"
        verbose_name_plural = "随机抽查"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"随机抽查（种子{self.seed}）"


class InspectionQuerySet(OrgScopedQuerySet):
    """Visible exactly when its project is."""

    org_path_lookup = "project__org__path"

    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


class Inspection(TimeStampedModel):
    """One check of a project (电话调度 / 定期检查 / 随机抽查 / 分片督导): when, by whom, what was found."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="inspections")
    kind = models.CharField("督查方式", max_length=10, choices=InspectionKind.choices)
    state = models.CharField("状态", max_length=10, default="done", choices=InspectionState.choices)
    date = models.DateField("检查日期", null=True, blank=True)
    inspector = models.ForeignKey(
        "orgs.Person", verbose_name="检查人", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    summary = models.TextField("检查情况", blank=True)
    sample = models.ForeignKey(
        InspectionSample,
        verbose_name="随机抽查批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="inspections",
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = InspectionQuerySet.as_manager()

    class Meta:
        verbose_name = "督查记录"
        verbose_name_plural = "督查台账"
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()}：{self.project.title}"


class FindingQuerySet(OrgScopedQuerySet):
    org_path_lookup = "inspection__project__org__path"

    def visible_to(self, user):
        return self.filter(inspection__project__in=Project.objects.visible_to(user).values("pk"))


class Finding(TimeStampedModel):
    """A finding of an inspection; one that demands rectification (整改) is tracked to closure (销号)."""

    inspection = models.ForeignKey(
        Inspection, verbose_name="督查记录", on_delete=models.CASCADE, related_name="findings"
    )
    text = models.TextField("发现问题")
    state = models.CharField("整改状态", max_length=10, default="none", choices=RectificationState.choices)
    deadline = models.DateField("整改时限", null=True, blank=True)
    report = models.TextField("整改情况", blank=True)
    reported_at = models.DateTimeField("报告时间", null=True, blank=True)
    closed_at = models.DateTimeField("销号时间", null=True, blank=True)
    last_comment = models.TextField("最近意见", blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = "督查发现问题"
        verbose_name_plural = "督查发现问题"
        ordering = ["inspection_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state="none") | Q(deadline__isnull=False), name="rectification_has_deadline"
            )
        ]

    def __str__(self):
        return self.text[:30]


class FindingLog(TransitionLog):
    """Who reported, closed or sent back a rectification, when and why."""

    finding = models.ForeignKey(Finding, verbose_name="发现问题", on_delete=models.CASCADE, related_name="log")

    class Meta(TransitionLog.Meta):
        verbose_name = "整改流转记录"
        verbose_name_plural = "整改流转记录"


class MentorProfile(TimeStampedModel):
    """导师库: a person of the committee's mentor pool (班子成员、优秀书记、专家人才) with her expertise."""

    committee = models.ForeignKey(
        "orgs.Organisation", verbose_name="党委（工委）", on_delete=models.CASCADE, related_name="mentor_profiles"
    )
    person = models.ForeignKey("orgs.Person", verbose_name="导师", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("类别", max_length=10, choices=MentorKind.choices)
    field = models.CharField("专业领域", max_length=30, blank=True)
    expertise = models.TextField("专长", blank=True)
    active = models.BooleanField("在库", default=True)
    # The mentor role the pool granted (None when her account already held one): revoked when she leaves.
    grant = models.ForeignKey(
        "accounts.RoleAssignment",
        verbose_name="导师角色授权",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = CommitteeScopedQuerySet.as_manager()

    class Meta:
        verbose_name = "导师"
        verbose_name_plural = "导师库"
        ordering = ["committee__path", "kind", "id"]
        constraints = [models.UniqueConstraint(fields=["committee", "person"], name="one_profile_per_committee")]

    def __str__(self):
        return self.person.name


class CommentQuerySet(OrgScopedQuerySet):
    org_path_lookup = "project__org__path"

    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user).values("pk"))


class MentorComment(TimeStampedModel):
    """导师帮带: a mentor's comment on her project's charter (or, registered later, a report or a task)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="mentor_comments")
    kind = models.CharField("对象", max_length=10, default="charter")
    object_id = models.PositiveIntegerField("对象编号", null=True, blank=True)
    object_label = models.CharField("对象名称", max_length=120, blank=True)
    text = models.TextField("意见")
    author = models.ForeignKey("accounts.User", verbose_name="导师", on_delete=models.PROTECT, related_name="+")

    objects = CommentQuerySet.as_manager()

    class Meta:
        verbose_name = "导师意见"
        verbose_name_plural = "导师意见"
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.text[:30]


# ---- public: 四公开 (public page, survey), acceptance (结题/验收), awards (层层打擂) ----


class Rating(models.TextChoices):
    """群众满意度测评: the three answers of the mass survey."""

    SATISFIED = "satisfied", "满意"
    BASICALLY_SATISFIED = "basically_satisfied", "基本满意"
    DISSATISFIED = "dissatisfied", "不满意"


class SurveySource(models.TextChoices):
    ONLINE = "online", "扫码测评"
    ENTERED = "entered", "纸质问卷录入"
    COUNTED = "counted", "纸质问卷汇总"


class ProjectOwnedQuerySet(OrgScopedQuerySet):
    """Rows that belong to a project: visible exactly when the project is."""

    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user))


class Disclosure(TimeStampedModel):
    """四公开: the project's public page — content and goal come from the charter, progress and effect are written
    here; the page lives at an unguessable token the project organisation's admins can regenerate."""

    project = models.OneToOneField(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="disclosure")
    token = models.CharField("公开地址码", max_length=40, unique=True)
    progress = models.TextField("完成进度", blank=True)
    effect = models.TextField("实施效果", blank=True)
    updated_by = models.ForeignKey(
        "accounts.User", verbose_name="更新人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "项目四公开"
        verbose_name_plural = "项目四公开"

    def __str__(self):
        return f"{self.project.title}（四公开）"


class PaperSurvey(TimeStampedModel):
    """纸质问卷汇总: a paper survey held at a meeting, entered as counts per rating with the scanned forms."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="paper_surveys")
    held_on = models.DateField("测评日期")
    note = models.CharField("说明", max_length=200, blank=True)
    entered_by = models.ForeignKey(
        "accounts.User", verbose_name="录入人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "纸质满意度测评"
        verbose_name_plural = "纸质满意度测评"
        ordering = ["-held_on", "-id"]

    def __str__(self):
        return f"{self.project.title} {self.held_on:%Y-%m-%d} 纸质测评"


class PaperSurveyScan(StoredFile):
    """A scanned page of a paper survey (扫描件)."""

    paper = models.ForeignKey(PaperSurvey, verbose_name="纸质测评", on_delete=models.CASCADE, related_name="scans")
    file = models.FileField("文件", upload_to="projects/surveys/%Y/%m/", max_length=300)

    class Meta:
        verbose_name = "测评表扫描件"
        verbose_name_plural = "测评表扫描件"
        ordering = ["id"]


class SurveyResponse(models.Model):
    """One answer of the mass survey (or, for a paper survey entered as counts, `count` answers of one rating).

    An anonymous answer keeps a keyed hash of the client address (the rate limit counts by it) and, when a phone
    number was given, its masked form and a keyed hash (one answer per number and project); never the number."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="survey_responses")
    rating = models.CharField("评价", max_length=20, choices=Rating.choices)
    count = models.PositiveIntegerField("份数", default=1)
    comment = models.CharField("意见建议", max_length=500, blank=True)
    source = models.CharField("来源", max_length=10, choices=SurveySource.choices, default=SurveySource.ONLINE)
    phone_masked = models.CharField("联系电话", max_length=20, blank=True)
    phone_key = models.CharField(max_length=64, blank=True, default="", editable=False)
    client_key = models.CharField(max_length=64, blank=True, default="", db_index=True, editable=False)
    paper = models.ForeignKey(
        PaperSurvey, verbose_name="纸质测评", null=True, blank=True, on_delete=models.CASCADE, related_name="counts"
    )
    entered_by = models.ForeignKey(
        "accounts.User", verbose_name="录入人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("时间", auto_now_add=True)

    objects = ProjectOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "群众满意度测评"
        verbose_name_plural = "群众满意度测评"
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "phone_key"], condition=~Q(phone_key=""), name="one_survey_answer_per_phone"
            ),
            models.CheckConstraint(condition=Q(count__gte=1), name="survey_count_positive"),
        ]

    def __str__(self):
        return f"{self.project.title}：{self.get_rating_display()}×{self.count}"


class ClosingReport(TimeStampedModel):
    """结题报告: what was achieved against the charter's expected goal, with evidence."""

    project = models.OneToOneField(
        Project, verbose_name="项目", on_delete=models.CASCADE, related_name="closing_report"
    )
    results = models.TextField("完成情况与成效（对照预期目标）")
    goal_met = models.CharField(
        "目标达成情况",
        max_length=10,
        choices=[("met", "全面达成"), ("mostly", "基本达成"), ("not_met", "未达成")],
        default="met",
    )
    written_by = models.ForeignKey(
        "accounts.User", verbose_name="填报人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ProjectOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "结题报告"
        verbose_name_plural = "结题报告"

    def __str__(self):
        return f"{self.project.title}结题报告"


class ClosingEvidence(StoredFile):
    """结题佐证材料: photos, ledgers, documents attached to the closing report."""

    report = models.ForeignKey(
        ClosingReport, verbose_name="结题报告", on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.FileField("文件", upload_to="projects/closing/%Y/%m/", max_length=300)

    class Meta:
        verbose_name = "结题佐证材料"
        verbose_name_plural = "结题佐证材料"
        ordering = ["id"]


class Scorer(models.Model):
    """验收评审组成员: a person the committee put on the project's acceptance panel (she reads the project while on
    it and scores each criterion of its assessment mechanism)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="scorers")
    person = models.ForeignKey("orgs.Person", verbose_name="评审人", on_delete=models.PROTECT, related_name="+")
    comment = models.CharField("评审意见", max_length=500, blank=True)
    scored_at = models.DateTimeField("评分时间", null=True, blank=True)
    added_by = models.ForeignKey(
        "accounts.User", verbose_name="指定人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField("指定时间", auto_now_add=True)

    objects = ProjectOwnedQuerySet.as_manager()

    class Meta:
        verbose_name = "验收评审人"
        verbose_name_plural = "验收评审组"
        ordering = ["added_at", "id"]
        constraints = [models.UniqueConstraint(fields=["project", "person"], name="one_seat_per_panel_member")]

    def __str__(self):
        return f"{self.project.title}：{self.person.name}"


class Score(models.Model):
    """One scorer's score (0–100) of one criterion; the weighted score is Σ score × weight / 100."""

    scorer = models.ForeignKey(Scorer, verbose_name="评审人", on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, verbose_name="考核指标", on_delete=models.CASCADE, related_name="scores")
    score = models.DecimalField("得分", max_digits=5, decimal_places=1)

    class Meta:
        verbose_name = "验收评分"
        verbose_name_plural = "验收评分"
        constraints = [
            models.UniqueConstraint(fields=["scorer", "criterion"], name="one_score_per_criterion"),
            models.CheckConstraint(condition=Q(score__gte=0) & Q(score__lte=100), name="score_within_100"),
        ]

    def __str__(self):
        return f"{self.criterion.name}：{self.score}"


class AwardKind(models.TextChoices):
    TOP_TEN = "top10", "十佳项目"
    FINE = "fine", "精品项目"
    DEMO = "demo", "示范项目"


class AwardState(WorkflowState):
    NOMINATED = "nominated", "warning", "已提名待审定"
    APPROVED = "approved", "success", "已审定"
    DECLINED = "declined", "secondary", "未获审定"
    WITHDRAWN = "withdrawn", "dark", "已撤回提名"


class AwardQuerySet(OrgScopedQuerySet):
    """An approved award and the case it publishes are read in the deciding committee's tree (above and below it);
    a nomination not (yet) approved only by those who read the project or whose organisations include the decider."""

    org_path_lookup = "decider__path"

    def visible_to(self, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        from accounts.scope import business_paths, is_system_user

        if is_system_user(user):
            return self.none()
        published = Q(state="approved") & (_reach_q("decider__path", user) | _reach_q("committee__path", user))
        concerned = Q(project__in=Project.objects.visible_to(user)) | path_q("decider__path", business_paths(user))
        return self.filter(published | concerned)


class Award(TimeStampedModel):
    """层层打擂: a nomination of an accepted, eligible project for 十佳项目 / 精品项目 / 示范项目, decided by the
    committee (`decider`: the project's committee; for 示范项目 the committee above it — 申报区级示范项目).
    Approved awards show on the project and its organisation's page and are published as cases (经验交流)."""

    project = models.ForeignKey(Project, verbose_name="项目", on_delete=models.CASCADE, related_name="awards")
    kind = models.CharField("荣誉", max_length=10, choices=AwardKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    committee = models.ForeignKey(
        "orgs.Organisation", verbose_name="提名党委（工委）", on_delete=models.PROTECT, related_name="+"
    )
    decider = models.ForeignKey(
        "orgs.Organisation", verbose_name="审定党委（工委）", on_delete=models.PROTECT, related_name="+"
    )
    citation = models.TextField("推荐理由（典型经验）")
    state = models.CharField("状态", max_length=12, choices=AwardState.choices, default=AwardState.NOMINATED)
    nominated_by = models.ForeignKey(
        "accounts.User", verbose_name="提名人", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("审定时间", null=True, blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", verbose_name="审定人", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_comment = models.CharField("审定意见", max_length=500, blank=True)

    objects = AwardQuerySet.as_manager()

    class Meta:
        verbose_name = "项目荣誉"
        verbose_name_plural = "项目荣誉"
        ordering = ["-year", "-decided_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "kind"],
                condition=Q(state__in=["nominated", "approved"]),
                name="one_live_award_per_kind",
            )
        ]

    def __str__(self):
        return f"{self.project.title}：{self.get_kind_display()}"

    @property
    def state_label(self):
        return AwardState(self.state).label

    @property
    def state_badge(self):
        return AwardState(self.state).badge

    @property
    def audit_org(self):
        return self.decider
