"""Forms of 群众测评 (the API validates through the same forms, so both say the same thing)."""

from django import forms

from core.dates import today
from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation, Person

from .models import Round
from .models_mass import MassKind

MAX_CODES_PER_ISSUE = 2000


class RoundChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}（{obj.scheme.org.name}）"


class MassSurveyForm(StyledFormMixin, forms.Form):
    """A survey; `org` and `kind` only when it is created (its subjects depend on them)."""

    org = OrgChoiceField(label="组织测评的党委（工委）", queryset=Organisation.objects.none())
    kind = forms.ChoiceField(label="测评类型", choices=[("", "请选择…"), *MassKind.choices])
    round = RoundChoiceField(
        label="考核轮次",
        queryset=Round.objects.none(),
        required=False,
        help_text="满意度测评可取本轮的考核对象；星级党支部群众评议可取本轮评出的星级党支部",
    )
    title = forms.CharField(label="名称", max_length=100)
    intro = forms.CharField(
        label="测评说明",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "显示在扫码后的测评页上，例如测评的目的和要求。"}),
    )
    opens = forms.DateField(label="开始日期")
    closes = forms.DateField(label="截止日期")

    def __init__(self, *args, orgs=None, rounds=None, creating=True, **kwargs):
        super().__init__(*args, **kwargs)
        if creating:
            self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
            self.fields["org"].error_messages["invalid_choice"] = "所选党委不存在，或您不能为它组织群众测评。"
            self.fields["kind"].error_messages["invalid_choice"] = "没有这种测评类型。"
        else:
            del self.fields["org"], self.fields["kind"]
        self.fields["round"].queryset = (rounds if rounds is not None else Round.objects.none()).select_related(
            "scheme__org"
        )
        self.fields["round"].error_messages["invalid_choice"] = "所选考核轮次不存在，或不属于该党委的考核方案。"
        if not self.is_bound:
            self.initial.setdefault("opens", today())

    def clean_title(self):
        title = (self.cleaned_data.get("title") or "").strip()
        if not title:
            raise forms.ValidationError("请填写名称。")
        return title

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens"), data.get("closes")
        if opens and closes and closes < opens:
            self.add_error("closes", "截止日期不能早于开始日期。")
        if opens and closes and (closes - opens).days > 366:
            self.add_error("closes", "一次测评最长一年，请缩短测评期。")
        org, r = data.get("org"), data.get("round")
        if org is not None and r is not None and r.scheme.org_id != org.pk:
            self.add_error("round", "所选考核轮次不属于该党委的考核方案。")
        return data


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.org.name}）"  # namesakes told apart by their branch


class IssueCodesForm(StyledFormMixin, forms.Form):
    count = forms.IntegerField(
        label="生成数量",
        min_value=1,
        max_value=MAX_CODES_PER_ISSUE,
        help_text=f"每次1至{MAX_CODES_PER_ISSUE}张，每张纸条一个测评码，只能使用一次",
    )


SUBJECT_SOURCES = [
    ("targets", "本轮考核对象"),
    ("stars", "本轮星级党支部"),
    ("orgs", "选择党组织"),
    ("people", "选择党员"),
]


class SubjectsForm(StyledFormMixin, forms.Form):
    """Add subjects: a round's targets or its star organisations in one click, or organisations / people."""

    source = forms.ChoiceField(label="来源", choices=SUBJECT_SOURCES)
    min_stars = forms.IntegerField(label="最低星级", min_value=1, max_value=5, required=False)
    orgs = forms.ModelMultipleChoiceField(
        label="党组织",
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    people = PeopleChoiceField(
        label="党员", queryset=Person.objects.none(), required=False, widget=forms.SelectMultiple(attrs={"size": 8})
    )

    def __init__(self, *args, orgs=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if orgs is not None:
            self.fields["orgs"].queryset = orgs
        if people is not None:
            self.fields["people"].queryset = people
        self.fields["source"].error_messages["invalid_choice"] = "没有这个来源。"
        self.fields["orgs"].error_messages["invalid_choice"] = "所选党组织不存在，或不在本党委范围内。"
        self.fields["orgs"].error_messages["invalid_pk_value"] = "所选党组织不存在，或不在本党委范围内。"
        self.fields["people"].error_messages["invalid_choice"] = "所选党员不存在，或不在本党委范围内。"
        self.fields["people"].error_messages["invalid_pk_value"] = "所选党员不存在，或不在本党委范围内。"
