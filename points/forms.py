from decimal import Decimal

from django import forms

from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation, Person

from .choices import DECISIONS, LINKAGE_MODES, SUBJECT_TYPES
from .models import Item

SCHEME_KINDS = ("committee", "working_committee")
ORG_NOT_FOUND = "党组织不存在，或不在您可申报积分的范围内。"
PERSON_NOT_FOUND = "人员不存在，或不在您可申报积分的范围内。"


class SchemeForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="制定组织（工委）", queryset=Organisation.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="名称", max_length=200)
    full_marks = forms.DecimalField(
        label="满分", max_digits=10, decimal_places=2, min_value=Decimal("0.01"), initial=100
    )
    linkage_every = forms.IntegerField(label="挂钩分值（每满N分加1分）", min_value=1, max_value=1000, initial=10)
    linkage_mode = forms.ChoiceField(label="挂钩方式", choices=LINKAGE_MODES, initial="per_person")

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (orgs if orgs is not None else Organisation.objects.none()).filter(
            kind__in=SCHEME_KINDS
        )
        self.fields["org"].error_messages["invalid_choice"] = "积分方案只能由您管理的党委或工委制定。"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写名称。")
        return name


class ItemForm(StyledFormMixin, forms.Form):
    dimension = forms.CharField(label="维度", max_length=100)
    name = forms.CharField(label="项目名称", max_length=200)
    requirement = forms.CharField(
        label="目标要求", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    standard = forms.CharField(
        label="考评标准", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    points = forms.DecimalField(
        label="分值", max_digits=10, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal(1000)
    )
    subject_type = forms.ChoiceField(label="积分对象", choices=SUBJECT_TYPES)
    cap = forms.DecimalField(
        label="每周期上限",
        max_digits=10,
        decimal_places=2,
        min_value=Decimal("0.01"),
        required=False,
        help_text="同一对象本周期在该项目上最多可得的分数；留空不设上限",
    )
    allow_fraction = forms.BooleanField(label="数量可为小数", required=False)

    def clean(self):
        data = super().clean()
        for f in ("dimension", "name"):
            if f in data:
                data[f] = data[f].strip()
                if not data[f]:
                    self.add_error(f, f"请填写{self.fields[f].label}。")
        points, cap = data.get("points"), data.get("cap")
        if points and cap and cap < points:
            self.add_error("cap", "上限不能小于单次分值。")
        return data


class DeclarationForm(StyledFormMixin, forms.Form):
    item = forms.ModelChoiceField(label="积分项目", queryset=Item.objects.none())
    subject_org = OrgChoiceField(label="党组织", queryset=Organisation.objects.none(), required=False)
    subject_person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none(), required=False)
    quantity = forms.DecimalField(label="数量", max_digits=8, decimal_places=2, initial=1)
    occurred_on = forms.DateField(label="发生日期", widget=forms.DateInput(format="%Y-%m-%d"))
    description = forms.CharField(
        label="情况说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, items=None, orgs=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = items if items is not None else Item.objects.none()
        self.fields["subject_org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        self.fields["subject_person"].queryset = people if people is not None else Person.objects.none()
        self.fields["item"].error_messages["invalid_choice"] = "积分项目不存在或不在您可申报的方案中。"
        # Unknown and not declarable alike (another branch's): the same words, and the action answers 404.
        self.fields["subject_org"].error_messages["invalid_choice"] = ORG_NOT_FOUND
        self.fields["subject_person"].error_messages["invalid_choice"] = PERSON_NOT_FOUND
        self.fields["subject_person"].label_from_instance = lambda p: f"{p.name}（{p.org.name}）"

    def clean(self):
        data = super().clean()
        item, qty, when = data.get("item"), data.get("quantity"), data.get("occurred_on")
        if qty is not None:
            if qty <= 0:
                self.add_error("quantity", "数量必须大于0。")
            elif item and not item.allow_fraction and qty != qty.to_integral_value():
                self.add_error("quantity", "该项目的数量只能是整数。")
        if item and when and when.year != item.scheme.year:
            self.add_error("occurred_on", f"发生日期须在积分方案的年度（{item.scheme.year}年）内。")
        if item:
            org, person = data.get("subject_org"), data.get("subject_person")
            if item.subject_type == "org":
                if person is not None:
                    self.add_error("subject_person", "该项目的积分对象是党组织，不能为个人申报。")
                elif org is None:
                    self.add_error("subject_org", "请选择申报积分的党组织。")
                elif not org.path.startswith(item.scheme.org.path) or org.path == item.scheme.org.path:
                    self.add_error("subject_org", "该党组织不在积分方案的范围内。")
            else:
                label = item.subject_type_label
                if person is None:
                    self.add_error("subject_person", f"该项目的积分对象是{label}，请选择人员。")
                elif org is not None and org.pk != person.org_id:
                    self.add_error("subject_org", f"该项目的积分对象是{label}，党组织按人员所在组织确定。")
                elif not person.org.path.startswith(item.scheme.org.path):
                    self.add_error("subject_person", "该人员不在积分方案的范围内。")
                elif person.status != "active":
                    self.add_error("subject_person", "该人员不在册。")
                elif item.subject_type == "member" and not person.is_party_member:
                    self.add_error("subject_person", "该人员不是党员，不能申报党员积分。")
                elif item.subject_type == "cadre" and not person.positions.filter(ended_on__isnull=True).exists():
                    self.add_error("subject_person", "该人员未担任党内职务，不能申报党务干部积分。")
        return data


class ReviewForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label="审核结论", choices=DECISIONS)
    comment = forms.CharField(label="审核意见", max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") in ("return", "reject") and not (data.get("comment") or "").strip():
            self.add_error("comment", "退回或不予通过时必须填写理由。")
        return data


class CommentForm(StyledFormMixin, forms.Form):
    """通过 / 确认: an optional comment."""

    comment = forms.CharField(label="意见", max_length=500, required=False)


class ReturnForm(StyledFormMixin, forms.Form):
    """退回修改 / 不予通过 at a review level: the reason is required (blank after stripping counts as missing)."""

    comment = forms.CharField(
        label="理由", max_length=500, error_messages={"required": "退回或不予通过时必须填写理由。"}
    )


class DisputeForm(StyledFormMixin, forms.Form):
    """The unit disputes a committee entry (双向确认): the reason is required."""

    comment = forms.CharField(label="理由", max_length=500, error_messages={"required": "退回时必须填写理由。"})


class ConfirmForm(StyledFormMixin, forms.Form):
    decision = forms.ChoiceField(label="确认结论", choices=[("confirm", "确认无误"), ("dispute", "有异议，退回")])
    comment = forms.CharField(label="意见", max_length=500, required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == "dispute" and not (data.get("comment") or "").strip():
            self.add_error("comment", "退回时必须填写理由。")
        return data


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="冲销原因", max_length=500)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请填写冲销原因。")
        return reason


class PublicityForm(StyledFormMixin, forms.Form):
    subject_type = forms.ChoiceField(label="积分对象", choices=SUBJECT_TYPES)
    until = forms.DateField(label="统计截至", widget=forms.DateInput(format="%Y-%m-%d"))
    title = forms.CharField(label="标题", max_length=200, required=False)
    objection_days = forms.IntegerField(label="公示期（工作日）", min_value=1, max_value=30, initial=5)
