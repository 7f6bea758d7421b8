"""The public writes of the rounds part: rounds, self-checks (自查) and the panel's scores.

Transitions run through the declared workflow (workflows.ROUND); every other write checks its verb, validates
with forms_rounds, runs in one transaction (locking the round, so a write and a stage change cannot cross)
and writes its audit event.
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit
from core.errors import Conflict, Invalid
from core.forms import validate
from core.verbs import require_verb

from . import evidence_rounds, sources
from .choices import Method, RoundState
from .forms_rounds import RoundEditForm, RoundForm, ScoreForm, SelfCheckForm, score_field, section_field
from .models import Round, Score, SelfCheck, SelfCheckAttachment
from .workflows import ROUND

ROUND_FIELDS = ("scheme", "kind", "period", "title", "starts", "ends", "selfcheck_due", "methods", "state")
EDITABLE_STATES = (RoundState.DRAFT, RoundState.SELFCHECK, RoundState.SCORING)


def _ordered(methods):
    """The methods in the order of Method's choices (the form's order), so an unchanged save changes nothing."""
    order = list(Method.values)
    return sorted(set(methods), key=order.index)


def _fmt(value):
    return f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)


def _duplicate(scheme, period):
    return Conflict(f"“{scheme}”已有考核期为{period}的考核轮次。")


def _round_snapshot(r):
    return {
        **audit.snapshot(r, ROUND_FIELDS),
        "targets": sorted(r.targets.values_list("pk", flat=True)),
        "assessors": sorted(r.assessors.values_list("pk", flat=True)),
    }


# ---- rounds --------------------------------------------------------------------------------------


def create_round(scheme, *, by, data):
    """A new round of the scheme in draft: kind, period (the quarter's or the year's dates follow), targets below
    the scheme's organisation, assessors holding the 考核组成员 role at it or above, methods used."""
    require_verb(by, "assessments.create_round", scheme)
    cleaned = validate(RoundForm(data, scheme=scheme))
    methods = _ordered(cleaned["methods"] or scheme.items.values_list("method", flat=True))
    try:
        with transaction.atomic():
            if Round.objects.filter(scheme=scheme, period=cleaned["period"]).exists():
                raise _duplicate(scheme, cleaned["period"])
            r = Round.objects.create(
                scheme=scheme,
                kind=cleaned["kind"],
                period=cleaned["period"],
                title=cleaned["title"],
                starts=cleaned["starts"],
                ends=cleaned["ends"],
                selfcheck_due=cleaned["selfcheck_due"],
                methods=list(methods),
                state=RoundState.DRAFT,
                created_by=by,
            )
            r.targets.set(cleaned["targets"])
            r.assessors.set(cleaned["assessors"])
            audit.record("assessments.round.create", by=by, obj=r, org=scheme.org, after=_round_snapshot(r))
    except IntegrityError:  # a parallel create of the same period got there first
        raise _duplicate(scheme, cleaned["period"]) from None
    return r


def _current_data(r):
    return {
        "kind": r.kind,
        "period": r.period,
        "title": r.title,
        "starts": r.starts.isoformat() if r.starts else "",
        "ends": r.ends.isoformat() if r.ends else "",
        "selfcheck_due": r.selfcheck_due.isoformat() if r.selfcheck_due else "",
        "targets": list(r.targets.values_list("pk", flat=True)),
        "assessors": list(r.assessors.values_list("pk", flat=True)),
        "methods": list(r.methods or []),
    }


def update_round(r, *, by, data):
    """Change a round until its scoring ends. The kind, period and targets change only in draft (the self-checks
    and scores hang on them); an assessor who has scored stays on the panel."""
    require_verb(by, "assessments.manage_round", r)
    if r.state not in EDITABLE_STATES:
        raise Conflict(f"考核轮次当前为“{r.state_label}”，不能再修改。")
    merged = {**_current_data(r), **{k: v for k, v in data.items() if k in _current_data(r)}}
    cleaned = validate(RoundEditForm(merged, scheme=r.scheme))
    with transaction.atomic():
        r = _locked_round(r)
        if r.state not in EDITABLE_STATES:
            raise Conflict(f"考核轮次当前为“{r.state_label}”，不能再修改。")
        before = _round_snapshot(r)
        fixed = {"kind": r.kind, "period": r.period, "starts": r.starts, "ends": r.ends}
        new_targets = {o.pk for o in cleaned["targets"]}
        if r.state != RoundState.DRAFT and (
            any(cleaned[k] != v for k, v in fixed.items()) or new_targets != set(before["targets"])
        ):
            raise Conflict("考核轮次开启后，类型、考核期和考核对象不能再修改。")
        removed = set(before["assessors"]) - {u.pk for u in cleaned["assessors"]}
        if removed and Score.objects.filter(round=r, assessor_id__in=removed).exists():
            raise Conflict("已经评分的考核组成员不能移出考核组。")
        if cleaned["period"] != r.period and Round.objects.filter(scheme=r.scheme, period=cleaned["period"]).exists():
            raise _duplicate(r.scheme, cleaned["period"])
        for field in ("kind", "period", "title", "starts", "ends", "selfcheck_due"):
            setattr(r, field, cleaned[field])
        r.methods = _ordered(cleaned["methods"] or r.methods)
        r.save()
        r.targets.set(cleaned["targets"])
        r.assessors.set(cleaned["assessors"])
        audit.record(
            "assessments.round.update", by=by, obj=r, org=r.scheme.org, before=before, after=_round_snapshot(r)
        )
    return r


def transition_round(r, name, *, by, data=None):
    """open | start_scoring | finish_scoring | reopen_scoring (404 for another name, 409 from a wrong state)."""
    return ROUND.run(r, name, by=by, data=data or {})


def _locked_round(r):
    # Only the round's row is locked (PostgreSQL would lock the joined scheme and organisation too).
    return Round.objects.select_for_update(of=("self",)).select_related("scheme__org").get(pk=r.pk)


# ---- self-checks ---------------------------------------------------------------------------------


def _selfcheck_conflict(r):
    if r.state == RoundState.DRAFT:
        return Conflict("考核轮次尚未开启自查，暂不能填报自查报告。")
    if r.state != RoundState.SELFCHECK:
        return Conflict(f"考核轮次当前为“{r.state_label}”，自查阶段已结束，不能再修改自查报告。")
    return None


def selfcheck_of(r, org):
    """The target's self-check (unsaved when it has filed nothing yet)."""
    found = SelfCheck.objects.filter(round=r, org=org).first()
    if found is None:
        found = SelfCheck(round=r, org=org, sections={})
    found.round, found.org = r, org
    return found


def selfcheck_data(sections=None, scores=None):
    """The API's {"sections": {key: text}, "scores": {item_id: points}} as the self-check form's data."""
    data = {section_field(k): v for k, v in (sections or {}).items()}
    data.update({score_field(k): ("" if v is None else str(v)) for k, v in (scores or {}).items()})
    return data


def _check_keys(r, sections, scores, items):
    known = {s["key"] for s in r.scheme.selfcheck_sections}
    for key in sections or {}:
        if key not in known:
            msg = f"自查报告没有“{str(key)[:20]}”这一栏目。"
            raise Invalid(msg, {"sections": [msg]})
    ids = {i.pk for i in items}
    for key in scores or {}:
        try:
            ok = int(key) in ids
        except (TypeError, ValueError):
            ok = False
        if not ok:
            msg = f"考核项目“{str(key)[:20]}”不属于本轮的考核方案。"
            raise Invalid(msg, {"scores": [msg]})


def save_selfcheck(r, org, *, by, data, submit=False, sections=None, scores=None):
    """File (or keep a draft of) the target's self-check: every section of the scheme and a self-score per item.

    `data` is the form's (section_<key>, score_<item id>); the API passes `sections`/`scores` instead. Only the
    target's own 党务管理员, only while the round is in its self-check stage. Submitting shows it to the
    assessors; it may be changed and submitted again until scoring starts."""
    sc = selfcheck_of(r, org)
    require_verb(by, "assessments.file_selfcheck", sc)
    if (conflict := _selfcheck_conflict(r)) is not None:
        raise conflict
    items = list(r.scheme.items.order_by("category__position", "category_id", "position", "id"))
    if sections is not None or scores is not None:
        _check_keys(r, sections, scores, items)
        data = selfcheck_data(sections, scores)
    form = SelfCheckForm(data, sections=r.scheme.selfcheck_sections, items=items)
    validate(form)
    with transaction.atomic():
        r = _locked_round(r)
        if (conflict := _selfcheck_conflict(r)) is not None:
            raise conflict
        sc, _ = SelfCheck.objects.select_for_update().get_or_create(round=r, org=org)
        before = {**audit.snapshot(sc, ("sections", "submitted_at")), "scores": _scores_of(sc)}
        sc.sections = form.sections_data()
        if submit:
            sc.submitted_at, sc.submitted_by = timezone.now(), by
        sc.save()
        wanted = form.scores_data()
        sc.scores.exclude(item_id__in=list(wanted)).delete()
        existing = {s.item_id: s for s in sc.scores.all()}
        for item_id, points in wanted.items():
            s = existing.get(item_id)
            if s is None:
                sc.scores.create(item_id=item_id, points=points)
            elif s.points != points:
                s.points = points
                s.save(update_fields=["points"])
        audit.record(
            "assessments.selfcheck.submit" if submit else "assessments.selfcheck.save",
            by=by,
            obj=sc,
            org=org,
            before=before,
            after={**audit.snapshot(sc, ("sections", "submitted_at")), "scores": _scores_of(sc)},
        )
    return sc


def _scores_of(sc):
    if sc.pk is None:
        return {}
    return {str(i): _fmt(p) for i, p in sc.scores.order_by("item_id").values_list("item_id", "points")}


def add_selfcheck_attachment(r, org, *, by, name, data):
    """A file attached to the target's self-check (checked by content; kept under a random name)."""
    require_verb(by, "assessments.file_selfcheck", selfcheck_of(r, org))
    if (conflict := _selfcheck_conflict(r)) is not None:
        raise conflict
    if not data:
        raise Invalid("请选择要上传的文件。", {"file": ["请选择要上传的文件。"]})
    name, content_type, ext = evidence_rounds.check_upload(name, data)
    stored = []
    try:
        with transaction.atomic():
            r = _locked_round(r)
            if (conflict := _selfcheck_conflict(r)) is not None:
                raise conflict
            sc, _ = SelfCheck.objects.get_or_create(round=r, org=org)
            if sc.attachments.count() >= evidence_rounds.MAX_FILES:
                raise Conflict(f"每份自查报告最多上传{evidence_rounds.MAX_FILES}个佐证材料。")
            att = SelfCheckAttachment(
                selfcheck=sc, name=name, content_type=content_type, size=len(data), uploaded_by=by
            )
            att.file.save(f"assessments/selfchecks/{sc.pk}.{ext}", ContentFile(data), save=False)
            stored.append(att)
            att.save()
            audit.record(
                "assessments.selfcheck.attachment_add",
                by=by,
                obj=sc,
                org=org,
                after={"attachment": att.pk, "name": name, "size": len(data)},
            )
    except Exception:
        for att in stored:
            if att.file.name:
                att.file.storage.delete(att.file.name)
        raise
    return att


def delete_selfcheck_attachment(att, *, by):
    sc = att.selfcheck
    require_verb(by, "assessments.file_selfcheck", sc)
    if (conflict := _selfcheck_conflict(sc.round)) is not None:
        raise conflict
    with transaction.atomic():
        r = _locked_round(sc.round)
        if (conflict := _selfcheck_conflict(r)) is not None:
            raise conflict
        path = att.file.name
        audit.record(
            "assessments.selfcheck.attachment_delete",
            by=by,
            obj=sc,
            org=sc.org,
            before={"attachment": att.pk, "name": att.name, "size": att.size},
        )
        att.delete()
        transaction.on_commit(lambda: att.file.storage.delete(path))


# ---- scores --------------------------------------------------------------------------------------


def _score_conflict(r):
    if r.state != RoundState.SCORING:
        return Conflict(f"考核轮次当前为“{r.state_label}”，不在评分阶段，不能评分。")
    return None


def _invalid(field, message):
    return Invalid(message, {field: [message]})


def save_score(r, *, by, data):
    """One assessor's points for one item of one target (`points` None clears her score of it).

    Only an assessor the round names, only while it is being scored; 0 ≤ points ≤ the item's maximum, and a
    deduction (below the maximum) needs its reason."""
    require_verb(by, "assessments.score", r)
    if (conflict := _score_conflict(r)) is not None:
        raise conflict
    cleaned = validate(ScoreForm({"points": data.get("points"), "reason": data.get("reason") or ""}))
    org = r.targets.filter(pk=data.get("org")).first() if _is_id(data.get("org")) else None
    if org is None:
        raise _invalid("org", "所选组织不是本轮的考核对象。")
    item = r.scheme.items.filter(pk=data.get("item")).first() if _is_id(data.get("item")) else None
    if item is None:
        raise _invalid("item", "所选考核项目不属于本轮的考核方案。")
    points, reason = cleaned["points"], cleaned["reason"].strip()
    # 网站汇总: the item's measure over the round's period is kept with the score; the assessor takes its points, or
    # departs from them only with a reason.
    measured = sources.computed(item, org, r.starts, r.ends) if item.source and points is not None else None
    if measured and measured.get("points") is not None:
        suggested = Decimal(measured["points"])
        if points != suggested and not reason:
            raise _invalid(
                "reason",
                f"“{item.name}”按网站汇总计算为{_fmt(suggested)}分，调整为{_fmt(points)}分须填写理由。",
            )
        if points == suggested and points < item.max_points and not reason:
            reason = measured["explain"]
    if points is not None:
        if points > item.max_points:
            raise _invalid("points", f"“{item.name}”的得分不能超过该项分值（{_fmt(item.max_points)}分）。")
        if points < item.max_points and not reason:
            raise _invalid("reason", f"“{item.name}”扣了{_fmt(item.max_points - points)}分，请填写扣分理由。")
        if points == item.max_points:
            reason = ""
    with transaction.atomic():
        r = _locked_round(r)
        if (conflict := _score_conflict(r)) is not None:
            raise conflict
        score = Score.objects.filter(round=r, org=org, item=item, assessor=by).first()
        before = audit.snapshot(score, ("org", "item", "points", "reason")) if score else None
        if points is None:
            if score is None:
                return None
            audit.record("assessments.score.clear", by=by, obj=score, org=org, before=before)
            score.delete()
            return None
        if score is None:
            score = Score(round=r, org=org, item=item, assessor=by)
        elif score.points == points and score.reason == reason and score.computed == measured:
            return score
        score.points, score.reason, score.computed = points, reason, measured
        score.save()
        audit.record(
            "assessments.score.save",
            by=by,
            obj=score,
            org=org,
            before=before,
            after=audit.snapshot(score, ("org", "item", "points", "reason")),
        )
    return score


def _is_id(value):
    return (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 2**53 - 1) or (
        isinstance(value, str) and value.isdigit() and 1 <= len(value) <= 15
    )
