"""措施不力 (seed 003): a rectification still open after its deadline costs the project its eligibility."""

from core.dates import today

from .choices_superv import RectificationState
from .eligibility import batch, reason
from .models import Finding, Project


def overdue_findings(project: Project | None):
    """Open rectifications past their deadline (of one project; of every project for None)."""
    qs = Finding.objects.filter(state=RectificationState.OPEN, deadline__lt=today())
    if project is not None:
        qs = qs.filter(inspection__project=project)
    return qs.select_related("inspection").order_by("deadline", "id")


def _short(text, n=30):
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


@batch
def load_overdue_findings(projects: list[Project]) -> None:
    """The overdue findings of a whole list in one query (left on each project for the provider below)."""
    by_project: dict[int, list[Finding]] = {p.pk: [] for p in projects}
    if not projects:
        return
    for f in overdue_findings(None).filter(inspection__project__in=projects):
        by_project[f.inspection.project_id].append(f)
    for p in projects:
        p._overdue_findings = by_project[p.pk]  # type: ignore[attr-defined]


@reason
def rectification_overdue(project: Project) -> list[str]:
    found = getattr(project, "_overdue_findings", None)
    if found is None:
        found = list(overdue_findings(project))
    return [
        f"措施不力：整改事项逾期未完成——{f.inspection.get_kind_display()}发现的“{_short(f.text)}”，"
        f"整改时限 {f.deadline:%Y年%m月%d日}。"
        for f in found
    ]
