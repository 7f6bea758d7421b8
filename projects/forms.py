"""Forms of 项目化管理: every page and the API validate through these (Chinese messages, ISO dates)."""

import re

from django import forms

from core.forms import StyledFormMixin
from feedback.models import Problem
from orgs.forms import OrgChoiceField
from orgs.models import Organisation, Person

from . import rules
from .choices import MAX_BUDGET, MAX_CRITERIA, CategoryKind, Tier
from .models import Category

CRITERION_LINE = re.compile(r"^(?P<name>.+?)[\s:：,，|]+(?P<weight>\d{1,3})\s*[%％分]?$")
CRITERIA_HELP = "每行一项：考核指标 权重，如“群众满意度 40”；各项权重合计须为100。"


def parse_criteria(text):
    """Lines "指标 权重" → [(name, weight)], or a ValidationError naming the line."""
    out = []
    for n, raw in enumerate((text or "").splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        m = CRITERION_LINE.match(line)
        if m is None:
            raise forms.ValidationError(
                f"考核机制第{n}行“{line[:20]}”格式不对，请按“考核指标 权重”填写，如“群众满意度 40”。"
            )
        name, weight = m["name"].strip(), int(m["weight"])
        if len(name) > 100:
            raise forms.ValidationError(f"考核机制第{n}行的指标名称不能超过100个字。")
        if not 1 <= weight <= 100:
            raise forms.ValidationError(f"考核机制第{n}行的权重应在1到100之间。")
        out.append((name, weight))
    if len(out) > MAX_CRITERIA:
        raise forms.ValidationError(f"考核指标最多{MAX_CRITERIA}项。")
    names = [name for name, _ in out]
    if len(set(names)) != len(names):
        raise forms.ValidationError("考核机制中有重复的指标，请合并。")
    total = sum(w for _, w in out)
    if out and total != 100:
        raise forms.ValidationError(f"考核机制各项权重合计须为100，现在是{total}。")
    return out


def criteria_text(criteria):
    return "\n".join(f"{c.name} {c.weight}" for c in criteria)


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.org.name}）"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name}（{obj.org.name}）"


def problem_choices(user, keep=()):
    """The problem-list entries a charter may name: those the user sees (others are refused as missing); closed
    ones only when the charter names them already."""
    from django.db.models import Q

    if user is None:
        return Problem.objects.none()
    qs = Problem.objects.visible_to(user).filter(~Q(state="closed") | Q(pk__in=list(keep)))
    return qs.select_related("org").order_by("-created_at", "-id")


class ProjectForm(StyledFormMixin, forms.Form):
    org = OrgChoiceField(label="党组织", queryset=Organisation.objects.none())
    title = forms.CharField(label="项目名称", max_length=100)
    slogan = forms.CharField(label="口号", max_length=100, required=False, help_text="立一个项目，叫响一个口号。")
    brand = forms.CharField(label="品牌名称", max_length=50, required=False)
    category = forms.ModelChoiceField(label="类别", queryset=Category.objects.none(), required=False)
    tier = forms.ChoiceField(label="层级（1+N）", choices=Tier.choices, initial=Tier.GENERAL)
    problem = forms.CharField(
        label="破解的难题（为什么做）", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    content = forms.CharField(
        label="项目内容（做什么）", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measures = forms.CharField(
        label="工作措施（怎么做）", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    progress_plan = forms.CharField(
        label="进度计划（何时做）", max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    start = forms.DateField(label="开始日期", required=False)
    end = forms.DateField(label="完成时限", required=False)
    quality_standard = forms.CharField(
        label="质量标准", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    expected_goal = forms.CharField(
        label="预期目标（做到什么程度）", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    liaison_leader = PersonChoiceField(label="包联领导", queryset=Person.objects.none(), required=False)
    owner = PersonChoiceField(label="责任人", queryset=Person.objects.none(), required=False)
    team = PeopleChoiceField(label="工作队伍", queryset=Person.objects.none(), required=False)
    mentors = PeopleChoiceField(label="导师", queryset=Person.objects.none(), required=False)
    budget = forms.DecimalField(
        label="项目经费（元）", required=False, min_value=0, max_value=MAX_BUDGET, max_digits=10, decimal_places=2
    )
    problems = forms.ModelMultipleChoiceField(
        label="破解的问题清单",
        queryset=Problem.objects.none(),
        required=False,
        help_text="本项目要破解的问题清单条目（对号认领的问题）；项目验收通过后这些问题自动销号。",
    )
    criteria = forms.CharField(
        label="考核机制",
        max_length=3000,
        required=False,
        help_text=CRITERIA_HELP,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, orgs=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = orgs if orgs is not None else Organisation.objects.none()
        self.fields["problems"].queryset = problem_choices(user, keep=self.initial.get("problems") or ())
        self.fields["problems"].error_messages["invalid_choice"] = "所选问题不存在或您无权访问。"
        self.fields["problems"].error_messages["invalid_pk_value"] = "所选问题不存在或您无权访问。"
        self.fields["org"].queryset = orgs
        self.fields["org"].error_messages["invalid_choice"] = "党组织不存在或不在您的管理范围内。"
        paths = [o.path for o in orgs]
        committees = {p for path in paths for p in rules.ancestor_paths_of_path(path)}
        self.fields["category"].queryset = Category.objects.filter(committee__path__in=committees).select_related(
            "committee"
        )
        people = rules.member_people(paths).select_related("org").order_by("org__path", "name", "id")
        self.fields["owner"].queryset = people
        self.fields["team"].queryset = people
        self.fields["liaison_leader"].queryset = (
            (Person.objects.filter(org__path__in=committees, status="active") | rules.member_people(paths))
            .select_related("org")
            .distinct()
            .order_by("org__path", "name", "id")
        )
        self.fields["mentors"].queryset = rules.mentor_pool(committees).select_related("org").order_by("name", "id")
        for name, label in (("team", "工作队伍"), ("mentors", "导师")):
            self.fields[name].error_messages["invalid_choice"] = f"所选{label}中有不存在或不可选的人员，请重新选择。"
        self.fields["budget"].error_messages.update(
            {
                "max_value": f"项目经费不能超过{MAX_BUDGET:,}元。",
                "min_value": "项目经费不能为负数。",
                "max_digits": "项目经费数字位数过多。",
                "max_decimal_places": "项目经费最多保留两位小数（分）。",
                "invalid": "项目经费应为数字，如 5000 或 5000.50。",
            }
        )

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError("请填写项目名称。")
        return title

    def clean_criteria(self):
        return parse_criteria(self.cleaned_data.get("criteria"))

    def clean(self):
        data = super().clean()
        org = data.get("org")
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "完成时限不能早于开始日期。")
        if org is None:
            return data
        category = data.get("category")
        if category is not None and category.committee.path not in rules.ancestor_paths_of_path(org.path):
            self.add_error("category", "所选类别不属于该党组织所在党委（工委）的类别设置。")
        for name, label in (("owner", "责任人"),):
            person = data.get(name)
            if person is not None and not person.org.path.startswith(org.path):
                self.add_error(name, f"{label}须是本项目所在党组织的人员。")
        strangers = [p.name for p in data.get("team") or [] if not p.org.path.startswith(org.path)]
        if strangers:
            self.add_error("team", f"工作队伍须是本项目所在党组织的人员：{'、'.join(strangers)}不是。")
        leader = data.get("liaison_leader")
        if leader is not None and not rules.leader_people(org).filter(pk=leader.pk).exists():
            self.add_error("liaison_leader", "包联领导须是本组织或上级党组织的人员。")
        allowed = set(rules.mentor_people(org).values_list("pk", flat=True))
        outside = [p.name for p in data.get("mentors") or [] if p.pk not in allowed]
        if outside:
            self.add_error("mentors", f"{'、'.join(outside)}不在本组织适用的导师库中（须持有导师角色）。")
        return data


class CommentForm(StyledFormMixin, forms.Form):
    comment = forms.CharField(label="意见", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(StyledFormMixin, forms.Form):
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise forms.ValidationError("请填写理由。")
        return reason


class SettingsForm(StyledFormMixin, forms.Form):
    approval_tiers = forms.MultipleChoiceField(
        label="须审批立项的层级",
        choices=Tier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="未勾选的层级只需报上级党组织备案。",
    )
    approval_levels = forms.IntegerField(
        label="审批级数",
        min_value=1,
        max_value=3,
        error_messages={"min_value": "审批级数应为1到3级。", "max_value": "审批级数应为1到3级。"},
        help_text="逐级由上级党组织的党务管理员审批，每级须由不同的人审批。",
    )
    satisfaction_threshold = forms.DecimalField(
        label="群众满意率门槛（%）",
        min_value=0,
        max_value=100,
        max_digits=5,
        decimal_places=2,
        error_messages={"min_value": "满意率门槛应在0到100之间。", "max_value": "满意率门槛应在0到100之间。"},
    )


class CategoryForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="类别名称", max_length=30)
    kind = forms.ChoiceField(label="性质", choices=CategoryKind.choices, initial=CategoryKind.STANDARD)
    description = forms.CharField(label="说明", max_length=200, required=False)

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("请填写类别名称。")
        return name


class EntryForm(StyledFormMixin, forms.Form):
    category = forms.ModelChoiceField(label="类别", queryset=Category.objects.none())
    title = forms.CharField(label="参考项目", max_length=100)
    tier = forms.ChoiceField(label="建议层级", choices=Tier.choices, initial=Tier.GENERAL)
    content = forms.CharField(label="建议内容", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    measures = forms.CharField(label="建议措施", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories if categories is not None else Category.objects.none()
        self.fields["category"].error_messages["invalid_choice"] = "类别不存在或不在您的管理范围内。"
