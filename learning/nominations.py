"""学习之星 offered to 表彰 (考核评星's recognitions) as nomination suggestions: `contributes["assessments.candidates"]`.

The recognitions' registry asks every contributor `(committee, year, subject, user)` for dicts
`{"source", "note", "org", "person"}`; this module answers the members named 学习之星 in the year by the committee
or a committee of its subtree, the most titles first, without importing the recognitions' module."""

from orgs.models import Person

from .models_extras import StudyStar

SOURCE = "study_star"  # assessments' NominationSource.STUDY_STAR
TOP = 5  # candidates offered (as many as each of the recognitions' own providers)


def study_stars(committee, year, subject, user):
    """People only: the year's 学习之星 under the committee that the user reads, grouped per person."""
    if subject != "person":
        return []
    rows = (
        StudyStar.objects.visible_to(user)
        .filter(org__path__startswith=committee.path, year=year, person__in=Person.objects.visible_to(user).active())
        .select_related("person__org")
        .order_by("period_kind", "period", "id")
    )
    per: dict[int, list] = {}
    for s in rows:
        per.setdefault(s.person_id, []).append(s)
    ranked = sorted(per.values(), key=lambda titles: (-len(titles), titles[0].person.name, titles[0].person_id))
    return [
        {
            "source": SOURCE,
            "note": f"{year}年{len(titles)}次评为学习之星（{'、'.join(_short(s) for s in titles)}）",
            "org": titles[0].person.org,
            "person": titles[0].person,
        }
        for titles in ranked[:TOP]
    ]


def _short(star):
    return f"{star.period}月" if star.period_kind == "month" else f"第{star.period}季度"
