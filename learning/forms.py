from decimal import Decimal

from django import forms

from core.forms import StyledFormMixin
from orgs.models import Organisation
from records.choices import RECORD_TYPE_LABELS

from .choices import DEFAULT_RECORD_HOURS

# The record types that may credit study hours (学习类): meetings and activities whose content is learning.
LEARNING_TYPES = ["party_lesson", "theme_day", "study", "education", "general_meeting", "group_meeting", "other"]
MAX_HOURS = Decimal("200")


class HourRuleForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(
        label="党委（工委）", queryset=None, error_messages={"invalid_choice": "未找到该党组织。"}
    )
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    member_hours = forms.DecimalField(
        label="党员年度学时要求", min_value=0, max_value=MAX_HOURS, max_digits=5, decimal_places=1
    )
    cadre_hours = forms.DecimalField(
        label="党务干部年度学时要求",
        min_value=0,
        max_value=MAX_HOURS,
        max_digits=5,
        decimal_places=1,
        help_text="支部书记和班子成员",
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        for code in LEARNING_TYPES:
            self.fields[f"record_{code}"] = forms.DecimalField(
                label=f"{RECORD_TYPE_LABELS[code]}（每次）",
                required=False,
                min_value=0,
                max_value=Decimal("24"),
                max_digits=4,
                decimal_places=1,
                help_text="不计学时请留空" if code not in DEFAULT_RECORD_HOURS else "",
            )

    def record_fields(self):
        return [self[f"record_{code}"] for code in LEARNING_TYPES]

    def clean(self):
        cleaned = super().clean()
        cleaned["record_hours"] = {
            code: f"{cleaned[f'record_{code}']:.1f}"
            for code in LEARNING_TYPES
            if cleaned.get(f"record_{code}") not in (None, Decimal("0"))
        }
        return cleaned

    @staticmethod
    def initial_for(rule_or_req, org):
        data = {
            "org": org.pk,
            "year": rule_or_req.year,
            "member_hours": rule_or_req.member_hours,
            "cadre_hours": rule_or_req.cadre_hours,
        }
        for code in LEARNING_TYPES:
            value = (rule_or_req.record_hours or {}).get(code)
            data[f"record_{code}"] = Decimal(str(value)) if value not in (None, "") else None
        return data
