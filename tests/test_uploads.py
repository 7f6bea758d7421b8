"""Uploads everywhere: the content decides the type, a same-kind misnaming is corrected, a wrong kind refused,
and a form with several files saves all of them or none."""

import datetime
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core import uploads
from core.errors import Invalid

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PDF = b"%PDF-1.7\n1 0 obj\n<<>>\nendobj\n"
MAX = 1024 * 1024


def _docx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    return buf.getvalue()


@pytest.mark.parametrize(
    ("name", "data", "ext", "kept_as"),
    [
        ("微信图片_20260318.jpg", PNG, "png", "微信图片_20260318.png"),  # WeChat's PNG saved as .jpg
        ("截图.PNG", JPEG, "jpg", "截图.jpg"),
        ("照片.jpeg", JPEG, "jpg", "照片.jpeg"),  # already right: kept as it is
        ("IMG_0001.heic", JPEG, "jpg", "IMG_0001.jpg"),  # a name of no known type: the content decides
        ("照片", PNG, "png", "照片.png"),
        ("会议纪要.doc", _docx(), "docx", "会议纪要.docx"),  # same family (Word): the content's format
    ],
)
def test_a_same_kind_misnaming_is_accepted_as_the_content_and_renamed(name, data, ext, kept_as):
    assert uploads.validate(name, data, max_bytes=MAX)[0] == ext
    assert uploads.stored_name(name, ext) == kept_as


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("照片.jpg", PDF, "扩展名是图片，内容却是PDF 文档"),
        ("报告.docx", PNG, "扩展名是Word 文档，内容却是图片"),
        ("表格.xlsx", _docx(), "扩展名是Excel 表格，内容却是Word 文档"),
        ("照片.jpg", b"MZ\x90\x00 an executable", "不是允许的类型"),
        ("照片.png", b"<svg onload=alert(1)>", "不是允许的类型"),
    ],
)
def test_a_real_mismatch_of_kind_is_refused(name, data, says):
    with pytest.raises(Invalid, match=says):
        uploads.validate(name, data, max_bytes=MAX)


def test_a_long_name_keeps_its_new_extension():
    name = "长" * 130 + ".jpg"
    kept = uploads.stored_name(name, "png")
    assert kept.endswith(".png") and len(kept) <= 120


@pytest.fixture
def plan_occurrence(world, branch_secretary):
    from plans.tests.factories import add_item, make_plan

    plan = make_plan(branch_secretary, world.branch_a)
    return add_item(branch_secretary, plan, "报送党建信息", category="宣传报道", month=5).occurrences.get()


def test_plan_evidence_named_jpg_but_png_is_kept_as_png(world, branch_secretary, plan_occurrence):
    from plans.models import OccurrenceAttachment

    c = Client()
    c.force_login(branch_secretary)
    r = c.post(
        f"/plans/occurrences/{plan_occurrence.pk}/",
        {"note": "已报送", "completed_on": "2026-05-20", "files": [SimpleUploadedFile("现场.jpg", PNG)]},
    )
    assert r.status_code == 302
    att = OccurrenceAttachment.objects.get()
    assert att.name == "现场.png" and att.file.name.endswith(".png")


def test_plan_completion_with_one_wrong_kind_of_file_saves_nothing(world, branch_secretary, plan_occurrence):
    from plans.models import OccurrenceAttachment

    c = Client()
    c.force_login(branch_secretary)
    r = c.post(
        f"/plans/occurrences/{plan_occurrence.pk}/",
        {"note": "已报送", "completed_on": "2026-05-20",
         "files": [SimpleUploadedFile("现场.png", PNG), SimpleUploadedFile("通知.jpg", PDF)]},
    )  # fmt: skip
    assert r.status_code == 200 and "内容与扩展名不符" in r.content.decode()
    assert "已报送</textarea>" in r.content.decode()  # refilled
    plan_occurrence.refresh_from_db()
    assert plan_occurrence.completed_on is None and not OccurrenceAttachment.objects.exists()


def test_record_attachments_are_saved_all_or_none(world, branch_secretary, settings):
    from records.models import Attachment
    from records.tests.factories import make_record

    record = make_record(world.branch_a, "3月份支委会", date=datetime.date(2026, 3, 1).isoformat())
    c = Client()
    c.force_login(branch_secretary)
    r = c.post(
        f"/records/{record.pk}/attachments/",
        {"file": [SimpleUploadedFile("合影.jpg", JPEG), SimpleUploadedFile("签到表.jpg", PDF)]},
        follow=True,
    )
    html = r.content.decode()
    assert "签到表.jpg" in html and "内容与扩展名不符" in html and "2个文件都没有上传" in html
    assert not Attachment.objects.exists()
    root = settings.MEDIA_ROOT
    assert not (root.exists() and any(p.is_file() for p in root.rglob("*")))
    r = c.post(
        f"/records/{record.pk}/attachments/",
        {"file": [SimpleUploadedFile("合影.jpg", JPEG), SimpleUploadedFile("签到表.jpg", PNG)]},
        follow=True,
    )
    assert sorted(Attachment.objects.values_list("name", flat=True)) == ["合影.jpg", "签到表.png"]
    assert "已上传：合影.jpg、签到表.png" in r.content.decode()
