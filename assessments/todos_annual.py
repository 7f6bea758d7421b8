"""To-dos of 年终总评 (joined into the module's to-dos by assessments/todos.py), for a committee's 党务管理员:

- 年终总评待开展: the year's four quarterly rounds of one of her committees are published and the committee has no
  年终总评 of that year yet;
- 年终总评异议待答复: objections to a 年终总评 in publicity of a committee she administers.
"""

from django.db.models import Count, Exists, OuterRef
from django.urls import reverse

from accounts import scope
from core.models import path_q
from core.todos import TodoItem

from .models import Round
from .models_annual import AnnualEvaluation, AnnualObjection

GROUP = "assessments"
QUARTERS = 4


def _due(user):
    """The (committee, year) groups of published quarterly rounds of the committees the user administers that
    have all four quarters and no 年终总评 of that year (one query; empty for everyone else)."""
    paths = scope.admin_paths(user)
    if not paths or scope.is_system_user(user):
        return Round.objects.none()
    annual = AnnualEvaluation.objects.filter(org_id=OuterRef("scheme__org_id"), year=OuterRef("ends__year"))
    return (
        Round.objects.filter(path_q("scheme__org__path", paths), kind="quarter", state="published")
        .values("scheme__org_id", "scheme__org__name", "ends__year")
        .annotate(n=Count("period", distinct=True), has_annual=Exists(annual))
        .filter(n__gte=QUARTERS, has_annual=False)
        .order_by()
    )


def _due_years(user):
    """[(committee id, committee name, year)] of `_due`, oldest year first."""
    rows = list(_due(user).values("scheme__org_id", "scheme__org__name", "ends__year").order_by("ends__year"))
    return [(r["scheme__org_id"], r["scheme__org__name"], r["ends__year"]) for r in rows]


def _objections(user):
    paths = scope.admin_paths(user)
    if not paths or scope.is_system_user(user):
        return AnnualObjection.objects.none()
    return AnnualObjection.objects.filter(
        answered_at__isnull=True,
        publicity__state="published",
        publicity__withdrawn_at__isnull=True,
        publicity__evaluation__in=AnnualEvaluation.objects.filter(path_q("org__path", paths)),
    )


def items(user, today):
    out = [
        TodoItem(
            group=GROUP,
            kind="assessments.annual_due",
            label="年终总评待开展",
            text=f"{name}{year}年四个季度的考核结果均已发布，可以开展年终总评",
            url=reverse("assessments:annual_create"),
            note="按权重合计各季度考核、积分排名和项目成果，评定年度星级",
        )
        for _org_id, name, year in _due_years(user)
    ]
    rows = (
        _objections(user)
        .values("publicity__evaluation_id", "publicity__title", "publicity__objection_deadline")
        .annotate(n=Count("id"))
        .order_by("publicity__objection_deadline", "publicity__evaluation_id")
    )
    for row in rows:
        out.append(
            TodoItem(
                group=GROUP,
                kind="assessments.annual_objection",
                label="年终总评异议待答复",
                text=f"“{row['publicity__title']}”有 {row['n']} 条异议待答复",
                url=reverse("assessments:annual_detail", args=[row["publicity__evaluation_id"]]),
                due=row["publicity__objection_deadline"],
                count=row["n"],
                note="答复全部异议后才能正式发布",
            )
        )
    return out


def counted(user, today):
    """Querysets whose rows are the things `items` stands for (assessments/todos.py unions them): one row per due
    (committee, year) group, one per open objection."""
    return [_due(user), _objections(user)]
