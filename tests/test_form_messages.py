"""No Django default wording reaches a user: every message says, in plain Chinese, which field is wrong.

Django's defaults ("这个字段是必填项。", "确保该变量包含不超过 200 字符", "输入一个有效的日期。", "选择一个有效的选项…")
are collected from Django itself, so the check also holds for field types nobody uses yet. Three sweeps:
every form class of every project app fed empty and bad input; bad input posted to a form page of every
app; and (in tests/test_api_fuzz.py) every API answer.
"""

import datetime
import importlib
import inspect
import re
from pathlib import Path

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib.auth import password_validation
from django.core import validators
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory
from django.utils import translation

from core.forms import StyledFormMixin

ENGLISH = [
    "This field",
    "Enter a",
    "Ensure this",
    "Select a valid",
    "Field required",
    "Input should",
    "String should",
    "This password",
    "is not a valid",
    "value is not",
]


class _Any(dict):
    def __missing__(self, key):
        return 7


def _fragments(message):
    """The longest literal piece of a default message (between its %(…)s parameters)."""
    try:
        text = str(message % _Any()) if "%(" in str(message) or not str(message) else str(message)
    except (TypeError, ValueError, KeyError):
        text = str(message)
    pieces = [p.strip(" 。.，,：:()（）") for p in re.split(r"7|\{[^}]*\}|\s{2,}", text)]
    pieces = [p for p in pieces if len(p) >= 4]
    return {max(pieces, key=len)} if pieces else set()


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def _password_messages():
    from accounts.models import User

    out = []
    user = User(username="wangxiuying")
    django_validators = [  # Django's own, whatever settings.AUTH_PASSWORD_VALIDATORS configures instead
        password_validation.MinimumLengthValidator(10),
        password_validation.CommonPasswordValidator(),
        password_validation.UserAttributeSimilarityValidator(),
        password_validation.NumericPasswordValidator(),
    ]
    for password in ("a", "password", "12345678901234", "wangxiuying1"):
        for validator in django_validators:
            try:
                validator.validate(password, user)
            except ValidationError as e:
                out += e.messages
    return out


def default_wording():
    """Fragments of every default message Django would show in zh-hans (plus pydantic's English)."""
    found = set()
    with translation.override("zh-hans"):
        for cls in (forms.Field, *_subclasses(forms.Field), models.Field, *_subclasses(models.Field)):
            for message in getattr(cls, "default_error_messages", {}).values():
                found |= _fragments(message)
        for v in (
            validators.MaxLengthValidator(7),
            validators.MinLengthValidator(7),
            validators.MaxValueValidator(7),
            validators.MinValueValidator(7),
            validators.StepValueValidator(7),
            validators.ProhibitNullCharactersValidator(),
            validators.RegexValidator(),
            validators.EmailValidator(),
            validators.URLValidator(),
        ):
            found |= _fragments(v.message)
        for message in validators.DecimalValidator.messages.values():
            found |= _fragments(message)
        for message in _password_messages():
            found |= _fragments(message)
    return sorted(found | set(ENGLISH))


@pytest.fixture(scope="module")
def defaults(django_db_blocker):
    found = default_wording()
    for must in ("这个字段是必填项", "确保该变量包含不超过", "输入一个有效的日期", "选择一个有效的选项"):
        assert any(must in f for f in found), (must, found)  # the collection itself works
    return found


def leaks(text, defaults):
    return [f for f in defaults if f in text]


# ------------------------------------------------------------------------------ the mechanism itself


class _ExampleForm(StyledFormMixin, forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    birth_date = forms.DateField(label="出生日期", widget=forms.DateInput())
    start = forms.TimeField(label="开始时间", required=False, widget=forms.TimeInput())
    count = forms.IntegerField(label="人数", min_value=1, max_value=99, required=False)
    points = forms.DecimalField(label="分值", max_digits=5, decimal_places=2, required=False)
    kind = forms.ChoiceField(label="类型", choices=[("a", "甲")], required=False)
    note = forms.CharField(label="说明", max_length=10, required=False, widget=forms.Textarea)
    own = forms.CharField(label="自定", required=False, min_length=3, error_messages={"min_length": "自定义的话。"})


def test_every_default_message_is_replaced_by_one_naming_the_field():
    f = _ExampleForm({"title": "字" * 215, "birth_date": "2026/13/01", "start": "25:00", "count": "0", "own": "ab"})
    assert f.errors["title"] == ["标题不能超过200个字（现在有215个）。"]
    assert f.errors["birth_date"] == ["出生日期格式不对，请按 2026-12-01 填写。"]
    assert f.errors["start"] == ["开始时间格式不对，请按 14:30 填写。"]
    assert f.errors["count"] == ["人数不能小于1。"]
    assert f.errors["own"] == ["自定义的话。"]  # a message the form sets on purpose is kept
    f = _ExampleForm({"title": " ", "birth_date": "", "count": "abc", "points": "1.234", "kind": "z"})
    assert f.errors["title"] == ["请填写标题。"] and f.errors["birth_date"] == ["请填写出生日期。"]
    assert f.errors["count"] == ["人数应为整数。"] and f.errors["points"] == ["分值最多保留2位小数。"]
    assert f.errors["kind"] == ["类型中没有“z”这一项，请重新选择。"]


def test_inputs_carry_maxlength_and_dates_render_iso():
    html = str(_ExampleForm(initial={"birth_date": datetime.date(1983, 6, 20), "start": datetime.time(9, 5)}))
    assert 'name="title" maxlength="200"' in html
    assert re.search(r'<textarea name="note"[^>]*maxlength="10"', html)
    assert 'type="date" name="birth_date" value="1983-06-20"' in html
    assert 'type="time" name="start" value="09:05"' in html


def test_fields_added_after_construction_get_the_same_treatment():
    class Late(StyledFormMixin, forms.Form):
        def __init__(self, *a, **kw):
            super().__init__(*a, **kw)
            self.fields["when"] = forms.DateField(label="转接日期", widget=forms.DateInput())

    f = Late({"when": "x"}, initial={"when": datetime.date(2026, 1, 2)})
    assert f.errors["when"] == ["转接日期格式不对，请按 2026-12-01 填写。"]
    assert 'type="date"' in str(Late(initial={"when": datetime.date(2026, 1, 2)})["when"])


def test_textarea_line_breaks_are_stored_as_typed():
    f = _ExampleForm({"title": "t", "birth_date": "2026-01-01", "note": "一\r\n二"})
    assert f.is_valid() and f.cleaned_data["note"] == "一\n二"


# ------------------------------------------------------------------------------ every form class


def _project_form_classes():
    """Every form class of the project's own apps: in `<app>/forms.py` and in each part's `<app>/forms_<part>.py`."""
    classes = []
    for config in apps.get_app_configs():
        if Path(config.path).parent != Path(settings.BASE_DIR):  # the project's own apps, not installed ones
            continue
        names = [f"{config.name}.forms"] + [
            f"{config.name}.{p.stem}" for p in sorted(Path(config.path).glob("forms_*.py"))
        ]
        for name in names:
            try:
                module = importlib.import_module(name)
            except ModuleNotFoundError:
                continue
            for _name, cls in inspect.getmembers(module, inspect.isclass):
                if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                    classes.append(cls)
    return classes


def _needs_context(cls):
    """A form built only with its context (`project=`, `scheme=` …: a keyword without a default): the sweep cannot
    make one; its pages' and actions' own tests give it bad input."""
    for k in cls.__mro__:
        if "__init__" not in vars(k):
            continue
        for param in inspect.signature(k.__init__).parameters.values():
            if param.kind is param.KEYWORD_ONLY and param.default is param.empty and param.name != "request":
                return True
    return False


# Built per attempt only (its fields are the attempt's short answers).
BUILT_FOR_AN_OBJECT = {"learning.forms_exams.MarkForm"}
FORM_CLASSES = [
    cls
    for cls in _project_form_classes()
    if not _needs_context(cls) and f"{cls.__module__}.{cls.__name__}" not in BUILT_FOR_AN_OBJECT
]


def _bad(field, round_):
    if isinstance(field, forms.FileField | forms.BooleanField):
        return None
    if isinstance(field, forms.ModelMultipleChoiceField):
        return ["999999"] if round_ == 1 else ["abc"]
    if isinstance(field, forms.ModelChoiceField):
        return "999999" if round_ == 1 else "abc"
    if isinstance(field, forms.MultipleChoiceField):
        return ["no-such-choice"]
    if isinstance(field, forms.ChoiceField):
        return "no-such-choice"
    if isinstance(field, forms.DateTimeField):
        return "2026/13/45 25:61"
    if isinstance(field, forms.DateField):
        return "2026/13/45" if round_ == 1 else "1983年6月"
    if isinstance(field, forms.TimeField):
        return "25:61"
    if isinstance(field, forms.DecimalField):
        return "abc" if round_ == 1 else "123456789012.345"
    if isinstance(field, forms.IntegerField | forms.FloatField):
        return "abc" if round_ == 1 else "-99999999999"
    if isinstance(field, forms.CharField):
        return "字" * ((field.max_length or 50) + 15) if round_ == 1 else "a\x00b"
    return "?"


def _build(cls, data):
    kwargs = {"data": data}
    if any("request" in inspect.signature(k.__init__).parameters for k in cls.__mro__ if "__init__" in vars(k)):
        kwargs["request"] = RequestFactory().post("/")
    return cls(**kwargs)


def test_the_sweep_covers_a_form_of_every_app():
    apps_with_forms = {cls.__module__.split(".")[0] for cls in FORM_CLASSES}
    assert {"orgs", "accounts", "plans", "points"} <= apps_with_forms, apps_with_forms


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda c: f"{c.__module__}.{c.__name__}")
def test_no_form_shows_default_wording_for_missing_or_bad_input(world, cls, defaults):
    seen = []
    for round_ in (0, 1, 2):
        form = _build(cls, {})
        data = {}
        if round_:
            for name, field in form.fields.items():
                value = _bad(field, round_)
                if value is not None:
                    data[name] = value
        form = _build(cls, data)
        form.is_valid()
        for field, messages in form.errors.items():
            for m in messages:
                seen.append((field, m))
    assert seen or not _build(cls, {}).fields, f"{cls.__name__}: bad input produced no message at all"
    leaked = [(field, m, leaks(m, defaults)) for field, m in seen if leaks(m, defaults)]
    assert not leaked, leaked


# ------------------------------------------------------------------------------ pages of every app


@pytest.fixture
def plan(world, branch_secretary):
    from plans.tests.factories import add_item, make_plan

    plan = make_plan(branch_secretary, world.branch_a)
    add_item(branch_secretary, plan, "报送党建信息", category="宣传报道", month=5)
    return plan


@pytest.fixture
def scheme(world, committee_admin):
    from points import actions

    scheme = actions.create_scheme(
        by=committee_admin,
        data={"org": world.committee.pk, "year": 2026, "name": "2026年积分制", "full_marks": "100",
              "linkage_every": "10", "linkage_mode": "per_person"},
    )  # fmt: skip
    actions.add_item(
        scheme, by=committee_admin, data={"dimension": "基础", "name": "主题党日", "points": "5", "subject_type": "org"}
    )
    return scheme


def _page_cases(world, plan, scheme):
    item = plan.items.get()
    occ = item.occurrences.get()
    long = "字" * 215
    return [
        ("branch_secretary", "/people/new/", {"name": "", "gender": "x", "birth_date": "1983-02-30",
                                                "org": world.branch_a.pk, "category": "full", "status": "active"},
         ["请填写姓名。", "出生日期格式不对，请按 2026-12-01 填写。", "性别中没有“x”这一项"]),
        ("committee_admin", "/orgs/new/", {"name": long, "kind": "club", "parent": "abc"},
         ["名称不能超过100个字（现在有215个）。", "类型中没有“club”这一项"]),
        ("branch_secretary", "/plans/new/", {"org": world.branch_a.pk, "year": "二〇二六", "title": ""},
         ["年度应为整数。", "请填写名称。"]),
        ("branch_secretary", f"/plans/{plan.pk}/items/new/",
         {"category": "三会一课", "title": long, "due": "2026-06-31", "start_time": "9点", "owners": ["abc"]},
         ["要求干什么不能超过200个字（现在有215个）。", "截止日期格式不对，请按 2026-12-01 填写。",
          "开始时间格式不对，请按 14:30 填写。"]),
        ("branch_secretary", f"/plans/occurrences/{occ.pk}/", {"note": "已报送", "completed_on": "5月20日"},
         ["完成日期格式不对，请按 2026-12-01 填写。"]),
        ("branch_secretary", f"/points/declarations/new/?scheme={scheme.pk}",
         {"item": scheme.items.get().pk, "subject_org": world.branch_a.pk, "quantity": "两次",
          "occurred_on": "2026.3.18", "op": "save"},
         ["数量应为数字。", "发生日期格式不对，请按 2026-12-01 填写。"]),
        ("committee_admin", "/points/schemes/new/", {"org": world.committee.pk, "year": "2026", "name": long,
                                                     "full_marks": "100.555", "linkage_every": "0",
                                                     "linkage_mode": "per_person"},
         ["名称不能超过200个字（现在有215个）。", "满分最多保留2位小数。", "不能小于1。"]),
        ("branch_secretary", f"/records/new/?org={world.branch_a.pk}",
         {"op": "save", "org": world.branch_a.pk, "type": "committee_meeting", "title": long, "date": "3月20日"},
         ["标题不能超过200个字（现在有215个）。", "日期格式不对，请按 2026-12-01 填写。"]),
        ("sysadmin", "/accounts/users/new/", {"username": "王 秀英", "password": "short"},
         ["用户名只能包含字母、数字和 _ . @ -。"]),
        ("sysadmin", "/accounts/users/new/", {"username": "wangxy", "password": "12345678"},
         ["密码至少须有10个字符（空格等空白字符不计）。"]),
        # ---- teams
        ("branch_secretary", "/teams/new/", {"org": world.branch_a.pk, "name": long, "kind": "brigade"},
         ["名称不能超过100个字（现在有215个）。", "类别中没有“brigade”这一项"]),
    ]  # fmt: skip


def test_bad_input_on_a_form_page_of_every_app_is_told_in_plain_chinese(world, client, plan, scheme, defaults):
    cases = _page_cases(world, plan, scheme)
    assert {url.split("/")[1] for _u, url, _d, _e in cases} >= {"people", "orgs", "plans", "points", "records"}
    for username, url, data, expected in cases:
        client.force_login(world.users[username])
        r = client.post(url, data)
        html = r.content.decode()
        assert r.status_code == 200, (url, r.status_code)
        for text in expected:
            assert text in html, (url, text)
        assert not leaks(html, defaults), (url, leaks(html, defaults))


def test_the_assign_picker_starts_blank_and_an_empty_choice_is_refused(world, client, plan, branch_secretary):
    client.force_login(branch_secretary)
    html = client.get(f"/plans/{plan.pk}/division/").content.decode()
    picker = re.search(r'<select[^>]*name="person"[^>]*>(.*?)</select>', html, re.S)
    assert picker and re.match(r'\s*<option value="" selected>', picker.group(1)), picker
    assert "required" in re.search(r'<select[^>]*name="person"[^>]*>', html).group(0)
    item = plan.items.get()
    r = client.post(f"/plans/items/{item.pk}/assign/", {"person": ""}, follow=True)
    assert "请选择要指派的人员。" in r.content.decode()
    assert not item.ownerships.exists()


def test_a_batch_review_comment_that_is_too_long_is_refused_not_cut(world, client, scheme, branch_secretary):
    from core.testing import make_user
    from points import actions
    from points.models import Declaration

    reviewer = make_user("reviewer_l1", roles=[("reviewer_l1", world.committee)])
    decl = actions.create_declaration(
        by=branch_secretary,
        data={"item": scheme.items.get().pk, "subject_org": world.branch_a.pk, "quantity": "1",
              "occurred_on": "2026-03-18"},
    )  # fmt: skip
    submitted = actions.submit_declaration(decl, by=branch_secretary).state
    client.force_login(reviewer)
    r = client.post("/points/reviews/batch/", {"ids": [decl.pk], "level": "1", "comment": "好" * 501}, follow=True)
    assert "审核意见不能超过500个字（现在有501个）" in r.content.decode()
    assert Declaration.objects.get(pk=decl.pk).state == submitted and not decl.reviews.exists()
    r = client.post("/points/reviews/batch/", {"ids": [decl.pk], "level": "1", "comment": "好" * 500}, follow=True)
    assert decl.reviews.get().comment == "好" * 500


def test_empty_select_entries_say_please_choose(world, client):
    client.force_login(world.users["branch_secretary"])
    for url in (f"/records/new/?org={world.branch_a.pk}", "/people/new/"):
        html = client.get(url).content.decode()
        assert "请选择…" in html and "---------" not in html, url
