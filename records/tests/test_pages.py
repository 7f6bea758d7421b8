import io
import zipfile

import pytest

from core.testing import table_rows
from records.models import Absence, Attachment, Record
from records.tests.factories import make_record

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def records(world):
    a = make_record(
        world.branch_a,
        "3月份支委会",
        "2026-03-05",
        "committee_meeting",
        "研究=1+1全年工作",
        attendees=[world.people["secretary"]],
        place="会议室",
        host=world.people["secretary"],
    )
    Absence.objects.create(record=a, person=world.people["member"], reason="病假")
    b = make_record(world.branch_b, "财政局党课", "2026-04-01", "party_lesson", "财政内容")
    return a, b


def test_record_list_filters_and_never_shows_another_branch(world, records, branch_member, client):
    client.force_login(branch_member)
    html = client.get("/records/").content.decode()
    assert "3月份支委会" in html and "财政局党课" not in html
    assert "50.0%" in html
    assert "3月份支委会" not in client.get("/records/", {"type": "party_lesson"}).content.decode()
    assert client.get("/records/", {"org": world.branch_b.id}).status_code == 404
    assert client.get("/records/", {"year": "x", "month": "99"}).status_code == 200


def test_record_list_query_count_is_pinned(world, branch_secretary, client, django_assert_max_num_queries):
    for i in range(40):
        make_record(world.branch_a, f"记录{i}", attendees=[world.people["member"]])
    client.force_login(branch_secretary)
    with django_assert_max_num_queries(22):  # the sidebar's to-do counts add up to 6
        r = client.get("/records/")
    assert r.status_code == 200 and "记录39" in r.content.decode()


def test_archive_goes_year_then_month_then_record(world, records, committee_admin, client):
    client.force_login(committee_admin)
    html = client.get("/records/archive/").content.decode()
    assert "2026年" in html and "2 条记录" in html
    html = client.get("/records/archive/2026/").content.decode()
    assert "3月" in html and "4月" in html
    assert f"/records/{records[0].id}/" in html


def test_detail_shows_attendance_photos_and_hides_edit_from_members(world, records, branch_member, client):
    a, b = records
    Attachment.objects.create(
        record=a, file="records/x.png", name="合影.png", kind="photo", content_type="image/png", size=10
    )
    client.force_login(branch_member)
    html = client.get(f"/records/{a.id}/").content.decode()
    assert "出席率 50.0%" in html and "病假" in html and "合影.png" in html
    assert f"/records/{a.id}/edit/" not in html
    assert client.get(f"/records/{a.id}/edit/").status_code == 403
    assert client.get(f"/records/{b.id}/").status_code == 404


def test_secretary_creates_a_record_through_the_form(world, branch_secretary, client):
    client.force_login(branch_secretary)
    r = client.get("/records/new/")
    assert r.status_code == 200 and "先选择党组织" in r.content.decode()
    r = client.get("/records/new/", {"org": world.branch_a.id})
    html = r.content.decode()
    assert "王秀英" in html and "李娜" in html and "张伟" not in html  # pickers limited to the org
    member = world.people["member"]
    secretary = world.people["secretary"]
    r = client.post(
        f"/records/new/?org={world.branch_a.id}",
        {
            "op": "save",
            "org": world.branch_a.id,
            "type": "party_lesson",
            "title": "书记讲党课",
            "date": "2026-06-01",
            "host": secretary.id,
            f"att_{secretary.id}": "present",
            f"att_{member.id}": "absent",
            f"reason_{member.id}": "外出培训",
            "content": "党课内容",
        },
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    record = Record.objects.get(title="书记讲党课")
    assert list(record.attendees.all()) == [secretary]
    assert record.absences.get().reason == "外出培训"


def test_the_form_shows_chinese_errors_and_saves_nothing(world, branch_secretary, client):
    client.force_login(branch_secretary)
    r = client.post(
        f"/records/new/?org={world.branch_a.id}",
        {"op": "save", "org": world.branch_a.id, "type": "party_lesson", "title": "", "date": "2099-01-01"},
    )
    html = r.content.decode()
    assert r.status_code == 200 and "日期不能晚于今天" in html
    assert Record.objects.count() == 0


def test_edit_and_delete_through_the_pages(world, records, branch_secretary, client):
    a, _b = records
    client.force_login(branch_secretary)
    r = client.get(f"/records/{a.id}/edit/")
    assert 'value="absent" checked' in r.content.decode()
    data = {
        "op": "save",
        "org": world.branch_a.id,
        "type": "committee_meeting",
        "title": "3月份支委会（修订）",
        "date": "2026-03-05",
        f"att_{world.people['secretary'].id}": "present",
        f"att_{world.people['member'].id}": "absent",
        f"reason_{world.people['member'].id}": "病假",
    }
    assert client.post(f"/records/{a.id}/edit/", data).status_code == 302
    a.refresh_from_db()
    assert a.title == "3月份支委会（修订）"
    assert client.post(f"/records/{a.id}/delete/").status_code == 302
    a.refresh_from_db()
    assert a.deleted_at is not None
    assert client.get(f"/records/{a.id}/").status_code == 404


def test_yearly_export_xlsx_print_and_zip(world, records, branch_secretary, client, settings):
    from records import actions

    a, _b = records
    actions.add_attachment(a, by=branch_secretary, name="合影.png", data=PNG)
    client.force_login(branch_secretary)
    assert "共 1 条记录" in client.get("/records/export/2026/").content.decode()
    r = client.get("/records/export/2026/list.xlsx")
    rows = table_rows(r.content)
    col = {name: i for i, name in enumerate(rows[0])}
    assert len(rows) == 2
    row = rows[1]
    assert row[col["标题"]] == "3月份支委会"
    assert (row[col["应到人数"]], row[col["实到人数"]], row[col["缺席人数"]]) == (2, 1, 1)
    assert row[col["出席率"]] == "50.0%" and "李娜（病假）" in row[col["缺席人员及原因"]]
    html = client.get("/records/export/2026/print/").content.decode()
    assert html.count('data-testid="minutes-page"') == 1 and "会议记录" in html and "财政局党课" not in html
    r = client.get("/records/export/2026/attachments.zip")
    zf = zipfile.ZipFile(io.BytesIO(b"".join(r.streaming_content)))
    names = zf.namelist()
    assert len(names) == 1 and names[0].endswith("合影.png") and names[0].startswith("2026-03-05_3月份支委会")
    assert zf.read(names[0]) == PNG
    assert client.get("/records/export/2026/list.xlsx", {"org": world.branch_b.id}).status_code == 404


def test_export_neutralises_formula_cells(world, branch_secretary, client):
    make_record(world.branch_a, '=HYPERLINK("http://x")', "2026-02-02")
    client.force_login(branch_secretary)
    rows = table_rows(client.get("/records/export/2026/list.xlsx").content)
    assert rows[1][5].startswith("'=")
