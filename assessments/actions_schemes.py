"""Writes on 考核方案: schemes with their star thresholds and self-check sections, categories and items, clones.

Every write checks its verb (assessments/rules.py, "schemes" section), validates with the forms of
forms_schemes.py, runs in one transaction with the scheme's row locked, and records an audit event. Once a round
of the scheme has left its draft state (开启自查 and after), the items and the star thresholds are frozen (409):
the round's scores and stars must keep meaning what they meant when it opened. A new year's scheme is a clone.
"""

import re
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Max

from core import audit
from core.errors import Conflict
from core.forms import validate
from core.verbs import require_verb

from . import rules
from .forms_schemes import CloneForm, ItemForm, SchemeDataForm, SchemeForm
from .models import Category, Item, Scheme, StarThreshold

DUPLICATE = "{org}{year}年已有名为“{name}”的考核方案。"


def _locked_scheme(scheme):
    """The scheme's row, locked for the rest of the transaction (item writes and a round opening take turns)."""
    return Scheme.objects.select_for_update().select_related("org").get(pk=scheme.pk)


def opened_round(scheme):
    """The first round of the scheme past its draft state, or None: while there is one the items are frozen."""
    return scheme.rounds.exclude(state="draft").order_by("starts", "id").first()


def refuse_if_in_use(scheme, what="考核项目"):
    used = opened_round(scheme)
    if used is not None:
        raise Conflict(
            f"该方案已用于“{used.title}”，考核已开启，不能再修改{what}；如需调整，请复制为新方案后修改。",
            code="scheme_in_use",
        )


def thresholds_of(scheme):
    return [{"stars": t.stars, "min": t.min} for t in scheme.thresholds.order_by("-stars")]


def _save_thresholds(scheme, rows):
    StarThreshold.objects.filter(scheme=scheme).delete()
    StarThreshold.objects.bulk_create([StarThreshold(scheme=scheme, stars=r["stars"], min=r["min"]) for r in rows])


def _snapshot(scheme):
    out = audit.snapshot(scheme)
    out["stars"] = [{"stars": t["stars"], "min": f"{t['min']:f}"} for t in thresholds_of(scheme)]
    return out


# ---------------------------------------------------------------- schemes


def scheme_form(by, data, *, page=False, current=None):
    """The scheme form the action validates with: the page's (thresholds as fields, sections as lines) or the
    API's (lists); the organisations are those the user may draw up a scheme for."""
    orgs = rules.scheme_orgs(by)
    if current is not None:
        orgs = orgs.model.objects.filter(pk=current.org_id) | orgs
    if page:
        return SchemeForm(data, orgs=orgs, current_sections=current.selfcheck_sections if current else ())
    return SchemeDataForm(data, orgs=orgs)


def create_scheme(*, by, data, page=False):
    require_verb(by, "assessments.use_schemes")
    cleaned = validate(scheme_form(by, data, page=page))
    org = cleaned["org"]
    require_verb(by, "assessments.add_scheme", org)
    if Scheme.objects.filter(org=org, year=cleaned["year"], name=cleaned["name"]).exists():
        raise Conflict(DUPLICATE.format(org=org.name, year=cleaned["year"], name=cleaned["name"]))
    try:
        with transaction.atomic():
            scheme = Scheme.objects.create(
                org=org,
                year=cleaned["year"],
                name=cleaned["name"],
                description=cleaned.get("description") or "",
                selfcheck_sections=cleaned["selfcheck_sections"],
                created_by=by,
            )
            _save_thresholds(scheme, cleaned["stars"])
            audit.record("assessments.scheme.create", by=by, obj=scheme, after=_snapshot(scheme))
    except IntegrityError:  # the same name saved a moment earlier by someone else
        raise Conflict(DUPLICATE.format(org=org.name, year=cleaned["year"], name=cleaned["name"])) from None
    return scheme


def scheme_form_data(scheme, *, page=False):
    """The scheme's current values in the form's words (the edit page's initial data, the API's PATCH base)."""
    data = {
        "org": scheme.org_id,
        "year": scheme.year,
        "name": scheme.name,
        "description": scheme.description,
    }
    if page:
        for t in scheme.thresholds.all():
            data[f"star_{t.stars}"] = t.min
        data["sections"] = "\n".join(s["label"] for s in scheme.selfcheck_sections)
    else:
        data["stars"] = [{"stars": t["stars"], "min": f"{t['min']:f}"} for t in thresholds_of(scheme)]
        data["selfcheck_sections"] = scheme.selfcheck_sections
    return data


def update_scheme(scheme, *, by, data, page=False):
    """Change the scheme's name, year, description, thresholds or sections (not its organisation). The year and
    the thresholds are frozen once a round has opened; the sections too (the self-checks are filed in them)."""
    require_verb(by, "assessments.manage_scheme", scheme)
    if page:  # the page posts every field
        merged = {**dict(data.items()), "org": scheme.org_id}
    else:  # the API's PATCH sends what changes
        merged = {**scheme_form_data(scheme), **dict(data.items()), "org": scheme.org_id}
    cleaned = validate(scheme_form(by, merged, page=page, current=scheme))
    with transaction.atomic():
        scheme = _locked_scheme(scheme)
        before = _snapshot(scheme)
        stars_changed = cleaned["stars"] != thresholds_of(scheme)
        if (
            stars_changed
            or cleaned["year"] != scheme.year
            or cleaned["selfcheck_sections"] != scheme.selfcheck_sections
        ):
            refuse_if_in_use(scheme, "年度、星级标准或自查报告栏目")
        if (cleaned["year"], cleaned["name"]) != (scheme.year, scheme.name) and (
            Scheme.objects.filter(org=scheme.org, year=cleaned["year"], name=cleaned["name"])
            .exclude(pk=scheme.pk)
            .exists()
        ):
            raise Conflict(DUPLICATE.format(org=scheme.org.name, year=cleaned["year"], name=cleaned["name"]))
        scheme.year, scheme.name = cleaned["year"], cleaned["name"]
        scheme.description = cleaned.get("description") or ""
        scheme.selfcheck_sections = cleaned["selfcheck_sections"]
        scheme.save()
        if stars_changed:
            _save_thresholds(scheme, cleaned["stars"])
        after = _snapshot(scheme)
        if after != before:
            audit.record("assessments.scheme.update", by=by, obj=scheme, before=before, after=after)
    return scheme


def clone_scheme(scheme, *, by, data):
    """复制方案: the thresholds, sections, categories and items (veto, source and formula with them) under a new year
    or name; rounds, self-checks and scores stay with the original."""
    require_verb(by, "assessments.manage_scheme", scheme)
    cleaned = validate(CloneForm(data))
    year = cleaned["year"]
    name = (cleaned.get("name") or "").strip() or re.sub(str(scheme.year), str(year), scheme.name)
    if Scheme.objects.filter(org=scheme.org, year=year, name=name).exists():
        raise Conflict(DUPLICATE.format(org=scheme.org.name, year=year, name=name))
    try:
        with transaction.atomic():
            new = Scheme.objects.create(
                org=scheme.org,
                year=year,
                name=name,
                description=scheme.description,
                selfcheck_sections=scheme.selfcheck_sections,
                cloned_from=scheme,
                created_by=by,
            )
            _save_thresholds(new, thresholds_of(scheme))
            cats = {}
            for c in scheme.categories.all():
                cats[c.pk] = Category.objects.create(scheme=new, name=c.name, position=c.position)
            Item.objects.bulk_create(
                [
                    Item(
                        scheme=new,
                        category=cats[i.category_id],
                        position=i.position,
                        name=i.name,
                        standard=i.standard,
                        max_points=i.max_points,
                        method=i.method,
                        veto=i.veto,
                        veto_cap=i.veto_cap,
                        source=i.source,
                        formula=i.formula,
                    )
                    for i in scheme.items.all()
                ]
            )
            audit.record(
                "assessments.scheme.clone",
                by=by,
                obj=new,
                before={"cloned_from": scheme.pk},
                after={**_snapshot(new), "items": new.items.count()},
            )
    except IntegrityError:
        raise Conflict(DUPLICATE.format(org=scheme.org.name, year=year, name=name)) from None
    return new


# ---------------------------------------------------------------- items


def category_named(scheme, name):
    """The scheme's category of that name, created (last in order) on first use."""
    cat = Category.objects.filter(scheme=scheme, name=name).first()
    if cat is None:
        top = Category.objects.filter(scheme=scheme).aggregate(top=Max("position"))["top"] or 0
        cat = Category.objects.create(scheme=scheme, name=name, position=top + 1)
    return cat


def _next_position(category):
    return (Item.objects.filter(category=category).aggregate(top=Max("position"))["top"] or 0) + 1


def item_form_data(item):
    formula = item.formula or {}
    return {
        "category": item.category.name,
        "name": item.name,
        "standard": item.standard,
        "max_points": item.max_points,
        "method": item.method,
        "veto": item.veto,
        "veto_cap": item.veto_cap if item.veto else "",
        "source": item.source,
        "formula_zero": formula.get("zero", ""),
        "formula_full": formula.get("full", ""),
    }


def build_item(scheme, cleaned, category=None):
    """An unsaved item of the cleaned form (the import creates many at once)."""
    category = category or category_named(scheme, cleaned["category"])
    return Item(
        scheme=scheme,
        category=category,
        position=_next_position(category),
        name=cleaned["name"],
        standard=cleaned.get("standard") or "",
        max_points=cleaned["max_points"],
        method=cleaned["method"],
        veto=bool(cleaned.get("veto")),
        veto_cap=cleaned.get("veto_cap") or 0,
        source=cleaned.get("source") or "",
        formula=cleaned.get("formula") or {},
    )


def add_item(scheme, *, by, data):
    require_verb(by, "assessments.manage_scheme", scheme)
    cleaned = validate(ItemForm(data))
    with transaction.atomic():
        scheme = _locked_scheme(scheme)
        refuse_if_in_use(scheme)
        item = build_item(scheme, cleaned)
        item.save()
        audit.record("assessments.item.create", by=by, obj=item, org=scheme.org, after=audit.snapshot(item))
    return item


def update_item(item, *, by, data, partial=False):
    require_verb(by, "assessments.manage_scheme", item)
    base = item_form_data(item) if partial else {}
    cleaned = validate(ItemForm({**base, **dict(data.items())}))
    with transaction.atomic():
        scheme = _locked_scheme(item.scheme)
        item = Item.objects.select_for_update().select_related("category").get(pk=item.pk)
        before = audit.snapshot(item)
        old_category = item.category
        if cleaned["category"] != old_category.name:
            item.category = category_named(scheme, cleaned["category"])
            item.position = _next_position(item.category)
        for field in ("name", "max_points", "method", "veto", "veto_cap", "formula"):
            setattr(item, field, cleaned.get(field))
        item.standard = cleaned.get("standard") or ""
        item.source = cleaned.get("source") or ""
        item.veto_cap = cleaned.get("veto_cap") or 0
        after = audit.snapshot(item)
        if after == before:
            return item
        refuse_if_in_use(scheme)
        item.save()
        if item.category_id != old_category.pk and not old_category.items.exists():
            old_category.delete()
        audit.record("assessments.item.update", by=by, obj=item, org=scheme.org, before=before, after=after)
    return item


def delete_item(item, *, by):
    require_verb(by, "assessments.manage_scheme", item)
    with transaction.atomic():
        scheme = _locked_scheme(item.scheme)
        refuse_if_in_use(scheme)
        category = item.category
        audit.record("assessments.item.delete", by=by, obj=item, org=scheme.org, before=audit.snapshot(item))
        item.delete()
        if not category.items.exists():
            category.delete()
    return scheme


def total_points(items):
    return sum((Decimal(i.max_points) for i in items), Decimal(0))
