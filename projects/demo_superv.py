"""Demo of supervision (台账式督查) and mentors (导师帮带): two supervision groups, inspections of every kind,
a rectification overdue (the project loses its eligibility: 措施不力), one closed (销号), one reported, a random
sample (one filled in), the working committee's mentor pool with comments on the charters of mentored projects."""

import datetime

from core.dates import today

from . import actions_superv as actions
from .choices import ProjectState
from .models import Inspection, Project


def _days(n):
    return (today() + datetime.timedelta(days=n)).isoformat()


def _inspect(project, by, kind, summary, findings, ago):
    data = {"kind": kind, "date": _days(-ago), "summary": summary}
    for n, (text, deadline) in enumerate(findings, start=1):
        data[f"finding_{n}"], data[f"deadline_{n}"] = text, deadline or ""
    return actions.create_inspection(project, by=by, data=data)


def build(world):
    users = world["users"]
    committee_user, root = users["committee"], world["committee"]
    office = world["office_people"]
    running = list(
        Project.objects.filter(org__path__startswith=root.path, state=ProjectState.IN_PROGRESS)
        .select_related("org")
        .order_by("pk")
    )
    supervised = list(
        Project.objects.filter(
            org__path__startswith=root.path, state__in=[ProjectState.APPROVED, ProjectState.CLOSING_REQUESTED]
        ).order_by("pk")
    )
    if not running:
        return
    # 分片督导 / 联系指导: a leader per group of the committee's projects.
    actions.create_group(
        root,
        by=committee_user,
        data={"name": "第一片区", "kind": "area", "leader": office[1].pk, "projects": [p.pk for p in running[::2]]},
    )
    actions.create_group(
        root,
        by=committee_user,
        data={
            "name": "机关联系点",
            "kind": "liaison",
            "leader": office[2].pk,
            "projects": [p.pk for p in running[1::2] + supervised[:2]],
        },
    )
    first = running[0]
    _inspect(first, committee_user, "phone", "电话调度：各项任务按计划推进，入户走访已完成六成。", [], 40)
    _inspect(
        first,
        committee_user,
        "regular",
        "定期检查：查阅项目台账和活动记录，现场察看党员先锋岗。",
        [("党员先锋岗未按要求挂牌亮身份", _days(-5)), ("活动记录照片齐全，予以肯定", None)],
        30,
    )
    # The first finding above is overdue (整改时限已过，未报告完成): the project is not eligible until it is done.
    others = running[1:] or running
    closed = _inspect(
        others[0],
        committee_user,
        "area",
        "分片督导：听取支部汇报，抽查两户走访记录。",
        [("走访记录缺少群众签字", _days(-10)), ("工作队伍分工需进一步细化", _days(20))],
        25,
    )
    secretary = _admin_of(others[0], users)
    if secretary is not None:
        done, waiting = list(closed.findings.order_by("id"))
        actions.transition_finding(done, "report", by=secretary, data={"report": "已补齐群众签字，建立走访签认制度。"})
        actions.transition_finding(
            done.__class__.objects.get(pk=done.pk), "close", by=committee_user, data={"comment": "整改到位，同意销号。"}
        )
        actions.transition_finding(waiting, "report", by=secretary, data={"report": "已按岗位重新分工并公示。"})
    # 随机抽查: a sample of the in-progress projects, the first drawn one filled in.
    sample = actions.draw_sample(by=committee_user, data={"committee": root.pk, "size": min(3, len(running))})
    drawn = Inspection.objects.filter(sample=sample).select_related("project").order_by("pk").first()
    if drawn is not None:
        actions.fill_inspection(
            drawn,
            by=committee_user,
            data={
                "date": _days(-1),
                "summary": "随机抽查：现场查看活动阵地，随机询问三名党员，项目知晓率高。",
                "finding_1": "项目公示栏进度信息未更新",
                "deadline_1": _days(15),
            },
        )
    # 导师库: the demo's mentor (an office cadre) and an outstanding branch secretary; comments on charters.
    mentor = users.get("mentor1")
    if mentor is not None:
        actions.add_mentor(
            root,
            by=committee_user,
            data={
                "person": mentor.person_id,
                "kind": "expert",
                "field": "社会治理",
                "expertise": "长期从事社区治理和物业党建联建，擅长项目选题和考核机制设计。",
            },
        )
        for project in Project.objects.filter(mentors=mentor.person_id).order_by("pk")[:3]:
            actions.add_comment(
                project,
                by=mentor,
                data={
                    "kind": "charter",
                    "text": "预期目标建议量化到户数和满意率，考核机制中“群众满意度”权重可适当提高。",
                },
            )
    secretary2 = users.get("secretary2")
    if secretary2 is not None and secretary2.person_id:
        actions.add_mentor(
            root,
            by=committee_user,
            data={
                "person": secretary2.person_id,
                "kind": "secretary",
                "field": "党员管理",
                "expertise": "所在支部“三会一课”规范化经验被全区推广。",
            },
        )


def _admin_of(project, users):
    """The demo account administering the project's own organisation (secretary1 / secretary2)."""
    from accounts.models import RoleAssignment

    grant = (
        RoleAssignment.objects.filter(role="org_admin", org=project.org, user__in=[u.pk for u in users.values()])
        .select_related("user")
        .first()
    )
    return grant.user if grant else None
