"""Builders for the 党建动态 tests (actions are the only writers, so tests build through them)."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from core import dates
from notices import actions_news as actions
from notices.demo_news import make_png


def png(name="照片.png", **kw):
    return SimpleUploadedFile(name, make_png(60, 40, **kw), "image/png")


def jpeg_with_exif(name="现场.jpg"):
    """A JPEG whose APP1 segment carries EXIF (with a GPS marker) before a tiny scan."""
    exif = b"Exif\x00\x00MM\x00*GPSLatitude=36.68"
    app1 = b"\xff\xe1" + (len(exif) + 2).to_bytes(2, "big") + exif
    app0 = b"\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    scan = b"\xff\xda\x00\x08\x01\x01\x00\x00?\x00" + b"\x12\x34\x56" + b"\xff\xd9"
    return SimpleUploadedFile(name, b"\xff\xd8" + app0 + app1 + scan, "image/jpeg")


def news(by, org, *, title="支部开展主题党日活动", body="支部组织党员开展主题党日活动。", day=None, photos=(), **extra):
    data = {"org": org.pk, "title": title, "date": (day or dates.today()).isoformat(), "body": body, **extra}
    return actions.create_news(by=by, data=data, photos=list(photos))


def published(world, **kw):
    secretary, committee = world.users["branch_secretary"], world.users["committee_admin"]
    item = news(secretary, world.branch_a, **kw)
    actions.run(item, "submit", by=secretary)
    return actions.run(item, "approve", by=committee)


def in_state(world, state):
    secretary, committee = world.users["branch_secretary"], world.users["committee_admin"]
    item = news(secretary, world.branch_a, title=f"{state}的动态", photos=[png()])
    if state == "draft":
        return item
    item = actions.run(item, "submit", by=secretary)
    if state == "submitted":
        return item
    if state == "returned":
        return actions.run(item, "return", by=committee, data={"reason": "请补充照片"})
    item = actions.run(item, "approve", by=committee)
    if state == "withdrawn":
        return actions.run(item, "withdraw", by=committee, data={"reason": "内容有误"})
    return item


def yesterday():
    return dates.today() - datetime.timedelta(days=1)
