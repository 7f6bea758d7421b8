from django import forms

from core.forms import StyledFormMixin
from core.publicity import DEFAULT_OBJECTION_DAYS


class PublicizeForm(StyledFormMixin, forms.Form):
    """发布公示: the frozen results go public for an objection period in working days."""

    title = forms.CharField(label="公示标题", max_length=200, required=False, help_text="不填则为“<考核名称>结果公示”")
    objection_days = forms.IntegerField(
        label="公示期（工作日）", min_value=1, max_value=30, initial=DEFAULT_OBJECTION_DAYS
    )


class WithdrawForm(StyledFormMixin, forms.Form):
    """撤回公示: why the results go back to review (shown in the log and on the round's page)."""

    reason = forms.CharField(label="撤回理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self):
        text = self.cleaned_data["reason"].strip()
        if not text:
            raise forms.ValidationError("请填写撤回理由。")
        return text
