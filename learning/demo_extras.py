"""Demo of 网络学院 extras: 补录 (two approved last month, one waiting for the branch), a needs survey of the
工委 with answers, last month's 学习之星, this year's 资料征订 with orders of several branches, and a few
education records (one verified, one waiting)."""

import datetime
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from core import dates

from . import actions_extras as actions
from . import stars
from .choices import StarPeriod

# A one-page PDF standing in for a scanned certificate.
CERTIFICATE = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
TOPICS = ["党章党规", "党的创新理论", "党史学习", "廉政警示教育", "业务能力提升", "法律法规", "心理健康"]
FORMATS = ["专题讲座", "线上微课", "现场教学", "交流研讨", "读书分享"]
MATERIALS = [
    ("《习近平新时代中国特色社会主义思想学习纲要》", "book", "学习出版社", "28.00", "册"),
    ("《中国共产党章程》（学习本）", "book", "人民出版社", "6.00", "册"),
    ("《求是》杂志（全年）", "periodical", "求是杂志社", "180.00", "份"),
    ("《党建》杂志（全年）", "periodical", "党建杂志社", "96.00", "份"),
]


def _cert(name="结业证书.pdf"):
    return SimpleUploadedFile(name, CERTIFICATE, content_type="application/pdf")


def build(world):
    rng = random.Random(13)
    today = dates.today()
    u = world["users"]
    committee, admin, secretary = world["committee"], u["committee"], u["secretary1"]
    branch = world["stats_branch"]
    people = world["people"][branch.id]
    last_day = today.replace(day=1) - datetime.timedelta(days=1)
    start = last_day.replace(day=max(1, last_day.day - 4))

    # 补录: two approved last month (entered by the branch, approved by the 工委), one waiting for the branch.
    for person, title, h in ((people[6], "区委党校党员轮训班", "12"), (people[7], "全区党务干部业务培训", "8")):
        t = actions.enter_offline(
            by=secretary,
            data={
                "person": person.pk,
                "title": title,
                "organiser": "中共钢城区委党校",
                "start": start.isoformat(),
                "end": last_day.isoformat(),
                "hours": h,
            },
            certificate=_cert(),
        )
        actions.decide_offline(t, "approve", by=admin, data={"comment": "证书齐全"})
    actions.enter_offline(
        by=admin,
        data={
            "person": people[8].pk,
            "title": "“红色教育基地”现场教学",
            "organiser": "区直机关工委",
            "start": last_day.isoformat(),
            "end": last_day.isoformat(),
            "hours": "4",
        },
        certificate=_cert("现场教学证明.pdf"),
    )

    # 需求调查 of the 工委, open for three more weeks, with answers from part of its members.
    survey = actions.create_survey(
        by=admin,
        data={
            "org": committee.pk,
            "title": f"{today.year}年度党员学习需求调查",
            "intro": "为科学制定明年党员教育培训计划，请结合工作实际选择您最希望学习的内容和形式。",
            "topics": "\n".join(TOPICS),
            "formats": "\n".join(FORMATS),
            "closes": (today + datetime.timedelta(days=21)).isoformat(),
        },
    )
    from accounts.models import User

    answerers = [x for x in User.objects.filter(person__isnull=False).select_related("person") if x.person_id]
    for user in answerers:
        if user.person_id == u["member1"].person_id or not user.has_perm("learning.answer_survey", survey):
            continue  # member1 answers in the browser (her to-do)
        actions.answer_survey(
            survey,
            by=user,
            data={"topics": rng.sample(TOPICS, 2), "formats": rng.sample(FORMATS, 2), "comment": ""},
        )
    from orgs.models import Person

    from .models_extras import NeedsAnswer

    extra = Person.objects.filter(org__path__startswith=committee.path).active().party_members().order_by("id")
    comments = ["希望多安排现场教学", "线上微课时间短一些更方便", "", "", "建议结合业务开展案例教学"]
    rows = [
        NeedsAnswer(
            survey=survey,
            person=p,
            topics=rng.sample(TOPICS, rng.randint(1, 3)),
            formats=rng.sample(FORMATS, rng.randint(1, 2)),
            comment=rng.choice(comments),
        )
        for p in extra[:80]
        if p.pk not in {x.person_id for x in answerers}
    ]
    NeedsAnswer.objects.bulk_create(rows)  # bulk: the demo's members have no accounts of their own

    # 学习之星 of last month: the three at the top of the 工委's ranking.
    year, month = stars.last_period(StarPeriod.MONTH, today)
    top = [r.person.pk for r in stars.ranking(committee, StarPeriod.MONTH, year, month)[:3]]
    if top:
        actions.name_stars(
            by=admin,
            data={
                "org": committee.pk,
                "period_kind": "month",
                "year": year,
                "period": month,
                "people": top,
                "note": "按时参加组织生活，学时领先",
            },
        )

    # 资料征订 of the year, open for a month, ordered by several branches.
    offer = actions.create_offer(
        by=admin,
        data={
            "org": committee.pk,
            "year": today.year + (1 if today.month >= 11 else 0),
            "title": f"{today.year + (1 if today.month >= 11 else 0)}年度党员学习资料征订",
            "note": "请各党支部按党员人数据实填报，截止后由工委统一订购。",
            "deadline": (today + datetime.timedelta(days=30)).isoformat(),
        },
    )
    items = [
        actions.add_item(offer, by=admin, data={"name": n, "kind": k, "publisher": p, "price": pr, "unit": un})
        for n, k, p, pr, un in MATERIALS
    ]
    for b in world["branches"][:5]:
        if b.pk == branch.pk:
            continue  # secretary1 fills in her branch's order (her to-do)
        actions.save_orders(offer, by=admin, org=b, quantities={str(i.pk): rng.randint(0, 12) for i in items})

    # 学历认证: a verified record and one waiting.
    r = actions.enter_education(
        by=secretary,
        data={
            "person": people[6].pk,
            "level": "bachelor",
            "school": "山东师范大学",
            "major": "汉语言文学",
            "graduated_on": "2012-06-30",
        },
        certificate=_cert("毕业证书.pdf"),
    )
    actions.decide_education(r, "verify", by=admin, data={"comment": "与原件一致"})
    actions.enter_education(
        by=admin,
        data={
            "person": people[7].pk,
            "level": "master",
            "school": "山东大学",
            "major": "公共管理",
            "graduated_on": "2019-06-30",
        },
        certificate=_cert("学位证书.pdf"),
    )
