"""Plan items are found by the shared search, within the searcher's scope."""

import pytest
from django.apps import apps

pytestmark = pytest.mark.skipif(not apps.is_installed("search"), reason="search app not installed")


def _item(world, branch, title, method):
    from plans.models import Plan, PlanItem

    plan = Plan.objects.create(org=branch, year=2026, title=f"{branch.name}2026年度党建工作清单")
    return PlanItem.objects.create(plan=plan, category="党员教育", title=title, due_date="2026-06-18", method=method)


def test_plan_items_are_searchable_and_scoped(world, branch_secretary, outsider, api):
    item = _item(world, world.branch_a, "组织党员赴红色教育基地开展现场教学", "联系教育基地，制定路线，全体党员参加")
    r = api(branch_secretary).get("search", {"q": "红色教育基地现场教学"})
    assert r.status_code == 200
    hits = [(h["kind"], h["id"]) for h in r.json()["items"]]
    assert ("plan_item", item.id) in hits
    r = api(outsider).get("search", {"q": "红色教育基地现场教学"})
    assert ("plan_item", item.id) not in [(h["kind"], h["id"]) for h in r.json()["items"]]


def test_search_hit_opens_the_item_in_its_plan(world, branch_secretary, outsider, client):
    item = _item(world, world.branch_a, "开展廉政警示教育", "观看警示教育片")
    client.force_login(branch_secretary)
    r = client.get(f"/plans/items/{item.id}/")
    assert r.status_code == 302 and r["Location"].endswith(f"/plans/{item.plan_id}/#item-{item.id}")
    client.force_login(outsider)
    assert client.get(f"/plans/items/{item.id}/").status_code == 404


def test_a_which_meeting_question_prefers_the_meeting_over_a_plan_item(world, branch_secretary, api):
    _item(world, world.branch_a, "专题研讨：打造“服务乡村振兴的统计力量”", "全体党员研讨")
    client = api(branch_secretary)
    r = client.post(
        "records",
        {
            "org": world.branch_a.id,
            "type": "committee_meeting",
            "title": "3月支委会",
            "date": "2026-03-20",
            "content": "书记指出，要打造“服务乡村振兴的统计力量”，加强监测分析。",
        },
    )
    assert r.status_code == 201, r.content
    top = client.get("search", {"q": "哪次会议提到了‘服务乡村振兴的统计力量’"}).json()["items"][0]
    assert (top["kind"], top["id"], top["date"]) == ("record", r.json()["id"], "2026-03-20")
    # Without a question about an event, the plan item whose title holds the phrase may lead.
    kinds = [h["kind"] for h in client.get("search", {"q": "服务乡村振兴的统计力量"}).json()["items"]]
    assert set(kinds) == {"record", "plan_item"}
