"""Shared helpers of the extras tests: multipart API calls, a certificate, a page client."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from accounts.models import ApiToken
from core import dates

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def multipart(user, path, data, file=("证书.pdf", PDF)):
    client = Client(REMOTE_ADDR="127.0.0.1")
    body = dict(data)
    if file is not None:
        body["file"] = SimpleUploadedFile(file[0], file[1])
    return client.post(f"/api/v1/{path}", body, HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}")


def page_client(user):
    c = Client()
    c.force_login(user)
    return c


def last_month_end():
    return dates.today().replace(day=1) - datetime.timedelta(days=1)


def offline_body(person, *, hours="6", end=None, **over):
    end = end or last_month_end()
    return {
        "person": person.pk,
        "title": "区委党校党员轮训班",
        "organiser": "区委党校",
        "start": (end - datetime.timedelta(days=2)).isoformat(),
        "end": end.isoformat(),
        "hours": hours,
        **over,
    }
