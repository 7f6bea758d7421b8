"""`{% superv_panel project %}`: supervision and mentoring on the project page (projects/superv_panel.html)."""

from django import template

register = template.Library()


@register.inclusion_tag("projects/superv_panel.html", takes_context=True)
def superv_panel(context, project):
    from projects.views_superv import panel_context

    request = context["request"]
    return {"project": project, "request": request, "user": request.user, **panel_context(request, project)}
