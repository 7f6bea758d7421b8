"""Pages of 通知公告: publishing (at once or as a draft, with an attachment), editing a draft, signing with the
receipt on the notice's page, the receipts page with its heat-map data and the unsigned list, the export, and
their refusals."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.testing import load_sheet, table_rows
from notices.models import Notice, NoticeAttachment, Recipient

from .factories_notices import make_notice, notice_data

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def _client(user):
    c = Client(REMOTE_ADDR="127.0.0.1")
    c.force_login(user)
    return c


def test_a_committee_admin_publishes_a_notice_with_an_attachment(world, committee_admin, branch_member):
    c = _client(committee_admin)
    assert c.get("/notices/new/").status_code == 200
    data = notice_data(world.committee, receipt_fields=["是否参会"])
    r = c.post("/notices/new/", {**data, "attachments": SimpleUploadedFile("议程.pdf", PDF)})
    assert r.status_code == 302, r.content.decode()[:2000]
    n = Notice.objects.get()
    assert n.state == "published" and n.receipt_fields == ["是否参会"]
    assert n.recipients.count() == 4
    att = NoticeAttachment.objects.get()
    page = _client(branch_member).get(f"/notices/{n.pk}/").content.decode()
    assert "议程.pdf" in page and 'data-testid="sign-form"' in page
    assert _client(branch_member).get(f"/notices/attachments/{att.pk}/").status_code == 200
    assert _client(world.users["outsider"]).get(f"/notices/attachments/{att.pk}/").status_code == 200  # branch B got it


def test_a_disguised_attachment_is_refused_and_the_form_stays_filled(world, committee_admin):
    data = notice_data(world.committee, title="带附件的通知")
    r = _client(committee_admin).post("/notices/new/", {**data, "attachments": SimpleUploadedFile("a.pdf", b"MZ\x90")})
    assert r.status_code == 200
    page = r.content.decode()
    assert "带附件的通知" in page and "a.pdf" in page
    assert not Notice.objects.exists()


def test_a_draft_is_saved_edited_unchanged_and_published(world, committee_admin):
    c = _client(committee_admin)
    r = c.post(
        "/notices/new/", {**notice_data(world.committee, receipt_fields=["是否参会", "联系电话"]), "op": "draft"}
    )
    n = Notice.objects.get()
    assert r.status_code == 302 and n.state == "draft" and not Recipient.objects.exists()
    edit = c.get(f"/notices/{n.pk}/edit/").content.decode()
    assert "是否参会\n联系电话" in edit
    updated = n.updated_at
    form = {**notice_data(world.committee, receipt_fields=["是否参会", "联系电话"])}
    assert c.post(f"/notices/{n.pk}/edit/", form).status_code == 302
    n.refresh_from_db()
    assert n.updated_at == updated  # posted back unchanged: nothing written
    assert c.post(f"/notices/{n.pk}/transition/publish/").status_code == 302
    n.refresh_from_db()
    assert n.state == "published" and n.recipients.count() == 4
    r = c.get(f"/notices/{n.pk}/edit/")
    assert r.status_code == 302  # a published notice is not edited


def test_a_member_signs_with_the_receipt_on_the_page(world, committee_admin, branch_member):
    n = make_notice(committee_admin, world.committee, receipt_fields=["是否参会", "联系电话"])
    c = _client(branch_member)
    r = c.post(f"/notices/{n.pk}/sign/", {"r0": "参会", "r1": ""})
    assert r.status_code == 200
    page = r.content.decode()
    assert "请填写联系电话" in page and 'value="参会"' in page
    assert not Recipient.objects.filter(signed_at__isnull=False).exists()
    r = c.post(f"/notices/{n.pk}/sign/", {"r0": "参会", "r1": "13900000000"})
    assert r.status_code == 302
    page = c.get(f"/notices/{n.pk}/").content.decode()
    assert 'data-testid="signed"' in page and "13900000000" in page and 'data-testid="sign-form"' not in page
    c.post(f"/notices/{n.pk}/sign/", {"r0": "请假", "r1": "x"})
    assert Recipient.objects.get(notice=n, person=world.people["member"]).receipt["是否参会"] == "参会"


def test_the_receipts_page_shows_the_heat_map_data_per_branch(world, committee_admin, branch_member):
    n = make_notice(committee_admin, world.committee)
    _client(branch_member).post(f"/notices/{n.pk}/sign/", {})
    page = _client(committee_admin).get(f"/notices/{n.pk}/receipts/").content.decode()
    heat = json.loads(re.search(r'<script id="heat-data" type="application/json">(.*?)</script>', page).group(1))
    assert dict(zip(heat["orgs"], heat["unsigned"], strict=True)) == {
        "测试区直机关工委": 1,
        "统计局第一党支部": 1,
        "财政局第一党支部": 1,
    }
    assert "notice-heatmap.js" in page and "echarts.min.js" in page
    unsigned = page.split('data-testid="unsigned-list"')[1].split("</table>")[0]
    assert "王秀英" in unsigned and "李娜" not in unsigned
    one = _client(committee_admin).get(f"/notices/{n.pk}/receipts/?org={world.branch_b.pk}").content.decode()
    listed = one.split('data-testid="unsigned-list"')[1].split("</table>")[0]
    assert "张伟" in listed and "王秀英" not in listed


def test_the_receipts_export_is_a_printable_ledger(world, committee_admin, branch_member):
    n = make_notice(committee_admin, world.committee, receipt_fields=["是否参会"])
    _client(branch_member).post(f"/notices/{n.pk}/sign/", {"r0": "参会"})
    r = _client(committee_admin).get(f"/notices/{n.pk}/receipts.xlsx")
    assert r.status_code == 200
    rows = table_rows(r.content)
    assert rows[0] == ["序号", "姓名", "所在党组织", "签收状态", "签收时间", "是否参会"]
    signed = [row for row in rows[1:] if row[1] == "李娜"]
    assert signed and signed[0][3] == "已签收" and signed[0][5] == "参会"
    assert len(rows) == 5
    assert "签收情况" in load_sheet(r.content).cell(1, 1).value


def test_the_pages_refuse_outside_their_scope(world, committee_admin, branch_secretary, branch_member, outsider):
    n = make_notice(branch_secretary, world.branch_a)
    for path in (f"/notices/{n.pk}/", f"/notices/{n.pk}/receipts/", f"/notices/{n.pk}/receipts.xlsx"):
        assert _client(outsider).get(path).status_code == 404, path
    assert _client(outsider).post(f"/notices/{n.pk}/sign/", {}).status_code == 404
    assert _client(branch_member).get(f"/notices/{n.pk}/receipts/").status_code == 403
    assert _client(branch_member).get("/notices/new/").status_code == 403
    assert _client(outsider).get(f"/notices/unsigned/?org={world.branch_a.pk}").status_code == 404
    assert _client(committee_admin).get(f"/notices/unsigned/?org={world.branch_a.pk}").status_code == 200
    for bad in ("x", "0", str(2**70)):
        assert _client(committee_admin).get(f"/notices/unsigned/?org={bad}").status_code == 404


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_the_system_roles_get_no_notice_pages(world, committee_admin, role):
    n = make_notice(committee_admin, world.committee)
    c = _client(world.users[role])
    assert c.get("/notices/").status_code == 403
    assert c.get("/notices/new/").status_code == 403
    assert c.post("/notices/new/", notice_data(world.committee)).status_code == 403
    assert c.get(f"/notices/{n.pk}/").status_code == 404
    assert Notice.objects.count() == 1


def test_the_list_shows_received_and_published_tabs(world, committee_admin, branch_member):
    n = make_notice(committee_admin, world.committee, title="关于学习的通知")
    page = _client(branch_member).get("/notices/").content.decode()
    assert "关于学习的通知" in page and 'data-testid="unsigned"' in page and "notice-tabs" not in page
    page = _client(committee_admin).get("/notices/?tab=published").content.decode()
    assert f'data-notice="{n.pk}"' in page and "0/4" in page
