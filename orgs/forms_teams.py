"""Forms of 班组/科室: every action validates through one of these, so the pages and the API say the same."""

from django import forms

from core.forms import StyledFormMixin

from .forms import OrgChoiceField
from .models import Organisation, Person
from .models_teams import TEAM_KINDS, Team


class TeamForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="所属党组织", queryset=Organisation.objects.none())
    name = forms.CharField(label="名称", max_length=100)
    kind = forms.ChoiceField(label="类别", choices=TEAM_KINDS)
    front_line = forms.BooleanField(label="一线班组", required=False, help_text="生产、服务一线的班组")

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        self.fields["org"].error_messages["invalid_choice"] = "所属党组织不存在或不在您的管理范围内。"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写名称。")
        return name

    def clean_org(self):
        org = self.cleaned_data["org"]
        if not org.unit.strip():
            raise forms.ValidationError(f"{org.name}未登记所在单位，请先在组织架构中填写所在单位。")
        return org


class TeamPeopleForm(StyledFormMixin, forms.Form):
    people = forms.ModelMultipleChoiceField(label="人员", queryset=Person.objects.none())

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["people"].queryset = people if people is not None else Person.objects.none()
        self.fields["people"].error_messages["invalid_choice"] = "所选人员不存在或不在本单位党组织的范围内。"


class PersonTeamForm(StyledFormMixin, forms.Form):
    team = forms.ModelChoiceField(label="班组/科室", queryset=Team.objects.none(), required=False)

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = teams if teams is not None else Team.objects.none()
        self.fields["team"].error_messages["invalid_choice"] = "所选班组/科室不存在或不在您的管理范围内。"
        self.fields["team"].empty_label = "（不属于任何班组/科室）"


class TeamGroupsForm(StyledFormMixin, forms.Form):
    groups = forms.ModelMultipleChoiceField(
        label="覆盖党小组",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["groups"].queryset = groups if groups is not None else Organisation.objects.none()
        self.fields["groups"].error_messages["invalid_choice"] = "所选党小组不存在或不在本单位党组织的范围内。"
