from django import forms

from core.forms import StyledFormMixin
from orgs.models import Organisation, Person

from .choices_awards import AwardSubject, NominationSource
from .models_awards import AwardType


class AwardTypeForm(StyledFormMixin, forms.ModelForm):
    class Meta:
        model = AwardType
        fields = ["name", "subject", "quota", "description", "position"]
        help_texts = {"quota": "每年最多表彰的个数；不填表示不限", "position": "数字小的排在前面"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["position"].required = False

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写表彰类型名称。")
        return name

    def clean_position(self):
        return self.cleaned_data.get("position") or 0


class NominationForm(StyledFormMixin, forms.Form):
    """A nomination: the award type and year, the nominee (a person, or an organisation for a collective award)."""

    award_type = forms.ModelChoiceField(label="表彰类型", queryset=AwardType.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    person = forms.ModelChoiceField(label="被提名人", queryset=Person.objects.none(), required=False)
    org = forms.ModelChoiceField(label="被提名集体", queryset=Organisation.objects.none(), required=False)
    reason = forms.CharField(label="主要事迹", max_length=2000, widget=forms.Textarea(attrs={"rows": 5}))
    source = forms.ChoiceField(label="提名依据", choices=NominationSource.choices, initial="manual", required=False)
    source_note = forms.CharField(label="依据说明", max_length=200, required=False)

    def __init__(self, *args, types=None, people=None, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        if types is not None:
            self.fields["award_type"].queryset = types
        if people is not None:
            self.fields["person"].queryset = people
        if orgs is not None:
            self.fields["org"].queryset = orgs
        self.fields["person"].help_text = "个人表彰填写"
        self.fields["org"].help_text = "集体表彰填写"

    def clean_source(self):
        return self.cleaned_data.get("source") or NominationSource.MANUAL

    def clean_reason(self):
        text = self.cleaned_data["reason"].strip()
        if not text:
            raise forms.ValidationError("请填写被提名对象的主要事迹。")
        return text

    def clean(self):
        data = super().clean()
        kind, person, org = data.get("award_type"), data.get("person"), data.get("org")
        if kind is None:
            return data
        if kind.subject == AwardSubject.PERSON:
            if person is None:
                self.add_error("person", f"“{kind.name}”表彰个人，请选择被提名人。")
            data["org"] = None
        else:
            if org is None:
                self.add_error("org", f"“{kind.name}”表彰集体，请选择被提名的党组织。")
            data["person"] = None
        return data


class FreezeAwardsForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    title = forms.CharField(label="公示标题", max_length=200, required=False)
    objection_days = forms.IntegerField(label="公示期（工作日）", min_value=1, max_value=30, initial=5)


class ReviewCommentForm(StyledFormMixin, forms.Form):
    """通过: an optional comment."""

    comment = forms.CharField(label="意见", max_length=500, required=False)


class ReviewReturnForm(StyledFormMixin, forms.Form):
    """退回修改 / 不予通过: the reason is required."""

    comment = forms.CharField(
        label="理由", max_length=500, error_messages={"required": "退回或不予通过时必须填写理由。"}
    )
