"""`{% available_transitions obj as actions %}`: what the user may do to obj now, from core.workflow.

Templates never re-derive a workflow's rules: they render exactly these (name, label, style, confirm)."""

from django import template

from core import workflow

register = template.Library()


@register.simple_tag(takes_context=True)
def available_transitions(context, obj):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    if obj is None or user is None:
        return []
    return workflow.available(obj, user)


@register.filter
def state_badge_class(obj):
    """The Bootstrap colour of obj's state, from its workflow's states."""
    wf = workflow.of(obj)
    return wf.badge(wf.state(obj))
