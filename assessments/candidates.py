"""提名建议: who the platform's own results suggest for an award type — a registry of providers.

A provider `(committee, year, subject, user) -> [Candidate]` is registered with `@provider(source)`; the
nomination page lists every provider's candidates (each with the sentence saying why) and the committee
nominates from them in one click, or by hand with a reason. Results of other parts (星级评定, 民主评议 优秀)
register their providers the same way.

Another module offers its own results without this module naming it: `contributes = {"assessments.candidates":
"<app>.<file>.<function>"}` with the same signature, answering dicts `{"source", "note", "org", "person"}` whose
source is one of `NominationSource` (网络学院's 学习之星 does so).
"""

from dataclasses import dataclass
from typing import Any

from core.modules import contributions

from .choices_awards import AwardSubject, NominationSource

POINT = "assessments.candidates"  # the extension point other modules contribute their providers to
_PROVIDERS: dict[str, Any] = {}
TOP = 5  # candidates per provider


@dataclass(frozen=True)
class Candidate:
    source: str
    note: str  # why: "2026年积分排名第1名（128.5分）"
    org: Any  # the nominee's organisation (for a person, hers)
    person: Any = None

    @property
    def name(self):
        return self.person.name if self.person is not None else self.org.name

    @property
    def source_label(self):
        return NominationSource(self.source).label


def provider(source):
    def register(fn):
        _PROVIDERS[source] = fn
        return fn

    return register


def candidates(committee, year, subject, user):
    """Every provider's candidates for the committee's award of `subject` in `year`, visible to the user."""
    found = []
    for fn in _PROVIDERS.values():
        found.extend(fn(committee, year, subject, user))
    for _module, fn in contributions(POINT):
        found.extend(
            Candidate(c["source"], c["note"], c["org"], c.get("person"))
            for c in fn(committee, year, subject, user)
            if c["source"] in NominationSource.values
        )
    return found


@provider(NominationSource.POINTS)
def from_points(committee, year, subject, user):
    """积分排名: the top of the committee's points scheme of the year (people or organisations)."""
    from orgs.models import Organisation, Person
    from points.models import Scheme
    from points.rankings import ranking

    scheme = Scheme.objects.visible_to(user).filter(org=committee, year=year).order_by("id").first()
    if scheme is None:
        return []
    if subject == AwardSubject.PERSON:
        found = []
        for subject_type, label in (("member", "党员积分排名"), ("cadre", "党务干部积分排名")):
            rows = [r for r in ranking(scheme, subject_type) if r.total > 0][:TOP]
            people = Person.objects.visible_to(user).select_related("org").in_bulk([r.subject_id for r in rows])
            found += [
                Candidate(
                    NominationSource.POINTS,
                    f"{year}年{label}第{r.rank}名（{r.total}分）",
                    people[r.subject_id].org,
                    people[r.subject_id],
                )
                for r in rows
                if r.subject_id in people
            ]
        return found
    rows = [r for r in ranking(scheme, "org") if r.total > 0][:TOP]
    orgs = Organisation.objects.visible_to(user).in_bulk([r.subject_id for r in rows])
    return [
        Candidate(NominationSource.POINTS, f"{year}年党组织积分排名第{r.rank}名（{r.total}分）", orgs[r.subject_id])
        for r in rows
        if r.subject_id in orgs
    ]


@provider(NominationSource.PROJECTS)
def from_projects(committee, year, subject, user):
    """党建项目: organisations whose projects won 十佳/精品/示范 in the year (collective awards only)."""
    if subject != AwardSubject.ORG:
        return []
    from projects.models import AwardState
    from projects.queries_public import awards

    found, seen = [], set()
    rows = awards(user, state=AwardState.APPROVED).filter(year=year, project__org__path__startswith=committee.path)
    for a in rows[: TOP * 2]:
        if a.project.org_id in seen:
            continue
        seen.add(a.project.org_id)
        found.append(
            Candidate(
                NominationSource.PROJECTS, f"{a.year}年度{a.get_kind_display()}：{a.project.title}", a.project.org
            )
        )
    return found[:TOP]


@provider(NominationSource.STARS)
def from_stars(committee, year, subject, user):
    """星级评定: organisations that reached five stars in a published round of the committee's schemes of the year,
    the most five-star rounds first (collective awards only)."""
    if subject != AwardSubject.ORG:
        return []
    from django.db.models import Count

    from .models import Result

    rows = (
        Result.objects.visible_to(user)
        .filter(
            round__scheme__org=committee,
            round__scheme__year=year,
            round__state="published",
            stars=5,
        )
        .values("org")
        .annotate(n=Count("id"))
        .order_by("-n", "org")[:TOP]
    )
    from orgs.models import Organisation

    orgs = Organisation.objects.in_bulk([r["org"] for r in rows])
    return [
        Candidate(NominationSource.STARS, f"{year}年{r['n']}次考核评为五星", orgs[r["org"]])
        for r in rows
        if r["org"] in orgs
    ]


@provider(NominationSource.APPRAISAL)
def from_appraisal(committee, year, subject, user):
    """民主评议: the members graded 优秀 in the closed appraisals of the year under the committee (people only)."""
    if subject != AwardSubject.PERSON:
        return []
    from orgs.models import Person

    from .queries_appraisal import excellent_members

    visible = set(Person.objects.visible_to(user).values_list("pk", flat=True))
    found = [p for p in excellent_members(year, committee) if p.person_id in visible][:TOP]
    return [
        Candidate(NominationSource.APPRAISAL, f"{year}年民主评议评为优秀", p.appraisal.org, p.person) for p in found
    ]


# ---- mass: 双评 群众评议 ----
MASS_MIN_RATE = 90  # 好+较好 at least this percentage of at least MIN_VOTES votes


@provider(NominationSource.MASS)
def from_mass(committee, year, subject, user):
    """群众评议: 明星党员 (people) or 星级党支部 (organisations) whose closed 双评 of the year under the committee
    rated them 好 or 较好 in at least 90 % of at least five votes, the best first."""
    from django.db.models import Count

    from orgs.models import Organisation, Person

    from .mass import rate_of
    from .models_mass import MIN_VOTES, POSITIVE, MassKind, MassState, MassSurvey, MassVote

    kind = MassKind.STAR_MEMBER if subject == AwardSubject.PERSON else MassKind.STAR_ORG
    surveys = MassSurvey.objects.visible_to(user).filter(
        org__path__startswith=committee.path, kind=kind, state=MassState.CLOSED, closes__year=year
    )
    key = "subject__person_id" if kind == MassKind.STAR_MEMBER else "subject__org_id"
    per: dict[tuple, list[int]] = {}
    rows = MassVote.objects.filter(survey__in=surveys).values("survey_id", key, "rating").annotate(n=Count("pk"))
    for row in rows:
        counts = per.setdefault((row["survey_id"], row[key]), [0, 0])
        counts[0] += row["n"]
        counts[1] += row["n"] if row["rating"] in POSITIVE[kind] else 0
    best: dict[int, tuple] = {}
    for (_survey, pk), (total, positive) in per.items():
        rate = rate_of(positive, total)
        if total >= MIN_VOTES and rate >= MASS_MIN_RATE and (pk not in best or rate > best[pk][0]):
            best[pk] = (rate, total)
    ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    if kind == MassKind.STAR_MEMBER:
        people = Person.objects.visible_to(user).select_related("org").in_bulk([pk for pk, _ in ranked])
        chosen = [(people[pk], rt) for pk, rt in ranked if pk in people][:TOP]
        return [
            Candidate(NominationSource.MASS, f"{year}年明星党员群众评议好评率{rate}%（{total}票）", p.org, p)
            for p, (rate, total) in chosen
        ]
    orgs = Organisation.objects.visible_to(user).in_bulk([pk for pk, _ in ranked])
    chosen_orgs = [(orgs[pk], rt) for pk, rt in ranked if pk in orgs][:TOP]
    return [
        Candidate(NominationSource.MASS, f"{year}年星级党支部群众评议好评率{rate}%（{total}票）", o)
        for o, (rate, total) in chosen_orgs
    ]
