from django import forms

from core import dates
from core.forms import StyledFormMixin

from . import idnumber
from .choices import ETHNICITIES, ORG_KINDS, POSITION_TITLES
from .models import Organisation, Person


class OrgChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return ("　" * (obj.depth - 1)) + obj.name


class OrganisationForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=ORG_KINDS)
    parent = OrgChoiceField(label="上级组织", queryset=Organisation.objects.none(), required=False)
    unit = forms.CharField(label="所在单位", max_length=100, required=False)

    def __init__(self, *args, parents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else Organisation.objects.all()
        self.fields["parent"].error_messages["invalid_choice"] = "上级组织不存在或不在您的管理范围内。"


class PersonForm(StyledFormMixin, forms.ModelForm):
    # Room for the spaces or hyphens of a pasted number: they are removed before the 18 characters are checked.
    id_number = forms.CharField(label="身份证号", max_length=30, required=False, help_text="18位，保存后只显示脱敏号码")

    class Meta:
        model = Person
        fields = [
            "name",
            "gender",
            "ethnicity",
            "birth_date",
            "phone",
            "education",
            "joined_on",
            "full_member_on",
            "category",
            "org",
            "group",
            "status",
        ]
        widgets = {
            "birth_date": forms.DateInput(),
            "joined_on": forms.DateInput(),
            "full_member_on": forms.DateInput(),
        }

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = orgs if orgs is not None else Organisation.objects.all()
        self.fields["org"] = OrgChoiceField(label="所在党组织", queryset=orgs.exclude(kind="group"))
        self.fields["group"] = OrgChoiceField(label="所在党小组", queryset=orgs.filter(kind="group"), required=False)
        for name in ("org", "group"):
            self.fields[name].error_messages["invalid_choice"] = "所选组织不存在或不在您的管理范围内。"
        self.fields["ethnicity"].required = False
        if self.instance.pk and self.instance.id_number_masked:
            self.fields["id_number"].help_text = f"已登记：{self.instance.id_number_masked}；留空表示不修改"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写姓名。")
        return name

    def clean_ethnicity(self):
        value = (self.cleaned_data.get("ethnicity") or "汉族").strip()
        if value not in ETHNICITIES:
            raise forms.ValidationError("民族应为56个民族之一的规范名称，例如“汉族”。")
        return value

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        if value and not (value.replace("-", "").isdigit() and 7 <= len(value) <= 20):
            raise forms.ValidationError("联系电话只能包含数字和“-”。")
        return value

    def clean_id_number(self):
        value = self.cleaned_data.get("id_number", "")
        if not value:
            return ""
        try:
            number, birth, gender = idnumber.parse(value)
        except idnumber.IdNumberError as e:
            raise forms.ValidationError(str(e))
        self._id_birth, self._id_gender = birth, gender
        return number

    def clean(self):
        data = super().clean()
        today = dates.today()
        birth = data.get("birth_date")
        if getattr(self, "_id_birth", None):
            if birth and birth != self._id_birth:
                self.add_error("birth_date", "出生日期与身份证号不一致。")
            elif not birth:
                data["birth_date"] = self._id_birth
            if data.get("gender") and data["gender"] != self._id_gender:
                self.add_error("gender", "性别与身份证号不一致。")
        for field in ("birth_date", "joined_on", "full_member_on"):
            d = data.get(field)
            if d and (d > today or d.year < 1900):
                self.add_error(field, "日期不合理：不能晚于今天，也不能早于1900年。")
        joined, full = data.get("joined_on"), data.get("full_member_on")
        if joined and full and full < joined:
            self.add_error("full_member_on", "转正日期不能早于入党日期。")
        birth = data.get("birth_date")
        if birth and joined and joined.year - birth.year < 18:
            self.add_error("joined_on", "入党时应年满十八岁。")
        group, org = data.get("group"), data.get("org")
        if group and org and not group.path.startswith(org.path):
            self.add_error("group", "党小组必须属于所在党支部。")
        return data


class PositionForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(label="人员", queryset=Person.objects.none())
    title = forms.ChoiceField(label="职务", choices=POSITION_TITLES)
    started_on = forms.DateField(label="任职日期", required=False, widget=forms.DateInput())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people if people is not None else Person.objects.none()
        self.fields["person"].error_messages["invalid_choice"] = "人员不存在或不在您的管理范围内。"


class TransferForm(StyledFormMixin, forms.Form):
    to_org = OrgChoiceField(label="转入组织", queryset=Organisation.objects.none())
    transferred_on = forms.DateField(label="转接日期", widget=forms.DateInput())
    reason = forms.CharField(label="原因", max_length=200, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_org"].queryset = (orgs if orgs is not None else Organisation.objects.none()).exclude(
            kind="group"
        )
        self.fields["to_org"].error_messages["invalid_choice"] = "转入组织不存在或不在您的管理范围内。"
