"""Forms of 民主评议党员 (the API validates through the same forms, so both say the same thing)."""

from django import forms

from core.dates import today
from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation, Person

from .choices_appraisal import Grade

MAX_TEXT = 5000


def _text(value, label):
    value = (value or "").strip()
    if not value:
        raise forms.ValidationError(f"请填写{label}。")
    return value


class AppraisalForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="党支部", queryset=Organisation.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    self_due = forms.DateField(label="自评截止日期", required=False)
    mutual_due = forms.DateField(label="互评截止日期", required=False)
    note = forms.CharField(
        label="工作安排", required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        self.fields["org"].error_messages["invalid_choice"] = "所选党支部不存在，或您不能为它组织民主评议。"
        if not self.is_bound and "year" not in self.initial:
            self.initial["year"] = today().year

    def clean_year(self):
        year, now = self.cleaned_data.get("year"), today().year
        if year is not None and not now - 1 <= year <= now + 1:
            raise forms.ValidationError(f"民主评议党员的年度只能是上一年度、当年或下一年度（{now - 1}—{now + 1}）。")
        return year

    def clean(self):
        data = super().clean()
        self_due, mutual_due = data.get("self_due"), data.get("mutual_due")
        if self_due and mutual_due and mutual_due < self_due:
            self.add_error("mutual_due", "互评截止日期不能早于自评截止日期。")
        return data


class SelfForm(StyledFormMixin, forms.Form):
    self_text = forms.CharField(
        label="个人自评",
        max_length=MAX_TEXT,
        widget=forms.Textarea(
            attrs={"rows": 8, "placeholder": "对照党员标准和年初公开承诺，总结一年来的表现、差距和努力方向。"}
        ),
    )
    self_grade = forms.ChoiceField(label="自评等次", choices=[("", "请选择…"), *Grade.choices])

    def clean_self_text(self):
        return _text(self.cleaned_data.get("self_text"), "个人自评")


class GradeEntryForm(StyledFormMixin, forms.Form):
    """The branch's decision for one member; 不合格 needs its reason and the deadline of the 限期改正."""

    grade = forms.ChoiceField(label="评定等次", choices=[("", "请选择…"), *Grade.choices])
    reason = forms.CharField(label="评定理由", required=False, max_length=2000)
    rectify_by = forms.DateField(label="限期改正截止日期", required=False)

    def clean(self):
        data = super().clean()
        if data.get("grade") == Grade.UNQUALIFIED:
            if not (data.get("reason") or "").strip():
                self.add_error("reason", "评定为不合格须写明理由（存在的问题和整改要求）。")
            due = data.get("rectify_by")
            if due is None:
                self.add_error("rectify_by", "评定为不合格须确定限期改正的截止日期。")
            elif due <= today():
                self.add_error("rectify_by", "限期改正的截止日期应在今天之后。")
        return data


class PledgeForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label="党员", queryset=Person.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    content = forms.CharField(
        label="承诺内容",
        max_length=2000,
        widget=forms.Textarea(
            attrs={"rows": 5, "placeholder": "例如：带头完成全年32学时学习；每季度参加1次志愿服务。"}
        ),
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        self.fields["person"].error_messages["invalid_choice"] = "所选党员不存在，或您不能为其填写公开承诺。"
        if not self.is_bound and "year" not in self.initial:
            self.initial["year"] = today().year

    def clean_content(self):
        return _text(self.cleaned_data.get("content"), "承诺内容")


class PledgeEditForm(StyledFormMixin, forms.Form):
    content = forms.CharField(label="承诺内容", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))

    def clean_content(self):
        return _text(self.cleaned_data.get("content"), "承诺内容")


class OutcomeForm(StyledFormMixin, forms.Form):
    outcome = forms.CharField(label="处理结果", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean_outcome(self):
        return _text(self.cleaned_data.get("outcome"), "处理结果")
