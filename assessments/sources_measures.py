"""The measures of 网站汇总 items (assessments/sources.py), each read through its app's public queries.

Every measure answers for one organisation (its subtree included) and one period [start, end] and says what it
counted in `detail`, so the assessor can check the number against the page `evidence_url` leads to. A period
that has not ended yet counts only what is due by today (a meeting whose month is still running is not missed).
"""

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from core import dates

from .sources import Measure, measure, shown

HUNDRED = Decimal(100)
# 三会一课: 支部党员大会、支委会、党小组会、党课 (plans' obligation codes).
THREE_MEETINGS_ONE_LESSON = ("general_meeting", "committee_meeting", "group_meeting", "party_lesson")


def _rate(hit, of):
    return None if not of else (Decimal(hit) * HUNDRED / Decimal(of))


def _years(start, end):
    return range(start.year, end.year + 1)


@measure(
    "plans.compliance",
    "三会一课完成率",
    unit="%",
    zero=0,
    full=100,
    help="期内应召开的支部党员大会、支委会、党小组会和党课中按期召开的比例（按三会一课规则逐期核对活动记录）。",
)
def compliance(org, start, end):
    from plans import compliance as plans_compliance
    from plans.choices import OBLIGATION_SHORT

    today = dates.today()
    due, held, per = 0, 0, {}
    for year in _years(start, end):
        for cell in plans_compliance.compute(org, year, today=today):
            if cell.obligation not in THREE_MEETINGS_ONE_LESSON or cell.start < start or cell.due > end:
                continue
            if cell.status not in ("done", "missing"):  # not due yet, nothing held yet
                continue
            due += 1
            held += cell.status == "done"
            counts = per.setdefault(cell.obligation, [0, 0])
            counts[0] += 1
            counts[1] += cell.status == "done"
    parts = {OBLIGATION_SHORT.get(code, code): {"due": n, "held": h} for code, (n, h) in per.items()}
    detail = f"应开{due}次，已开{held}次" if due else "期内没有到期的三会一课"
    return Measure(
        _rate(held, due),
        detail,
        reverse("plans:compliance") + f"?org={org.pk}&year={end.year}",
        {"due": due, "held": held, "by_obligation": parts},
    )


@measure(
    "plans.on_time",
    "清单事项按期完成率",
    unit="%",
    zero=0,
    full=100,
    help="年度工作清单中应在期内完成的事项（期次）里，在应完成日期当天或之前完成的比例。",
)
def plan_on_time(org, start, end):
    from plans.models import Occurrence

    today = dates.today()
    rows = Occurrence.objects.filter(
        item__plan__org__path__startswith=org.path, due__gte=start, due__lte=min(end, today)
    ).values_list("due", "completed_on")
    due = on_time = late = 0
    for due_on, completed in rows:
        due += 1
        if completed is not None and completed <= due_on:
            on_time += 1
        elif completed is not None:
            late += 1
    detail = (
        f"应完成{due}项，按期完成{on_time}项，逾期完成{late}项，未完成{due - on_time - late}项"
        if due
        else "期内没有到期的清单事项"
    )
    return Measure(
        _rate(on_time, due),
        detail,
        reverse("plans:plan_list") + f"?org={org.pk}&year={end.year}",
        {"due": due, "on_time": on_time, "late": late},
    )


@measure(
    "points.normalized",
    "积分排名折合分",
    unit="分",
    zero=0,
    full=100,
    help="所在党委（工委）本年度积分方案中党组织积分排名的折合分（最高分为满分，其他按比例折合），截至期末。",
)
def points_normalized(org, start, end):
    from orgs.models import Organisation
    from points.models import Scheme as PointsScheme
    from points.rankings import ranking

    step = Organisation.steplen
    above = [org.path[:n] for n in range(step, len(org.path) + 1, step)]
    scheme = PointsScheme.objects.filter(org__path__in=above, year=end.year).order_by("-org__depth", "-id").first()
    if scheme is None:
        return Measure(None, f"{end.year}年没有适用的积分方案")
    rows = ranking(scheme, "org", until=end)
    row = next((r for r in rows if r.subject_id == org.pk), None)
    url = reverse("points:rankings") + f"?scheme={scheme.pk}"
    if row is None:
        return Measure(None, f"{scheme}中没有该组织的积分", url)
    value = Decimal(row.normalized) * HUNDRED / Decimal(scheme.full_marks)
    detail = f"积分{shown(row.total)}分，第{row.rank}名/共{len(rows)}个组织，折合{shown(row.normalized)}分（满分{shown(scheme.full_marks)}分）"
    return Measure(
        value,
        detail,
        url,
        {
            "scheme": scheme.pk,
            "total": shown(row.total),
            "rank": row.rank,
            "of": len(rows),
            "normalized": shown(row.normalized),
        },
    )


@measure(
    "projects.acceptance",
    "项目验收通过率",
    unit="%",
    zero=0,
    full=100,
    help="本年度党建项目中已作验收结论的项目里验收通过的比例（按年度统计）。",
)
def project_acceptance(org, start, end):
    from projects.results import org_results

    (result,) = org_results([org], end.year)
    decided = result.accepted + result.not_accepted
    detail = (
        f"{end.year}年项目{result.projects}个，验收通过{result.accepted}个，未通过{result.not_accepted}个"
        if decided
        else f"{end.year}年没有作出验收结论的项目（共{result.projects}个项目）"
    )
    return Measure(
        _rate(result.accepted, decided),
        detail,
        reverse("projects:project_list") + f"?org={org.pk}",
        {"projects": result.projects, "accepted": result.accepted, "not_accepted": result.not_accepted},
    )


@measure(
    "projects.satisfaction",
    "项目群众满意度",
    unit="%",
    zero=0,
    full=100,
    help="本年度党建项目满意度测评中“满意”和“基本满意”的比例（按年度统计，四公开测评汇总）。",
)
def project_satisfaction(org, start, end):
    from projects.results import org_results

    (result,) = org_results([org], end.year)
    rate = result.metrics.get("satisfaction")
    detail = (
        f"{end.year}年{result.projects}个项目的满意度测评" if rate is not None else f"{end.year}年项目没有满意度测评"
    )
    return Measure(
        None if rate is None else Decimal(rate),
        detail,
        reverse("projects:project_list") + f"?org={org.pk}",
        {"projects": result.projects},
    )


@measure(
    "feedback.on_time",
    "群众诉求限期办结率",
    unit="%",
    zero=0,
    full=100,
    help="七彩心桥意见建议中期内办结的和期内到期仍未办结的，在办结时限（工作日）内办结的比例。",
)
def feedback_on_time(org, start, end):
    from feedback.choices import FeedbackState
    from feedback.limits import step_due
    from feedback.models import Feedback

    today = dates.today()
    handled = Feedback.objects.filter(handler__path__startswith=org.path, accepted_at__isnull=False).select_related(
        "handler"
    )
    deadlines = {}

    def answer_due(item):
        # The 办结 limit runs from acceptance, or afresh from the day it was passed on (转办).
        began = timezone.localdate(item.forwarded_at or item.accepted_at)
        key = (item.handler_id, began)
        if key not in deadlines:
            deadlines[key] = step_due(item.handler, "answer", began)
        return deadlines[key]

    answered = on_time = 0
    for item in handled.filter(answered_at__isnull=False):
        day = timezone.localdate(item.answered_at)
        if start <= day <= end:
            answered += 1
            on_time += day <= answer_due(item)
    overdue = handled.filter(
        answered_at__isnull=True,
        state__in=(FeedbackState.ACCEPTED, FeedbackState.FORWARDED),
        due_on__gte=start,
        due_on__lte=end,
        due_on__lt=today,  # still within its limit today: not overdue (yet)
    ).count()
    counted = answered + overdue
    detail = (
        f"期内办结{answered}件，其中限期内办结{on_time}件；到期未办结{overdue}件"
        if counted
        else "期内没有办结或到期的意见建议"
    )
    return Measure(
        _rate(on_time, counted),
        detail,
        reverse("feedback:feedback_list") + f"?org={org.pk}",
        {"answered": answered, "on_time": on_time, "overdue": overdue},
    )


# ---- mass: 群众满意度 from the 群众满意度测评 (assessments/mass.py) ----


@measure(
    "assessments.satisfaction",
    "群众满意度",
    unit="%",
    zero=0,
    full=100,
    methods=("satisfaction", "platform"),
    help="期内结束的群众满意度测评中，对该组织评价“满意”和“基本满意”的票数占全部票数的比例（不足5票不计算）。",
)
def mass_satisfaction(org, start, end):
    from django.db.models import Count

    from .models_mass import MIN_VOTES, MassKind, MassRating, MassState, MassSurvey, MassVote

    surveys = list(
        MassSurvey.objects.filter(
            kind=MassKind.SATISFACTION,
            state=MassState.CLOSED,
            closed_on__gte=start,
            closed_on__lte=end,
            subjects__org__path__startswith=org.path,
        )
        .distinct()
        .order_by("-closed_on", "-id")
    )
    if not surveys:
        return Measure(None, "期内没有结束的群众满意度测评")
    counts = dict.fromkeys((MassRating.SATISFIED, MassRating.BASIC, MassRating.DISSATISFIED), 0)
    rows = (
        MassVote.objects.filter(survey__in=surveys, subject__org__path__startswith=org.path)
        .values("rating")
        .annotate(n=Count("pk"))
    )
    for row in rows:
        if row["rating"] in counts:
            counts[row["rating"]] = row["n"]
    total = sum(counts.values())
    url = reverse("assessments:mass_results", args=[surveys[0].pk])
    names = "、".join(s.title for s in surveys[:3]) + ("等" if len(surveys) > 3 else "")
    if total < MIN_VOTES:
        # Fewer votes are not shown anywhere (they could point at the voters): the panel scores by hand.
        return Measure(
            None, f"{names}中对该组织的评价不足{MIN_VOTES}票，不计算满意度", url, {"surveys": [s.pk for s in surveys]}
        )
    satisfied, basic, dissatisfied = (
        counts[r] for r in (MassRating.SATISFIED, MassRating.BASIC, MassRating.DISSATISFIED)
    )
    return Measure(
        _rate(satisfied + basic, total),
        f"{names}：共{total}票，满意{satisfied}票、基本满意{basic}票、不满意{dissatisfied}票",
        url,
        {
            "surveys": [s.pk for s in surveys],
            "total": total,
            "satisfied": satisfied,
            "basic": basic,
            "dissatisfied": dissatisfied,
        },
    )


@measure(
    "learning.hours",
    "学时达标率",
    unit="%",
    zero=0,
    full=100,
    help="期末在册党员中，本年度学时已达到按期进度应达学时（年度要求×已过月数/12）的比例。",
)
def study_hours(org, start, end):
    from learning import hours as learning_hours

    upto = min(end, dates.today())
    p = learning_hours.progress(org, end.year, upto)
    share = (p.share * HUNDRED).quantize(Decimal("0.1"))
    detail = (
        f"应达标{p.people}人，已达标{p.on_track}人（截至{upto:%Y年%m月%d日}应达年度要求的{share}%）"
        if p.people
        else "没有在册党员"
    )
    return Measure(
        _rate(p.on_track, p.people),
        detail,
        reverse("learning:gaps") + f"?org={org.pk}&year={end.year}",
        {"people": p.people, "on_track": p.on_track, "share": str(p.share)},
    )


# ---- exams: 网上考试通过率
@measure(
    "learning.exam_pass",
    "网上考试通过率",
    unit="%",
    zero=0,
    full=100,
    help="期内截止的网上考试中，本组织党员参考（已出成绩）的人次里考试通过的比例（每人每场考试按最好成绩计一次）。",
)
def exam_pass_rate(org, start, end):
    from learning import queries_exams

    r = queries_exams.pass_rate(org, start, end)
    detail = f"参考{r.took}人次，通过{r.passed}人次" if r.took else "期内没有截止的网上考试成绩"
    return Measure(_rate(r.passed, r.took), detail, reverse("learning:exam_list"), {"took": r.took, "passed": r.passed})
