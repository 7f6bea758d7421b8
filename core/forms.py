"""Shared form helpers: every action validates through a form so pages and the API say the same thing."""

from django import forms

from .errors import Invalid


def validate(form):
    """Return cleaned_data or raise Invalid with the form's Chinese field errors."""
    if not form.is_valid():
        errors = {field: [str(m) for m in msgs] for field, msgs in form.errors.items()}
        first_field, first_msgs = next(iter(errors.items()))
        label = form.fields[first_field].label if first_field in form.fields else ""
        raise Invalid(f"{label or '输入'}：{first_msgs[0]}" if label else first_msgs[0], errors)
    return form.cleaned_data


def error_lines(form, overrides=None):
    """A bound form's errors as "标签：说明" lines, for per-row messages of an import preview."""
    lines = []
    for field, msgs in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for m in (overrides or {}).get(field, msgs):
            lines.append(f"{label}：{m}" if label else str(m))
    return lines


def add_errors(form, exc):
    """Copy an action's Invalid/ActionError onto a bound form for re-rendering."""
    errors = getattr(exc, "errors", None) or {}
    # Errors about fields the form does not show are told by the (fuller) detail message instead.
    if not errors or any(field not in form.fields for field in errors):
        form.add_error(None, exc.detail)
    for field, msgs in errors.items():
        if field in form.fields:
            for m in msgs:
                form.add_error(field, m)
    return form


class StyledFormMixin:
    """Adds Tabler classes to widgets so templates can render fields with one include."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            w = field.widget
            if isinstance(w, forms.CheckboxInput):
                w.attrs.setdefault("class", "form-check-input")
            elif isinstance(w, forms.Select | forms.SelectMultiple):
                w.attrs.setdefault("class", "form-select")
            else:
                w.attrs.setdefault("class", "form-control")
            if isinstance(w, forms.DateInput):
                w.input_type = "date"
