import datetime
import io

import openpyxl
import pytest
from django.test import Client

from plans.models import ItemOwner, Occurrence, Plan, PlanItem
from plans.tests.factories import add_item, make_plan


@pytest.fixture
def plan(world, branch_secretary):
    p = make_plan(branch_secretary, world.branch_a)
    add_item(
        branch_secretary,
        p,
        "赴章丘区三涧溪村开展党员教育",
        category="党员教育",
        due=datetime.date(2026, 4, 16),
        standard="形成图文记录",
        owners=[world.people["member"].id],
    )
    add_item(branch_secretary, p, "召开支部委员会会议", recurrence="monthly", day=10, record_type="committee_meeting")
    return p


def test_a_published_template_is_cloned_by_another_branch_with_owners_reset(
    world, branch_secretary, outsider, api, plan
):
    assert api(outsider).get("plan-templates").json()["count"] == 0
    assert api(outsider).post(f"plans/{plan.id}/clone", {"org": world.branch_b.id, "year": 2026}).status_code == 404
    r = api(branch_secretary).post(f"plans/{plan.id}/publish")
    assert r.status_code == 200 and r.json()["is_template"]
    assert [t["id"] for t in api(outsider).get("plan-templates").json()["items"]] == [plan.id]
    r = api(outsider).post(f"plans/{plan.id}/clone", {"org": world.branch_b.id, "year": 2026})
    assert r.status_code == 201, r.content
    clone = Plan.objects.get(pk=r.json()["id"])
    assert clone.org == world.branch_b and clone.cloned_from == plan
    items = list(clone.items.order_by("position"))
    assert [(i.category, i.title, i.standard) for i in items] == [
        ("党员教育", "赴章丘区三涧溪村开展党员教育", "形成图文记录"),
        ("三会一课", "召开支部委员会会议", "有记录"),
    ]
    assert not ItemOwner.objects.filter(item__plan=clone).exists()
    assert Occurrence.objects.filter(item__plan=clone).count() == 13
    assert api(outsider).get(f"plans/{plan.id}/division").status_code == 404  # a template shares items, not people


def test_the_same_branch_clones_its_plan_for_next_year_and_dates_shift(world, branch_secretary, api, plan):
    r = api(branch_secretary).post(f"plans/{plan.id}/clone", {"org": world.branch_a.id, "year": 2027})
    assert r.status_code == 201, r.content
    clone = Plan.objects.get(pk=r.json()["id"])
    assert clone.title == "2027年度党建工作清单"
    trip = clone.items.get(category="党员教育")
    assert trip.due_date == datetime.date(2027, 4, 16)
    assert trip.occurrences.get().due == datetime.date(2027, 4, 16)
    assert clone.items.get(category="三会一课").occurrences.first().due == datetime.date(2027, 1, 10)


def test_cloning_onto_an_existing_year_is_refused(world, branch_secretary, api, plan):
    r = api(branch_secretary).post(f"plans/{plan.id}/clone", {"org": world.branch_a.id, "year": 2026})
    assert r.status_code == 422 and "已有2026年度" in r.json()["detail"]
    assert Plan.objects.count() == 1


def _sheet(content, index=0):
    from core.testing import table_rows

    return table_rows(content, index)


def test_plan_and_division_export_to_excel(world, branch_secretary, plan):
    c = Client()
    c.force_login(branch_secretary)
    rows = _sheet(c.get(f"/plans/{plan.id}/export.xlsx").content)
    assert rows[0] == [
        "序号",
        "分类",
        "要求干什么",
        "什么时间干",
        "地点",
        "谁来干",
        "怎么干",
        "干到什么样子",
        "对应记录类型",
        "完成情况",
    ]
    assert rows[1][2:4] == ["赴章丘区三涧溪村开展党员教育", "4月16日前"] and rows[1][5] == "李娜"
    assert rows[2][3] == "每月10日" and rows[2][5] == "（未认领）"
    division = c.get(f"/plans/{plan.id}/division.xlsx").content
    members = {r[0]: r for r in _sheet(division)[1:]}
    assert members["李娜"][1] == 1 and members["王秀英"][2] == "（暂无分工）"
    assert _sheet(division, 2)[1] == ["三会一课", "召开支部委员会会议"]


def _xlsx(rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["分类", "工作事项", "截止日期", "月份", "周期", "日", "开始时间", "怎么干", "完成标准", "责任人"])
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _upload(c, plan, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post(f"/plans/{plan.id}/import/", {"file": SimpleUploadedFile("items.xlsx", data)})


def test_import_with_a_bad_row_imports_nothing(world, branch_secretary, plan):
    c = Client()
    c.force_login(branch_secretary)
    before = PlanItem.objects.count()
    r = _upload(
        c,
        plan,
        _xlsx(
            [
                [
                    "廉政建设",
                    "开展廉政警示教育",
                    "2026-06-18",
                    None,
                    None,
                    None,
                    "09:00",
                    "观看警示片",
                    "有记录",
                    "李娜",
                ],
                ["三会一课", "召开党小组会", None, None, "每月", 32, None, None, None, None],
                ["宣传报道", "报送信息", "2027-01-05", None, None, None, None, None, None, "查无此人"],
            ]
        ),
    )
    page = r.content.decode()
    assert "日应在1到31之间。" in page
    assert "截止日期须在计划年度（2026年）内。" in page
    assert "责任人“查无此人”不是本组织的在册人员。" in page
    assert "确认导入 " not in page and "本次未导入任何数据" in page
    assert PlanItem.objects.count() == before


def test_import_previews_then_confirms_all_rows(world, branch_secretary, plan):
    c = Client()
    c.force_login(branch_secretary)
    r = _upload(
        c,
        plan,
        _xlsx(
            [
                [
                    "廉政建设",
                    "开展廉政警示教育",
                    "2026-06-18",
                    None,
                    None,
                    None,
                    "09:00",
                    "观看警示片",
                    "有记录",
                    "李娜",
                ],
                ["三会一课", "召开党小组会", None, None, "每月", 15, None, None, None, None],
            ]
        ),
    )
    assert "确认导入 2 个事项" in r.content.decode()
    token = r.context["token"]
    r = c.post(f"/plans/{plan.id}/import/", {"op": "confirm", "token": token}, follow=True)
    assert "已导入 2 个事项" in r.content.decode()
    new = PlanItem.objects.get(title="开展廉政警示教育")
    assert new.start_time == datetime.time(9, 0) and list(new.owners.values_list("name", flat=True)) == ["李娜"]
    assert PlanItem.objects.get(title="召开党小组会").occurrences.count() == 12
    r = c.post(f"/plans/{plan.id}/import/", {"op": "confirm", "token": token}, follow=True)
    assert "该导入已确认，请勿重复提交" in r.content.decode()
    assert PlanItem.objects.filter(title="召开党小组会").count() == 1


def test_a_member_cannot_import(world, branch_member, plan):
    c = Client()
    c.force_login(branch_member)
    assert _upload(c, plan, _xlsx([["廉政建设", "x", "2026-06-18"]])).status_code == 404


def test_import_through_the_api_refuses_a_bad_row_then_imports_a_good_file(world, branch_secretary, outsider, plan):
    from core.testing import ApiClient

    client = ApiClient(branch_secretary)
    url = f"/api/v1/plans/{plan.id}/import"
    headers = client._headers()
    before = PlanItem.objects.count()
    bad = _xlsx([["廉政建设", "开展廉政警示教育", "2026-06-18"], ["三会一课", "召开党小组会", None, None, "每月", 32]])
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = client.client.post(url, {"file": SimpleUploadedFile("items.xlsx", bad)}, **headers)
    assert r.status_code == 422
    assert "第3行：日应在1到31之间。" in r.json()["errors"]["file"]
    assert PlanItem.objects.count() == before
    good = _xlsx([["廉政建设", "开展廉政警示教育", "2026-06-18"], ["三会一课", "召开党小组会", None, None, "每月", 15]])
    r = client.client.post(url, {"file": SimpleUploadedFile("items.xlsx", good)}, **headers)
    assert r.status_code == 200 and r.json()["imported"] == 0 and len(r.json()["rows"]) == 2
    assert PlanItem.objects.count() == before
    import_id = r.json()["import_id"]
    # Importing in one step is gone: resending a file cannot add its rows again.
    r = client.client.post(url + "?confirm=true", {"file": SimpleUploadedFile("items.xlsx", good)}, **headers)
    assert r.status_code == 422 and "先预览、再确认" in r.json()["detail"]
    assert PlanItem.objects.count() == before
    other = ApiClient(outsider)
    r = other.client.post(url, {"file": SimpleUploadedFile("items.xlsx", good)}, **other._headers())
    assert r.status_code == 404
    assert other.post(f"plans/{plan.id}/import/{import_id}/confirm").status_code == 404
    r = client.post(f"plans/{plan.id}/import/{import_id}/confirm")
    assert r.status_code == 200 and r.json()["imported"] == 2 and PlanItem.objects.count() == before + 2
    r = client.post(f"plans/{plan.id}/import/{import_id}/confirm")
    assert r.status_code == 409 and r.json()["detail"] == "该导入已确认，请勿重复提交。"
    assert PlanItem.objects.count() == before + 2
