"""问题清单 and 意见建议 in the shared search index (see search/registry.py).

A problem is found on the list it is on (`Problem.home`: the committee a 共性问题 was raised to, else the
organisation that raised it) by that list's subtree and the organisations below it; a feedback item, with its
answer (答复), by the 党务管理员 of the organisation handling it and those above. The writer's name and phone
are never indexed.
"""

from django.urls import reverse


def _day(moment):
    from search.registry import local_day

    return local_day(moment)


def problem_document(problem):
    from search.registry import Document

    from .choices import SOURCE_LABELS

    body = "\n".join(
        x
        for x in [
            problem.description,
            f"来源：{SOURCE_LABELS.get(problem.source, problem.source)}" if problem.source else "",
            f"提出组织：{problem.org.name}",
            "共性问题" if problem.shared else "",
            problem.close_reason,
        ]
        if x
    )
    return Document(
        org=problem.home,
        title=problem.title,
        body=body,
        date=problem.found_on or _day(problem.created_at),
        type=problem.state,
    )


def feedback_document(item):
    from search.registry import Document

    from .choices import ANSWERED_STATES

    answered = item.state in ANSWERED_STATES and bool(item.answer)
    body = "\n".join(x for x in [item.content, f"答复：{item.answer}" if item.answer else "", item.forward_note] if x)
    return Document(
        org=item.handler,
        title=str(item),
        body=body,
        date=_day(item.answered_at if answered else item.created_at),
        type="answered" if answered else "",
    )


def register():
    from search.registry import register as register_kind

    from .choices import ProblemState
    from .models import Feedback, Problem

    register_kind(
        "problem",
        label="问题清单",
        model=Problem,
        document=problem_document,
        url=lambda pk: reverse("feedback:problem_detail", args=[pk]),
        queryset=lambda: Problem.objects.select_related("org", "raised_to"),
        type_labels={s.value: str(s.label) for s in ProblemState},
        asks=("问题清单", "短板", "销号", "认领"),
    )
    register_kind(
        "feedback",
        label="意见建议",
        model=Feedback,
        document=feedback_document,
        url=lambda pk: reverse("feedback:feedback_detail", args=[pk]),
        queryset=lambda: Feedback.objects.select_related("handler"),
        type_labels={"answered": "已答复"},
        asks=("意见建议", "意见", "建议", "反映", "诉求", "留言"),
    )
