"""年终总评 pages: create with weights (refilled on refusal), the detail with the weight total warning and the
results with 升星/降星, the query count of the detail page, a branch's view, the A4 print page, the org panel."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from assessments import actions_annual, workflows_annual
from assessments.models import AnnualEvaluation
from assessments.tests import annual_world

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def aw(world):
    return annual_world.build(world)


def form_post(aw, world, weights=annual_world.WEIGHTS, **extra):
    data = {"org": world.committee.pk, "year": 2026, "scheme": aw.scheme.pk, "title": "", **extra}
    for key, weight in weights.items():
        data[f"round_{aw.rounds[key].pk}" if key in aw.rounds else key] = weight
    return data


def test_the_committee_creates_an_annual_on_the_page(aw, world, committee_admin):
    c = client_for(committee_admin)
    html = c.get(reverse("assessments:annual_create")).content.decode()
    assert "2026年第三季度考核（%）" in html and "积分排名折合分（%）" in html
    assert "2025年第四季度考核（%）" in html  # every published round of the committee; the year decides which fit
    res = c.post(reverse("assessments:annual_create"), form_post(aw, world))
    ev = AnnualEvaluation.objects.get(year=2026)
    assert res.status_code == 302 and res.url == reverse("assessments:annual_detail", args=[ev.pk])
    assert [(c.kind, str(c.weight)) for c in ev.components.order_by("position")] == [
        ("round", "30.00"),
        ("round", "30.00"),
        ("round", "20.00"),
        ("points", "20.00"),
    ]


def test_a_refused_weight_is_shown_at_its_field_and_the_weights_are_refilled(aw, world, committee_admin):
    c = client_for(committee_admin)
    data = form_post(aw, world, weights={"Q1": "abc", "Q2": "30", "Q3": "20", "points": "20"})
    res = c.post(reverse("assessments:annual_create"), data)
    assert res.status_code == 200
    html = res.content.decode()
    assert "“2026年第一季度考核”的权重“abc”不是数字。" in html
    assert 'value="abc"' in html and 'value="30"' in html and 'value="20"' in html
    assert not AnnualEvaluation.objects.filter(year=2026).exists()


def test_the_detail_warns_while_the_weights_do_not_add_up(aw, world, committee_admin):
    data = annual_world.payload(aw, world, weights={"Q1": "30", "Q2": "30", "points": "20"})
    ev = actions_annual.create_annual(by=committee_admin, data=data)
    html = client_for(committee_admin).get(reverse("assessments:annual_detail", args=[ev.pk])).content.decode()
    assert 'data-testid="weight-warning"' in html
    assert "各组成部分的权重合计为80%，须恰好为100%才能计算年终总评。" in html
    assert 'data-transition="compute"' not in html


@pytest.fixture
def computed(aw, world, committee_admin):
    ev = actions_annual.create_annual(by=committee_admin, data=annual_world.payload(aw, world))
    return actions_annual.transition(ev, "compute", by=committee_admin)


def test_the_results_show_the_changes(computed, committee_admin):
    html = client_for(committee_admin).get(reverse("assessments:annual_detail", args=[computed.pk])).content.decode()
    assert html.count('data-testid="annual-row"') == 4
    assert 'data-change="up"' in html and "▲ 升星" in html
    assert 'data-change="down"' in html and "▼ 降星" in html
    assert "一票否决：2026年第二季度考核·党风廉政无违纪（最高2星）" in html
    assert "上年：三星（2025年度年终总评）" in html


def test_the_detail_page_query_count_does_not_grow_with_organisations(
    aw, world, computed, committee_admin, django_assert_max_num_queries
):
    from assessments.models import AnnualResult

    c = client_for(committee_admin)
    url = reverse("assessments:annual_detail", args=[computed.pk])
    c.get(url)
    with django_assert_max_num_queries(30):
        assert c.get(url).status_code == 200
    base = AnnualResult.objects.get(evaluation=computed, org=aw.branches["a"])
    for n in range(8):
        world.committee.refresh_from_db()
        extra = world.committee.add_child(name=f"新增第{n}党支部", kind="branch")
        base.pk, base.org, base.rank = None, extra, 10 + n
        base.save()
    with django_assert_max_num_queries(30):
        res = c.get(url)
    assert res.content.decode().count('data-testid="annual-row"') == 12


def test_a_branch_sees_only_its_own_row_once_publicized(computed, committee_admin, branch_secretary, monkeypatch):
    c = client_for(branch_secretary)
    url = reverse("assessments:annual_detail", args=[computed.pk])
    html = c.get(url).content.decode()
    assert 'data-testid="annual-row"' not in html and "发布公示后可在此查看本组织的结果" in html
    monkeypatch.setattr(workflows_annual, "today", lambda: datetime.date(2027, 1, 11))
    actions_annual.transition(computed, "publicize", by=committee_admin, data={"objection_days": 3})
    html = c.get(url).content.decode()
    assert html.count('data-testid="annual-row"') == 1 and "统计局第一党支部" in html
    assert 'data-testid="objection-form"' in html
    res = c.post(reverse("assessments:annual_objection", args=[computed.pk]), {"content": "请复核积分。"})
    assert res.status_code == 302
    assert computed.publicities.get().objections.count() == 1


def test_the_print_page_only_once_publicized(computed, committee_admin, monkeypatch):
    c = client_for(committee_admin)
    url = reverse("assessments:annual_print", args=[computed.pk])
    assert c.get(url).status_code == 404
    monkeypatch.setattr(workflows_annual, "today", lambda: datetime.date(2027, 1, 11))
    actions_annual.transition(computed, "publicize", by=committee_admin, data={"objection_days": 3})
    html = c.get(url).content.decode()
    assert "关于2026年度年终总评结果的公示" in html
    assert "2026年第一季度考核（30%）" in html and "积分排名（20%）" in html
    assert "2027年1月11日至2027年1月13日" in html


def test_published_annual_stars_show_on_the_org_page(computed, committee_admin, branch_secretary, world, monkeypatch):
    monkeypatch.setattr(workflows_annual, "today", lambda: datetime.date(2027, 1, 11))
    actions_annual.transition(computed, "publicize", by=committee_admin, data={"objection_days": 3})
    monkeypatch.setattr(workflows_annual, "today", lambda: datetime.date(2027, 1, 20))
    actions_annual.transition(computed, "announce", by=committee_admin)
    html = client_for(branch_secretary).get(reverse("org_detail", args=[world.branch_a.pk])).content.decode()
    assert "年终总评" in html and "2026年度年终总评：★★★★☆ 四星（升星）" in html
    assert "上年三星（2025年度年终总评）" in html


def test_the_list_offers_create_only_to_a_committee_admin(computed, committee_admin, branch_secretary):
    url = reverse("assessments:annual_list")
    assert 'data-testid="annual-create"' in client_for(committee_admin).get(url).content.decode()
    html = client_for(branch_secretary).get(url).content.decode()
    assert 'data-testid="annual-create"' not in html and "2026年度年终总评" in html
    assert client_for(branch_secretary).get(reverse("assessments:annual_create")).status_code == 403


def test_the_star_history_page_shows_the_annual_rows_beside_the_rounds(
    computed, aw, committee_admin, branch_secretary, world, monkeypatch
):
    url = reverse("assessments:org_stars", args=[aw.branches["a"].pk])
    before = client_for(branch_secretary).get(url).content.decode()
    assert "2026年度年终总评" not in before  # computed, not released: the branch does not see it yet
    assert "2025年度年终总评" in before and before.count("data-annual") == 1
    monkeypatch.setattr(workflows_annual, "today", lambda: datetime.date(2027, 1, 11))
    actions_annual.transition(computed, "publicize", by=committee_admin, data={"objection_days": 3})
    html = client_for(branch_secretary).get(url).content.decode()
    titles = [t.split("</a>")[0].rsplit(">", 1)[-1] for t in html.split('data-testid="history-row"')[1:]]
    # newest first: the 2026 annual above the 2026 rounds, then 2025's annual above its Q4 round
    assert titles == [
        "2026年度年终总评",
        "2026年第三季度考核",
        "2026年第二季度考核",
        "2026年第一季度考核",
        "2025年度年终总评",
        "2025年第四季度考核",
    ]
    assert html.count("data-annual") == 2 and "公示中" in html and "升星" in html
    other = client_for(branch_secretary).get(reverse("assessments:org_stars", args=[aw.branches["b"].pk]))
    assert other.status_code == 404
