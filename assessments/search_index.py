"""考核评星 self-checks (自查报告) in the shared search index (see search/registry.py): a submitted self-check is
found by its sections' text (主要做法、亮点特色、存在问题 …) by the target organisation's subtree and those above
it (SelfCheckQuerySet, through the business paths); a draft is not indexed. Its round's title is part of the
title, so a round's save re-indexes its submitted self-checks (`follows`)."""

from django.urls import reverse


def selfcheck_document(sc):
    from search.registry import Document, local_day

    if sc.submitted_at is None:
        return None
    r = sc.round
    texts = sc.sections or {}
    known = []
    parts = []
    for section in r.scheme.selfcheck_sections or []:
        known.append(section["key"])
        text = (texts.get(section["key"]) or "").strip()
        if text:
            parts.append(f"{section['label']}：{text}")
    parts += [str(v).strip() for k, v in texts.items() if k not in known and str(v).strip()]
    return Document(
        org=sc.org,
        title=f"{r.title}自查报告（{sc.org.name}）",
        body="\n".join(parts),
        date=local_day(sc.submitted_at),
        type=r.kind,
    )


def selfcheck_url(pk):
    from .models import SelfCheck

    round_id, org_id = SelfCheck.objects.values_list("round_id", "org_id").get(pk=pk)
    return reverse("assessments:selfcheck", args=[round_id, org_id])


def _submitted_of(r):
    from .models import SelfCheck

    return SelfCheck.objects.filter(round_id=r.pk, submitted_at__isnull=False).select_related("round__scheme", "org")


def register():
    from search.registry import register as register_kind

    from .choices import RoundKind
    from .models import Round, SelfCheck

    register_kind(
        "selfcheck",
        label="考核自查报告",
        model=SelfCheck,
        document=selfcheck_document,
        url=selfcheck_url,
        queryset=lambda: SelfCheck.objects.select_related("round__scheme", "org"),
        type_labels=dict(RoundKind.choices),
        asks=("自查", "考核评星", "评星", "考核报告"),
        follows={Round: _submitted_of},
    )
