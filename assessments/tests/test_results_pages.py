"""The results pages: the round's results, an organisation's star history and panel, exports and the A4 print."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from assessments import actions_results, workflows_results
from assessments.models import Result
from assessments.tests import results_world
from core.testing import table_rows

pytestmark = pytest.mark.django_db


def client_for(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def sw(world, committee_admin, monkeypatch):
    monkeypatch.setattr(workflows_results, "today", lambda: datetime.date(2026, 4, 6))
    sw = results_world.build(world)
    actions_results.compute_results(sw.round, by=committee_admin)
    return sw


def published(sw, committee_admin):
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 1})
    workflows_results.today = lambda: datetime.date(2026, 4, 8)
    actions_results.announce(sw.round, by=committee_admin)
    sw.round.refresh_from_db()


def test_the_committee_sees_every_row_with_stars_notes_and_the_publicize_form(sw, committee_admin):
    res = client_for(committee_admin).get(reverse("assessments:round_results", args=[sw.round.pk]))
    assert res.status_code == 200
    html = res.content.decode()
    for name in ("统计局第一党支部", "财政局第一党支部", "教育局第一党支部", "民政局第一党支部"):
        assert name in html
    assert "一票否决：党风廉政无违纪（最高2星）" in html
    assert 'data-testid="publicize-form"' in html and 'data-transition="publicize"' in html
    assert 'data-testid="distribution-chart"' in html and "js/assessment-charts.js" in html


def test_the_results_page_query_count_does_not_grow_with_targets(sw, committee_admin, django_assert_max_num_queries):
    c = client_for(committee_admin)
    url = reverse("assessments:round_results", args=[sw.round.pk])
    c.get(url)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(29):
        assert c.get(url).status_code == 200
    for n in range(6):
        extra = sw.round.scheme.org.add_child(name=f"新增第{n}党支部", kind="branch")
        sw.round.targets.add(extra)
        results_world.grid(
            sw.round, extra, sw.items, sw.assessors, {"A": (40, 40, 40), "B": (30, 30, 29), "C": (1, 2, 3)}
        )
    actions_results.compute_results(sw.round, by=committee_admin)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(29):
        assert c.get(url).status_code == 200


def test_a_branch_gets_404_before_release_then_only_its_own_row_and_deductions(sw, committee_admin, branch_secretary):
    url = reverse("assessments:round_results", args=[sw.round.pk])
    c = client_for(branch_secretary)
    assert c.get(url).status_code == 404
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 3})
    html = c.get(url).content.decode()
    assert "统计局第一党支部" in html and "财政局第一党支部" not in html
    assert "扣分理由：宣传报道扣分" in html and "kaohe" not in html
    assert 'data-testid="objection-form"' in html and 'data-testid="publicize-form"' not in html
    assert 'data-testid="scores-export"' not in html


def test_a_branch_raises_an_objection_on_the_page_and_the_committee_answers(sw, committee_admin, branch_secretary):
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 3})
    c = client_for(branch_secretary)
    res = c.post(
        reverse("assessments:result_objection_create", args=[sw.round.pk]), {"content": "请复核宣传报道扣分。"}
    )
    assert res.status_code == 302
    objection = actions_results.current_publicity(sw.round).objections.get()
    admin = client_for(committee_admin)
    admin.post(reverse("assessments:result_objection_answer", args=[objection.pk]), {"answer": "已复核，维持。"})
    objection.refresh_from_db()
    assert objection.answer == "已复核，维持。"
    html = c.get(reverse("assessments:round_results", args=[sw.round.pk])).content.decode()
    assert "答复：已复核，维持。" in html


def test_the_committee_publicizes_and_announces_on_the_page(sw, committee_admin, monkeypatch):
    c = client_for(committee_admin)
    url = reverse("assessments:round_results", args=[sw.round.pk])
    res = c.post(reverse("assessments:results_publicize", args=[sw.round.pk]), {"objection_days": 1, "title": ""})
    assert res.status_code == 302
    html = c.get(url).content.decode()
    assert "公示期至4月7日结束" in html and 'data-testid="disabled-reason"' in html
    monkeypatch.setattr(workflows_results, "today", lambda: datetime.date(2026, 4, 8))
    assert 'data-transition="announce"' in c.get(url).content.decode()
    c.post(reverse("assessments:results_announce", args=[sw.round.pk]))
    sw.round.refresh_from_db()
    assert sw.round.state == "published"


def test_exports_results_for_readers_and_scores_with_names_for_the_committee_only(
    sw, committee_admin, branch_secretary
):
    admin = client_for(committee_admin)
    rows = table_rows(admin.get(reverse("assessments:results_export", args=[sw.round.pk])).content)
    assert rows[0][:3] == ["名次", "被考核组织", "得分"] and rows[0][-2:] == ["星级", "说明"]
    assert rows[2][:3] == [1, "财政局第一党支部", 97] or rows[1][:3] == [1, "统计局第一党支部", 97]
    assert any("一票否决" in (r[-1] or "") for r in rows[1:])
    scores = table_rows(admin.get(reverse("assessments:scores_export", args=[sw.round.pk])).content)
    assert scores[0] == ["被考核组织", "类别", "考核项目", "分值", "考核组成员", "得分", "扣分理由", "评分时间"]
    assert len(scores) == 1 + 4 * 3 * 3 and {r[4] for r in scores[1:]} == {"kaohe1", "kaohe2", "kaohe3"}
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 3})
    branch = client_for(branch_secretary)
    assert branch.get(reverse("assessments:scores_export", args=[sw.round.pk])).status_code == 403
    own = table_rows(branch.get(reverse("assessments:results_export", args=[sw.round.pk])).content)
    assert [r[1] for r in own[1:]] == ["统计局第一党支部"]


def test_the_a4_announcement_prints_once_released(sw, committee_admin):
    c = client_for(committee_admin)
    url = reverse("assessments:results_print", args=[sw.round.pk])
    assert c.get(url).status_code == 404
    published(sw, committee_admin)
    html = c.get(url).content.decode()
    assert "关于2026年第一季度考核结果的公告" in html and "收到异议 0 件" in html
    assert html.count("<tr>") == 5


def test_star_history_shows_rises_and_falls_across_rounds(sw, world, committee_admin, django_assert_max_num_queries):
    published(sw, committee_admin)
    q2 = results_world.make_round(
        sw.scheme, list(sw.branches.values()), sw.assessors, period="2026Q2", title="2026年第二季度考核"
    )
    for key, table in {
        "a": {"A": (30, 30, 30), "B": (30, 30, 30), "C": (25, 25, 25)},  # 85 → 4★: 降星
        "b": {"A": (40, 40, 40), "B": (30, 30, 30), "C": (27, 27, 27)},  # 97 → 5★ (no veto now): 升3星
        "c": {"A": (31, 31, 31), "B": (30, 30, 30), "C": (21, 21, 21)},  # 82 → 4★: 持平
        "d": {"A": (20, 20, 20), "B": (30, 30, 30), "C": (10, 10, 10)},
    }.items():
        results_world.grid(q2, sw.branches[key], sw.items, sw.assessors, table)
    workflows_results.today = lambda: datetime.date(2026, 7, 6)
    actions_results.publicize(q2, by=committee_admin, data={"objection_days": 3})
    c = client_for(committee_admin)
    url = reverse("assessments:org_stars", args=[sw.branches["a"].pk])
    c.get(url)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    # +1: the organisation's released 年终总评 rows in the same table
    with django_assert_max_num_queries(22):
        html = c.get(url).content.decode()
    assert "降星" in html and "首次定星" in html and 'data-testid="radar-chart"' in html
    b = c.get(reverse("assessments:org_stars", args=[sw.branches["b"].pk])).content.decode()
    assert "升3星" in b
    # The branch reads its own history, not another branch's.
    mine = client_for(world.users["branch_secretary"])
    assert mine.get(url).status_code == 200
    assert mine.get(reverse("assessments:org_stars", args=[sw.branches["b"].pk])).status_code == 404


def test_the_organisation_page_shows_the_star_panel_and_radar(sw, committee_admin, branch_secretary):
    published(sw, committee_admin)
    c = client_for(branch_secretary)
    html = c.get(reverse("org_detail", args=[sw.branches["a"].pk])).content.decode()
    assert "星级评定" in html and "★★★★★ 五星（首次定星）" in html
    assert 'data-testid="radar-chart"' in html
    assert Result.objects.filter(round=sw.round).count() == 4


def test_no_star_panel_before_any_release(sw, branch_secretary):
    html = client_for(branch_secretary).get(reverse("org_detail", args=[sw.branches["a"].pk])).content.decode()
    assert "星级评定" not in html


def test_the_results_index_lists_the_rounds_each_reader_reaches(
    sw, committee_admin, branch_secretary, sysadmin, django_assert_max_num_queries
):
    admin = client_for(committee_admin)
    admin.get("/assessments/results/")
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(21):
        html = admin.get("/assessments/results/").content.decode()
    assert "2026年第一季度考核" in html and "4个组织" in html
    branch = client_for(branch_secretary)
    assert "2026年第一季度考核" not in branch.get("/assessments/results/").content.decode()
    actions_results.publicize(sw.round, by=committee_admin, data={"objection_days": 3})
    html = branch.get("/assessments/results/").content.decode()
    assert "统计局第一党支部：" in html and "五星 · 97.00分 · 第1名" in html
    assert client_for(sysadmin).get("/assessments/results/").status_code == 403


def test_five_star_organisations_are_suggested_for_a_collective_award(sw, committee_admin, world):
    """表彰: the organisations with five stars in the year's published rounds are suggested, the most first."""
    from assessments import actions_awards
    from assessments.candidates import candidates
    from assessments.models import Result

    t = {a.name: a for a in actions_awards.add_common_types(world.committee, by=committee_admin)}["四强党支部"]
    assert not [c for c in candidates(world.committee, 2026, t.subject, committee_admin) if c.source == "stars"]
    published(sw, committee_admin)
    five = set(Result.objects.filter(round=sw.round, stars=5).values_list("org__name", flat=True))
    found = [c for c in candidates(world.committee, 2026, t.subject, committee_admin) if c.source == "stars"]
    assert five and {c.name for c in found} == five
    assert {c.note for c in found} == {"2026年1次考核评为五星"}
