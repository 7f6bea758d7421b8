"""Forms of the 七彩心桥 module (Chinese messages; the API validates through the same forms)."""

import re

from django import forms

from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation

from .choices import RATINGS, SOURCES

MAX_CONTENT = 2000
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
PHONE_MESSAGE = "联系电话应为11位手机号码或带区号的固定电话，如 13812345678、0531-76012345。"


def addressable_orgs():
    """Organisations a suggestion may be addressed to (a 党小组 keeps no channel of its own)."""
    return Organisation.objects.exclude(kind="group")


def clean_text(value, label, *, minimum=1):
    value = (value or "").strip()
    if len(value) < minimum:
        raise forms.ValidationError(f"请填写{label}。" if minimum <= 1 else f"{label}至少要写{minimum}个字。")
    return value


class FeedbackForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="写给哪个党组织", queryset=Organisation.objects.none())
    content = forms.CharField(
        label="意见建议或诉求",
        max_length=MAX_CONTENT,
        widget=forms.Textarea(
            attrs={
                "rows": 6,
                "placeholder": "请写明事情经过、地点和您的建议，例如：小区3号楼楼道灯坏了两周，老人晚上上下楼不安全。",
            }
        ),
    )
    contact_name = forms.CharField(label="称呼（选填）", max_length=30, required=False)
    phone = forms.CharField(
        label="联系电话（选填）",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text="仅承办组织回访时使用，不会公开。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = addressable_orgs()
        self.fields["org"].error_messages["invalid_choice"] = "所选党组织不存在，请重新选择。"

    def clean_content(self):
        return clean_text(self.cleaned_data.get("content"), "意见建议或诉求", minimum=5)

    def clean_contact_name(self):
        return (self.cleaned_data.get("contact_name") or "").strip()

    def clean_phone(self):
        value = re.sub(r"[\s]", "", self.cleaned_data.get("phone") or "")
        if not value:
            return ""
        if MOBILE.match(value.replace("-", "")):
            return value.replace("-", "")
        if LANDLINE.match(value):
            return value
        raise forms.ValidationError(PHONE_MESSAGE)


class ForwardForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="转办给", queryset=Organisation.objects.none())
    note = forms.CharField(label="转办说明", max_length=200, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else addressable_orgs()
        self.fields["org"].error_messages["invalid_choice"] = "所选组织不存在，或不在本党委（党工委）范围内。"


class AnswerForm(StyledFormMixin, forms.Form):
    answer = forms.CharField(label="答复", max_length=MAX_CONTENT, widget=forms.Textarea(attrs={"rows": 4}))
    public = forms.BooleanField(label="在答复公示栏公开（不显示联系人和电话）", required=False, initial=True)

    def clean_answer(self):
        return clean_text(self.cleaned_data.get("answer"), "答复", minimum=2)


class CloseForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="关闭原因", max_length=200, required=False)


class RatingForm(StyledFormMixin, forms.Form):
    rating = forms.TypedChoiceField(label="满意程度", choices=RATINGS, coerce=int, widget=forms.RadioSelect)
    comment = forms.CharField(
        label="评价意见（选填）", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def clean_comment(self):
        return (self.cleaned_data.get("comment") or "").strip()


class ProblemForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="提出组织", queryset=Organisation.objects.none())
    title = forms.CharField(label="问题", max_length=200)
    description = forms.CharField(
        label="具体情况", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    source = forms.ChoiceField(label="来源", choices=SOURCES)
    found_on = forms.DateField(label="发现日期", required=False, widget=forms.DateInput())
    shared = forms.BooleanField(label="共性问题（可由多个组织认领）", required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        self.fields["org"].error_messages["invalid_choice"] = "党组织不存在或不在您的管理范围内。"

    def clean_title(self):
        return clean_text(self.cleaned_data.get("title"), "问题")

    def clean_description(self):
        return (self.cleaned_data.get("description") or "").strip()


class ClaimForm(StyledFormMixin, forms.Form):
    org = forms.IntegerField(label="认领组织", required=False, min_value=1)
    note = forms.CharField(label="认领说明", max_length=200, required=False)

    def clean_note(self):
        return (self.cleaned_data.get("note") or "").strip()


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="销号说明", max_length=200)

    def clean_reason(self):
        return clean_text(self.cleaned_data.get("reason"), "销号说明")


class LimitsForm(StyledFormMixin, forms.Form):
    accept_days = forms.IntegerField(label="受理时限（工作日）", min_value=1, max_value=30)
    answer_days = forms.IntegerField(label="办结时限（工作日）", min_value=1, max_value=90)
