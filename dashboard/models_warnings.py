"""Warnings and the monthly report of the 驾驶舱.

- `WarningSetting`: a committee's choice for one warning check (a registered `dashboard.checks` code) over
  its subtree: on or off, and its parameters (e.g. `amber_days`). The setting nearest above a branch wins;
  without one a check is on with its module's defaults.
- `MonthlyReport` (党建工作月报): a subtree's month, written from the cockpit's widgets and the warnings and
  frozen as a JSON snapshot when generated; the committee adds a comment per section and publishes it to
  its branches (draft → published, dashboard/workflows_report.py). A published report never changes.
"""

from django.conf import settings
from django.db import models

from core.models import OrgScopedQuerySet, TimeStampedModel, path_q
from core.workflow import WorkflowState


class WarningSettingQuerySet(OrgScopedQuerySet):
    """A committee's settings are read by the admins of its subtree and those above it."""

    def visible_to(self, user):
        from accounts.scope import admin_paths

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        return self.filter(path_q("org__path", admin_paths(user)))


class WarningSetting(TimeStampedModel):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE, related_name="warning_settings")
    code = models.CharField("预警规则", max_length=60)
    enabled = models.BooleanField("启用", default=True)
    params = models.JSONField("参数", default=dict, blank=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    objects = WarningSettingQuerySet.as_manager()

    class Meta:
        verbose_name = "预警规则设置"
        constraints = [models.UniqueConstraint(fields=["org", "code"], name="dashboard_warning_setting_unique")]

    def __str__(self):
        return f"{self.org} · {self.code}"


class ReportState(WorkflowState):
    DRAFT = "draft", "secondary", "草稿"
    PUBLISHED = "published", "success", "已发布"


REPORT_SECTIONS = [
    ("done", "一、本月完成情况"),
    ("late", "二、逾期与预警"),
    ("rankings", "三、排名"),
    ("highlights", "四、工作亮点"),
]
REPORT_SECTION_LABELS = dict(REPORT_SECTIONS)


class MonthlyReportQuerySet(OrgScopedQuerySet):
    """Drafts are the committee's: the 党务管理员 of a subtree holding the report's organisation. A published
    report is read there and in the organisations under it (its branches), by every business role."""

    def visible_to(self, user):
        from accounts.scope import admin_paths, business_paths
        from orgs.models import Organisation

        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        step = Organisation.steplen
        paths = business_paths(user)
        above = {p[:n] for p in paths for n in range(step, len(p) + 1, step)}
        published = models.Q(state=ReportState.PUBLISHED) & (
            path_q("org__path", paths) | models.Q(org__path__in=sorted(above))
        )
        return self.filter(path_q("org__path", admin_paths(user)) | published)


class MonthlyReport(TimeStampedModel):
    org = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT, related_name="monthly_reports")
    year = models.PositiveSmallIntegerField("年份")
    month = models.PositiveSmallIntegerField("月份")
    state = models.CharField("状态", max_length=12, choices=ReportState.choices, default=ReportState.DRAFT)
    snapshot = models.JSONField("数据快照", default=dict)
    comments = models.JSONField("各部分评语", default=dict, blank=True)
    generated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    generated_at = models.DateTimeField("生成时间", null=True)
    published_at = models.DateTimeField("发布时间", null=True, blank=True)

    objects = MonthlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = "党建工作月报"
        ordering = ["-year", "-month", "org__path"]
        constraints = [models.UniqueConstraint(fields=["org", "year", "month"], name="dashboard_monthly_report_unique")]

    def __str__(self):
        return f"{self.org.name}{self.year}年{self.month}月党建工作月报"

    @property
    def title(self):
        return str(self)

    @property
    def state_label(self):
        return ReportState(self.state).label

    @property
    def badge(self):
        return ReportState(self.state).badge
