"""Point declarations (积分申报) in the shared search index (see search/registry.py)."""

from django.urls import reverse


def declaration_document(decl):
    from search.registry import Document

    subject = decl.subject_person.name if decl.subject_person_id else decl.subject_org.name
    title = f"{decl.item.name}（{subject}）"
    body = "\n".join(x for x in [decl.item.dimension.name, decl.description, decl.get_state_display()] if x)
    return Document(org=decl.subject_org, title=title, body=body, date=decl.occurred_on, type="")


def register():
    from search.registry import register as register_kind

    from .models import Declaration

    register_kind(
        "declaration",
        label="积分申报",
        model=Declaration,
        document=declaration_document,
        url=lambda pk: reverse("points:declaration_detail", args=[pk]),
        queryset=lambda: Declaration.objects.select_related("item__dimension", "subject_org", "subject_person"),
    )
