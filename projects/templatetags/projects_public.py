"""`{% public_panel project as pub %}`: what the project page's 四公开 / 验收 / 荣誉 panel shows the user."""

from django import template
from django.urls import reverse

from projects import eligibility, queries_public
from projects.actions_public import my_seat, survey_open
from projects.forms_public import ScorerForm
from projects.metrics_public import satisfaction, scores_of
from projects.models import ClosingReport, Disclosure
from projects.rules import panel_candidates

register = template.Library()


@register.simple_tag(takes_context=True)
def public_panel(context, project):
    request = context["request"]
    user = request.user
    d = Disclosure.objects.filter(project=project).first()
    seats = queries_public.panel(project)
    weighted = scores_of([project.pk])[project.pk]
    for s in seats:
        s.weighted = weighted["by_scorer"].get(s.pk)
    may_assign = user.has_perm("projects.assign_panel", project)
    return {
        "disclosure": d,
        "public_url": request.build_absolute_uri(reverse("projects:public_page", args=[d.token])) if d else "",
        "may_disclose": user.has_perm("projects.disclose", project),
        "sat": satisfaction(project),
        "survey_open": survey_open(project),
        "may_enter": user.has_perm("projects.enter_survey", project),
        "report": ClosingReport.objects.filter(project=project).prefetch_related("evidence").first(),
        "may_report": user.has_perm("projects.report_closing", project),
        "seats": seats,
        "mean": weighted["mean"],
        "may_assign": may_assign,
        "scorer_form": ScorerForm(candidates=panel_candidates(project)) if may_assign else None,
        "seat": my_seat(project, user),
        "may_score": user.has_perm("projects.score", project),
        "reasons": eligibility.reasons(project),
        "awards": queries_public.project_awards(project),
        "may_nominate": project.state == "accepted" and user.has_perm("projects.nominate", project),
        "has_criteria": project.criteria.exists(),
    }
