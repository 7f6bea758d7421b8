"""Forms of supervision (台账式督查) and mentors (导师帮带): pages and the API validate through these."""

from django import forms

from core.dates import today
from core.forms import StyledFormMixin
from orgs.models import Person

from . import commentable
from .choices_superv import MAX_SAMPLE, GroupKind, InspectionKind, MentorKind
from .forms import PersonChoiceField
from .models import MentorProfile, Project

FINDING_ROWS = 5
STRANGER = "所选人员不存在或不可选，请重新选择。"


class ProjectsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.title}（{obj.org.name}）"


def _strip(form, name, label):
    value = (form.cleaned_data.get(name) or "").strip()
    if not value:
        raise forms.ValidationError(f"请填写{label}。")
    return value


class GroupForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="督导组名称", max_length=50, help_text="如“第一片区”“机关片区”。")
    kind = forms.ChoiceField(label="方式", choices=GroupKind.choices, initial=GroupKind.AREA)
    leader = PersonChoiceField(label="督导领导", queryset=Person.objects.none())
    projects = ProjectsChoiceField(
        label="督导项目", queryset=Project.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        path = committee.path if committee is not None else "~"  # no organisation's path: nothing to choose
        self.fields["leader"].queryset = (
            Person.objects.filter(org__path__startswith=path, status="active")
            .select_related("org")
            .order_by("org__path", "name", "id")
        )
        self.fields["leader"].error_messages["invalid_choice"] = "督导领导须是本党委（工委）的在册人员。"
        self.fields["projects"].queryset = (
            Project.objects.filter(org__path__startswith=path)
            .exclude(org__path=path)
            .select_related("org")
            .order_by("org__path", "title", "id")
        )
        self.fields["projects"].error_messages["invalid_choice"] = "所选项目中有不存在或不属于本党委（工委）的项目。"

    def clean_name(self):
        return _strip(self, "name", "督导组名称")


class InspectionForm(StyledFormMixin, forms.Form):
    """One inspection and up to five findings; a finding with a deadline demands rectification (整改)."""

    kind = forms.ChoiceField(label="督查方式", choices=InspectionKind.choices, initial=InspectionKind.REGULAR)
    date = forms.DateField(label="检查日期")
    inspector = PersonChoiceField(label="检查人", queryset=Person.objects.none(), required=False)
    summary = forms.CharField(
        label="检查情况", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}), help_text="进度、质量和台账情况。"
    )

    def __init__(self, *args, project=None, kind_locked=False, direct=False, **kwargs):
        super().__init__(*args, **kwargs)
        from . import rules

        if direct:  # recorded directly: 随机抽查 comes from a drawn sample only
            self.fields["kind"] = forms.ChoiceField(
                label="督查方式",
                choices=[c for c in InspectionKind.choices if c[0] != InspectionKind.RANDOM],
                initial=InspectionKind.REGULAR,
            )

        if project is not None:
            groups = project.supervision_groups.values("leader_id")
            self.fields["inspector"].queryset = (
                (
                    Person.objects.filter(org__path__in=rules.higher_paths(project.org), status="active")
                    | Person.objects.filter(pk__in=groups)
                )
                .distinct()
                .select_related("org")
                .order_by("org__path", "name", "id")
            )
        self.fields["inspector"].error_messages["invalid_choice"] = "检查人须是上级党组织的人员或该项目的督导领导。"
        if kind_locked:
            self.fields["kind"].disabled = True
        for n in range(1, FINDING_ROWS + 1):
            self.fields[f"finding_{n}"] = forms.CharField(
                label=f"发现问题{n}", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 1})
            )
            self.fields[f"deadline_{n}"] = forms.DateField(
                label=f"整改时限{n}", required=False, help_text="需要整改时填写；不填表示无需整改。"
            )

    def clean_summary(self):
        return _strip(self, "summary", "检查情况")

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date > today():
            raise forms.ValidationError("检查日期不能晚于今天。")
        return date

    def clean(self):
        data = super().clean()
        findings = []
        for n in range(1, FINDING_ROWS + 1):
            text = (data.get(f"finding_{n}") or "").strip()
            deadline = data.get(f"deadline_{n}")
            if deadline and not text:
                self.add_error(f"finding_{n}", f"第{n}项填了整改时限，请写明发现的问题。")
                continue
            if text and deadline and data.get("date") and deadline < data["date"]:
                self.add_error(f"deadline_{n}", f"第{n}项的整改时限不能早于检查日期。")
                continue
            if text:
                findings.append((text, deadline))
        data["findings"] = findings
        return data


class FindingReportForm(StyledFormMixin, forms.Form):
    report = forms.CharField(label="整改情况", max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_report(self):
        return _strip(self, "report", "整改完成情况")


class SampleForm(StyledFormMixin, forms.Form):
    committee = forms.ModelChoiceField(label="党委（工委）", queryset=None)
    size = forms.IntegerField(
        label="抽取项目数",
        min_value=1,
        max_value=MAX_SAMPLE,
        error_messages={
            "min_value": f"抽取数量应在1到{MAX_SAMPLE}之间。",
            "max_value": f"抽取数量应在1到{MAX_SAMPLE}之间。",
            "invalid": "抽取数量应为整数。",
        },
    )

    def __init__(self, *args, committees=None, **kwargs):
        super().__init__(*args, **kwargs)
        from orgs.models import Organisation

        self.fields["committee"].queryset = committees if committees is not None else Organisation.objects.none()
        self.fields["committee"].error_messages["invalid_choice"] = "党委（工委）不存在或不在您的管理范围内。"


class MentorForm(StyledFormMixin, forms.Form):
    person = PersonChoiceField(label="导师", queryset=Person.objects.none())
    kind = forms.ChoiceField(label="类别", choices=MentorKind.choices, initial=MentorKind.LEADER)
    field = forms.CharField(label="专业领域", max_length=30, required=False, help_text="如“社会治理”“物业管理”。")
    expertise = forms.CharField(label="专长", max_length=1000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, committee=None, **kwargs):
        super().__init__(*args, **kwargs)
        path = committee.path if committee is not None else "~"  # no organisation's path: nothing to choose
        self.fields["person"].queryset = (
            Person.objects.filter(org__path__startswith=path, status="active")
            .select_related("org")
            .order_by("org__path", "name", "id")
        )
        self.fields["person"].error_messages["invalid_choice"] = "导师须是本党委（工委）的在册人员。"


class AssignForm(StyledFormMixin, forms.Form):
    profile = forms.ModelChoiceField(label="导师", queryset=MentorProfile.objects.none(), required=False)

    def __init__(self, *args, project=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import ancestor_paths

        if project is not None:
            self.fields["profile"].queryset = (
                MentorProfile.objects.filter(committee__path__in=ancestor_paths(project.org), active=True)
                .select_related("person", "committee")
                .order_by("kind", "id")
            )
        self.fields["profile"].label_from_instance = lambda p: (
            f"{p.person.name}（{p.get_kind_display()}{'，' + p.field if p.field else ''}）"
        )
        self.fields["profile"].error_messages["invalid_choice"] = "所选导师不在本项目适用的导师库中。"


class MentorCommentForm(StyledFormMixin, forms.Form):
    kind = forms.ChoiceField(label="意见对象", choices=(), initial="charter")
    object_id = forms.IntegerField(label="对象编号", required=False, min_value=1, max_value=2**31 - 1)
    text = forms.CharField(label="帮带意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and data.get("about"):  # the page's one picker: "task:12", "report:3" or "charter"
            kind, object_id = commentable.split(data.get("about"))
            data = {**{k: data.get(k) for k in data}, "kind": kind, "object_id": object_id or ""}
        super().__init__(data, *args, **kwargs)
        self.fields["kind"].choices = commentable.choices()
        self.fields["kind"].error_messages["invalid_choice"] = "没有这种意见对象。"

    def clean_text(self):
        return _strip(self, "text", "帮带意见")
