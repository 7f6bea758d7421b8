"""Writes of the warnings and the monthly report: validate (core.forms), check the verb, one transaction, audit.

Publishing is the report's declared workflow (dashboard/workflows_report.py)."""

from django.db import transaction
from django.utils import timezone

from core import audit
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.verbs import require_verb

from . import checks, report
from .forms_warnings import ReportCommentForm, ReportGenerateForm, WarningSettingForm
from .models_warnings import MonthlyReport, ReportState, WarningSetting


def _setting_snapshot(s):
    return {"org": s.org_id, "code": s.code, "enabled": s.enabled, "params": dict(s.params)} if s else None


def save_setting(org, code, *, by, data):
    """A committee switches one check on or off over its subtree and sets its params."""
    require_verb(by, "dashboard.set_warnings", org)
    rule = next((r for r in checks.rules_for(org) if r.code == code), None)
    if rule is None:
        raise NotFound("没有这项预警规则。")
    cleaned = validate(WarningSettingForm(data, rule=rule))
    form_params = {name: cleaned[name] for name in rule.defaults}
    with transaction.atomic():
        setting = WarningSetting.objects.select_for_update().filter(org=org, code=code).first()
        before = _setting_snapshot(setting)
        enabled = bool(cleaned.get("enabled"))
        if setting is None:
            if enabled and form_params == rule.params and rule.setting is None:
                return None  # the defaults posted back unchanged: nothing to keep
            setting = WarningSetting(org=org, code=code)
        elif setting.enabled == enabled and setting.params == form_params:
            return setting  # posted back unchanged
        setting.enabled = enabled
        setting.params = form_params
        setting.updated_by = by
        setting.save()
        audit.record(
            "dashboard.warning_setting.update",
            by=by,
            obj=setting,
            org=org,
            before=before,
            after=_setting_snapshot(setting),
        )
    return setting


def generate_report(*, by, data, orgs, today):
    """Write (or, while it is a draft, rewrite) a subtree's report for a month from today's figures."""
    cleaned = validate(ReportGenerateForm(data, orgs=orgs))
    org, (year, month) = cleaned["org"], cleaned["month"]
    require_verb(by, "dashboard.manage_report", org)
    if (year, month) > (today.year, today.month):
        raise Invalid("不能为尚未开始的月份生成月报。", {"month": ["该月份尚未开始。"]})
    snapshot = report.build_snapshot(by, org, year, month, today)
    with transaction.atomic():
        existing = MonthlyReport.objects.select_for_update().filter(org=org, year=year, month=month).first()
        if existing is not None and existing.state != ReportState.DRAFT:
            raise Conflict("该月报已发布，内容已固定，不能重新生成。")
        created = existing is None
        obj = existing or MonthlyReport(org=org, year=year, month=month)
        obj.snapshot = snapshot
        obj.generated_by = by
        obj.generated_at = timezone.now()
        obj.save()
        audit.record(
            "dashboard.monthly_report.generate",
            by=by,
            obj=obj,
            org=org,
            after={"year": year, "month": month, "created": created, "as_of": snapshot["as_of"]},
        )
    return obj


def comment_report(obj, *, by, data):
    """The committee's comment on one section of a draft (an empty text removes it)."""
    require_verb(by, "dashboard.manage_report", obj)
    cleaned = validate(ReportCommentForm(data))
    with transaction.atomic():
        obj = MonthlyReport.objects.select_for_update().get(pk=obj.pk)
        if obj.state != ReportState.DRAFT:
            raise Conflict("月报已发布，不能再修改评语。")
        section, text = cleaned["section"], cleaned["text"].strip()
        before = dict(obj.comments)
        comments = dict(obj.comments)
        if text:
            comments[section] = text
        else:
            comments.pop(section, None)
        if comments != before:
            obj.comments = comments
            obj.save(update_fields=["comments", "updated_at"])
            audit.record(
                "dashboard.monthly_report.comment",
                by=by,
                obj=obj,
                before={"section": section, "text": before.get(section, "")},
                after={"section": section, "text": text},
            )
    return obj
