"""Demo of 谈心谈话: the secretaries' talks with part of their members this year (every third branch has talked
with everyone; the others with about two thirds), and a talk of last year for some not talked with since."""

import datetime
import random

from .models import Record

TOPICS = [
    ("谈心谈话：思想工作情况", "书记与党员围绕思想状况、工作困难和意见建议开展谈心谈话，听取对支部工作的意见。"),
    ("谈心谈话：岗位履职交流", "交流岗位履职情况和下一步打算，书记提醒严守纪律规矩、发挥先锋模范作用。"),
    ("谈心谈话：征求组织生活会意见", "为开好年度组织生活会，书记与党员谈心谈话，征求对支部班子和个人的意见。"),
]


def build(world, today):
    rng = random.Random(20261202)
    year = today.year
    records, links = [], []
    for idx, branch in enumerate(world["branches"]):
        members = [p for p in world["people"][branch.id] if p.category in ("full", "probationary")]
        host = world["secretaries"][branch.id]
        others = [p for p in members if p.pk != host.pk]
        talked = others if idx % 3 == 0 else others[: len(others) * 2 // 3]
        untalked = [p for p in others if p not in talked]
        for start in range(0, len(talked), 3):
            month = rng.randint(1, today.month)
            day = rng.randint(1, 28)
            date = min(datetime.date(year, month, day), today)
            title, content = TOPICS[start // 3 % len(TOPICS)]
            records.append((branch, date, title, content, host, talked[start : start + 3]))
        if idx % 3 == 0 and len(others) > 0:  # a committee member talks with the secretary too: all covered
            records.append((branch, min(datetime.date(year, 3, 12), today), *TOPICS[1], others[0], [host]))
        if untalked:  # a talk of last year: the list shows it as the last one, not this year's
            records.append((branch, datetime.date(year - 1, 11, 18), *TOPICS[2], host, untalked[:1]))
    objs = [
        Record(
            org=branch,
            type="talk",
            counts_as_key=",talk,",  # bulk_create skips save()
            title=title,
            date=date,
            start_time=datetime.time(15, 0),
            place="党员活动室",
            host=host,
            recorder=host,
            content=f"{host.name}与{'、'.join(p.name for p in people)}谈心谈话。{content}",
        )
        for branch, date, title, content, host, people in records
    ]
    Record.objects.bulk_create(objs, batch_size=500)
    through = Record.attendees.through
    for r, (_b, _d, _t, _c, _h, people) in zip(objs, records, strict=True):
        links += [through(record_id=r.pk, person_id=p.pk) for p in people]
    through.objects.bulk_create(links, batch_size=2000)
    world["talks"] = objs
    return objs
