"""Forms of 党建动态: the item (pages and the API validate with the same form) and the review's reason/comment."""

from django import forms

from core import dates
from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation

MAX_TITLE = 100
MAX_BODY = 20000
MAX_PHOTOS = 9
MAX_PHOTO_BYTES = 8 * 1024 * 1024
PHOTO_TYPES = frozenset({"jpg", "png", "gif", "webp"})


class NewsForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="党组织", queryset=Organisation.objects.none())
    title = forms.CharField(label="标题", max_length=MAX_TITLE)
    date = forms.DateField(label="日期", widget=forms.DateInput(), help_text="动态所记述活动的日期")
    body = forms.CharField(label="正文", max_length=MAX_BODY, widget=forms.Textarea(attrs={"rows": 10}))
    occurrence = forms.TypedChoiceField(
        label="完成宣传报道事项",
        required=False,
        coerce=int,
        empty_value=None,
        help_text="发布后自动登记为本组织年度清单中该宣传报道节点的完成情况；撤稿时撤销。",
    )

    def __init__(self, *args, orgs=None, occurrences=None, **kwargs):
        """`orgs`: the organisations the writer may choose; `occurrences`: {org id: [(id, label)]} of the open
        宣传报道 time nodes (from the plans module, when installed), offered for the chosen organisation."""
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        self.fields["org"].error_messages["invalid_choice"] = "所选党组织不存在或不在您的管理范围内。"
        self.occurrences = occurrences or {}
        choices = [(i, label) for options in self.occurrences.values() for i, label in options]
        if occurrences is None:
            del self.fields["occurrence"]
        else:
            self.fields["occurrence"].choices = [("", "不关联"), *choices]
            self.fields["occurrence"].error_messages["invalid_choice"] = "所选宣传报道节点不存在或已完成，请重新选择。"

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("请填写标题。")
        return title

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError("请填写正文。")
        return body

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > dates.today():
            raise forms.ValidationError("日期不能晚于今天。")
        if date.year < 2000:
            raise forms.ValidationError("日期不能早于2000年。")
        return date

    def clean(self):
        cleaned = super().clean()
        org, occ = cleaned.get("org"), cleaned.get("occurrence")
        if org is not None and occ is not None:
            labels = dict(self.occurrences.get(org.pk, []))
            if occ not in labels:
                self.add_error("occurrence", "所选宣传报道节点不属于该党组织，请重新选择。")
            else:
                cleaned["occurrence_label"] = labels[occ]
        return cleaned


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="理由", max_length=200)

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请填写理由。")
        return reason


class CommentForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(label="审核意见", max_length=200, required=False)
