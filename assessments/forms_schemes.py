"""Forms of 考核方案: the scheme (with its star thresholds and self-check sections) and its items."""

import itertools
import re
from decimal import Decimal

from django import forms

from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation

from . import sources
from .choices import DEFAULT_SELFCHECK_SECTIONS, MAX_STARS, Method

MAX_SECTIONS = 20
SECTION_KEY = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
STAR_FIELDS = [(n, f"star_{n}") for n in range(MAX_STARS, 0, -1)]
DEFAULT_KEYS = {s["label"]: s["key"] for s in DEFAULT_SELFCHECK_SECTIONS}


def clean_stars(rows):
    """[{"stars", "min"}] checked: levels 1..5 once each, minimum scores 0..100 rising with the level."""
    if not isinstance(rows, list):
        raise forms.ValidationError('星级标准应为列表，如 [{"stars": 5, "min": 90}]。')
    out = {}
    for row in rows:
        if not isinstance(row, dict) or "stars" not in row or "min" not in row:
            raise forms.ValidationError("每条星级标准须写明星级（stars）和最低得分（min）。")
        try:
            stars = int(row["stars"])
            low = Decimal(str(row["min"]))
        except (TypeError, ValueError, ArithmeticError):
            raise forms.ValidationError("星级应为1到5的整数，最低得分应为数字。") from None
        if not 1 <= stars <= MAX_STARS:
            raise forms.ValidationError(f"星级应为1到{MAX_STARS}的整数（现在是{stars}）。")
        if not low.is_finite() or not Decimal(0) <= low <= Decimal(100) or low != low.quantize(Decimal("0.01")):
            raise forms.ValidationError(f"{stars}星的最低得分应在0到100分之间，最多两位小数。")
        if stars in out:
            raise forms.ValidationError(f"{stars}星的标准重复了。")
        out[stars] = low
    ordered = sorted(out.items(), reverse=True)
    for (hi, hi_min), (lo, lo_min) in itertools.pairwise(ordered):
        if hi_min <= lo_min:
            raise forms.ValidationError(
                f"{hi}星的最低得分（{sources.shown(hi_min)}分）应高于{lo}星的（{sources.shown(lo_min)}分）。"
            )
    return [{"stars": s, "min": m.quantize(Decimal("0.01"))} for s, m in ordered]


def clean_sections(rows):
    """[{"key", "label"}] checked: at least one, keys unique lower-case words, labels unique and short."""
    if not isinstance(rows, list):
        raise forms.ValidationError('自查报告栏目应为列表，如 [{"key": "practices", "label": "主要做法"}]。')
    if not rows:
        raise forms.ValidationError("自查报告至少要有一个栏目。")
    if len(rows) > MAX_SECTIONS:
        raise forms.ValidationError(f"自查报告栏目最多{MAX_SECTIONS}个。")
    keys, labels, out = set(), set(), []
    for row in rows:
        if not isinstance(row, dict):
            raise forms.ValidationError("每个栏目须写明代码（key）和名称（label）。")
        key, label = str(row.get("key") or "").strip(), str(row.get("label") or "").strip()
        if not label:
            raise forms.ValidationError("栏目名称不能为空。")
        if len(label) > 30:
            raise forms.ValidationError(f"栏目名称“{label[:30]}…”超过30个字。")
        if not SECTION_KEY.match(key):
            raise forms.ValidationError(f"栏目“{label}”的代码应为小写英文字母开头的字母、数字或下划线。")
        if key in keys or label in labels:
            raise forms.ValidationError(f"栏目“{label}”重复了。")
        keys.add(key)
        labels.add(label)
        out.append({"key": key, "label": label})
    return out


def sections_from_lines(text, current=()):
    """The page's textarea (one label a line) as sections: a label keeps its key, new ones get s1, s2 …"""
    known = {s["label"]: s["key"] for s in current} | DEFAULT_KEYS
    out, used = [], set()
    for line in (text or "").splitlines():
        label = line.strip()
        if not label:
            continue
        key = known.get(label)
        if key is None or key in used:
            n = 1
            while f"s{n}" in used or f"s{n}" in known.values():
                n += 1
            key = f"s{n}"
        used.add(key)
        out.append({"key": key, "label": label})
    return out


class SchemeForm(StyledFormMixin, forms.Form):
    """The scheme as the page shows it; the API sends `stars` and `selfcheck_sections` as lists instead."""

    org = OrgChoiceField(label="制定单位", queryset=Organisation.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="方案名称", max_length=100)
    description = forms.CharField(
        label="说明", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    star_5 = forms.DecimalField(label="五星最低得分", max_digits=5, decimal_places=2, required=False)
    star_4 = forms.DecimalField(label="四星最低得分", max_digits=5, decimal_places=2, required=False)
    star_3 = forms.DecimalField(label="三星最低得分", max_digits=5, decimal_places=2, required=False)
    star_2 = forms.DecimalField(label="二星最低得分", max_digits=5, decimal_places=2, required=False)
    star_1 = forms.DecimalField(label="一星最低得分", max_digits=5, decimal_places=2, required=False)
    sections = forms.CharField(
        label="自查报告栏目",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一个栏目，如：主要做法、亮点特色、存在问题、规划思路",
    )

    def __init__(self, *args, orgs=None, current_sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.current_sections = list(current_sections)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        self.fields["org"].error_messages["invalid_choice"] = "考核方案只能由您管理的党委（工委）制定。"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写方案名称。")
        return name

    def clean(self):
        data = super().clean()
        rows = [{"stars": n, "min": data[f]} for n, f in STAR_FIELDS if data.get(f) is not None]
        try:
            data["stars"] = clean_stars(rows)
        except forms.ValidationError as e:
            self.add_error(next((f for _n, f in STAR_FIELDS if data.get(f) is not None), "star_5"), e)
        if "sections" in data:
            try:
                data["selfcheck_sections"] = clean_sections(
                    sections_from_lines(data["sections"], self.current_sections)
                )
            except forms.ValidationError as e:
                self.add_error("sections", e)
        return data


class AnyField(forms.Field):
    """A JSON value as the API sent it (a list or an object), checked by the form's clean_<field>."""

    def to_python(self, value):
        return value


class SchemeDataForm(StyledFormMixin, forms.Form):
    """The scheme as the API sends it (stars and sections as lists); the same checks as the page."""

    org = OrgChoiceField(label="制定单位", queryset=Organisation.objects.none())
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    name = forms.CharField(label="方案名称", max_length=100)
    description = forms.CharField(label="说明", max_length=2000, required=False)
    stars = AnyField(label="星级标准", required=False)
    selfcheck_sections = AnyField(label="自查报告栏目", required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        self.fields["org"].error_messages["invalid_choice"] = "考核方案只能由您管理的党委（工委）制定。"

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写方案名称。")
        return name

    def clean_stars(self):
        return clean_stars(self.cleaned_data.get("stars") or [])

    def clean_selfcheck_sections(self):
        value = self.cleaned_data.get("selfcheck_sections")
        return clean_sections(DEFAULT_SELFCHECK_SECTIONS if value in (None, "") else value)


class CloneForm(StyledFormMixin, forms.Form):
    year = forms.IntegerField(label="新方案年度", min_value=2000, max_value=2100)
    name = forms.CharField(
        label="新方案名称", max_length=100, required=False, help_text="留空则把原名称中的年份换成新年度"
    )


class ItemForm(StyledFormMixin, forms.Form):
    """考核项目. A 网站汇总 item may name a measure (数据来源) and the formula turning it into points."""

    category = forms.CharField(
        label="类别", max_length=50, help_text="如：党建、宣传、党风廉政；新类别在第一次使用时建立"
    )
    name = forms.CharField(label="考核内容", max_length=200)
    standard = forms.CharField(
        label="考核标准", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    max_points = forms.DecimalField(
        label="分值", max_digits=5, decimal_places=2, min_value=Decimal("0.01"), max_value=Decimal(100)
    )
    method = forms.ChoiceField(label="考核方式", choices=Method.choices, initial=Method.DOCUMENTS)
    veto = forms.BooleanField(label="一票否决", required=False, help_text="未达标时星级封顶，无论得分多少")
    veto_cap = forms.IntegerField(
        label="否决后最高星级", min_value=0, max_value=MAX_STARS - 1, required=False, help_text="0 表示不评星"
    )
    source = forms.ChoiceField(label="数据来源", required=False, help_text="网站汇总项目可按平台数据自动计分")
    formula_zero = forms.DecimalField(
        label="计0分的数值", max_digits=10, decimal_places=2, required=False, help_text="留空用该数据来源的默认值"
    )
    formula_full = forms.DecimalField(
        label="计满分的数值", max_digits=10, decimal_places=2, required=False, help_text="留空用该数据来源的默认值"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", "不自动计分"), *sources.choices()]
        self.fields["source"].error_messages["invalid_choice"] = "没有这个数据来源。"

    def clean(self):
        data = super().clean()
        for f in ("category", "name"):
            if f in data:
                data[f] = data[f].strip()
                if not data[f]:
                    self.add_error(f, f"请填写{self.fields[f].label}。")
        if data.get("veto"):
            if data.get("veto_cap") is None:
                data["veto_cap"] = 0
        else:
            data["veto_cap"] = 0
        source = data.get("source") or ""
        formula = {}
        if source:
            measure = sources.get(source)
            methods = measure.methods if measure is not None else (Method.PLATFORM,)
            if data.get("method") and data["method"] not in methods:
                allowed = "或".join(f"“{Method(m).label}”" for m in methods)
                self.add_error("source", f"按数据来源自动计分的项目，考核方式应为{allowed}。")
            zero, full = data.get("formula_zero"), data.get("formula_full")
            if measure is not None:
                if (zero if zero is not None else measure.zero) == (full if full is not None else measure.full):
                    self.add_error("formula_full", "计满分的数值不能等于计0分的数值。")
            formula = {k: f"{v.normalize():f}" for k, v in (("zero", zero), ("full", full)) if v is not None}
        data["formula"] = formula
        return data
