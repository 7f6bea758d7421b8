"""网站汇总: items that take their points from the platform's own data, exactly and explainably.

A measure is a function `(org, start, end) -> Measure(value, detail, evidence_url)` registered under a stable
code (`@measure("plans.compliance", "三会一课完成率", unit="%")`). An item names the measure in `Item.source` and
keeps the committee's formula in `Item.formula`: {"zero": a, "full": b} — the value at which the item earns 0
points and the value at which it earns its maximum, linear in between and clamped to 0..max_points (a `full`
below `zero` scores a measure where less is better). `points_for` turns a measure into points (two decimals,
ROUND_HALF_UP) and `explain` says how, in one sentence an assessor can check against the evidence.

A measure without data for the period (no meeting was due, no project was accepted) has `value=None`: the item
then gets no computed points and the assessor scores it by hand.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TWO = Decimal("0.01")


@dataclass(frozen=True)
class Measure:
    """What a measure found for one organisation in one period."""

    value: Decimal | None
    detail: str = ""
    evidence_url: str = ""
    parts: dict = field(default_factory=dict)  # the counts behind the value (应开, 已开 …), for the record


@dataclass(frozen=True)
class Source:
    code: str
    label: str
    unit: str
    fn: Callable
    zero: Decimal
    full: Decimal
    help: str = ""
    # The 考核方式 an item scored by this measure may have (网站汇总; 群众满意度 also 满意度测评).
    methods: tuple = ("platform",)

    def __call__(self, org, start, end):
        return self.fn(org, start, end)


REGISTRY: dict[str, Source] = {}


def measure(code, label, *, unit="%", zero=0, full=100, help="", methods=("platform",)):
    """Register a measure; `zero`/`full` are the formula a new item starts with."""

    def register(fn):
        REGISTRY[code] = Source(code, label, unit, fn, Decimal(str(zero)), Decimal(str(full)), help, tuple(methods))
        return fn

    return register


def get(code):
    return REGISTRY.get(code or "")


def choices():
    return [(s.code, s.label) for s in REGISTRY.values()]


def shown(value):
    """A decimal as people write it: 92.5, 100, 0.25 (never 1E+2)."""
    if value is None:
        return "—"
    text = f"{Decimal(value).quantize(TWO, rounding=ROUND_HALF_UP):f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def formula_of(item):
    """(zero, full) of the item's formula, the measure's defaults filling what the committee left out."""
    source = get(item.source)
    raw = item.formula or {}
    out = []
    for key in ("zero", "full"):
        value = raw.get(key)
        try:
            out.append(Decimal(str(value)) if value not in (None, "") else getattr(source, key))
        except (InvalidOperation, ValueError):
            out.append(getattr(source, key))
    return tuple(out)


def points_for(item, m):
    """The item's points for a measure by the committee's formula, or None when the measure has no value."""
    if m is None or m.value is None or get(item.source) is None:
        return None
    zero, full = formula_of(item)
    if full == zero:
        ratio = Decimal(1) if m.value >= full else Decimal(0)
    else:
        ratio = (Decimal(m.value) - zero) / (full - zero)
    ratio = min(max(ratio, Decimal(0)), Decimal(1))
    return (Decimal(item.max_points) * ratio).quantize(TWO, rounding=ROUND_HALF_UP)


def formula_sentence(item):
    """计分办法 in words: "完成率0%得0分，100%及以上得满分10分，其间按比例计分"."""
    source = get(item.source)
    if source is None:
        return ""
    zero, full = formula_of(item)
    unit = source.unit
    more = "及以上" if full >= zero else "及以下"
    less = "及以下" if full >= zero else "及以上"
    return (
        f"{source.label}{shown(zero)}{unit}{less}得0分，{shown(full)}{unit}{more}得满分{shown(item.max_points)}分，"
        "其间按比例计分（保留两位小数，四舍五入）"
    )


def explain(item, m):
    """ "三会一课完成率 92.5%（应开40次，已开37次）→ 9.25分"; without data, why the assessor scores by hand."""
    source = get(item.source)
    if source is None or m is None:
        return ""
    detail = f"（{m.detail}）" if m.detail else ""
    if m.value is None:
        return f"{source.label}：本期无数据{detail}，由考核组评分。"
    return f"{source.label} {shown(m.value)}{source.unit}{detail}→ {shown(points_for(item, m))}分"


def compute(item, org, start, end):
    """(measure, points, sentence) of a 网站汇总 item for one organisation in [start, end]."""
    source = get(item.source)
    if source is None:
        return None, None, ""
    m = source(org, start, end)
    return m, points_for(item, m), explain(item, m)


def computed(item, org, start, end):
    """What a score of a 网站汇总 item keeps (Score.computed) for one target in a round's period, or None for an
    item without a source: the rounds' grid shows it and the assessor may depart from it only with a reason."""
    m, _points, _sentence = compute(item, org, start, end)
    return as_json(item, m)


def as_json(item, m):
    """What Score.computed keeps: the value, the points, the sentence and the evidence, frozen at scoring time."""
    if m is None:
        return None
    return {
        "source": item.source,
        "value": None if m.value is None else shown(m.value),
        "points": None if points_for(item, m) is None else shown(points_for(item, m)),
        "detail": m.detail,
        "explain": explain(item, m),
        "evidence_url": m.evidence_url,
        "parts": m.parts,
    }


from . import sources_measures  # noqa: E402, F401  (registers the measures)
