"""Reads of 四公开, acceptance and awards shared by the pages and the API (always through visible_to)."""

from django.db.models import Prefetch

from core import workflow

from . import eligibility
from .config import settings_for
from .metrics_public import satisfaction_of, scores_of
from .models import Award, AwardState, Criterion, Project, Scorer
from .queries import project_qs
from .rules import award_committee


def awards_qs():
    return Award.objects.select_related("project__org", "committee", "decider", "nominated_by", "decided_by")


def awards(user, *, state=None, committee=None, kind=None):
    qs = awards_qs().filter(pk__in=Award.objects.visible_to(user).values("pk"))
    if state:
        qs = qs.filter(state=state)
    if committee is not None:
        qs = qs.filter(decider__path__startswith=committee.path)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-year", "-decided_at", "-id")


def cases(user):
    """经验交流: the approved awards, published as cases in the committee's tree."""
    return awards(user, state=AwardState.APPROVED).select_related("project__closing_report")


def project_awards(project):
    return list(awards_qs().filter(project=project).order_by("-id"))


def panel(project):
    return list(
        Scorer.objects.filter(project=project)
        .select_related("person__org")
        .prefetch_related("scores")
        .order_by("added_at", "id")
    )


def ranking(user, *, under=None, year=None):
    """层层打擂: the accepted projects the user reads, by acceptance score then satisfaction (eligible first)."""
    qs = (
        project_qs()
        .filter(pk__in=Project.objects.visible_to(user).values("pk"), state="accepted")
        .prefetch_related(Prefetch("awards", queryset=Award.objects.filter(state__in=["nominated", "approved"])))
    )
    if under is not None:
        qs = qs.filter(org__path__startswith=under.path)
    if year:
        qs = qs.filter(end__year=year)
    projects = list(qs[:500])
    ids = [p.pk for p in projects]
    sat, scores = satisfaction_of(ids), scores_of(ids)
    by_org: dict = {}
    for p in projects:  # the figures the eligibility reasons and the rules read, fetched once for the whole list
        p._satisfaction = sat[p.pk]
        if p.org_id not in by_org:
            by_org[p.org_id] = (settings_for(p.org), award_committee(p))
        p._settings_cache, p._award_committee = by_org[p.org_id]
    all_reasons = eligibility.reasons_for(projects)
    rows = []
    for p in projects:
        reasons = all_reasons[p.pk]
        rows.append(
            {
                "project": p,
                "score": scores[p.pk]["mean"],
                "satisfaction": sat[p.pk],
                "reasons": reasons,
                "eligible": not reasons,
                "awards": list(p.awards.all()),
            }
        )
    rows.sort(key=lambda r: (not r["eligible"], -(r["score"] or -1), -(r["satisfaction"].rate or -1), r["project"].pk))
    for n, r in enumerate(rows, start=1):
        r["rank"] = n
    return rows


def award_actions(award, user):
    return workflow.available_names(award, user)


def criteria(project):
    return list(Criterion.objects.filter(project=project).order_by("position", "id"))
