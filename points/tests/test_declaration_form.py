"""The declaration page saves the declaration, its evidence and its submission together — or nothing.

A refused evidence file used to leave a submitted declaration behind ("内容与扩展名不符" next to "已提交申报").
"""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.errors import Conflict
from points import actions
from points.models import Declaration, Evidence

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def _stored(settings):
    root = settings.MEDIA_ROOT
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def page(branch_secretary):
    c = Client()
    c.force_login(branch_secretary)
    return c


def _form(world, scheme, **extra):
    return {
        "item": scheme["org_item"],
        "subject_org": world.branch_a.pk,
        "quantity": "3",
        "occurred_on": "2026-03-18",
        "description": "3月主题党日：重温入党誓词",
        **extra,
    }


def _url(scheme):
    return f"/points/declarations/new/?scheme={scheme['id']}"


def test_a_refused_file_leaves_no_declaration_and_the_form_refilled(world, scheme, page, settings):
    r = page.post(
        _url(scheme), {**_form(world, scheme), "op": "submit", "evidence": [SimpleUploadedFile("照片.jpg", PDF)]}
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "内容与扩展名不符" in html and "已提交申报" not in html and "申报没有保存，也没有提交" in html
    assert not Declaration.objects.exists() and not Evidence.objects.exists() and _stored(settings) == []
    # Refilled as it was typed.
    assert re.search(r'name="quantity" value="3"', html) and 'value="2026-03-18"' in html
    assert "3月主题党日：重温入党誓词</textarea>" in html
    assert re.search(rf'<option value="{scheme["org_item"]}" selected>', html)


def test_a_refused_file_on_a_draft_leaves_the_draft_as_it_was(world, scheme, page, branch_secretary, settings):
    decl = actions.create_declaration(by=branch_secretary, data=_form(world, scheme, quantity="1"))
    r = page.post(
        f"/points/declarations/{decl.pk}/edit/",
        {**_form(world, scheme, quantity="5"), "op": "submit", "evidence": [SimpleUploadedFile("a.exe", b"MZ\x90")]},
    )
    assert r.status_code == 200 and "不是允许的类型" in r.content.decode()
    decl.refresh_from_db()
    assert decl.state == "draft" and decl.quantity == 1 and not decl.evidence.exists()
    assert _stored(settings) == []


def test_field_and_file_problems_are_reported_together(world, scheme, page):
    r = page.post(
        _url(scheme),
        {**_form(world, scheme, quantity="0", occurred_on="2025-12-01"), "op": "save",
         "evidence": [SimpleUploadedFile("图.docx", PNG)]},
    )  # fmt: skip
    html = r.content.decode()
    assert "数量必须大于0。" in html and "发生日期须在积分方案的年度（2026年）内。" in html
    assert "内容与扩展名不符" in html and "图片" in html
    assert not Declaration.objects.exists()


def test_more_files_than_allowed_are_refused_whole(world, scheme, page):
    files = [SimpleUploadedFile(f"{i}.png", PNG) for i in range(11)]
    r = page.post(_url(scheme), {**_form(world, scheme), "op": "save", "evidence": files})
    assert "一次最多上传10个佐证材料（这次选了11个）" in r.content.decode()
    assert not Declaration.objects.exists() and not Evidence.objects.exists()


def test_a_wechat_png_named_jpg_is_kept_as_png_and_the_declaration_submitted(world, scheme, page, settings):
    r = page.post(
        _url(scheme), {**_form(world, scheme), "op": "submit", "evidence": [SimpleUploadedFile("微信图片.jpg", PNG)]}
    )
    assert r.status_code == 302
    decl = Declaration.objects.get()
    assert decl.state == "pending_l1" and decl.quantity == 3
    ev = decl.evidence.get()
    assert ev.name == "微信图片.png" and ev.content_type == "image/png" and ev.file.name.endswith(".png")
    detail = page.get(r["Location"]).content.decode()
    assert "已提交申报" in detail and "微信图片.png" in detail


def test_a_refused_submission_undoes_the_saved_changes_and_files(world, scheme, page, settings, monkeypatch):
    def refuse(decl, *, by):
        raise Conflict("申报当前不能提交。")

    monkeypatch.setattr(actions, "submit_declaration", refuse)
    r = page.post(
        _url(scheme), {**_form(world, scheme), "op": "submit", "evidence": [SimpleUploadedFile("p.png", PNG)]}
    )
    assert r.status_code == 200 and "申报当前不能提交。" in r.content.decode()
    assert not Declaration.objects.exists() and not Evidence.objects.exists() and _stored(settings) == []


def test_the_api_upload_keeps_refusing_a_pdf_named_as_an_image(world, scheme, api, branch_secretary):
    client = api(branch_secretary)
    decl = actions.create_declaration(by=branch_secretary, data=_form(world, scheme))
    f = io.BytesIO(PDF)
    f.name = "扫描件.png"
    r = client.client.post(f"/api/v1/points/declarations/{decl.pk}/evidence", {"file": f}, **client._headers())
    assert r.status_code == 422 and "内容却是PDF 文档" in r.json()["detail"]
    assert not Evidence.objects.exists()
