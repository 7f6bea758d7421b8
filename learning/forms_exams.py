"""Forms of 网上考试: a question (the page, the API and the .xlsx import use the same), an exam with its blueprint,
and the hand-marking of an attempt's short answers."""

import json
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from django import forms

from core.forms import StyledFormMixin
from orgs.models import Organisation

from .choices import CHOICE_TYPES, ExamReview, QuestionType
from .exams import LETTERS, MAX_OPTIONS

TRUE_WORDS = {"对", "正确", "是", "√", "✓", "true", "t", "yes", "y", "1"}
FALSE_WORDS = {"错", "错误", "否", "×", "✗", "false", "f", "no", "n", "0"}
MAX_ROWS = 30
MAX_QUESTIONS = 200


def _nfkc(text):
    return unicodedata.normalize("NFKC", str(text or "")).strip()


def answer_text(question_type, answer):
    """A stored answer as the form's text (the inverse of QuestionForm's parsing): 'AC', '对', '答案一；答案二'."""
    if question_type in CHOICE_TYPES:
        return "".join(answer)
    if question_type == QuestionType.TRUEFALSE:
        return "对" if answer and answer[0] else "错"
    if question_type == QuestionType.FILL:
        return "；".join(answer)
    return answer[0] if answer else ""


class QuestionForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(
        label="所属党组织", queryset=None, error_messages={"invalid_choice": "未找到该党组织。"}
    )
    type = forms.ChoiceField(label="题型", choices=QuestionType.choices)
    topic = forms.CharField(label="知识点", max_length=50, help_text="如：党章、支部工作条例")
    difficulty = forms.IntegerField(label="难度", min_value=1, max_value=5, initial=3, help_text="1 最易，5 最难")
    stem = forms.CharField(label="题干", max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    options = forms.CharField(
        label="选项",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="单选题、多选题填写，每行一个选项（2至8个），不写字母",
    )
    answer = forms.CharField(
        label="答案",
        max_length=2000,
        help_text="单选如 B；多选如 ACD；判断填 对 或 错；填空多个空用；分隔，同一空的多种答案用|分隔；简答填参考答案",
    )
    explanation = forms.CharField(
        label="解析", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()

    def clean(self):
        cleaned = super().clean()
        t = cleaned.get("type")
        raw_answer = _nfkc(cleaned.get("answer"))
        if t is None or "answer" not in cleaned:
            return cleaned
        options = [line.strip() for line in (cleaned.get("options") or "").split("\n") if line.strip()]
        if t in CHOICE_TYPES:
            if not 2 <= len(options) <= MAX_OPTIONS:
                self.add_error("options", f"选择题应有2至{MAX_OPTIONS}个选项，每行一个。")
                return cleaned
            if len(set(options)) != len(options):
                self.add_error("options", "选项不能重复。")
                return cleaned
            letters = [c for c in raw_answer.upper() if c not in " ,，、;；"]
            valid = LETTERS[: len(options)]
            if not letters or any(c not in valid for c in letters) or len(set(letters)) != len(letters):
                self.add_error("answer", f"答案应为选项字母 {'、'.join(valid)} 中的字母，且不重复。")
                return cleaned
            if t == QuestionType.SINGLE and len(letters) != 1:
                self.add_error("answer", "单选题只有一个正确答案。")
                return cleaned
            if t == QuestionType.MULTIPLE and len(letters) < 2:
                self.add_error("answer", "多选题至少有两个正确答案。")
                return cleaned
            cleaned["options"], cleaned["answer"] = options, sorted(letters)
        elif t == QuestionType.TRUEFALSE:
            word = raw_answer.casefold()
            if word not in TRUE_WORDS | FALSE_WORDS:
                self.add_error("answer", "判断题的答案应为“对”或“错”。")
                return cleaned
            cleaned["options"], cleaned["answer"] = [], [word in TRUE_WORDS]
        elif t == QuestionType.FILL:
            parts = [p.strip() for p in re.split(r"[;；]", raw_answer)]
            if not parts or any(not p.strip("|") for p in parts):
                self.add_error("answer", "每个空都要有答案，多个空用；分隔。")
                return cleaned
            if len(parts) > 10:
                self.add_error("answer", "填空题最多10个空。")
                return cleaned
            cleaned["options"], cleaned["answer"] = [], parts
        else:
            cleaned["options"], cleaned["answer"] = [], [(cleaned.get("answer") or "").strip()]
        return cleaned

    @staticmethod
    def initial_for(q):
        return {
            "org": q.org_id,
            "type": q.type,
            "topic": q.topic,
            "difficulty": q.difficulty,
            "stem": q.stem,
            "options": "\n".join(q.options),
            "answer": answer_text(q.type, q.answer),
            "explanation": q.explanation,
        }


TYPE_WORDS = {label: code for code, label in QuestionType.choices} | {code: code for code, _ in QuestionType.choices}


def _blueprint_rows(text):
    """The rows of a blueprint: a JSON list (the API) or one line each, 题型|知识点|难度|题数|每题分值 (the page)."""
    text = (text or "").strip()
    if text.startswith("["):
        try:
            rows = json.loads(text)
        except ValueError:
            raise forms.ValidationError("组卷规则格式不对。") from None
        if not isinstance(rows, list) or any(not isinstance(r, dict) for r in rows):
            raise forms.ValidationError("组卷规则应为规则行的列表。")
        return [(n, r) for n, r in enumerate(rows, 1)]
    out = []
    for n, line in enumerate((x for x in text.split("\n") if x.strip()), 1):
        cells = [c.strip() for c in re.split(r"[|｜]", _nfkc(line))]
        if len(cells) != 5:
            raise forms.ValidationError(
                f"组卷规则第{n}行应为“题型|知识点|难度|题数|每题分值”五项（知识点、难度可空）。"
            )
        out.append(
            (n, {"type": cells[0], "topic": cells[1], "difficulty": cells[2], "count": cells[3], "points": cells[4]})
        )
    return out


def clean_blueprint(text):
    rows = _blueprint_rows(text)
    if not rows:
        raise forms.ValidationError("请至少填写一行组卷规则。")
    if len(rows) > MAX_ROWS:
        raise forms.ValidationError(f"组卷规则最多{MAX_ROWS}行。")
    out = []
    for n, r in rows:
        t = TYPE_WORDS.get(str(r.get("type") or "").strip())
        if t is None:
            raise forms.ValidationError(f"组卷规则第{n}行：题型应为单选题、多选题、判断题、填空题或简答题。")
        topic = str(r.get("topic") or "").strip()
        if len(topic) > 50:
            raise forms.ValidationError(f"组卷规则第{n}行：知识点不超过50字。")
        try:
            d = r.get("difficulty")
            difficulty = int(d) if d not in (None, "") else None
            count = int(r.get("count"))
            points = Decimal(str(r.get("points")))
        except (TypeError, ValueError, InvalidOperation):
            raise forms.ValidationError(f"组卷规则第{n}行：难度、题数和分值应为数字。") from None
        if difficulty is not None and not 1 <= difficulty <= 5:
            raise forms.ValidationError(f"组卷规则第{n}行：难度应为1至5。")
        if not 1 <= count <= 100:
            raise forms.ValidationError(f"组卷规则第{n}行：题数应为1至100。")
        if not points.is_finite() or not Decimal("0.5") <= points <= 100 or points != points.quantize(Decimal("0.1")):
            raise forms.ValidationError(f"组卷规则第{n}行：每题分值应为0.5至100，最多一位小数。")
        out.append({"type": t, "topic": topic, "difficulty": difficulty, "count": count, "points": f"{points:.1f}"})
    if sum(r["count"] for r in out) > MAX_QUESTIONS:
        raise forms.ValidationError(f"一份试卷最多{MAX_QUESTIONS}道题。")
    return out


def blueprint_text(rows):
    """The page's text of stored rows (the edit round-trip)."""
    return "\n".join(
        "|".join(
            [
                QuestionType(r["type"]).label,
                r.get("topic") or "",
                str(r.get("difficulty") or ""),
                str(r["count"]),
                Decimal(str(r["points"])).normalize().to_eng_string(),
            ]
        )
        for r in rows
    )


class ExamForm(StyledFormMixin, forms.Form):
    org = forms.ModelChoiceField(label="组织单位", queryset=None, error_messages={"invalid_choice": "未找到该党组织。"})
    title = forms.CharField(label="考试名称", max_length=100)
    description = forms.CharField(
        label="考试说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    opens = forms.DateTimeField(label="开始时间", widget=forms.DateTimeInput())
    closes = forms.DateTimeField(label="截止时间", widget=forms.DateTimeInput())
    minutes = forms.IntegerField(label="答题时长（分钟）", min_value=1, max_value=600, initial=30)
    attempts = forms.IntegerField(label="允许次数", min_value=1, max_value=20, initial=1)
    pass_mark = forms.DecimalField(label="及格分", min_value=0, max_digits=6, decimal_places=1, initial=60)
    partial_credit = forms.BooleanField(label="多选题少选得部分分", required=False)
    review = forms.ChoiceField(label="答案和解析", choices=ExamReview.choices, initial=ExamReview.AFTER_SUBMIT)
    hours = forms.DecimalField(
        label="通过可获学时", min_value=0, max_value=24, max_digits=4, decimal_places=1, initial=0, required=False
    )
    blueprint = forms.CharField(
        label="组卷规则",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="每行一条：题型|知识点|难度|题数|每题分值，知识点和难度可空（不限）。如：单选题|党章||10|2",
    )

    def __init__(self, *args, orgs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["org"].queryset = orgs if orgs is not None else Organisation.objects.none()

    def clean_blueprint(self):
        return clean_blueprint(self.cleaned_data.get("blueprint"))

    def clean(self):
        cleaned = super().clean()
        # To the minute, as the page's pickers show them (an unchanged edit form then changes nothing).
        for key in ("opens", "closes"):
            if cleaned.get(key):
                cleaned[key] = cleaned[key].replace(second=0, microsecond=0)
        opens, closes = cleaned.get("opens"), cleaned.get("closes")
        if opens and closes and closes <= opens:
            self.add_error("closes", "截止时间应晚于开始时间。")
        if cleaned.get("hours") is None:
            cleaned["hours"] = Decimal(0)
        rows = cleaned.get("blueprint")
        mark = cleaned.get("pass_mark")
        if rows and mark is not None:
            total = sum((Decimal(r["points"]) * r["count"] for r in rows), Decimal(0))
            if mark > total:
                self.add_error("pass_mark", f"及格分不能高于试卷总分（{total.normalize():f}分）。")
        return cleaned


class MarkForm(StyledFormMixin, forms.Form):
    """The score of each short answer of an attempt (0 to its points)."""

    def __init__(self, *args, attempt=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(attempt.items.filter(question__type=QuestionType.SHORT).select_related("question"))
        for it in self.items:
            self.fields[f"score_{it.pk}"] = forms.DecimalField(
                label=f"第{it.position}题得分",
                min_value=0,
                max_value=it.points,
                max_digits=5,
                decimal_places=1,
                help_text=f"满分 {it.points.normalize():f} 分",
            )

    def rows(self):
        return [(it, self[f"score_{it.pk}"]) for it in self.items]

    def clean(self):
        cleaned = super().clean()
        cleaned["scores"] = {it.pk: cleaned.get(f"score_{it.pk}") for it in self.items}
        return cleaned
