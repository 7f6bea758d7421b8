"""Forms of the rounds part: a round (create/edit), a self-check (its scheme's sections and a self-score per item)
and one assessor's score. The actions validate with these, so the pages and the API say the same thing."""

import calendar
import datetime
import re
from decimal import Decimal

from django import forms

from core.forms import StyledFormMixin

from . import rules
from .choices import QUARTER_NAMES, Method, RoundKind

QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")
YEAR_RE = re.compile(r"^(\d{4})$")
SECTION_MAX = 5000
REASON_MAX = 500


def quarter_dates(year, quarter):
    first = 3 * (quarter - 1) + 1
    last = first + 2
    return datetime.date(year, first, 1), datetime.date(year, last, calendar.monthrange(year, last)[1])


class RoundForm(StyledFormMixin, forms.Form):
    """考核轮次: what is assessed when, of whom, by whom. The quarter's and the year's dates follow the period."""

    kind = forms.ChoiceField(label="类型", choices=RoundKind.choices, initial=RoundKind.QUARTER)
    period = forms.CharField(
        label="考核期", max_length=12, help_text="季度考核如 2026Q1，年终总评如 2026，专项考核自定编号（如 2026-ZX1）"
    )
    title = forms.CharField(
        label="名称", max_length=100, required=False, help_text="季度考核和年终总评可不填，按考核期命名"
    )
    starts = forms.DateField(label="考核期开始", required=False, help_text="专项考核须填写；季度和年度按考核期自动确定")
    ends = forms.DateField(label="考核期结束", required=False)
    selfcheck_due = forms.DateField(label="自查截止日期", required=False)
    targets = forms.ModelMultipleChoiceField(
        label="考核对象", queryset=None, widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"})
    )
    assessors = forms.ModelMultipleChoiceField(
        label="考核组成员",
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="持有本党组织（或上级）“考核组成员”角色的账号；开始评分前须选定",
    )
    methods = forms.MultipleChoiceField(
        label="考核方式",
        choices=Method.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args, scheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["targets"].queryset = rules.eligible_targets(scheme)
        self.fields["targets"].label_from_instance = lambda o: o.name
        self.fields["assessors"].queryset = rules.eligible_assessors(scheme)
        self.fields["assessors"].label_from_instance = lambda u: (
            f"{u.person.name}（{u.username}）" if u.person_id else u.username
        )

    def clean(self):
        data = super().clean()
        kind, period = data.get("kind"), (data.get("period") or "").strip()
        if not kind or not period:
            return data
        data["period"] = period
        year = self.scheme.year
        if kind == RoundKind.QUARTER:
            m = QUARTER_RE.match(period)
            if not m:
                self.add_error("period", "季度考核的考核期请按 2026Q1 的格式填写（年份加 Q1—Q4）。")
                return data
            if int(m.group(1)) != year:
                self.add_error("period", f"考核期须在方案年度（{year}年）内。")
                return data
            q = int(m.group(2))
            data["starts"], data["ends"] = quarter_dates(year, q)
            data["title"] = data.get("title") or f"{year}年{QUARTER_NAMES[q]}考核"
        elif kind == RoundKind.ANNUAL:
            m = YEAR_RE.match(period)
            if not m:
                self.add_error("period", "年终总评的考核期请填写年份，如 2026。")
                return data
            if int(m.group(1)) != year:
                self.add_error("period", f"考核期须在方案年度（{year}年）内。")
                return data
            data["starts"], data["ends"] = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
            data["title"] = data.get("title") or f"{year}年度考核"
        else:
            if not data.get("title"):
                self.add_error("title", "专项考核请填写名称。")
            if not data.get("starts"):
                self.add_error("starts", "专项考核请填写考核期开始日期。")
            if not data.get("ends"):
                self.add_error("ends", "专项考核请填写考核期结束日期。")
            if data.get("starts") and data.get("ends") and data["ends"] < data["starts"]:
                self.add_error("ends", "考核期结束日期不能早于开始日期。")
        due = data.get("selfcheck_due")
        if due and data.get("starts") and due < data["starts"]:
            self.add_error("selfcheck_due", "自查截止日期不能早于考核期开始日期。")
        return data


class RoundEditForm(RoundForm):
    """The same fields; what a started round may still change is decided by the action (targets only in draft)."""


def section_field(key):
    return f"section_{key}"


def score_field(item_id):
    return f"score_{item_id}"


class SelfCheckForm(StyledFormMixin, forms.Form):
    """自查报告: the scheme's sections (主要做法、亮点特色、存在问题、规划思路 …) and a self-score per item."""

    def __init__(self, *args, sections, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections, self.items = sections, items
        for s in sections:
            self.fields[section_field(s["key"])] = forms.CharField(
                label=s["label"],
                max_length=SECTION_MAX,
                required=False,
                widget=forms.Textarea(attrs={"rows": 4}),
            )
        for item in items:
            field = forms.DecimalField(
                label=f"“{item.name}”的自评分",
                required=False,
                min_value=Decimal(0),
                max_value=item.max_points,
                max_digits=5,
                decimal_places=2,
                widget=forms.NumberInput(attrs={"step": "0.01", "inputmode": "decimal"}),
            )
            field.item = item
            self.fields[score_field(item.pk)] = field

    def sections_data(self):
        return {s["key"]: (self.cleaned_data.get(section_field(s["key"])) or "").strip() for s in self.sections}

    def scores_data(self):
        out = {}
        for item in self.items:
            value = self.cleaned_data.get(score_field(item.pk))
            if value is not None:
                out[item.pk] = value
        return out


class ScoreForm(StyledFormMixin, forms.Form):
    """One assessor's points for one item of one target; the maximum and the reason rule are the action's."""

    points = forms.DecimalField(label="得分", required=False, min_value=Decimal(0), max_digits=5, decimal_places=2)
    reason = forms.CharField(label="扣分理由", max_length=REASON_MAX, required=False)
