"""Demo data: 七彩心桥 feedback in every state (from residents' demands to the 区直 units' branches) and the
problem list of the 工委 (seed 004's 亮短板: 入户走访, 征求民意实事, 专题座谈, 调研报告), claimed and raised."""

import datetime

from django.utils import timezone

from core.dates import today
from orgs.models import Organisation

from . import actions
from .models import Feedback

# (addressed to, content, contact, phone, what happens: list of steps, answer, rating, rating comment, becomes a problem)
FEEDBACK = [
    (
        "区住房和城乡建设局党总支",
        "我们小区（钢都花园）3号楼楼道灯坏了两个多星期，晚上老人上下楼很不安全。物业说要等维修资金审批，"
        "希望帮忙协调尽快修好。",
        "王阿姨",
        "13963471258",
        ["accept", "answer", "rate"],
        "已协调物业公司于次日更换3号楼楼道灯12盏，并督促物业建立公共设施每周巡查台账；党员志愿者已上门回访。",
        5,
        "第二天就修好了，感谢党员同志！",
        True,
    ),
    (
        "区教育和体育局机关党委",
        "实验小学放学时校门口车辆乱停乱放，孩子过马路很危险，建议设立护学岗、划定临时停车区。",
        "李女士",
        "15853412376",
        ["accept", "answer"],
        "已联合交警中队和学校设立“党员护学岗”，工作日16:30至17:30在校门口值守，并在校门东侧划定临时停车区。",
        None,
        "",
        False,
    ),
    (
        "钢城区区直机关工委",
        "社区卫生服务站周末不开门，老年人量血压、拿慢性病药很不方便，能否周末安排半天门诊？",
        "赵大爷",
        "0531-76012345",
        ["accept", "forward:区卫健局机关党支部"],
        "",
        None,
        "",
        True,
    ),
    (
        "钢城区区直机关工委",
        "建议机关党员到社区报到后多参与志愿服务，比如帮独居老人代买药品、陪同就医，不要只是签个到。",
        "",
        "",
        ["accept"],
        "",
        None,
        "",
        False,
    ),
    (
        "区统计局机关党支部",
        "人口抽样调查的调查员上门前能否先电话预约？我们上班族白天不在家，调查员跑了好几趟都没碰上。",
        "孙先生",
        "18766341290",
        [],
        "",
        None,
        "",
        False,
    ),
    (
        "区财政局机关党委",
        "惠民惠农补贴的发放进度能不能在社区公示栏公开？很多老人不会用手机查询。",
        "",
        "13561234987",
        [],
        "",
        None,
        "",
        False,
    ),
    (
        "区统计局机关党支部",
        "专业疏通下水道、开锁换锁，24小时上门服务，价格优惠，欢迎来电。",
        "",
        "",
        ["close:与党组织工作无关的广告信息，不予受理。"],
        "",
        None,
        "",
        False,
    ),
    (
        "区住房和城乡建设局党总支",
        "老旧小区改造施工噪音太大，晚上九点以后还在施工，影响孩子休息和老人睡觉。",
        "居民",
        "",
        ["accept", "answer", "rate"],
        "已约谈施工单位，严格执行夜间施工审批，22时后禁止高噪音作业；住建局质量安全站党员每晚抽查。",
        3,
        "晚上好多了，但周末白天噪音还是大。",
        True,
    ),
]

PROBLEMS = [
    # (org, title, description, source, shared, claimed by, raise, close reason)
    (
        "钢城区区直机关工委",
        "居民需求清单不断扩容，社区服务如何实现从量到质的跃升",
        "专题座谈中各单位党组织反映：群众需求越来越多样，机关党员进社区服务多停留在“签到”层面，缺少持续、精准的服务项目。",
        "symposium",
        True,
        ["区统计局机关党支部", "区住建局机关党支部"],
        False,
        "",
    ),
    (
        "区统计局机关党支部",
        "日常工作中积累了丰富经验却缺乏总结提炼，无法形成示范带动作用",
        "调研报告指出：支部在统计服务群众方面的好做法没有形成制度和品牌。",
        "report",
        False,
        ["区统计局机关党支部"],
        False,
        "",
    ),
    (
        "区住房和城乡建设局党总支",
        "物业服务纠纷反复出现，重复性解决类似问题耗费大量精力",
        "入户走访41次，居民反映最多的是物业服务和公共设施维修，同类问题反复出现。",
        "visit",
        True,
        [],
        True,
        "",
    ),
    (
        "区教育和体育局机关党委",
        "在职党员到社区报到后作用发挥不明显",
        "征求民意实事39件中，有多件反映在职党员报到后参与社区活动少。",
        "survey",
        False,
        [],
        False,
        "",
    ),
    (
        "区财政局机关党委",
        "个别支部“三会一课”记录不规范",
        "督查发现：会议记录缺少签到表和议题，个别党课无记录。",
        "inspection",
        False,
        ["区财政局机关党委"],
        False,
        "已完成整改，经复查记录规范齐全。",
    ),
]


def _org(name, fallback):
    return Organisation.objects.filter(name=name).first() or fallback


def build(world):
    users = world["users"]
    committee_user = users["committee"]
    root = world["committee"]
    now = today()
    for n, (org_name, content, contact, phone, steps, answer, rating, comment, to_problem) in enumerate(FEEDBACK):
        org = _org(org_name, root)
        item = actions.submit_feedback(
            data={"org": org.pk, "content": content, "contact_name": contact, "phone": phone},
            client_address=f"10.20.0.{n + 1}",
        )
        # Written a few days apart, the oldest first.
        created = timezone.now() - datetime.timedelta(days=3 * (len(FEEDBACK) - n))
        Feedback.objects.filter(pk=item.pk).update(created_at=created)
        for step in steps:
            name, _, arg = step.partition(":")
            item.refresh_from_db()
            if name == "rate":
                actions.rate_by_code(item.code, data={"rating": rating, "comment": comment})
            elif name == "answer":
                actions.transition_feedback(item, "answer", by=committee_user, data={"answer": answer, "public": "on"})
            elif name == "forward":
                actions.transition_feedback(item, "forward", by=committee_user, data={"org": _org(arg, root).pk})
            elif name == "close":
                actions.transition_feedback(item, "close", by=committee_user, data={"reason": arg})
            else:
                actions.transition_feedback(item, name, by=committee_user, data={})
        if not steps and n == 4:  # left unaccepted past its limit: shown overdue
            Feedback.objects.filter(pk=item.pk).update(due_on=now - datetime.timedelta(days=2))
        if to_problem:
            item.refresh_from_db()
            actions.feedback_to_problem(item, by=committee_user)

    orgs = Organisation.objects.all()
    for org_name, title, description, source, shared, claimed_by, raise_it, close_reason in PROBLEMS:
        org = _org(org_name, root)
        problem = actions.create_problem(
            by=committee_user,
            orgs=orgs,
            data={
                "org": org.pk,
                "title": title,
                "description": description,
                "source": source,
                "found_on": (now - datetime.timedelta(days=30)).isoformat(),
                **({"shared": "on"} if shared else {}),
            },
        )
        if raise_it:
            problem = actions.raise_problem(problem, by=committee_user)
        for claimant in claimed_by:
            problem.refresh_from_db()
            actions.claim_problem(
                problem,
                by=committee_user,
                data={"org": _org(claimant, root).pk, "note": "结合“我为群众办实事”实践活动立项解决"},
            )
        if close_reason:
            problem.refresh_from_db()
            actions.close_problem(problem, committee_user, close_reason)
    world["feedback_items"] = Feedback.objects.count()
