"""Shared form helpers: every action validates through a form so pages and the API say the same thing."""

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, cast

from django import forms

from .errors import Invalid

# Browsers accept only ISO values in date/time inputs: anything else (the zh-hans `1983/06/20`) is shown
# blank and submitted empty, so an unchanged edit form would erase the date.
ISO_WIDGETS = (
    (forms.DateTimeInput, "datetime-local", "%Y-%m-%dT%H:%M"),
    (forms.DateInput, "date", "%Y-%m-%d"),
    (forms.TimeInput, "time", "%H:%M"),
)
# Pages that edit an existing object but whose URL name does not end in "edit": tests/test_edit_roundtrip.py
# saves every "*edit" page and these unchanged and checks that nothing changed. Register with the URL name
# ("app:name") next to the app's urls.
EDIT_PAGES: set[str] = set()


def register_edit_page(url_name):
    EDIT_PAGES.add(url_name)
    return url_name


EXAMPLES = {"date": "2026-12-01", "time": "14:30", "datetime-local": "2026-12-01 14:30"}


def iso_widget(widget):
    """Make a date, time or datetime widget a native picker that renders (and so re-submits) ISO values."""
    for sub in getattr(widget, "widgets", ()):  # MultiWidget, e.g. SplitDateTimeWidget
        iso_widget(sub)
    for cls, input_type, fmt in ISO_WIDGETS:
        if isinstance(widget, cls):
            widget.input_type, widget.format = input_type, fmt
            return input_type
    return None


def bad_date_message(label):
    """What a date typed in another format is told, on forms and on filters alike."""
    return f"{label}格式不对，请按 {EXAMPLES['date']} 填写。"


def _pct(text):
    """Escape a label for a message that Django fills with %-parameters."""
    return str(text).replace("%", "%%")


def field_messages(field, label):
    """Chinese messages naming the field for every default Django error code the field can raise.

    Codes raised with parameters (max_length, invalid_choice, a validator's invalid …) are %-formatted by
    Django, so the label is escaped there (`p`); the others are shown as they are."""
    p = _pct(label)
    choose = isinstance(field, forms.ChoiceField | forms.ModelChoiceField | forms.FileField)
    if isinstance(field, forms.BooleanField):
        required = f"请勾选“{label}”。"
    elif isinstance(field, forms.FileField):
        required = f"请选择要上传的{label}。"
    else:
        required = f"请选择{label}。" if choose else f"请填写{label}。"
    msgs = {
        "required": required,
        "null_characters_not_allowed": f"{p}里有无法识别的空字符，请删除后再保存。",  # raised with params
        "max_length": f"{p}不能超过%(limit_value)d个字（现在有%(show_value)d个）。",
        "min_length": f"{p}至少要有%(limit_value)d个字（现在有%(show_value)d个）。",
        "min_value": f"{p}不能小于%(limit_value)s。",
        "max_value": f"{p}不能大于%(limit_value)s。",
        "step_size": f"{p}须是%(limit_value)s的整数倍。",
        "invalid": f"{p}格式不对。",  # validators (regex, e-mail …) pass %(value)s parameters
    }
    if isinstance(field, forms.DateTimeField):
        msgs["invalid"] = f"{label}格式不对，请按 {EXAMPLES['datetime-local']} 填写。"
    elif isinstance(field, forms.DateField):
        msgs["invalid"] = bad_date_message(label)
    elif isinstance(field, forms.TimeField):
        msgs["invalid"] = f"{label}格式不对，请按 {EXAMPLES['time']} 填写。"
    elif isinstance(field, forms.DecimalField | forms.FloatField):
        msgs["invalid"] = f"{label}应为数字。"
        msgs["max_digits"] = f"{p}最多%(max)s位数字。"
        msgs["max_decimal_places"] = f"{p}最多保留%(max)s位小数。"
        msgs["max_whole_digits"] = f"{p}的整数部分最多%(max)s位。"
    elif isinstance(field, forms.IntegerField):
        msgs["invalid"] = f"{label}应为整数。"
    elif isinstance(field, forms.EmailField):
        msgs["invalid"] = f"{p}不是有效的邮箱地址。"
    elif isinstance(field, forms.URLField):
        msgs["invalid"] = f"{p}不是有效的网址。"
    elif isinstance(field, forms.FileField):
        msgs["invalid"] = f"{label}没有上传成功，请重新选择文件。"
        msgs["missing"] = f"{label}没有上传成功，请重新选择文件。"
        msgs["empty"] = f"{label}是空文件，请重新选择。"
        msgs["max_length"] = f"{p}的文件名不能超过%(max)d个字（现在有%(length)d个）。"
        msgs["contradiction"] = f"{label}：请选择新文件或勾选清除，不能同时进行。"
    if isinstance(field, forms.ModelMultipleChoiceField):
        msgs["invalid_choice"] = f"所选{p}中有不存在或不可选的项（%(value)s），请重新选择。"
        msgs["invalid_pk_value"] = f"{p}的编号“%(pk)s”无效。"
        msgs["invalid_list"] = f"{label}格式不对，请重新选择。"
    elif isinstance(field, forms.ModelChoiceField):
        msgs["invalid_choice"] = f"所选{p}不存在或不可选，请重新选择。"
    elif isinstance(field, forms.MultipleChoiceField):
        msgs["invalid_choice"] = f"{p}中没有“%(value)s”这一项，请重新选择。"
        msgs["invalid_list"] = f"{label}格式不对，请重新选择。"
    elif isinstance(field, forms.ChoiceField):
        msgs["invalid_choice"] = f"{p}中没有“%(value)s”这一项，请重新选择。"
    return msgs


def _class_defaults(field):
    defaults: dict[str, Any] = {}
    for cls in reversed(type(field).__mro__):
        defaults.update(getattr(cls, "default_error_messages", {}))
    return defaults


def humanise_errors(field, label):
    """Replace Django's default wording ("这个字段是必填项。", "确保该变量包含不超过 200 字符") by messages naming
    the field; messages a form sets on purpose (error_messages=..., or after construction) are kept."""
    defaults = _class_defaults(field)
    for code, message in field_messages(field, label).items():
        current = field.error_messages.get(code)
        # Validator codes (max_length, min_value …) are absent unless set on purpose; class defaults are
        # the very objects of default_error_messages (fields copy the dict, not the strings).
        if current is None or current is defaults.get(code):
            field.error_messages[code] = message


def with_label(label, message):
    """ "标签：说明", unless the message already names the field."""
    message = str(message)
    return message if not label or label in message else f"{label}：{message}"


def validate(form):
    """Return cleaned_data or raise Invalid with the form's Chinese field errors."""
    if not form.is_valid():
        errors = {field: [str(m) for m in msgs] for field, msgs in form.errors.items()}
        first_field, first_msgs = next(iter(errors.items()))
        label = form.fields[first_field].label if first_field in form.fields else ""
        raise Invalid(with_label(label, first_msgs[0]), errors)
    return form.cleaned_data


def add_errors(form, exc):
    """Copy an action's Invalid/ActionError onto a bound form for re-rendering.

    Messages the form already shows (the action validated with the same form) are not repeated."""
    errors = getattr(exc, "errors", None) or {}
    have = {field: {str(m) for m in msgs} for field, msgs in form.errors.items()}
    new = {field: [m for m in msgs if str(m) not in have.get(field, ())] for field, msgs in errors.items()}
    new = {field: msgs for field, msgs in new.items() if msgs}
    if errors and not new:
        return form
    # Errors about fields the form does not show are told by the (fuller) detail message instead.
    if (not errors or any(field not in form.fields for field in new)) and exc.detail not in have.get("__all__", ()):
        form.add_error(None, exc.detail)
    for field, msgs in new.items():
        if field in form.fields:
            for m in msgs:
                form.add_error(field, m)
    return form


def _unix_newlines(to_python):
    """Browsers submit a textarea's line breaks as CRLF; stored as they were typed (LF), an unchanged text
    stays unchanged and its length is counted as the browser counted it for maxlength."""

    def wrapped(value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n").replace("\r", "\n")
        return to_python(value)

    return wrapped


BLANK_CHOICE = "请选择…"


def plain_blank_choice(field):
    """The empty entry of a select reads 请选择… instead of Django's "---------"."""
    if isinstance(field, forms.ModelChoiceField) and field.empty_label == "---------":
        field.empty_label = BLANK_CHOICE
    elif isinstance(field, forms.TypedChoiceField | forms.ChoiceField) and not isinstance(
        field, forms.MultipleChoiceField | forms.ModelChoiceField
    ):
        # The setter normalises choices: reading them gives a list (or a lazy iterator), never a mapping.
        choices = list(cast(Iterable[Any], field.choices))
        if choices and choices[0] == ("", "---------"):
            field.choices = [("", BLANK_CHOICE), *choices[1:]]


if TYPE_CHECKING:  # the mixin is only ever mixed into a form: type-check it as one
    _FormBase = forms.BaseForm
else:
    _FormBase = object


class StyledFormMixin(_FormBase):
    """Every project form: Tabler classes on widgets, ISO date/time pickers, and error messages that name the
    field in plain Chinese. One place, so a new form cannot forget any of it.

    Forms may add or replace fields after ``super().__init__()``; those are styled when the form is first
    rendered or cleaned, so they get the same treatment."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._style_fields()

    def _style_fields(self):
        for name, field in self.fields.items():
            if getattr(field, "_styled", False):
                continue
            field._styled = True  # type: ignore[attr-defined]  # our marker on the instance: styled once
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")
            iso_widget(w)
            humanise_errors(field, field.label or name)
            plain_blank_choice(field)
            if isinstance(field, forms.CharField):
                field.to_python = _unix_newlines(field.to_python)  # type: ignore[method-assign]  # per-instance wrap

    def __getitem__(self, name):
        self._style_fields()
        return super().__getitem__(name)

    def full_clean(self):
        self._style_fields()
        return super().full_clean()
