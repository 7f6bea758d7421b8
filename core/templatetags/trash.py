"""`{{ obj|delete_warning }}`: the confirm dialog's text naming what a delete takes with it (core/trash.py)."""

from django import template

register = template.Library()


@register.filter
def delete_warning(obj):
    from core import trash

    return trash.delete_warning(obj)
