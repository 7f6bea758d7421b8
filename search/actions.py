"""Writes of search: a committee's 缩略语词典 entries. Each checks `search.manage_synonyms`, validates through
SynonymForm, runs in one transaction and is audited; the readers' cached dictionaries are dropped after."""

from django.db import IntegrityError, transaction

from core import audit
from core.errors import Conflict, Invalid
from core.forms import validate
from core.verbs import require_verb
from orgs.models import Organisation

from . import synonyms
from .forms_synonyms import SynonymForm
from .models_synonyms import COMMITTEE_KINDS, Synonym

FIELDS = ("term", "expansions", "note")


def term_taken(term):
    return f"本党委的词典里已有缩略语“{term}”，请直接修改那一条。"


def synonym_orgs(user):
    """Where the user may keep entries: the 党委 and 党工委 she administers."""
    return Organisation.objects.administered_by(user).filter(kind__in=COMMITTEE_KINDS)


def _snapshot(entry):
    return {**audit.snapshot(entry, list(FIELDS)), "org": entry.org_id}


def lock_terms(org_id):
    """Serialise the writes that take a term of this committee (add, rename, restore from the 回收站), so a
    restore's duplicate check cannot race an add of the same term (the constraint would answer a 500)."""
    Organisation.objects.select_for_update().filter(pk=org_id).values_list("pk", flat=True).first()


def _save(entry):
    lock_terms(entry.org_id)
    duplicate = Synonym.objects.filter(org_id=entry.org_id, term=entry.term).exclude(pk=entry.pk).exists()
    if duplicate:
        raise Invalid(term_taken(entry.term), {"term": [term_taken(entry.term)]})
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:  # a concurrent twin
        raise Invalid(term_taken(entry.term), {"term": [term_taken(entry.term)]}) from None


def _changed():
    # Now for this request's own next question, and again once committed for everyone's in this process.
    synonyms.invalidate()
    transaction.on_commit(synonyms.invalidate)


def create_synonym(*, by, data):
    require_verb(by, "search.manage_synonyms")
    cleaned = validate(SynonymForm(data, orgs=synonym_orgs(by)))
    require_verb(by, "search.manage_synonyms", cleaned["org"])
    with transaction.atomic():
        entry = Synonym(org=cleaned["org"], created_by=by, **{f: cleaned[f] for f in FIELDS})
        _save(entry)
        audit.record("search.synonym.create", by=by, obj=entry, org=entry.org, after=_snapshot(entry))
        _changed()
    return entry


def synonym_form_data(entry):
    return {"org": entry.org_id, "term": entry.term, "expansions": entry.expansions, "note": entry.note}


def update_synonym(entry, *, by, data):
    """Change the term, its full forms or the note; the committee stays. An unchanged form changes nothing."""
    require_verb(by, "search.manage_synonyms", entry)
    # A missing key keeps its value (the API's PATCH); the page sends all three.
    merged = {**synonym_form_data(entry), **{k: v for k, v in data.items() if k in FIELDS}}
    if "org" in data and str(data["org"]) not in ("", str(entry.org_id)):
        message = "缩略语不能改到其他党委下，请在那个党委重新添加。"
        raise Invalid(message, {"org": [message]})
    cleaned = validate(SynonymForm(merged, orgs=Organisation.objects.filter(pk=entry.org_id)))
    with transaction.atomic():
        entry = Synonym.objects.select_for_update().select_related("org").get(pk=entry.pk)
        if all(getattr(entry, f) == cleaned[f] for f in FIELDS):
            return entry
        before = _snapshot(entry)
        for f in FIELDS:
            setattr(entry, f, cleaned[f])
        _save(entry)
        audit.record("search.synonym.update", by=by, obj=entry, org=entry.org, before=before, after=_snapshot(entry))
        _changed()
    return entry


def delete_synonym(entry, *, by):
    """Soft delete (the pages ask first): the entry leaves the lists and the readers' dictionaries at once and
    waits in the 回收站 (search/trash.py), from which the committee's 党务管理员 restores it; audited."""
    require_verb(by, "search.manage_synonyms", entry)
    with transaction.atomic():
        entry = Synonym.objects.with_deleted().select_for_update().select_related("org").get(pk=entry.pk)
        if entry.deleted_at is not None:
            raise Conflict(f"缩略语“{entry.term}”已删除。")
        before = _snapshot(entry)
        entry.soft_delete(by)
        audit.record(
            "search.synonym.delete",
            by=by,
            obj=entry,
            org=entry.org,
            before=before,
            after={"deleted_at": entry.deleted_at},
            object_repr=str(entry),
        )
        _changed()
    return entry
