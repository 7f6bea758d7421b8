"""Forms of the warnings and the monthly report (Chinese messages; the actions validate through them)."""

import re

from django import forms

from core.forms import StyledFormMixin

from .checks import PARAM_LABELS, PARAM_LIMITS
from .models_warnings import REPORT_SECTIONS

DEFAULT_LIMITS = (0, 365)


class WarningSettingForm(StyledFormMixin, forms.Form):
    """One check's setting: on/off and an integer per parameter the check declares (its defaults)."""

    enabled = forms.BooleanField(label="启用", required=False)

    def __init__(self, data=None, *, rule, **kwargs):
        if data is None:
            initial = {"enabled": rule.enabled, **rule.params}
            kwargs.setdefault("initial", initial)
        super().__init__(data, **kwargs)
        self.rule = rule
        for name, default in rule.defaults.items():
            low, high = PARAM_LIMITS.get(name, DEFAULT_LIMITS)
            label = PARAM_LABELS.get(name, name)
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=low,
                max_value=high,
                help_text=f"默认 {default}，可设 {low}–{high}。",
            )

    def params(self):
        return {name: self.cleaned_data[name] for name in self.rule.defaults}


MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


class ReportGenerateForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="党组织", queryset=None)
    month = forms.CharField(label="月份", max_length=7, help_text="格式如 2026-11")

    def __init__(self, data=None, *, orgs, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["org"].queryset = orgs
        self.fields["org"].error_messages["invalid_choice"] = "未找到该党组织，或您不能为其生成月报。"
        self.fields["month"].widget.input_type = "month"

    def clean_month(self):
        value = (self.cleaned_data.get("month") or "").strip()
        m = MONTH_RE.match(value)
        if not m or not 1 <= int(m.group(2)) <= 12 or not 2000 <= int(m.group(1)) <= 2100:
            raise forms.ValidationError("月份格式应为 2026-11。")
        return int(m.group(1)), int(m.group(2))


class ReportCommentForm(StyledFormMixin, forms.Form):
    section = forms.ChoiceField(label="部分", choices=REPORT_SECTIONS)
    text = forms.CharField(label="评语", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
