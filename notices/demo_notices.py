"""Demo of 通知公告: the committee's notices in every state — a draft, published ones partly signed (one with a
receipt form, one only to 党务干部, one to 发展对象 and 入党积极分子, one long overdue so its reminders and the
secretaries' escalations are due), an archived one fully signed — and a branch's own notice to its members."""

import datetime
import random

from django.core.files.base import ContentFile
from django.utils import timezone

from core import dates, workflow

from .actions_notices import create_notice
from .models_notices import Notice, NoticeAttachment, Recipient

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def _notice(admin, org, title, body, *, draft=False, **extra):
    data = {
        "org": org.pk,
        "title": title,
        "body": body,
        "audience": extra.pop("audience", "all"),
        "categories": extra.pop("categories", []),
        "receipt_fields": "\n".join(extra.pop("receipt_fields", [])),
        "remind_days": extra.pop("remind_days", 3),
    }
    return create_notice(by=admin, data=data, draft=draft)


def _backdate(notice, days_ago, today):
    when = datetime.datetime.combine(today - datetime.timedelta(days=days_ago), datetime.time(9, 0), dates.SHANGHAI)
    Notice.objects.filter(pk=notice.pk).update(published_at=when)
    notice.published_at = when
    return when


def _sign(notice, share, rng, when, answers=None):
    """Sign `share` of the recipients (each signature a few hours to days after publication)."""
    rows = list(Recipient.objects.filter(notice=notice).order_by("pk"))
    rng.shuffle(rows)
    signed = rows[: int(len(rows) * share)]
    for r in signed:
        r.signed_at = when + datetime.timedelta(hours=rng.randint(1, 72))
        r.receipt = answers(r, rng) if answers else {}
    Recipient.objects.bulk_update(signed, ["signed_at", "receipt"], batch_size=500)
    return len(signed)


def build(world):
    committee, users = world["committee"], world["users"]
    admin, secretary = users["committee"], users["secretary1"]
    stats = world["stats_branch"]
    today = dates.today()
    rng = random.Random(20261202)

    draft = _notice(
        admin,
        committee,
        "关于做好年度民主评议党员工作的通知（征求意见稿）",
        "各党支部：\n根据《中国共产党党员教育管理工作条例》，现就开展年度民主评议党员工作通知如下……",
        draft=True,
        receipt_fields=["参评党员人数", "计划召开日期"],
    )
    meeting = _notice(
        admin,
        committee,
        "关于召开全区机关党建工作推进会的通知",
        "各党组织：\n定于下周三上午9:00在区委党校报告厅召开全区机关党建工作推进会，请各党支部书记准时参加。\n"
        "请于会前签收并填写回执。",
        audience="cadres",
        receipt_fields=["是否参会", "联系电话"],
    )
    when = _backdate(meeting, 2, today)
    _sign(
        meeting,
        0.6,
        rng,
        when,
        lambda r, g: {"是否参会": g.choice(["参会", "参会", "请假"]), "联系电话": "13906340000"},
    )
    NoticeAttachment.objects.create(
        notice=meeting,
        file=ContentFile(PDF, name="agenda.pdf"),
        name="会议议程.pdf",
        content_type="application/pdf",
        size=len(PDF),
        uploaded_by=admin,
    )
    study = _notice(
        admin,
        committee,
        "关于开展“学党章、守党规”主题学习活动的通知",
        "各党组织、全体党员：\n为深入学习贯彻党章，工委决定在全区机关开展主题学习活动。请各党支部结合“三会一课”组织学习，"
        "全体党员通过网络学院完成必修课程。",
        remind_days=5,
    )
    when = _backdate(study, 21, today)
    _sign(study, 0.75, rng, when)
    training = _notice(
        admin,
        committee,
        "关于举办发展对象和入党积极分子培训班的通知",
        "各党支部：\n工委定于本月举办发展对象和入党积极分子集中培训，培训时间不少于3天（24学时）。",
        audience="categories",
        categories=["candidate", "activist"],
        receipt_fields=["是否参加培训"],
    )
    _backdate(training, 1, today)
    archived = _notice(
        admin,
        committee,
        "关于做好国庆期间值班值守工作的通知",
        "各党组织：\n请各单位党组织做好国庆期间值班安排，确保通讯畅通。",
    )
    when = _backdate(archived, 70, today)
    _sign(archived, 1.0, rng, when)
    workflow.run(archived, "archive", by=admin)
    branch = _notice(
        secretary,
        stats,
        "关于本月主题党日活动安排的通知",
        "支部全体党员：\n本月主题党日定于15日下午开展“走进社区”志愿服务，请准时参加。",
        receipt_fields=["能否参加"],
    )
    when = _backdate(branch, 1, today)
    _sign(branch, 0.5, rng, when, lambda r, g: {"能否参加": "能参加"})
    world["notices"] = {
        "draft": draft,
        "meeting": meeting,
        "study": study,
        "training": training,
        "archived": archived,
        "branch": branch,
    }
    return timezone.now()
