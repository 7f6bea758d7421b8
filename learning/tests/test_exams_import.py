"""Importing questions from .xlsx: preview, then all rows or none; one bad row refuses the whole file with its row
number and what is wrong, in Chinese; a repeated stem is refused; only the bank's keepers import."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken
from core.excel import HEADER_ROW
from learning.models import Question
from learning.tests.xlsx_exams import BAD_ROW, GOOD, xlsx

pytestmark = pytest.mark.django_db


def _upload(user, org, content):
    return Client(REMOTE_ADDR="127.0.0.1").post(
        f"/api/v1/learning/orgs/{org.pk}/questions/import",
        {"file": SimpleUploadedFile("试题.xlsx", content)},
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(user)}",
    )


def test_preview_then_confirm_imports_every_type(api, world, branch_secretary):
    r = _upload(branch_secretary, world.branch_a, xlsx(GOOD))
    assert r.status_code == 200, r.content
    body = r.json()
    assert (body["count"], body["has_errors"]) == (5, False) and body["import_id"]
    assert not Question.objects.exists()
    url = f"learning/orgs/{world.branch_a.pk}/questions/import/{body['import_id']}/confirm"
    done = api(branch_secretary).post(url)
    assert done.status_code == 200, done.content and done.json()["count"] == 5
    got = {q.type: q for q in Question.objects.filter(org=world.branch_a)}
    assert got["single"].answer == ["A"] and len(got["single"].options) == 4
    assert got["multiple"].answer == ["A", "B", "C", "D"]
    assert got["truefalse"].answer == [True] and got["truefalse"].explanation == "《支部工作条例》第十九条。"
    assert got["fill"].answer == ["党员大会"]
    assert api(branch_secretary).post(url).status_code == 409  # once


def test_one_bad_row_refuses_the_whole_file_naming_the_row(world, branch_secretary):
    body = _upload(branch_secretary, world.branch_a, xlsx([*GOOD, BAD_ROW])).json()
    assert body["has_errors"] is True and body["import_id"] is None
    bad = body["rows"][-1]
    assert bad["row"] == HEADER_ROW + 6
    assert bad["errors"] == ["难度不能大于5。", "答案应为选项字母 A、B 中的字母，且不重复。"]
    assert all(r["errors"] == [] for r in body["rows"][:-1])
    assert not Question.objects.exists()


def test_a_stem_already_in_the_bank_or_twice_in_the_sheet_is_refused(api, world, branch_secretary):
    body = _upload(branch_secretary, world.branch_a, xlsx([GOOD[0], GOOD[0]])).json()
    assert body["rows"][1]["errors"] == [f"与第{HEADER_ROW + 1}行的题干重复。"]


def test_the_import_page_shows_the_bad_row_and_imports_nothing(client, world, branch_secretary):
    client.force_login(branch_secretary)
    url = reverse("learning:question_import") + f"?org={world.branch_a.pk}"
    r = client.post(url, {"file": SimpleUploadedFile("试题.xlsx", xlsx([*GOOD, BAD_ROW]))})
    assert r.status_code == 200
    html = r.content.decode()
    assert "1 行有错误" in html and "本次未导入任何数据" in html
    assert not Question.objects.exists()
    t = client.get(reverse("learning:question_template") + f"?org={world.branch_a.pk}")
    assert t.status_code == 200 and t["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_member_and_another_branch_cannot_import(world, branch_member, outsider):
    assert _upload(branch_member, world.branch_a, xlsx(GOOD)).status_code in (403, 404)
    assert _upload(outsider, world.branch_a, xlsx(GOOD)).status_code == 404
