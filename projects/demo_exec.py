"""Demo data of the execution part: a work breakdown with dependencies, a milestone and a late task, the
baseline frozen at approval, one task pushed later since (slip), and monthly progress reports with a photo."""

import datetime
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile

from core.dates import today

from . import actions_exec as actions
from .choices import ProjectState as S
from .models import Project, Task


def png(width=240, height=150, rgb=(200, 22, 29)):
    """A plain PNG (a coloured card with a lighter band): a stand-in for a 现场照片 without any image library."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    light = tuple(min(255, c + 90) for c in rgb)
    rows = b"".join(b"\x00" + bytes(light if height // 3 < y < height // 2 else rgb) * width for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def _plan(project, by):
    """调研摸底 → 制定方案 → ◆方案审定 → {党员认岗 → 集中攻坚, 宣传发动} → 总结提升 → ◆申请结题, each task
    starting the day after its predecessors finish, leaving a week in hand before the project's end."""
    span = (project.end - project.start).days - 8
    made: dict[str, Task] = {}
    owners = list(project.team.all()) or [project.owner]

    def add(key, title, share, after=(), parent=None, milestone=False, owner=None, lag=0):
        begin = max(
            (made[k].end + datetime.timedelta(days=0 if milestone else 1 + lag) for k in after), default=project.start
        )
        finish = begin if milestone else begin + datetime.timedelta(days=max(int(span * share), 1) - 1)
        data = {
            "title": title,
            "start": begin.isoformat(),
            "end": finish.isoformat(),
            "milestone": milestone,
            "owner": (owner or owners[len(made) % len(owners)]).pk,
            "parent": made[parent].pk if parent else "",
        }
        if parent:  # the summary grows to cover its children
            summary = made[parent]
            summary.end = max(summary.end, finish)
            actions.update_task(
                summary, by=by, data={**actions.task_form_data(summary), "end": summary.end.isoformat()}
            )
        for k in after:
            data[f"pred_{made[k].pk}"] = True
            data[f"lag_{made[k].pk}"] = lag
        made[key] = actions.create_task(project, by=by, data=data)

    add("survey", "入户走访、调研摸底", 0.1, owner=project.owner)
    add("plan", "制定实施方案和任务清单", 0.08, after=["survey"], owner=project.owner)
    add("approve", "方案审定", 0, after=["plan"], milestone=True, owner=project.owner)
    start = made["approve"].end + datetime.timedelta(days=1)
    made["work"] = actions.create_task(
        project, by=by, data={"title": "组织实施", "start": start.isoformat(), "end": start.isoformat()}
    )
    add("claim", "党员认岗定责", 0.12, after=["approve"], parent="work")
    add("push", "集中攻坚、破解难题", 0.55, after=["claim"], parent="work", lag=2)
    add("publicity", "宣传发动、征求意见", 0.2, after=["approve"], parent="work")
    add("sum", "总结提炼、形成机制", 0.08, after=["push"], owner=project.owner)
    add("close", "申请结题", 0, after=["sum"], milestone=True, owner=project.owner)
    return made


def build(world):
    users = world["users"]
    admins = [users.get("secretary1"), users.get("secretary2")]
    projects = Project.objects.filter(state__in=[S.APPROVED, S.IN_PROGRESS]).exclude(start=None).exclude(end=None)
    now = today()
    for n, project in enumerate(projects.select_related("org", "owner").order_by("id")):
        by = next((u for u in admins if u is not None and u.has_perm("projects.plan_tasks", project)), None)
        if by is None or Task.objects.filter(project=project).exists():
            continue
        made = _plan(project, by)
        actions.freeze_baseline(project, by=by)  # the dates as they stood at 立项
        if project.state != S.IN_PROGRESS:
            continue
        # Since approval: the work done so far, and the 攻坚 task that ran late pushed its dependants on.
        for key in ("survey", "plan", "approve", "claim", "publicity"):
            task = made[key]
            if task.end < now:
                actions.set_progress(task, by=by, data={"progress": 100})
        push = made["push"]
        new_end = min(push.end + datetime.timedelta(days=5), now - datetime.timedelta(days=3))
        if new_end > push.end:
            data = {**actions.task_form_data(push), "end": new_end.isoformat(), "start": push.start.isoformat()}
            actions.update_task(push, by=by, data=data, push=True)
        actions.set_progress(made["push"], by=by, data={"progress": 60 + 10 * (n % 3)})
        for months_ago in (2, 1):
            month = (now.replace(day=1) - datetime.timedelta(days=31 * months_ago - 15)).replace(day=1)
            if month < project.start.replace(day=1):
                continue
            photos = [SimpleUploadedFile("现场照片.png", png(rgb=(200, 22, 29) if months_ago == 1 else (47, 95, 196)))]
            actions.save_report(
                project,
                by=by,
                data={
                    "month": f"{month:%Y-%m}",
                    "summary": f"{month.month}月完成入户走访{12 + n}户，党员认领服务岗位{6 + n}个，办结群众诉求{4 + n}件。",
                    "problems": "个别党员参与不够积极，攻坚任务进度滞后。" if months_ago == 1 else "",
                    "next_steps": "加强调度，每周通报一次进度；集中力量推进攻坚任务。",
                },
                files=photos,
            )
