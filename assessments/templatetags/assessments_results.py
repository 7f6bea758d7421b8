"""`{{ result.stars|star_marks }}` → ★★★★☆ and `{{ result.stars|star_word }}` → 四星 for the results pages."""

from django import template

from assessments.choices import MAX_STARS
from assessments.queries_results import star_word as _star_word

register = template.Library()


@register.filter
def star_marks(stars):
    try:
        n = max(0, min(MAX_STARS, int(stars)))
    except (TypeError, ValueError):
        return ""
    return "★" * n + "☆" * (MAX_STARS - n)


@register.filter
def star_word(stars):
    return _star_word(stars)


@register.filter
def get_item(mapping, key):
    """`{{ mapping|get_item:key }}` (None when absent)."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None
