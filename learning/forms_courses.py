"""Forms of 在线学习: a course, a lesson (with its video or PDF), a rating. Pages and the API validate through
them, so both say the same thing."""

from decimal import Decimal

from django import forms

from core.forms import StyledFormMixin
from orgs.models import Organisation

from .choices import AUDIENCES, LessonKind

MAX_VIDEO_BYTES = 300 * 1024 * 1024
MAX_PDF_BYTES = 30 * 1024 * 1024


class CourseForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="发布组织", queryset=None, error_messages={"invalid_choice": "未找到该党组织。"})
    title = forms.CharField(label="课程名称", max_length=100)
    description = forms.CharField(label="课程简介", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    audience = forms.MultipleChoiceField(
        label="学习对象",
        choices=AUDIENCES,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="课程面向的人员类别",
    )
    required = forms.BooleanField(label="必修课程", required=False, help_text="必修课程列入学习对象的待办事项")
    due = forms.DateField(label="完成期限", required=False, widget=forms.DateInput())

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("required") and not cleaned.get("due"):
            self.add_error("due", "必修课程须设定完成期限。")
        return cleaned

    @staticmethod
    def initial_for(course):
        return {
            "org": course.org_id,
            "title": course.title,
            "description": course.description,
            "audience": course.audience_list,
            "required": course.required,
            "due": course.due,
        }


class LessonForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="课时名称", max_length=100)
    kind = forms.ChoiceField(label="类型", choices=LessonKind.choices)
    hours = forms.DecimalField(
        label="学时", min_value=Decimal("0"), max_value=Decimal("24"), max_digits=4, decimal_places=1, initial=1
    )
    body = forms.CharField(
        label="正文", required=False, widget=forms.Textarea(attrs={"rows": 8}), help_text="图文课时的学习内容"
    )
    url = forms.URLField(label="链接", required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(label="视频或 PDF 文件", required=False, help_text="视频支持 MP4、WEBM，PDF 不超过30MB")
    duration = forms.IntegerField(
        label="视频时长（秒）", required=False, min_value=1, max_value=24 * 3600, help_text="MP4、WEBM 文件可自动识别"
    )
    min_seconds = forms.IntegerField(
        label="最少学习时间（秒）",
        required=False,
        min_value=10,
        max_value=4 * 3600,
        initial=120,
        help_text="PDF、图文和链接课时打开满这么久才算完成",
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == LessonKind.ARTICLE and not (cleaned.get("body") or "").strip():
            self.add_error("body", "图文课时须填写正文。")
        if kind == LessonKind.LINK and not cleaned.get("url"):
            self.add_error("url", "链接课时须填写链接。")
        if kind != LessonKind.VIDEO and not cleaned.get("min_seconds"):
            cleaned["min_seconds"] = 120
        return cleaned


class RatingForm(StyledFormMixin, forms.Form):
    stars = forms.TypedChoiceField(
        label="评分",
        coerce=int,
        choices=[(n, f"{n}星") for n in range(5, 0, -1)],
        widget=forms.RadioSelect(attrs={"class": "btn-check"}),
    )
    comment = forms.CharField(
        label="意见建议", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 3})
    )


class ProgressForm(StyledFormMixin, forms.Form):
    position = forms.FloatField(label="播放位置", required=False, min_value=0, max_value=24 * 3600)
