"""The form of a 缩略语词条: every write validates through it, so the pages and the API say the same."""

from django import forms

from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation

from .synonyms import Name, key

MAX_EXPANSIONS = 10
MAX_EXPANSION_CHARS = 60


def _no_control(text, label):
    if any(ch < " " and ch not in "\n\t" for ch in text) or "\x7f" in text:
        raise forms.ValidationError(f"{label}里有无法识别的控制字符，请删除后再保存。")


class SynonymForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="所属党委", queryset=Organisation.objects.none())
    term = forms.CharField(label="缩略语", max_length=20, help_text="如：经普")
    expansions = forms.CharField(
        label="全称或其他说法",
        max_length=600,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="每行一种说法，如：经济普查；由几部分组成的说法用顿号分开。",
    )
    note = forms.CharField(label="说明", max_length=200, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        self.fields["org"].error_messages["invalid_choice"] = "所属党委不存在或不在您的管理范围内。"

    def clean_term(self):
        term = " ".join(self.cleaned_data["term"].split())
        _no_control(term, "缩略语")
        if Name.of(term) is None:
            raise forms.ValidationError("请填写缩略语（至少包含一个汉字、字母或数字）。")
        if "=" in term or "＝" in term:
            raise forms.ValidationError("缩略语里不能有等号，全称请填在下面一栏。")
        return term

    def clean_note(self):
        note = self.cleaned_data["note"].strip()
        _no_control(note, "说明")
        return note

    def clean_expansions(self):
        text = self.cleaned_data["expansions"]
        _no_control(text, "全称或其他说法")
        lines, seen = [], set()
        for line in text.splitlines():
            line = " ".join(line.split())
            if not line:
                continue
            if len(line) > MAX_EXPANSION_CHARS:
                raise forms.ValidationError(f"每种说法不超过{MAX_EXPANSION_CHARS}个字：“{line[:12]}…”太长了。")
            name = Name.of(line)
            if name is None:
                raise forms.ValidationError(f"“{line[:12]}”里没有汉字、字母或数字。")
            if name.parts in seen:
                raise forms.ValidationError(f"“{line}”重复填写了，请删去一行。")
            seen.add(name.parts)
            lines.append(line)
        if not lines:
            raise forms.ValidationError("请至少填写一种全称或其他说法。")
        if len(lines) > MAX_EXPANSIONS:
            raise forms.ValidationError(f"一条缩略语最多填写{MAX_EXPANSIONS}种说法。")
        return "\n".join(lines)

    def clean(self):
        data = super().clean()
        term, text = data.get("term"), data.get("expansions")
        if term and text and any(key(line) == key(term) for line in text.splitlines()):
            self.add_error("expansions", "缩略语不能作为自己的全称，请填写它代表的完整说法。")
        return data
