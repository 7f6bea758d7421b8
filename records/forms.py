from django import forms
from django.db.models import Q

from core import dates
from core.forms import StyledFormMixin
from orgs.forms import OrgChoiceField
from orgs.models import Organisation, Person

from . import attendance
from .choices import ANNUAL_TYPES, RECORD_TYPE_LABELS, RECORD_TYPES, default_for_year

MAX_TEXT = 50000
RECORD_TYPES_ORDER = [c for c, _label in RECORD_TYPES]


def people_of(org):
    """The people a record of `org` may name: members of its subtree, or of the party group."""
    if org is None:
        return Person.objects.none()
    return (
        Person.objects.filter(status="active")
        .filter(Q(org__path__startswith=org.path) | Q(group__path__startswith=org.path))
        .order_by("name", "id")
    )


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class RecordForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="党组织", queryset=Organisation.objects.none())
    type = forms.ChoiceField(label="类型", choices=RECORD_TYPES)
    also_counts_as = forms.MultipleChoiceField(
        label="同时计为",
        choices=RECORD_TYPES,
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="一次活动可同时完成多项任务，如主题党日同时作为本季度党课",
    )
    title = forms.CharField(label="标题", max_length=200)
    # ISO in the value attribute: a localised 2026/04/16 is rejected (and blanked) by type="date" inputs.
    date = forms.DateField(label="日期", widget=forms.DateInput(format="%Y-%m-%d"))
    for_year = forms.IntegerField(
        label="所属年度",
        required=False,
        min_value=2000,
        max_value=2100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "所属年度应为四位年份，如2025。",
            "min_value": "所属年度应在2000年至2100年之间。",
            "max_value": "所属年度应在2000年至2100年之间。",
        },
        help_text="组织生活会、民主评议党员计入哪一年度。留空时：一季度召开的计为上一年度，其余计为当年。",
    )
    start_time = forms.TimeField(
        label="开始时间", required=False, widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"})
    )
    place = forms.CharField(label="地点", max_length=200, required=False)
    host = PersonChoiceField(label="主持人", queryset=Person.objects.none(), required=False)
    recorder = PersonChoiceField(label="记录人", queryset=Person.objects.none(), required=False)
    attendees = PeopleChoiceField(label="出席人员", queryset=Person.objects.none(), required=False)
    observers = PeopleChoiceField(label="列席人员", queryset=Person.objects.none(), required=False)
    agenda = forms.CharField(label="议程", required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    content = forms.CharField(
        label="会议内容/纪要", required=False, max_length=MAX_TEXT, widget=forms.Textarea(attrs={"rows": 10})
    )
    decisions = forms.CharField(
        label="决议事项", required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, orgs=None, org=None, absentees=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()
        self.fields["org"].error_messages["invalid_choice"] = "党组织不存在或不在您的管理范围内。"
        if org is None and self.is_bound:
            org = (
                self.fields["org"].queryset.filter(pk=str(self.data.get("org") or "0")).first()
                if str(self.data.get("org") or "").isdigit()
                else None
            )
        self.org = org
        people = people_of(org)
        self.people = people
        for name in ("host", "recorder", "attendees", "observers"):
            self.fields[name].queryset = people
            self.fields[name].error_messages["invalid_choice"] = "所选人员不属于该党组织。"
            self.fields[name].error_messages["invalid_pk_value"] = "人员编号无效。"
        self.absentees_raw = absentees or []

    @property
    def for_year_shown(self):
        """所属年度 is asked only when the record counts as a yearly duty (the script follows the choices)."""
        if self.is_bound:
            codes = {self.data.get("type"), *self.data.getlist("also_counts_as")}
        else:
            codes = {self.initial.get("type"), *(self.initial.get("also_counts_as") or [])}
        return bool(codes & ANNUAL_TYPES)

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("请填写标题。")
        return title

    def clean_date(self):
        d = self.cleaned_data["date"]
        if d > dates.today():
            raise forms.ValidationError("日期不能晚于今天：记录的是已经开展的活动。")
        if d.year < 2000:
            raise forms.ValidationError("日期不合理。")
        return d

    def clean(self):
        data = super().clean()
        data["also_counts_as"] = [c for c in data.get("also_counts_as", []) if c != data.get("type")]
        self._clean_for_year(data)
        people = {p.pk: p for p in self.people} if self.org is not None else {}
        when = data.get("date") or dates.today()
        expected = attendance.expected_ids(people.values(), data.get("type"), attendance.committee_ids(self.org, when))
        absentees, seen = [], set()
        for i, row in enumerate(self.absentees_raw):
            if not isinstance(row, dict):
                self.add_error(None, f"第{i + 1}个缺席人员格式有误。")
                continue
            pid, reason = row.get("person"), str(row.get("reason") or "").strip()
            try:
                pid = int(pid)
            except (TypeError, ValueError):
                self.add_error(None, f"第{i + 1}个缺席人员编号无效。")
                continue
            if pid not in people:
                self.add_error(None, "缺席人员不属于该党组织。")
                continue
            if pid not in expected:
                self.add_error(
                    None, f"{people[pid].name}不是本次会议的应到人员，不能登记缺席；参加了会议的请登记为列席。"
                )
                continue
            if len(reason) > 200:
                self.add_error(None, f"{people[pid].name}的缺席原因不能超过200字。")
                continue
            if pid not in seen:
                seen.add(pid)
                absentees.append((people[pid], reason))
        # Whoever attended is 实到 if expected and 列席 otherwise, however the caller listed them.
        present = {p.pk: p for p in [*(data.get("attendees") or []), *(data.get("observers") or [])]}
        both = set(present) & seen
        if both:
            names = "、".join(people[pk].name for pk in sorted(both))
            self.add_error("attendees", f"{names}不能既出席又缺席。")
        data["attendees"] = [p for pk, p in present.items() if pk in expected]
        data["observers"] = [p for pk, p in present.items() if pk not in expected]
        data["absentees"] = absentees
        return data

    def _clean_for_year(self, data):
        """所属年度 only for the yearly duties; blank means the default for the meeting's date."""
        codes = {data.get("type"), *data.get("also_counts_as", [])}
        when = data.get("date")
        if not codes & ANNUAL_TYPES or when is None:
            data["for_year"] = None
            return
        year = data.get("for_year") or default_for_year(when)
        if year not in (when.year, when.year - 1):
            labels = "、".join(RECORD_TYPE_LABELS[c] for c in RECORD_TYPES_ORDER if c in codes & ANNUAL_TYPES)
            self.add_error(
                "for_year", f"{labels}的所属年度只能是会议当年（{when.year}）或上一年度（{when.year - 1}）。"
            )
        data["for_year"] = year


class UploadForm(forms.Form):
    file = forms.FileField(
        label="照片或附件",
        error_messages={"required": "请选择要上传的文件。", "empty": "文件是空的，请重新选择。"},
    )
