"""The monthly report: written from every registered widget (fakes to the Interface 1 signature) and the
warnings, frozen when generated, commented, published to the branches, printed and annexed as .xlsx."""

import datetime
import io

import openpyxl
import pytest

from core import modules
from core.models import AuditEvent
from core.modules import CockpitWidget, Module
from core.testing import make_user
from dashboard.models import MonthlyReport

REPORTS = "/api/v1/cockpit/reports"
CALLS = []
FIGURE = {"value": 87.5}


def fake_rate(user, org, today):
    CALLS.append((user.username, org.pk, today))
    return {
        "key": "fake.rate",
        "title": "三会一课完成率",
        "value": FIGURE["value"],
        "unit": "%",
        "status": "green",
        "items": [{"org": {"id": 1, "name": "甲党支部"}, "label": "甲", "value": 100, "status": "green", "url": "/"}],
    }


def fake_nothing(user, org, today):
    return None


class _Stand:
    def ready(self):
        pass


class FakeModule(Module, _Stand):
    label = name = "fakecockpit"
    cockpit_widgets = [
        CockpitWidget("fake.rate", "三会一课完成率", build=fake_rate, order=1),
        CockpitWidget("fake.none", "无数据", build=fake_nothing, order=2),
    ]


@pytest.fixture
def widgets(monkeypatch):
    # The modules' own widgets are left out: the report is tested here on figures the test controls (the dashboard's
    # own warnings widget stays, as in the real registry; the modules' warning checks stay too).
    from dashboard import report

    own = [w for w in modules.cockpit_widgets() if w.key == "warnings"]
    monkeypatch.setattr(
        report, "cockpit_widgets", lambda: sorted([*own, *FakeModule.cockpit_widgets], key=lambda w: w.order)
    )
    CALLS.clear()
    FIGURE["value"] = 87.5


def _generate(api, user, org, month="2026-10"):
    return api(user).post(REPORTS, {"org": org.pk, "month": month})


def test_a_report_is_written_from_the_widgets_and_the_warnings(world, committee_admin, api, widgets, today):
    r = _generate(api, committee_admin, world.committee)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "draft" and body["title"] == f"{world.committee.name}2026年10月党建工作月报"
    assert CALLS == [("committee", world.committee.pk, datetime.date(2026, 10, 31))]
    snap = body["snapshot"]
    assert snap["as_of"] == "2026-10-31"
    done = snap["sections"]["done"]
    assert [d["title"] for d in done] == ["三会一课完成率"]  # the widget with nothing to say is left out
    assert done[0]["value"] == 87.5
    assert snap["sections"]["late"] and snap["sections"]["late"][0]["status"] == "red"
    assert snap["sections"]["rankings"][0]["rows"]
    assert any("三会一课完成率" in h for h in snap["sections"]["highlights"])
    assert AuditEvent.objects.filter(action="dashboard.monthly_report.generate").count() == 1


def test_the_published_report_is_frozen(world, committee_admin, api, widgets, today):
    rid = _generate(api, committee_admin, world.committee).json()["id"]
    FIGURE["value"] = 50.0
    assert _generate(api, committee_admin, world.committee).json()["snapshot"]["sections"]["done"][0]["value"] == 50.0
    r = api(committee_admin).post(f"{REPORTS}/{rid}/comments", {"section": "late", "text": "请各支部抓紧补课。"})
    assert r.status_code == 200 and r.json()["comments"] == {"late": "请各支部抓紧补课。"}
    r = api(committee_admin).post(f"{REPORTS}/{rid}/publish")
    assert r.status_code == 200 and r.json()["state"] == "published" and r.json()["actions"] == []
    frozen = r.json()["snapshot"]
    FIGURE["value"] = 10.0
    again = _generate(api, committee_admin, world.committee)
    assert again.status_code == 409
    assert api(committee_admin).post(f"{REPORTS}/{rid}/publish").status_code == 409
    r = api(committee_admin).post(f"{REPORTS}/{rid}/comments", {"section": "late", "text": "改"})
    assert r.status_code == 409
    now = api(committee_admin).get(f"{REPORTS}/{rid}").json()
    assert now["snapshot"] == frozen and now["comments"] == {"late": "请各支部抓紧补课。"}


def test_drafts_are_the_committees_and_published_reports_reach_the_branches(
    world, committee_admin, branch_secretary, branch_member, api, widgets, today
):
    rid = _generate(api, committee_admin, world.committee).json()["id"]
    assert api(branch_secretary).get(f"{REPORTS}/{rid}").status_code == 404
    assert api(branch_secretary).get(REPORTS).json()["count"] == 0
    assert api(branch_secretary).post(f"{REPORTS}/{rid}/publish").status_code == 404
    api(committee_admin).post(f"{REPORTS}/{rid}/publish")
    assert api(branch_secretary).get(f"{REPORTS}/{rid}").status_code == 200
    assert api(branch_member).get(f"{REPORTS}/{rid}").status_code == 200
    assert api(branch_secretary).get(REPORTS).json()["count"] == 1
    # another committee's published report stays out of reach
    other = world.committee.add_root(name="另一个党委", kind="committee")
    admin = make_user("other_admin", roles=[("org_admin", other)])
    assert api(admin).get(f"{REPORTS}/{rid}").status_code == 404


def test_refusals_and_bad_input(world, committee_admin, branch_secretary, sysadmin, api, widgets, today):
    assert _generate(api, branch_secretary, world.branch_a).status_code == 403
    assert _generate(api, branch_secretary, world.committee).status_code == 404
    assert _generate(api, sysadmin, world.committee).status_code in (403, 404)
    for month in ("2026-13", "2026/10", "abc", "1999-01"):
        r = _generate(api, committee_admin, world.committee, month)
        assert r.status_code == 422, (month, r.content)
        assert "月份" in r.json()["detail"]
    r = _generate(api, committee_admin, world.committee, "2027-01")
    assert r.status_code == 422 and "尚未开始" in r.json()["detail"]
    rid = _generate(api, committee_admin, world.committee).json()["id"]
    r = api(committee_admin).post(f"{REPORTS}/{rid}/comments", {"section": "nope", "text": "x"})
    assert r.status_code == 422
    assert not MonthlyReport.objects.exclude(pk=rid).exists()


def test_the_xlsx_annex_holds_the_figures(world, committee_admin, api, client, widgets, today):
    rid = _generate(api, committee_admin, world.committee).json()["id"]
    api(committee_admin).post(f"{REPORTS}/{rid}/comments", {"section": "done", "text": "总体良好"})
    client.force_login(committee_admin)
    r = client.get(f"/cockpit/reports/{rid}/annex.xlsx")
    assert r.status_code == 200
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert wb.sheetnames == ["主要指标", "三会一课预警", "逾期与预警", "排名", "党委评语"]
    values = [c for row in wb["主要指标"].iter_rows(values_only=True) for c in row]
    assert "三会一课完成率" in values and 87.5 in values
    grid = [row for row in wb["三会一课预警"].iter_rows(values_only=True)]
    assert any(row[0] == world.branch_a.name for row in grid)
    comments = [c for row in wb["党委评语"].iter_rows(values_only=True) for c in row]
    assert "总体良好" in comments


def test_the_pages_comment_publish_and_print(world, committee_admin, branch_secretary, client, widgets, today):
    client.force_login(committee_admin)
    r = client.post("/cockpit/reports/", {"org": world.committee.pk, "month": "2026-10"})
    assert r.status_code == 302
    obj = MonthlyReport.objects.get()
    detail = client.get(f"/cockpit/reports/{obj.pk}/").content.decode()
    assert "一、本月完成情况" in detail and 'data-testid="comment-late"' in detail
    client.post(f"/cockpit/reports/{obj.pk}/comment/", {"section": "highlights", "text": "统计局支部做法可推广"})
    client.post(f"/cockpit/reports/{obj.pk}/publish/")
    obj.refresh_from_db()
    assert obj.state == "published" and obj.comments == {"highlights": "统计局支部做法可推广"}
    printed = client.get(f"/cockpit/reports/{obj.pk}/print/").content.decode()
    assert "统计局支部做法可推广" in printed and 'data-testid="report-print"' in printed
    assert "<textarea" not in printed
    r = client.post("/cockpit/reports/", {"org": world.committee.pk, "month": "2026-10"})
    assert r.status_code == 400 and "已发布" in r.content.decode()
    client.force_login(branch_secretary)
    assert client.get(f"/cockpit/reports/{obj.pk}/").status_code == 200
    assert "<textarea" not in client.get(f"/cockpit/reports/{obj.pk}/").content.decode()
