"""Forms of 网络学院 extras: 补录, 需求调查, 资料征订, 学历认证 and 学习之星 (Chinese messages, ISO dates)."""

from decimal import Decimal

from django import forms

from core.forms import StyledFormMixin
from orgs.models import Organisation, Person

from .choices import EducationLevel, MaterialKind, StarPeriod

MAX_OPTIONS = 20
NOT_FOUND_PERSON = "未找到该人员。"
NOT_FOUND_ORG = "未找到该党组织。"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _options(text, label):
    """One option per line (blank lines dropped, duplicates once); 2..MAX_OPTIONS of them."""
    if isinstance(text, list | tuple):
        lines = [str(x).strip() for x in text]
    else:
        lines = [line.strip() for line in (text or "").splitlines()]
    out = list(dict.fromkeys(x for x in lines if x))
    if len(out) < 2:
        raise forms.ValidationError(f"{label}至少填写两项，每行一项。")
    if len(out) > MAX_OPTIONS:
        raise forms.ValidationError(f"{label}最多{MAX_OPTIONS}项（现有{len(out)}项）。")
    if any(len(x) > 40 for x in out):
        raise forms.ValidationError(f"{label}每项不超过40个字。")
    return out


class OfflineForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label="人员", queryset=Person.objects.none(), error_messages={"invalid_choice": NOT_FOUND_PERSON}
    )
    title = forms.CharField(label="培训名称", max_length=100)
    organiser = forms.CharField(label="举办单位", max_length=100, required=False)
    start = forms.DateField(label="开始日期", widget=DateInput())
    end = forms.DateField(label="结束日期", widget=DateInput())
    hours = forms.DecimalField(
        label="学时", min_value=Decimal("0.5"), max_value=Decimal("200"), max_digits=4, decimal_places=1
    )
    certificate = forms.FileField(
        label="培训证书", required=False, help_text="结业证书或培训证明的照片、扫描件（图片或 PDF，10MB 以内）"
    )

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        self.fields["certificate"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.gif,.webp"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", "结束日期不能早于开始日期。")
        return cleaned


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="理由", max_length=200)


class CommentForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(label="审核意见", max_length=200, required=False)


class NeedsSurveyForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(
        label="发起党委", queryset=Organisation.objects.none(), error_messages={"invalid_choice": NOT_FOUND_ORG}
    )
    title = forms.CharField(label="调查名称", max_length=100)
    intro = forms.CharField(label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    topics = forms.CharField(
        label="学习内容选项", widget=forms.Textarea(attrs={"rows": 5}), help_text="每行一项，如：党章党规、党史学习"
    )
    formats = forms.CharField(
        label="学习形式选项", widget=forms.Textarea(attrs={"rows": 4}), help_text="每行一项，如：专题讲座、线上微课"
    )
    closes = forms.DateField(label="截止日期", widget=DateInput())

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()

    def clean_topics(self):
        return _options(self.cleaned_data["topics"], "学习内容选项")

    def clean_formats(self):
        return _options(self.cleaned_data["formats"], "学习形式选项")


class NeedsAnswerForm(StyledFormMixin, forms.Form):
    topics = forms.MultipleChoiceField(
        label="您最想学习的内容",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一项想学的内容。", "invalid_choice": "“%(value)s”不是调查的选项。"},
    )
    formats = forms.MultipleChoiceField(
        label="您喜欢的学习形式",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "请至少选择一种学习形式。", "invalid_choice": "“%(value)s”不是调查的选项。"},
    )
    comment = forms.CharField(
        label="其他建议", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, survey=None, **kwargs):
        super().__init__(*args, **kwargs)
        if survey is not None:
            self.fields["topics"].choices = [(t, t) for t in survey.topics]
            self.fields["formats"].choices = [(f, f) for f in survey.formats]


class MaterialOfferForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(
        label="征订党委", queryset=Organisation.objects.none(), error_messages={"invalid_choice": NOT_FOUND_ORG}
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="征订名称", max_length=100)
    note = forms.CharField(label="征订说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3}))
    deadline = forms.DateField(label="征订截止日期", widget=DateInput())

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()


class MaterialItemForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="资料名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=MaterialKind.choices)
    publisher = forms.CharField(label="出版单位", max_length=100, required=False)
    price = forms.DecimalField(
        label="单价（元）", min_value=Decimal("0"), max_value=Decimal("100000"), max_digits=8, decimal_places=2
    )
    unit = forms.CharField(label="单位", max_length=10, initial="册")


class EducationForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label="人员", queryset=Person.objects.none(), error_messages={"invalid_choice": NOT_FOUND_PERSON}
    )
    level = forms.ChoiceField(label="学历", choices=EducationLevel.choices)
    school = forms.CharField(label="毕业院校", max_length=100)
    major = forms.CharField(label="专业", max_length=100, required=False)
    graduated_on = forms.DateField(label="毕业日期", widget=DateInput())
    certificate = forms.FileField(label="学历证书", required=False, help_text="毕业证书或学位证书（图片或 PDF）")

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        self.fields["certificate"].widget.attrs["accept"] = ".pdf,.png,.jpg,.jpeg,.gif,.webp"


class StarPeriodForm(StyledFormMixin, forms.Form):
    """Which period a ranking or a star list is of."""

    org = forms.ModelChoiceField(
        label="党组织", queryset=Organisation.objects.none(), error_messages={"invalid_choice": NOT_FOUND_ORG}
    )
    period_kind = forms.ChoiceField(label="周期", choices=StarPeriod.choices)
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    period = forms.IntegerField(label="月份或季度", min_value=1, max_value=12)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("period_kind") == StarPeriod.QUARTER and (cleaned.get("period") or 0) > 4:
            self.add_error("period", "季度应为 1 至 4。")
        return cleaned


class NameStarsForm(StarPeriodForm):
    people = forms.ModelMultipleChoiceField(
        label="学习之星",
        queryset=Person.objects.none(),
        error_messages={
            "required": "请至少选择一位学习之星。",
            "invalid_choice": NOT_FOUND_PERSON,
            "invalid_pk_value": NOT_FOUND_PERSON,
        },
    )
    note = forms.CharField(label="评语", max_length=200, required=False)

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people if people is not None else Person.objects.none()
