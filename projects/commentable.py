"""What a mentor (导师帮带) comments on: a small registry of subjects keyed by kind.

The charter, the tasks (任务) and the monthly progress reports (进度报告) are registered here, each like this:

    commentable("task", "任务", find=lambda project, pk: <the project's task pk, or raise NotFound>,
                describe=lambda task: f"任务：{task.title}")

`find(project, object_id)` returns the subject of that project (raising core.errors.NotFound when the id names
nothing of the project), `describe(obj)` the label stored with the comment, and `options(project)` (for kinds
with many objects) the (id, label) pairs the comment form offers, as "kind:id" values of one picker.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.errors import Invalid, NotFound


@dataclass(frozen=True)
class Subject:
    kind: str
    label: str
    find: Callable[[Any, int | None], Any]
    describe: Callable[[Any], str]
    options: Callable[[Any], list[tuple[int, str]]] | None = None


SUBJECTS: dict[str, Subject] = {}


def commentable(kind: str, label: str, *, find, describe, options=None) -> Subject:
    """Register (or replace) a kind of subject mentors comment on."""
    SUBJECTS[kind] = subject = Subject(kind, label, find, describe, options)
    return subject


def subject(kind: str) -> Subject:
    try:
        return SUBJECTS[kind]
    except KeyError:
        names = "、".join(f"{s.kind}（{s.label}）" for s in SUBJECTS.values())
        raise Invalid(f"不能对“{kind}”发表意见。可选：{names}。", {"kind": ["没有这种意见对象。"]}) from None


def choices():
    return [(s.kind, s.label) for s in SUBJECTS.values()]


def picker(project):
    """The comment form's choices for one project: the charter, then every task and report of it by name."""
    out = []
    for s in SUBJECTS.values():
        if s.options is None:
            out.append((s.kind, s.label))
        else:
            out += [(f"{s.kind}:{pk}", label) for pk, label in s.options(project)]
    return out


def split(about):
    """ "task:12" → ("task", 12); "charter" → ("charter", None); anything else → (about, None) refused later."""
    kind, _, pk = str(about or "").partition(":")
    return kind, int(pk) if pk.isdigit() and len(pk) <= 10 else None


def _child(model, message):
    def find(project, object_id):
        obj = model.objects.filter(project=project, pk=object_id).first() if object_id else None
        if obj is None:
            raise NotFound(message)
        return obj

    return find


commentable("charter", "立项表", find=lambda project, object_id: project, describe=lambda p: f"立项表：{p.title}")


def _register_execution():
    from .models import ProgressReport, Task

    commentable(
        "task",
        "任务",
        find=_child(Task, "该任务不存在。"),
        describe=lambda t: f"任务：{t.title}",
        options=lambda p: [
            (t.pk, f"任务：{t.title}") for t in Task.objects.filter(project=p).order_by("position", "id")
        ],
    )
    commentable(
        "report",
        "进度报告",
        find=_child(ProgressReport, "该进度报告不存在。"),
        describe=lambda r: f"进度报告：{r.month:%Y年%m月}",
        options=lambda p: [
            (r.pk, f"进度报告：{r.month:%Y年%m月}") for r in ProgressReport.objects.filter(project=p).order_by("-month")
        ],
    )


_register_execution()
