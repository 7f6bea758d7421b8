import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import uploads
from records import files
from records.models import Attachment
from records.tests.factories import make_record

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"


def xlsx_bytes():
    wb = openpyxl.Workbook()
    wb.active.append(["姓名"])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def docx_bytes():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


def ole_bytes(stream):
    return uploads.OLE_MAGIC + b"\x00" * 504 + stream.encode("utf-16-le") + b"\x00\x00" + b"\x00" * 100


@pytest.mark.parametrize(
    ("data", "ext"),
    [
        (PNG, "png"),
        (JPEG, "jpg"),
        (b"GIF89a" + b"\x00" * 10, "gif"),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "webp"),
        (PDF, "pdf"),
        (xlsx_bytes(), "xlsx"),
        (docx_bytes(), "docx"),
        (ole_bytes("WordDocument"), "doc"),
        (ole_bytes("Workbook"), "xls"),
    ],
)
def test_types_are_recognised_by_content(data, ext):
    assert uploads.detect(data) == ext


@pytest.mark.parametrize(
    "data",
    [
        b"MZ\x90\x00 this is an exe",
        b"<html><script>alert(1)</script></html>",
        b"PK\x03\x04 not really a zip",
        ole_bytes("VisioDocument"),
    ],
)
def test_other_content_is_not_recognised(data):
    assert uploads.detect(data) is None


def test_a_presentation_is_recognised_but_not_accepted_as_a_record_attachment():
    data = ole_bytes("PowerPoint Document")
    assert uploads.detect(data) == "ppt"
    with pytest.raises(Exception, match="不是允许的类型"):
        files.validate("slides.ppt", data)


@pytest.fixture
def record(world):
    return make_record(world.branch_a, "3月份支委会")


def _stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_upload_stores_under_a_random_name_and_is_served_only_within_scope(
    world, record, branch_secretary, branch_member, outsider, api, settings, client
):
    r = api(branch_secretary).client.post(
        f"/api/v1/records/{record.id}/attachments",
        {"file": SimpleUploadedFile("现场照片.jpg", PNG)},
        HTTP_AUTHORIZATION=f"Bearer {api(branch_secretary).token}",
    )
    assert r.status_code == 201, r.content
    att = Attachment.objects.get(pk=r.json()["id"])
    # WeChat saves PNGs as .jpg: accepted as what the content is, and named so.
    assert att.kind == "photo" and att.content_type == "image/png" and att.name == "现场照片.png"
    assert "现场照片" not in att.file.name and att.file.name.endswith(".png")
    assert len(_stored_files(settings)) == 1
    client.force_login(branch_member)
    resp = client.get(f"/records/attachments/{att.id}/")
    assert resp.status_code == 200 and b"".join(resp.streaming_content) == PNG
    assert resp["X-Content-Type-Options"] == "nosniff"
    client.force_login(outsider)
    assert client.get(f"/records/attachments/{att.id}/").status_code == 404


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("报告.pdf", b"MZ\x90\x00 an executable pretending to be a pdf", "内容不是允许的类型"),
        ("照片.jpg", b"<svg onload=alert(1)>", "内容不是允许的类型"),
        ("空文件.docx", b"", "空的"),
    ],
)
def test_bad_uploads_are_refused_in_chinese_and_nothing_is_stored(
    world, record, branch_secretary, api, settings, name, data, message
):
    client = api(branch_secretary)
    r = client.client.post(
        f"/api/v1/records/{record.id}/attachments",
        {"file": SimpleUploadedFile(name, data)},
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    assert r.status_code == 422, r.content
    assert message in r.json()["detail"]
    assert Attachment.objects.count() == 0
    assert _stored_files(settings) == []


def test_oversize_upload_is_refused_and_nothing_is_stored(world, record, branch_secretary, api, settings):
    client = api(branch_secretary)
    big = PDF + b"0" * (files.MAX_ATTACHMENT_BYTES + 1)
    r = client.client.post(
        f"/api/v1/records/{record.id}/attachments",
        {"file": SimpleUploadedFile("大.pdf", big)},
        HTTP_AUTHORIZATION=f"Bearer {client.token}",
    )
    assert r.status_code == 413
    assert "20MB" in r.json()["detail"]
    assert Attachment.objects.count() == 0
    assert _stored_files(settings) == []


def test_a_member_cannot_upload_and_an_outsider_gets_404(world, record, branch_member, outsider, api, settings):
    for user, status in ((branch_member, 403), (outsider, 404)):
        client = api(user)
        r = client.client.post(
            f"/api/v1/records/{record.id}/attachments",
            {"file": SimpleUploadedFile("a.png", PNG)},
            HTTP_AUTHORIZATION=f"Bearer {client.token}",
        )
        assert r.status_code == status
    assert _stored_files(settings) == []


def test_upload_page_shows_the_chinese_refusal(world, record, branch_secretary, client, settings):
    client.force_login(branch_secretary)
    r = client.post(
        f"/records/{record.id}/attachments/", {"file": SimpleUploadedFile("x.xlsx", b"not excel")}, follow=True
    )
    assert "内容不是允许的类型" in r.content.decode()
    assert Attachment.objects.count() == 0
