"""Forms of 通知公告: a notice (draft or published at once) and the receipt a recipient fills when she signs.
Pages and the API validate through them, so both say the same thing."""

from django import forms

from core.forms import StyledFormMixin
from orgs.choices import CATEGORIES
from orgs.models import Organisation

from .models_notices import DEFAULT_REMIND_DAYS, Audience

MAX_RECEIPT_FIELDS = 10
MAX_LABEL = 30
MAX_ANSWER = 500
MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10


class NoticeForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="发布组织", queryset=None, error_messages={"invalid_choice": "未找到该党组织。"})
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="正文", max_length=20000, widget=forms.Textarea(attrs={"rows": 8}))
    audience = forms.ChoiceField(
        label="发送范围",
        choices=Audience.choices,
        initial=Audience.ALL,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        help_text="党务干部：在党组织中担任职务的人员",
    )
    categories = forms.MultipleChoiceField(
        label="人员类别",
        choices=CATEGORIES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="发送范围为“指定人员类别”时选择",
    )
    receipt_fields = forms.CharField(
        label="回执项目",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=f"每行一项，签收时须填写；不填则只需签收。最多{MAX_RECEIPT_FIELDS}项",
    )
    remind_days = forms.IntegerField(
        label="提醒期限（工作日）",
        min_value=1,
        max_value=30,
        initial=DEFAULT_REMIND_DAYS,
        help_text="发布后满这么多个工作日仍未签收的提醒本人，满两倍时提醒所在党支部书记",
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()

    def clean_receipt_fields(self):
        raw = self.cleaned_data.get("receipt_fields") or ""
        if isinstance(raw, list | tuple):
            lines = [str(x) for x in raw]
        else:
            lines = str(raw).splitlines()
        labels = []
        for line in lines:
            label = line.strip()
            if not label:
                continue
            if len(label) > MAX_LABEL:
                raise forms.ValidationError(f"回执项目“{label[:10]}…”不能超过{MAX_LABEL}个字。")
            if label in labels:
                raise forms.ValidationError(f"回执项目“{label}”重复了。")
            labels.append(label)
        if len(labels) > MAX_RECEIPT_FIELDS:
            raise forms.ValidationError(f"回执项目最多{MAX_RECEIPT_FIELDS}项（现在有{len(labels)}项）。")
        return labels

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("audience") == Audience.CATEGORIES and not cleaned.get("categories"):
            self.add_error("categories", "发送范围为“指定人员类别”时，请至少选择一类人员。")
        if cleaned.get("audience") != Audience.CATEGORIES:
            cleaned["categories"] = []
        return cleaned

    @staticmethod
    def initial_for(notice):
        return {
            "org": notice.org_id,
            "title": notice.title,
            "body": notice.body,
            "audience": notice.audience,
            "categories": notice.category_list,
            "receipt_fields": "\n".join(notice.receipt_fields),
            "remind_days": notice.remind_days,
        }


class ReceiptForm(StyledFormMixin, forms.Form):
    """回执: one text field per receipt item of the notice (`r0`, `r1` …), each required."""

    def __init__(self, *args, labels=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.labels = list(labels)
        for i, label in enumerate(self.labels):
            self.fields[f"r{i}"] = forms.CharField(label=label, max_length=MAX_ANSWER)

    @classmethod
    def data_from_receipt(cls, labels, receipt):
        """The form data of an API receipt `{label: value}`: an unknown label is refused by the caller."""
        index = {label: i for i, label in enumerate(labels)}
        return {f"r{index[k]}": v for k, v in receipt.items() if k in index}

    def receipt(self):
        return {label: self.cleaned_data[f"r{i}"].strip() for i, label in enumerate(self.labels)}
