"""学习需求调查: which surveys a user sees (with whether she answered) and a survey's results per option."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Value
from django.db.models.fields import BooleanField

from orgs.models import Person

from .models_extras import NeedsAnswer, NeedsSurvey


def surveys_for(user):
    """The surveys the user sees, newest first, annotated `answered` (hers) — one query."""
    qs = NeedsSurvey.objects.visible_to(user).select_related("org")
    if user.person_id:
        mine = NeedsAnswer.objects.filter(survey=OuterRef("pk"), person_id=user.person_id)
        qs = qs.annotate(answered=Exists(mine))
    else:
        qs = qs.annotate(answered=Value(False, output_field=BooleanField()))
    return qs.order_by("-closes", "-id")


@dataclass
class Results:
    answers: int
    members: int
    topics: list  # [(option, count)] in the survey's order, then any others
    formats: list
    comments: list  # [(text, how many wrote it)], the most often first

    @property
    def comment_count(self):
        return sum(n for _, n in self.comments)


def _counts(options, chosen):
    counter = Counter(x for row in chosen for x in row)
    return [(o, counter.get(o, 0)) for o in options]


def results(survey):
    """How many chose each topic and each format, the free-text suggestions (no names) — three queries."""
    rows = list(survey.answers.values_list("topics", "formats", "comment"))
    members = Person.objects.filter(org__path__startswith=survey.org.path).active().party_members().count()
    return Results(
        answers=len(rows),
        members=members,
        topics=_counts(survey.topics, [r[0] for r in rows]),
        formats=_counts(survey.formats, [r[1] for r in rows]),
        comments=Counter(r[2].strip() for r in rows if r[2].strip()).most_common(),
    )
