"""措施不力 (seed 003): a rectification still open after its deadline costs the project its eligibility."""

from core.dates import today

from .choices_superv import RectificationState
from .eligibility import reason
from .models import Finding, Project


def overdue_findings(project: Project):
    return (
        Finding.objects.filter(inspection__project=project, state=RectificationState.OPEN, deadline__lt=today())
        .select_related("inspection")
        .order_by("deadline", "id")
    )


def _short(text, n=30):
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "…"


@reason
def rectification_overdue(project: Project) -> list[str]:
    return [
        f"措施不力：整改事项逾期未完成——{f.inspection.get_kind_display()}发现的“{_short(f.text)}”，"
        f"整改时限 {f.deadline:%Y年%m月%d日}。"
        for f in overdue_findings(project)
    ]
