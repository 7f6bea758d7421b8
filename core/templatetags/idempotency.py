"""`{% idempotency_field %}`: the hidden idempotency key of a create form (core/idempotency.py).

A builtin (settings.TEMPLATES), so a form needs no `{% load %}`: put it next to `{% csrf_token %}`.
"""

from django import template
from django.utils.html import format_html

from core.idempotency import FORM_FIELD, KEY_RE, new_key

register = template.Library()


@register.simple_tag(takes_context=True)
def idempotency_field(context):
    # A refused form shown again keeps its key (it was released, nothing was saved); a new rendering gets a new one.
    request = context.get("request")
    key = request.POST.get(FORM_FIELD, "") if request is not None and request.method == "POST" else ""
    if not KEY_RE.match(key):
        key = new_key()
    return format_html('<input type="hidden" name="{}" value="{}">', FORM_FIELD, key)
