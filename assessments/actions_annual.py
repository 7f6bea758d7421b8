"""年终总评的写操作: create and change an evaluation with its weighted components (in draft), run its stages
(assessments/workflows_annual.py), raise and answer objections to its publicity."""

from django.db import IntegrityError, transaction

from core import audit, workflow
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.params import MAX_ID
from core.verbs import require_verb

from . import rules
from .choices_annual import AnnualState, ComponentKind
from .forms_annual import MAX_COMPONENTS, AnnualForm, parse_weight
from .models import Round, Scheme
from .models_annual import AnnualComponent, AnnualEvaluation

FIELDS = ("org", "year", "scheme", "title", "state")
NO_ROUND = "未找到该考核轮次，或您无权使用。"


def get_annual(pk, user):
    """One evaluation the user reads (404 for missing and out of scope alike)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not 1 <= pk <= MAX_ID:
        raise NotFound()
    found = AnnualEvaluation.objects.visible_to(user).select_related("org", "scheme").filter(pk=pk).first()
    if found is None:
        raise NotFound()
    return found


def form(user, data=None, *, form_class=AnnualForm, **kwargs):
    return form_class(data, orgs=rules.annual_committees(user), schemes=Scheme.objects.visible_to(user), **kwargs)


def usable_rounds(user, org=None, year=None):
    """The published rounds the user may build an annual evaluation of (of the committees she administers)."""
    qs = Round.objects.visible_to(user).filter(state="published", scheme__org__in=rules.annual_committees(user))
    if org is not None:
        qs = qs.filter(scheme__org=org)
    if year is not None:
        qs = qs.filter(ends__year=year)
    return qs.select_related("scheme__org").order_by("scheme__org__path", "starts", "id")


def _where(n, raw):
    return {"points": "积分排名", "projects": "项目成果"}.get(raw.get("kind"), f"第{n}项")


def parse_components(raw, *, org, year, user):
    """[(kind, round or None, weight)] from the API's/page's list, or Invalid naming each wrong entry (a round of
    another committee reads exactly like a missing one)."""
    if not isinstance(raw, list) or not raw:
        raise Invalid("请添加年终总评的组成部分并设置权重。", {"components": ["请添加年终总评的组成部分并设置权重。"]})
    if len(raw) > MAX_COMPONENTS:
        raise Invalid(f"组成部分最多{MAX_COMPONENTS}项。", {"components": [f"组成部分最多{MAX_COMPONENTS}项。"]})
    errors: dict[str, list[str]] = {}
    out, seen = [], set()

    def refuse(entry, message):
        field = entry.get("field") if isinstance(entry, dict) else None
        errors.setdefault(str(field) if field else "components", []).append(message)

    rounds = {r.pk: r for r in Round.objects.visible_to(user).filter(scheme__org=org).select_related("scheme")}
    for n, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            refuse(entry, f'第{n}项应为 {{"kind", "weight"}} 的形式。')
            continue
        kind = entry.get("kind")
        if kind not in ComponentKind.values:
            refuse(entry, f"第{n}项的类型应为 round（考核轮次）、points（积分排名）或 projects（项目成果）。")
            continue
        where = _where(n, entry)
        round_ = None
        if kind == ComponentKind.ROUND:
            given = entry.get("round")
            rid = None
            if isinstance(given, int) and not isinstance(given, bool):
                rid = given
            elif isinstance(given, str) and given.strip().isdigit():
                rid = int(given.strip())
            round_ = rounds.get(rid) if rid is not None else None
            if round_ is None:
                refuse(entry, f"第{n}项：{NO_ROUND}")
                continue
            where = f"“{round_.title}”"
            if round_.state != "published":
                refuse(entry, f"{where}当前为“{round_.state_label}”：只能选用已发布结果的考核轮次。")
                continue
            if year and round_.ends.year != year:
                refuse(entry, f"{where}不是{year}年度的考核轮次。")
                continue
        key = (kind, round_.pk if round_ else None)
        if key in seen:
            refuse(entry, f"{where}重复选用。")
            continue
        seen.add(key)
        try:
            weight = parse_weight(entry.get("weight"), where)
        except ValueError as exc:
            refuse(entry, str(exc))
            continue
        out.append((kind, round_, weight))
    if errors:
        first = next(iter(errors.values()))[0]
        raise Invalid(first, errors)
    return out


def _components_snapshot(evaluation):
    return [
        {"kind": c.kind, "round": c.round_id, "weight": f"{c.weight.normalize():f}"}
        for c in evaluation.components.order_by("position", "id")
    ]


def _write_components(evaluation, parsed):
    evaluation.components.all().delete()
    AnnualComponent.objects.bulk_create(
        [
            AnnualComponent(evaluation=evaluation, position=i, kind=kind, round=round_, weight=weight)
            for i, (kind, round_, weight) in enumerate(parsed, start=1)
        ]
    )


def _taken(org, year):
    return Conflict(f"{org.name}已有{year}年度的年终总评。", {"year": ["该年度已有年终总评。"]})


def create_annual(*, by, data):
    """A new evaluation in draft with its components (the weights may not add up to 100 yet: computing waits)."""
    require_verb(by, "assessments.use_schemes")
    cleaned = validate(form(by, data))
    org = cleaned["org"]
    require_verb(by, "assessments.add_annual", org)
    parsed = parse_components(data.get("components"), org=org, year=cleaned["year"], user=by)
    try:
        with transaction.atomic():
            ev = AnnualEvaluation.objects.create(
                org=org, year=cleaned["year"], scheme=cleaned["scheme"], title=cleaned["title"], created_by=by
            )
            _write_components(ev, parsed)
            audit.record(
                "assessments.annual.create",
                by=by,
                obj=ev,
                org=org,
                after={**audit.snapshot(ev, FIELDS), "components": _components_snapshot(ev)},
            )
    except IntegrityError:
        raise _taken(org, cleaned["year"]) from None
    return ev


def update_annual(evaluation, *, by, data):
    """Change the title, year, scheme or components (all of them, replaced) while in draft."""
    require_verb(by, "assessments.manage_annual", evaluation)
    merged = {
        "org": evaluation.org_id,
        "year": evaluation.year,
        "scheme": evaluation.scheme_id,
        "title": evaluation.title,
        **{k: v for k, v in data.items() if k in ("year", "scheme", "title")},
    }
    cleaned = validate(form(by, merged))
    components = data.get("components") if "components" in data else None
    parsed = (
        parse_components(components, org=evaluation.org, year=cleaned["year"], user=by)
        if components is not None
        else None
    )
    try:
        with transaction.atomic():
            locked = (
                AnnualEvaluation.objects.select_for_update(of=("self",)).select_related("org").get(pk=evaluation.pk)
            )
            if locked.state != AnnualState.DRAFT:
                raise Conflict(f"年终总评当前为“{locked.state_label}”，只有草稿可以修改；已计算的可先“退回修改”。")
            if parsed is None:
                # The year changed: the stored rounds must still be of that year.
                stored = [
                    {"kind": c.kind, "round": c.round_id, "weight": str(c.weight)}
                    for c in locked.components.order_by("position", "id")
                ]
                if cleaned["year"] != locked.year and stored:
                    parsed = parse_components(stored, org=locked.org, year=cleaned["year"], user=by)
            before = {**audit.snapshot(locked, FIELDS), "components": _components_snapshot(locked)}
            locked.year, locked.scheme, locked.title = cleaned["year"], cleaned["scheme"], cleaned["title"]
            locked.save()
            if parsed is not None:
                _write_components(locked, parsed)
            after = {**audit.snapshot(locked, FIELDS), "components": _components_snapshot(locked)}
            if after != before:
                audit.record("assessments.annual.update", by=by, obj=locked, org=locked.org, before=before, after=after)
    except IntegrityError:
        raise _taken(evaluation.org, cleaned["year"]) from None
    return locked


def transition(evaluation, name, *, by, data=None):
    """Run a stage of the workflow (compute, reopen, publicize, announce, withdraw)."""
    fresh = AnnualEvaluation.objects.select_related("org", "scheme").get(pk=evaluation.pk)
    return workflow.run(fresh, name, by=by, data=data)


def raise_objection(evaluation, *, by, data):
    """A target organisation's 党务管理员 objects to the annual results during the publicity period."""
    from .workflows_annual import MECHANISM, current_publicity

    pub = current_publicity(evaluation)
    if pub is None:
        require_verb(by, "assessments.raise_annual_objection", evaluation)
        raise Conflict("只能在公示期内提出异议。")
    return MECHANISM.raise_objection(pub, by=by, data=data)


def answer_objection(objection, *, by, data):
    from .workflows_annual import MECHANISM

    return MECHANISM.answer_objection(objection, by=by, data=data)
