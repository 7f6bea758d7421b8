from django import forms

from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation, Person

from .choices import CATEGORIES, OBLIGATIONS, RECURRENCES

try:  # records owns the type list; plans only reads it
    from records.choices import RECORD_TYPES
except ImportError:  # pragma: no cover
    RECORD_TYPES = []

DAY_ERRORS = {"min_value": "日应在1到31之间。", "max_value": "日应在1到31之间。", "invalid": "日应为整数。"}
MONTH_ERRORS = {
    "min_value": "月份应在1到12之间。",
    "max_value": "月份应在1到12之间。",
    "invalid": "月份应为整数。",
}


class PlanForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="党组织", queryset=Organisation.objects.none())
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": "年度应在2000到2100之间。", "max_value": "年度应在2000到2100之间。"},
    )
    title = forms.CharField(label="名称", max_length=200)
    source = forms.CharField(
        label="依据文件",
        max_length=300,
        required=False,
        help_text="例如：《2026年度钢城区直部门单位党组（党委）履行机关党建主体责任清单》",
    )
    source_file = forms.FileField(label="依据文件附件", required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (orgs if orgs is not None else Organisation.objects.none()).exclude(kind="group")
        self.fields["org"].error_messages["invalid_choice"] = "党组织不存在或不在您的管理范围内。"

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("请填写清单名称。")
        return title

    def clean_source_file(self):
        """The source document is checked by its content and kept as (bytes, ext) for a random-name save."""
        f = self.cleaned_data.get("source_file")
        if not f:
            return None
        from core import uploads
        from core.errors import ActionError

        try:
            uploads.check_size(f.name, f.size, max_bytes=20 * 1024 * 1024)
            data = f.read()
            ext, _type, _kind = uploads.validate(f.name, data, max_bytes=20 * 1024 * 1024)
        except ActionError as e:
            raise forms.ValidationError(e.detail)
        return data, ext


class ItemForm(StyledFormMixin, forms.Form):
    category = forms.CharField(label="分类", max_length=30, help_text="如：" + "、".join(CATEGORIES))
    title = forms.CharField(label="要求干什么", max_length=200)
    due = forms.DateField(
        label="截止日期",
        required=False,
        widget=forms.DateInput(),
    )
    month = forms.IntegerField(
        label="月份",
        required=False,
        min_value=1,
        max_value=12,
        error_messages=MONTH_ERRORS,
        help_text="只定月份、不定具体日期时填写；周期为每季度/每年时表示第几个月",
    )
    recurrence = forms.ChoiceField(
        label="周期",
        required=False,
        choices=[("", "不重复"), *RECURRENCES],
        error_messages={"invalid_choice": "周期只能是不重复、每月、每季度或每年。"},
    )
    day = forms.IntegerField(label="日", required=False, min_value=1, max_value=31, error_messages=DAY_ERRORS)
    start_time = forms.TimeField(
        label="开始时间",
        required=False,
        widget=forms.TimeInput(),
    )
    place = forms.CharField(label="地点", max_length=100, required=False)
    method = forms.CharField(label="怎么干", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2}))
    standard = forms.CharField(
        label="干到什么样子", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 2})
    )
    record_type = forms.ChoiceField(
        label="对应记录类型",
        required=False,
        choices=[("", "（非会议类，以说明完成）"), *RECORD_TYPES],
        error_messages={"invalid_choice": "记录类型不存在。"},
    )
    owners = forms.ModelMultipleChoiceField(
        label="责任人",
        required=False,
        queryset=Person.objects.none(),
        error_messages={
            "invalid_choice": "责任人须是本组织的在册人员。",
            "invalid_pk_value": "责任人编号无效。",
        },
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        if plan is not None:
            self.fields["owners"].queryset = Person.objects.filter(org__path__startswith=plan.org.path).active()

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("请填写工作事项。")
        return title

    def clean_category(self):
        value = self.cleaned_data["category"].strip()
        if not value:
            raise forms.ValidationError("请填写分类。")
        return value

    def clean(self):
        data = super().clean()
        due, month, recurrence, day = (data.get(k) for k in ("due", "month", "recurrence", "day"))
        if any(k in self.errors for k in ("due", "month", "recurrence", "day")):
            return data
        year = self.plan.year if self.plan else None
        if recurrence:
            if due:
                self.add_error("due", "设置了周期就不能再填截止日期。")
            if day is None:
                self.add_error("day", "周期事项须填写在哪一天（1到31）。")
            if recurrence == "monthly" and month:
                self.add_error("month", "每月事项不需要填写月份。")
            if recurrence == "quarterly" and month and month > 3:
                self.add_error("month", "每季度事项的月份表示季度内第几个月，应为1到3。")
        elif due:
            if month:
                self.add_error("month", "截止日期和月份只填一项。")
            if year and due.year != year:
                self.add_error("due", f"截止日期须在计划年度（{year}年）内。")
        elif not month:
            self.add_error("due", "请填写时间要求：截止日期、月份或周期三选一。")
        if day is not None and not recurrence:
            self.add_error("day", "只有周期事项才填写“日”。")
        return data


class ClaimForm(StyledFormMixin, forms.Form):
    note = forms.CharField(label="认领说明", max_length=200, required=False)


class DecisionForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="理由", max_length=200, required=False)


class AssignForm(StyledFormMixin, forms.Form):
    person = forms.ModelChoiceField(
        label="指派给",
        queryset=Person.objects.none(),
        empty_label="选择人员…",
        error_messages={"required": "请选择要指派的人员。", "invalid_choice": "只能指派本组织的在册人员。"},
    )

    def __init__(self, *args, plan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if plan is not None:
            self.fields["person"].queryset = Person.objects.filter(org__path__startswith=plan.org.path).active()


class CompleteForm(StyledFormMixin, forms.Form):
    record = forms.IntegerField(
        label="关联活动记录编号",
        required=False,
        min_value=1,
        error_messages={"invalid": "记录编号应为整数。", "min_value": "记录编号无效。"},
    )
    completed_on = forms.DateField(
        label="完成日期",
        required=False,
        widget=forms.DateInput(),
    )
    note = forms.CharField(label="完成说明", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3}))


class CloneForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="复制到党组织", queryset=Organisation.objects.none())
    year = forms.IntegerField(
        label="年度",
        min_value=2000,
        max_value=2100,
        error_messages={"min_value": "年度应在2000到2100之间。", "max_value": "年度应在2000到2100之间。"},
    )
    title = forms.CharField(label="新清单名称", max_length=200, required=False)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (orgs if orgs is not None else Organisation.objects.none()).exclude(kind="group")
        self.fields["org"].error_messages["invalid_choice"] = "党组织不存在或不在您的管理范围内。"


class RuleForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="适用范围", queryset=Organisation.objects.none())
    org_kind = forms.ChoiceField(label="组织类型", choices=[("branch", "党支部"), ("general_branch", "党总支")])
    obligation = forms.ChoiceField(
        label="组织生活", choices=OBLIGATIONS, error_messages={"invalid_choice": "组织生活类型不存在。"}
    )
    frequency = forms.ChoiceField(
        label="频次", choices=RECURRENCES, error_messages={"invalid_choice": "频次应为每月、每季度或每年。"}
    )
    per_group = forms.BooleanField(label="按党小组分别检查", required=False)
    source = forms.CharField(label="依据", max_length=300)
    active = forms.BooleanField(label="启用", required=False, initial=True)

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = (orgs if orgs is not None else Organisation.objects.none()).exclude(kind="group")
        self.fields["org"].error_messages["invalid_choice"] = "党组织不存在或不在您的管理范围内。"
