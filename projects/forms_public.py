"""Forms of 四公开, the mass survey, acceptance and awards (Chinese messages; the API validates through these)."""

import re
from decimal import Decimal

from django import forms

from core.dates import today
from core.forms import StyledFormMixin

from .forms import PersonChoiceField
from .models import AwardKind, ClosingReport, Rating

MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}$")
PHONE_MESSAGE = "联系电话应为11位手机号码或带区号的固定电话，如 13812345678、0531-76012345。"
MAX_COUNT = 10_000  # answers of one rating in one paper survey: more is a typo


def clean_phone(value):
    value = re.sub(r"\s", "", value or "")
    if not value:
        return ""
    if MOBILE.match(value.replace("-", "")):
        return value.replace("-", "")
    if LANDLINE.match(value):
        return value
    raise forms.ValidationError(PHONE_MESSAGE)


class DisclosureForm(StyledFormMixin, forms.Form):
    progress = forms.CharField(
        label="完成进度",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "如：已完成入户走访41次，建立服务台账3本。"}),
    )
    effect = forms.CharField(
        label="实施效果",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "如：居民诉求平均办结时间由7天缩短到3天。"}),
    )


class SurveyForm(StyledFormMixin, forms.Form):
    """The public survey: a rating, an optional comment and an optional phone number (one answer per number)."""

    rating = forms.ChoiceField(
        label="您对该项目的评价",
        choices=Rating.choices,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label="意见建议（选填）", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phone = forms.CharField(
        label="手机号码（选填）",
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text="填写后每个号码只能评价一次；号码不会公开。",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rating"].error_messages["required"] = "请选择满意、基本满意或不满意。"
        self.fields["rating"].error_messages["invalid_choice"] = "评价只能是满意、基本满意或不满意。"

    def clean_comment(self):
        return (self.cleaned_data.get("comment") or "").strip()

    def clean_phone(self):
        return clean_phone(self.cleaned_data.get("phone"))


class EntryForm(SurveyForm):
    """One paper answer entered by the organisation's admin (no phone: the paper form carries none)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["phone"]
        self.fields["rating"].label = "评价"
        self.fields["rating"].widget = forms.Select(
            attrs={"class": "form-select"}, choices=[("", "请选择…"), *Rating.choices]
        )


class PaperCountsForm(StyledFormMixin, forms.Form):
    held_on = forms.DateField(label="测评日期")
    satisfied = forms.IntegerField(label="满意（份）", min_value=0, max_value=MAX_COUNT, initial=0)
    basically_satisfied = forms.IntegerField(label="基本满意（份）", min_value=0, max_value=MAX_COUNT, initial=0)
    dissatisfied = forms.IntegerField(label="不满意（份）", min_value=0, max_value=MAX_COUNT, initial=0)
    note = forms.CharField(label="说明", max_length=200, required=False, help_text="如：结题评议会现场测评。")

    def clean_held_on(self):
        held_on = self.cleaned_data["held_on"]
        if held_on > today():
            raise forms.ValidationError("测评日期不能晚于今天。")
        return held_on

    def clean(self):
        data = super().clean()
        counts = [data.get(k) for k in ("satisfied", "basically_satisfied", "dissatisfied")]
        if all(c is not None for c in counts) and sum(counts) == 0:
            raise forms.ValidationError("三项份数不能都是0，请填写各评价的问卷份数。")
        return data


class ClosingReportForm(StyledFormMixin, forms.Form):
    results = forms.CharField(
        label="完成情况与成效（对照预期目标）",
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="逐项对照立项时的预期目标，写明完成了什么、达到什么程度、群众得到什么实惠。",
    )
    goal_met = forms.ChoiceField(
        label="目标达成情况", choices=ClosingReport._meta.get_field("goal_met").choices, initial="met"
    )

    def clean_results(self):
        value = (self.cleaned_data.get("results") or "").strip()
        if len(value) < 10:
            raise forms.ValidationError("完成情况与成效至少要写10个字。")
        return value


class ScorerForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(label="评审人", queryset=None)

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = candidates.select_related("org")
        self.fields["person"].error_messages["invalid_choice"] = (
            "所选人员不能担任评审人：评审人须为本党委（工委）有账号的人员或导师团成员，且不属于项目所在党组织、不是本项目的导师。"
        )


class ScoreForm(StyledFormMixin, forms.Form):
    """One field per criterion (c<id>): a score from 0 to 100, one decimal."""

    comment = forms.CharField(
        label="评审意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for c in self.criteria:
            self.fields[f"c{c.pk}"] = forms.DecimalField(
                label=f"{c.name}（权重{c.weight}%）",
                min_value=Decimal(0),
                max_value=Decimal(100),
                max_digits=4,
                decimal_places=1,
            )
        self.order_fields([*(f"c{c.pk}" for c in self.criteria), "comment"])

    def scores(self):
        return [(c, self.cleaned_data[f"c{c.pk}"]) for c in self.criteria]


class NominateForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="推荐评选", choices=AwardKind.choices)
    citation = forms.CharField(
        label="推荐理由（典型经验）",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="写明项目破解了什么难题、形成了什么可复制的经验；审定后作为经验交流案例发布。",
    )

    def clean_citation(self):
        value = (self.cleaned_data.get("citation") or "").strip()
        if len(value) < 10:
            raise forms.ValidationError("推荐理由至少要写10个字。")
        return value
