"""Records in the shared search index (see search/registry.py; offered in RecordsConfig.contributes)."""

from django.urls import reverse

from .choices import RECORD_TYPE_LABELS


def record_document(record):
    from search.registry import Document

    if record.deleted_at is not None:
        return None
    labels = [RECORD_TYPE_LABELS.get(c, c) for c in [record.type, *record.also_counts_as]]
    body = "\n".join(x for x in [" ".join(labels), record.place, record.agenda, record.content, record.decisions] if x)
    return Document(org=record.org, title=record.title, body=body, date=record.date, type=record.type)


def record_who(pk):
    """Who held the meeting: its 主持人 (a 党课's speaker is registered as its host). Called for a hit the
    reader may see (search re-checks every hit through visible_to before answering)."""
    from .models import Record

    return Record.objects.filter(pk=pk).values_list("host__name", flat=True).first() or ""


def register():
    from search.registry import register as register_kind

    from .models import Record

    register_kind(
        "record",
        label="活动记录",
        model=Record,
        document=record_document,
        url=lambda pk: reverse("records:record_detail", args=[pk]),
        queryset=lambda: Record.objects.all().select_related("org"),
        type_labels=RECORD_TYPE_LABELS,
        event=True,  # a meeting held on a day: "which meeting / which day" questions prefer records
        who=record_who,
    )
