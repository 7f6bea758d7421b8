"""What a mentor (导师帮带) comments on: a small registry of subjects keyed by kind.

The charter is registered here; execution registers "report" (进度报告) and "task" (任务) the same way:

    commentable("task", "任务", find=lambda project, pk: <the project's task pk, or raise NotFound>,
                describe=lambda task: f"任务：{task.title}")

`find(project, object_id)` returns the subject of that project (raising core.errors.NotFound when the id names
nothing of the project), `describe(obj)` the label stored with the comment.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from core.errors import Invalid


@dataclass(frozen=True)
class Subject:
    kind: str
    label: str
    find: Callable[[Any, int | None], Any]
    describe: Callable[[Any], str]


SUBJECTS: dict[str, Subject] = {}


def commentable(kind: str, label: str, *, find, describe) -> Subject:
    """Register (or replace) a kind of subject mentors comment on."""
    SUBJECTS[kind] = subject = Subject(kind, label, find, describe)
    return subject


def subject(kind: str) -> Subject:
    try:
        return SUBJECTS[kind]
    except KeyError:
        names = "、".join(f"{s.kind}（{s.label}）" for s in SUBJECTS.values())
        raise Invalid(f"不能对“{kind}”发表意见。可选：{names}。", {"kind": ["没有这种意见对象。"]}) from None


def choices():
    return [(s.kind, s.label) for s in SUBJECTS.values()]


commentable("charter", "立项表", find=lambda project, object_id: project, describe=lambda p: f"立项表：{p.title}")
