import io
import zipfile

import openpyxl
import pytest

from core.testing import make_person
from orgs.models import Person


def test_people_list_query_count_does_not_grow(world, branch_secretary, client, django_assert_max_num_queries):
    client.force_login(branch_secretary)
    for i in range(40):
        make_person(world.branch_a, f"测试{i}", group=world.group_a1, seq=100 + i)
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(22):  # the sidebar: one to-do count per module (考核评星: 1)
        r = client.get("/people/")
    assert r.status_code == 200
    assert "测试1" in r.content.decode()


def _table(response):
    html = response.content.decode()
    return html.split('data-testid="people-table"', 1)[1].split("</table>", 1)[0]


def test_people_list_filters_by_pinyin_initials(world, branch_secretary, client):
    client.force_login(branch_secretary)
    html = _table(client.get("/people/?q=ln"))
    assert "李娜" in html and "王秀英" not in html
    html = _table(client.get("/people/?q=秀英"))
    assert "王秀英" in html and "李娜" not in html


def test_people_list_shows_only_masked_ids(world, branch_secretary, client):
    client.force_login(branch_secretary)
    html = client.get("/people/").content.decode()
    member = world.people["member"]
    assert member.id_number_masked in html
    assert member.get_id_number() not in html


def test_people_page_of_another_branch_is_404(world, branch_secretary, client):
    client.force_login(branch_secretary)
    assert client.get(f"/people/{world.people['outsider'].id}/").status_code == 404
    assert client.get(f"/people/{world.people['outsider'].id}/edit/").status_code == 404
    assert client.get(f"/orgs/{world.branch_b.id}/").status_code == 404
    assert client.get(f"/people/?org={world.branch_b.id}").status_code == 404


def test_org_tree_counts_members_per_subtree(world, committee_admin, client, django_assert_max_num_queries):
    client.force_login(committee_admin)
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(22):  # the sidebar: one to-do count per module (考核评星: 1)
        html = client.get("/orgs/").content.decode()
    # committee: 4 full members in total (2 in A, 1 in B, 1 on the committee itself)
    assert "测试区直机关工委" in html
    rows = {line.strip() for line in html.splitlines()}
    assert any(">4</td>" in r for r in rows)


def test_export_masks_ids_and_neutralises_formulas(world, branch_secretary, client):
    member = world.people["member"]
    Person.objects.filter(pk=member.pk).update(name='=HYPERLINK("http://x")')
    client.force_login(branch_secretary)
    r = client.get("/people/export.xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    values = [c.value for row in wb.active.iter_rows() for c in row if c.value]
    assert '\'=HYPERLINK("http://x")' in values
    assert member.get_id_number() not in values
    assert member.id_number_masked in values


def _upload(client, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post("/people/import/", {"file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("people.xlsx", b"", "空的"),
        ("people.xlsx", b"%PDF-1.4 not a sheet", "不是有效的 .xlsx"),
        ("people.csv", b"a,b,c", ".xlsx"),
        ("people.xlsx", b"PK\x03\x04garbage", "无法读取"),
    ],
)
def test_hostile_or_broken_spreadsheets_are_refused(world, branch_secretary, client, name, data, message):
    client.force_login(branch_secretary)
    before = Person.objects.count()
    r = _upload(client, name, data)
    assert r.status_code == 200
    assert message in r.content.decode()
    assert Person.objects.count() == before


def test_zip_bomb_is_refused(world, branch_secretary, client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/worksheets/sheet1.xml", b"0" * (80 * 1024 * 1024))
    client.force_login(branch_secretary)
    r = _upload(client, "bomb.xlsx", buf.getvalue())
    assert "过大" in r.content.decode()


def test_import_into_another_branch_is_refused_per_row(world, branch_secretary, client):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别", "所在党组织"])
    wb.active.append(["周强", "男", "财政局第一党支部"])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(branch_secretary)
    html = _upload(client, "p.xlsx", buf.getvalue()).content.decode()
    assert "不存在或不在您的管理范围内" in html
    assert not Person.objects.filter(name="周强").exists()


@pytest.mark.parametrize(
    "persona,visible,hidden",
    [
        ("sysadmin", ["组织架构", "人员管理", "账号管理"], ["审计日志", "角色授权"]),
        ("secadmin", ["角色授权"], ["人员管理", "审计日志"]),
        ("auditor", ["审计日志"], ["人员管理", "账号管理"]),
        ("branch_member", ["组织架构"], ["人员管理", "账号管理", "审计日志"]),
        ("branch_secretary", ["组织架构", "人员管理"], ["账号管理", "审计日志"]),
    ],
)
def test_home_and_menu_show_only_what_the_role_may_use(world, client, persona, visible, hidden):
    client.force_login(world.users[persona])
    html = client.get("/").content.decode()
    for label in visible:
        assert label in html, label
    for label in hidden:
        assert label not in html, label


def test_person_form_bad_input_shows_chinese_errors(world, branch_secretary, client):
    client.force_login(branch_secretary)
    r = client.post(
        "/people/new/",
        {
            "name": "",
            "gender": "female",
            "org": world.branch_a.id,
            "joined_on": "2021-02-30",
            "status": "active",
            "category": "full",
        },
    )
    html = r.content.decode()
    assert r.status_code == 200
    assert "请填写姓名。" in html
    assert "入党日期格式不对，请按 2026-12-01 填写。" in html
    assert "这个字段是必填项" not in html and "有效的日期" not in html
