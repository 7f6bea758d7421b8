"""Forms of the project budget: a funding line and an expense line (Chinese messages, ISO dates)."""

from decimal import Decimal

from django import forms

from core.dates import today
from core.forms import StyledFormMixin

from .choices import MAX_BUDGET
from .models import FundingSource

AMOUNT_MESSAGES = {
    "max_value": f"金额不能超过{MAX_BUDGET:,}元。",
    "min_value": "金额须大于0元。",
    "max_digits": "金额数字位数过多。",
    "max_decimal_places": "金额最多保留两位小数（分）。",
    "invalid": "金额应为数字，如 1200 或 1200.50。",
    "required": "请填写金额。",
}


def amount_field(label="金额（元）"):
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.01"),
        max_value=MAX_BUDGET,
        max_digits=10,
        decimal_places=2,
        error_messages=AMOUNT_MESSAGES,
    )


class FundingForm(StyledFormMixin, forms.Form):
    source = forms.ChoiceField(
        label="经费来源",
        choices=FundingSource.choices,
        error_messages={"invalid_choice": "经费来源只能是自有经费或创新资助。"},
    )
    amount = amount_field()
    note = forms.CharField(label="说明", max_length=200, required=False)


class ExpenseForm(StyledFormMixin, forms.Form):
    date = forms.DateField(
        label="支出日期",
        error_messages={"invalid": "支出日期格式不对，请按 2026-05-01 填写。", "required": "请填写支出日期。"},
    )
    item = forms.CharField(label="支出事项", max_length=100, error_messages={"required": "请填写支出事项。"})
    source = forms.ChoiceField(
        label="经费来源",
        choices=FundingSource.choices,
        error_messages={"invalid_choice": "经费来源只能是自有经费或创新资助。"},
    )
    amount = amount_field()
    note = forms.CharField(label="备注", max_length=200, required=False)
    confirm_overspend = forms.BooleanField(
        label="我已知晓超支，确认登记",
        required=False,
        help_text="登记后支出合计超出项目经费或该来源的到位金额时，须勾选确认。",
    )

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.project = project

    def clean_item(self):
        item = self.cleaned_data["item"].strip()
        if not item:
            raise forms.ValidationError("请填写支出事项。")
        return item

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > today():
            raise forms.ValidationError("支出日期不能晚于今天。")
        if self.project is not None and self.project.start and date < self.project.start:
            raise forms.ValidationError(f"支出日期不能早于项目开始日期（{self.project.start:%Y-%m-%d}）。")
        return date
