"""Reads of 考核方案 shared by the pages and the API: a scheme with its categories, items, totals and thresholds
in a fixed number of queries, and the 网站汇总 measure of an item for one organisation."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from core.errors import Conflict, Invalid, NotFound

from . import sources
from .completeness import FULL_MARKS, total_problem
from .models import Item, Scheme

MEASURE_NOT_FOUND = "未找到该组织，或您无权查看其数据。"
MAX_MEASURE_DAYS = 366


@dataclass
class CategoryView:
    category: object
    items: list = field(default_factory=list)

    @property
    def total(self):
        return sum((i.max_points for i in self.items), Decimal(0))


class SchemeView:
    """One scheme as its pages and the API show it. `load_items=False` (lists) reads only the aggregates."""

    def __init__(self, scheme, *, load_items=True, thresholds=None, total=None, item_count=None, in_use=None):
        self.scheme = scheme
        self.thresholds = thresholds if thresholds is not None else list(scheme.thresholds.order_by("-stars"))
        for t in self.thresholds:
            t.glyphs = "★" * t.stars
        self.categories = []
        if load_items:
            items = list(Item.objects.filter(scheme=scheme).select_related("category"))
            for item in items:
                item.scheme = scheme
                source = sources.get(item.source)
                item.source_label = source.label if source else ""
                item.formula_text = sources.formula_sentence(item)
                if not self.categories or self.categories[-1].category.pk != item.category_id:
                    self.categories.append(CategoryView(item.category))
                self.categories[-1].items.append(item)
            total = sum((i.max_points for i in items), Decimal(0))
            item_count = len(items)
        self.total = Decimal(total or 0)
        self.item_count = item_count or 0
        self.problem = total_problem(scheme, self.total)
        self.missing = FULL_MARKS - self.total
        if in_use is None:
            in_use = scheme.rounds.exclude(state="draft").exists()
        self.in_use = in_use
        self._actions = {}

    @property
    def items(self):
        return [i for c in self.categories for i in c.items]

    @property
    def veto_items(self):
        return [i for i in self.items if i.veto]

    @property
    def platform_items(self):
        return [i for i in self.items if i.source]

    def may_manage(self, user):
        if user.pk not in self._actions:
            self._actions[user.pk] = user.has_perm("assessments.manage_scheme", self.scheme)
        return self._actions[user.pk]

    def actions_for(self, user):
        if not self.may_manage(user):
            return []
        return ["update", "clone"] + ([] if self.in_use else ["add_item", "import"])

    def item_actions_for(self, user):
        return ["update", "delete"] if self.may_manage(user) and not self.in_use else []


def summaries(schemes):
    """SchemeViews of a page of schemes, without their items: four queries however many schemes."""
    from .models_rounds import Round

    in_use = Round.objects.filter(scheme=OuterRef("pk")).exclude(state="draft")
    rows = list(
        Scheme.objects.filter(pk__in=[s.pk for s in schemes])
        .annotate(n_items=Count("items"), points=Sum("items__max_points"), used=Exists(in_use))
        .values("pk", "n_items", "points", "used")
    )
    agg = {r["pk"]: r for r in rows}
    thresholds = {}
    from .models import StarThreshold

    for t in StarThreshold.objects.filter(scheme__in=[s.pk for s in schemes]).order_by("-stars"):
        thresholds.setdefault(t.scheme_id, []).append(t)
    return [
        SchemeView(
            s,
            load_items=False,
            thresholds=thresholds.get(s.pk, []),
            total=agg[s.pk]["points"],
            item_count=agg[s.pk]["n_items"],
            in_use=agg[s.pk]["used"],
        )
        for s in schemes
    ]


def measurable_items(user):
    """Items whose measures the user may ask for: those she reads, and those of the rounds she assesses."""
    return Item.objects.filter(
        Q(pk__in=Item.objects.visible_to(user).values("pk")) | Q(scheme__rounds__assessors=user)
    ).distinct()


def measurable_item(item_id, user):
    qs = measurable_items(user).select_related("scheme__org", "category")
    item = qs.filter(pk=item_id).first()
    if item is None:
        raise NotFound()
    return item


def measure_for(item, org, start, end, *, by):
    """The measure of a 网站汇总 item for one organisation in [start, end] (the API's answer).

    An organisation the user may not look at answers exactly like one that does not exist (404)."""
    if not by.has_perm("assessments.read_measure", (item, org)):
        raise NotFound(MEASURE_NOT_FOUND, {"org": [MEASURE_NOT_FOUND]})
    source = sources.get(item.source)
    if source is None:
        raise Conflict("该考核项目没有设置数据来源，不按平台数据自动计分。", code="no_source")
    if start > end:
        raise Invalid("开始日期不能晚于结束日期。", {"end": ["开始日期不能晚于结束日期。"]})
    if end - start > datetime.timedelta(days=MAX_MEASURE_DAYS):
        raise Invalid("统计区间最长一年。", {"end": ["统计区间最长一年。"]})
    m = source(org, start, end)
    points = sources.points_for(item, m)
    return {
        "item": item.pk,
        "org": {"id": org.pk, "name": org.name},
        "start": start,
        "end": end,
        "source": source.code,
        "label": source.label,
        "unit": source.unit,
        "value": None if m.value is None else float(m.value),
        "points": None if points is None else float(points),
        "max_points": float(item.max_points),
        "detail": m.detail,
        "explain": sources.explain(item, m),
        "formula_text": sources.formula_sentence(item),
        "evidence_url": m.evidence_url,
        "parts": m.parts,
    }


def measure_orgs(item, user):
    """The organisations the measure page offers: those below the scheme's committee the user reads (not 党小组),
    and the targets of the scheme's rounds she assesses."""
    from orgs.models import Organisation

    scheme = item.scheme
    visible = (
        Organisation.objects.visible_to(user)
        .filter(path__startswith=scheme.org.path)
        .exclude(kind="group")
        .exclude(pk=scheme.org_id)
    )
    assessed = Organisation.objects.filter(assessment_rounds__scheme=scheme, assessment_rounds__assessors=user)
    return Organisation.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=assessed.values("pk"))).order_by(
        "path"
    )
