"""Forms of the execution part (tasks, progress reports): the pages and the API validate through these."""

import datetime

from django import forms

from core.forms import StyledFormMixin

from . import rules
from .forms import PersonChoiceField
from .models import MAX_LAG_DAYS, Task

MIN_DATE = datetime.date(2000, 1, 1)
MAX_DATE = datetime.date(2100, 12, 31)


class TaskChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.title


def _bounded(value, label):
    if value is not None and not MIN_DATE <= value <= MAX_DATE:
        raise forms.ValidationError(f"{label}应在2000年至2100年之间。")
    return value


class TaskForm(StyledFormMixin, forms.Form):
    """One task; its predecessors are one checkbox and one lag per other task of the project (pred_<id>,
    lag_<id>), so the page round-trips every dependency and its lag."""

    title = forms.CharField(label="任务名称", max_length=100)
    parent = TaskChoiceField(label="上级任务", queryset=Task.objects.none(), required=False)
    owner = PersonChoiceField(label="负责人", queryset=rules.member_people([]), required=False)
    start = forms.DateField(label="开始日期")
    end = forms.DateField(label="结束日期", required=False, help_text="里程碑可不填（与开始日期相同）。")
    progress = forms.IntegerField(label="进度（%）", min_value=0, max_value=100, initial=0, required=False)
    milestone = forms.BooleanField(label="里程碑", required=False)
    push = forms.BooleanField(
        label="顺延后续任务",
        required=False,
        help_text="日期推后时，依赖本任务的后续任务按原工期和间隔一并顺延；不勾选则与后续任务冲突时不保存。",
    )

    def __init__(self, *args, project, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project, self.task = project, task
        tasks = project_tasks(project)
        summaries = {t.parent_id for t in tasks if t.parent_id}
        # Dependencies link concrete tasks only (core.schedule): a summary neither has nor is a predecessor.
        mine = task is not None and task.pk in summaries
        others = [t for t in tasks if (task is None or t.pk != task.pk) and t.pk not in summaries and not mine]
        self.fields["parent"].queryset = Task.objects.filter(project=project).exclude(
            pk=task.pk if task is not None else None
        )
        self.fields["owner"].queryset = rules.member_people([project.org.path]).select_related("org")
        self.others = others
        self.all_tasks = {t.pk: t for t in tasks}
        self.summaries = summaries
        for t in others:
            self.fields[f"pred_{t.pk}"] = forms.BooleanField(label=f"前置任务：{t.title}", required=False)
            self.fields[f"lag_{t.pk}"] = forms.IntegerField(
                label=f"与“{t.title}”的间隔天数", min_value=0, max_value=MAX_LAG_DAYS, required=False
            )

    def dependency_fields(self):
        return [(t, self[f"pred_{t.pk}"], self[f"lag_{t.pk}"]) for t in self.others]

    def clean_start(self):
        return _bounded(self.cleaned_data.get("start"), "开始日期")

    def clean_end(self):
        return _bounded(self.cleaned_data.get("end"), "结束日期")

    def clean(self):
        data = super().clean()
        if data.get("end") is None and data.get("start") is not None:
            if data.get("milestone"):
                data["end"] = data["start"]
            elif "end" not in self.errors:
                self.add_error("end", "请填写结束日期（里程碑可不填）。")
        if data.get("progress") is None:
            data["progress"] = 0
        data["depends_on"] = [(t.pk, data.get(f"lag_{t.pk}") or 0) for t in self.others if data.get(f"pred_{t.pk}")]
        # A predecessor the form does not offer (a summary, the task itself, another project's) is refused, not dropped.
        for key in list(self.data.keys()):
            if not key.startswith("pred_") or key in self.fields or self.data.get(key) in ("", None, False, "false"):
                continue
            pk = key.removeprefix("pred_")
            task = self.all_tasks.get(int(pk)) if pk.isdigit() else None
            if task is None:
                self.add_error(None, "前置任务不存在，或不属于本项目。")
            elif self.task is not None and task.pk == self.task.pk:
                self.add_error(None, f"「{task.title}」不能依赖自身。")
            else:
                summary = task if task.pk in self.summaries else self.task
                self.add_error(None, f"「{summary.title}」含有下级任务，依赖关系请设在具体任务上。")
        return data


def project_tasks(project):
    return list(Task.objects.filter(project=project).order_by("position", "id"))


class ProgressForm(StyledFormMixin, forms.Form):
    """The task owner's own update: the progress of her task only."""

    progress = forms.IntegerField(label="进度（%）", min_value=0, max_value=100)


class ReportForm(StyledFormMixin, forms.Form):
    month = forms.CharField(
        label="报告月份", max_length=7, help_text="如 2026-03", widget=forms.TextInput(attrs={"type": "month"})
    )
    summary = forms.CharField(label="本月工作进展", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    problems = forms.CharField(
        label="存在问题", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_steps = forms.CharField(
        label="下月工作计划", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def clean_month(self):
        text = (self.cleaned_data.get("month") or "").strip()
        try:
            year, month = (int(x) for x in text.replace("年", "-").replace("月", "").replace("/", "-").split("-")[:2])
            value = datetime.date(year, month, 1)
        except (ValueError, TypeError):
            raise forms.ValidationError("报告月份格式不对，请写作 2026-03。") from None
        return _bounded(value, "报告月份")
