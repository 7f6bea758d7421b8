"""The rounds part's pages: the round list, create and detail with its stage buttons, the self-check form, the
assessor grid (its query count pinned), the to-dos, and the workflow's consistency with the page."""

from decimal import Decimal

import pytest
from django.test import Client

from assessments import actions_rounds as actions
from assessments.models import Round, Score, SelfCheck
from assessments.workflows import ROUND
from core import todos
from core.testing import workflow_mismatches

from .factories_rounds import ITEMS, items_of, make_assessor, make_round, make_scheme

pytestmark = pytest.mark.django_db


@pytest.fixture
def scheme(world):
    return make_scheme(world)


@pytest.fixture
def kaohe1(world):
    return make_assessor(world, "kaohe1", "陈考核", seq=31)


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def test_the_committee_creates_a_round_on_its_page(world, committee_admin, scheme, kaohe1):
    c = _client(committee_admin)
    page = c.get("/assessments/rounds/new/")  # one scheme: its form at once
    assert page.status_code == 200 and "考核对象" in page.content.decode()
    r = c.post(
        f"/assessments/rounds/new/?scheme={scheme.pk}",
        {"kind": "quarter", "period": "2026Q1", "targets": [world.branch_a.pk], "assessors": [kaohe1.pk]},
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    created = Round.objects.get()
    assert created.title == "2026年第一季度考核" and list(created.assessors.all()) == [kaohe1]
    page = c.get(r["Location"]).content.decode()
    assert 'data-transition="open"' in page


def test_the_create_page_refuses_a_branch_admin(world, branch_secretary, scheme):
    r = _client(branch_secretary).get(f"/assessments/rounds/new/?scheme={scheme.pk}")
    assert r.status_code == 403


def test_the_round_page_says_why_it_cannot_open(world, committee_admin):
    scheme = make_scheme(world, items=ITEMS[:2])
    r = make_round(world, scheme)
    page = _client(committee_admin).get(f"/assessments/rounds/{r.pk}/").content.decode()
    assert "考核项目分值合计为70分" in page and 'data-transition="open"' not in page


def test_the_round_list_shows_the_rounds_in_reach(world, branch_secretary, scheme, kaohe1):
    r = make_round(world, scheme, assessors=[kaohe1])
    assert r.title in _client(branch_secretary).get("/assessments/rounds/").content.decode()
    assert "我是考核组成员" in _client(kaohe1).get("/assessments/rounds/").content.decode()


def test_the_branch_fills_in_and_submits_its_self_check_on_the_page(world, branch_secretary, outsider, scheme):
    r = make_round(world, scheme, state="selfcheck")
    a, b, c = items_of(scheme)
    url = f"/assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}/"
    client = _client(branch_secretary)
    page = client.get(url).content.decode()
    assert "主要做法" in page and "规划思路" in page and "三会一课落实情况" in page
    data = {
        "section_practices": "每月开展主题党日。",
        "section_highlights": "“红色统计”品牌。",
        f"score_{a.pk}": "38",
        f"score_{b.pk}": "30",
        f"score_{c.pk}": "41",
        "op": "save",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200 and "不能大于30" in refused.content.decode()
    assert not SelfCheck.objects.exists()
    data[f"score_{c.pk}"] = "28"
    assert client.post(url, data).status_code == 302
    sc = SelfCheck.objects.get()
    assert sc.submitted_at is None and sc.sections["highlights"] == "“红色统计”品牌。"
    assert client.post(url, {**data, "op": "submit"}).status_code == 302
    sc.refresh_from_db()
    assert sc.submitted_at is not None
    assert {s.item_id: s.points for s in sc.scores.all()} == {a.pk: Decimal(38), b.pk: Decimal(30), c.pk: Decimal(28)}
    assert _client(outsider).get(url).status_code == 404


def test_the_self_check_page_is_read_only_for_the_committee(world, committee_admin, branch_secretary, scheme):
    r = make_round(world, scheme, state="selfcheck")
    actions.save_selfcheck(
        r, world.branch_a, by=branch_secretary, data=None, sections={"practices": "每月主题党日。"}, submit=True
    )
    page = _client(committee_admin).get(f"/assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}/").content.decode()
    assert "每月主题党日。" in page and 'data-testid="selfcheck-form"' not in page


def _score_all(world, r, scheme, assessor, points=None):
    for org in r.targets.all():
        for item in items_of(scheme):
            value = points if points is not None else item.max_points
            reason = "" if value == item.max_points else "台账不全"
            actions.save_score(
                r, by=assessor, data={"org": org.pk, "item": item.pk, "points": str(value), "reason": reason}
            )


def test_the_grid_shows_items_by_organisation_with_scores_and_self_scores(world, branch_secretary, scheme, kaohe1):
    r = make_round(world, scheme, state="selfcheck", assessors=[kaohe1])
    a = items_of(scheme)[0]
    actions.save_selfcheck(r, world.branch_a, by=branch_secretary, data=None, scores={str(a.pk): "37"}, submit=True)
    r = actions.transition_round(r, "start_scoring", by=world.users["committee_admin"])
    actions.save_score(
        r, by=kaohe1, data={"org": world.branch_a.pk, "item": a.pk, "points": "35", "reason": "缺两次记录"}
    )
    page = _client(kaohe1).get(f"/assessments/rounds/{r.pk}/grid/").content.decode()
    assert page.count("data-cell ") == 6  # 3 items × 2 organisations
    assert "自评 37" in page and 'value="35"' in page and "缺两次记录" in page
    assert f'id="selfcheck-{world.branch_a.pk}"' in page and f'id="selfcheck-{world.branch_b.pk}"' not in page
    assert "统计局第一党支部" in page and "财政局第一党支部" in page
    assert 'data-editable="1"' in page


def test_the_grid_is_the_assessors_only(world, committee_admin, branch_secretary, scheme, kaohe1):
    r = make_round(world, scheme, state="scoring", assessors=[kaohe1])
    for user in (committee_admin, branch_secretary):
        assert _client(user).get(f"/assessments/rounds/{r.pk}/grid/").status_code == 403


def test_the_grid_query_count_does_not_grow_with_items_targets_or_scores(
    world, scheme, kaohe1, django_assert_max_num_queries
):
    r = make_round(world, scheme, state="scoring", assessors=[kaohe1])
    url = f"/assessments/rounds/{r.pk}/grid/"
    client = _client(kaohe1)
    client.get(url)
    with django_assert_max_num_queries(20):
        small = client.get(url)
    assert small.status_code == 200
    # Twenty more items, four more targets, every cell scored and a self-check each: the same count.
    from assessments.models import Category, Item

    cat = Category.objects.create(scheme=scheme, name="工会", position=9)
    for n in range(20):
        Item.objects.create(scheme=scheme, category=cat, name=f"工会工作{n}", max_points=Decimal(0), position=10 + n)
    branches = []
    for n in range(4):
        world.committee.refresh_from_db()
        branches.append(world.committee.add_child(name=f"第{n + 3}党支部", kind="branch"))
    r.targets.add(*branches)
    for org in r.targets.all():
        SelfCheck.objects.create(
            round=r, org=org, sections={"practices": "x"}, submitted_at="2026-03-01T10:00:00+08:00"
        )
    _score_all(world, r, scheme, kaohe1)
    assert Score.objects.count() == 23 * 6
    with django_assert_max_num_queries(21):
        big = client.get(url)
    assert big.content.decode().count("data-cell ") == 23 * 6


def test_to_dos_ask_the_branch_for_its_self_check_and_the_assessor_for_her_scores(
    world, committee_admin, branch_secretary, scheme, kaohe1
):
    r = make_round(world, scheme, state="selfcheck", assessors=[kaohe1])
    mine = [i for i in todos.inbox(branch_secretary).entries if i.item.kind == "assessments.selfcheck"]
    assert [e.item.text for e in mine] == [f"{r.title}：统计局第一党支部自查报告"]
    assert not [i for i in todos.inbox(committee_admin).entries if i.item.kind.startswith("assessments.")]
    actions.save_selfcheck(r, world.branch_a, by=branch_secretary, data=None, sections={"practices": "x"}, submit=True)
    assert todos.counts(branch_secretary)["assessments"] == 0
    r = actions.transition_round(r, "start_scoring", by=committee_admin)
    scoring = [i for i in todos.inbox(kaohe1).entries if i.item.kind == "assessments.score"]
    assert [e.item.text for e in scoring] == [f"{r.title}：还有6项未评分"]
    _score_all(world, r, scheme, kaohe1)
    assert todos.counts(kaohe1)["assessments"] == 0


def test_the_round_page_offers_exactly_the_transitions_the_workflow_allows(world, scheme, kaohe1):
    admin = world.users["committee_admin"]

    def make(state):
        return make_round(world, scheme, state=state, period="2026Q4", assessors=[kaohe1])

    def page(obj, user):
        return _client(user).get(f"/assessments/rounds/{obj.pk}/").content.decode()

    personas = {
        "committee": admin,
        "branch": world.users["branch_secretary"],
        "assessor": kaohe1,
        "sysadmin": world.users["sysadmin"],
    }
    states = ["draft", "selfcheck", "scoring", "review"]
    assert workflow_mismatches(ROUND, states=states, make=make, personas=personas, page=None) == []
    # The page shows the same buttons for those who see it.
    for state in states:
        obj = make(state)
        for user in (admin, kaohe1):
            from core.testing import transitions_shown

            shown = set(transitions_shown(page(obj, user)))
            assert shown == {t.name for t in ROUND.available(obj, user)}, (state, user)
        Round.objects.filter(pk=obj.pk).delete()


def test_attachments_are_uploaded_read_and_deleted_on_the_self_check_page(
    world, branch_secretary, outsider, scheme, kaohe1
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = make_round(world, scheme, state="selfcheck", assessors=[kaohe1])
    page = f"/assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}/"
    client = _client(branch_secretary)
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
    r1 = client.post(page + "attachments/", {"file": SimpleUploadedFile("支部台账.pdf", pdf)})
    assert r1.status_code == 302
    bad = client.post(page + "attachments/", {"file": SimpleUploadedFile("照片.jpg", pdf)})
    assert bad.status_code == 302
    sc = SelfCheck.objects.get()
    att = sc.attachments.get()
    assert att.name == "支部台账.pdf"
    assert "支部台账.pdf" in client.get(page).content.decode()
    download = client.get(f"/assessments/selfcheck-attachments/{att.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf
    assert _client(outsider).get(f"/assessments/selfcheck-attachments/{att.pk}/").status_code == 404
    # A draft's files are the branch's: the assessor reads them once the self-check is submitted.
    assert _client(kaohe1).get(f"/assessments/selfcheck-attachments/{att.pk}/").status_code == 404
    actions.save_selfcheck(r, world.branch_a, by=branch_secretary, data=None, sections={"practices": "x"}, submit=True)
    assert _client(kaohe1).get(f"/assessments/selfcheck-attachments/{att.pk}/").status_code == 200
    assert _client(outsider).post(f"/assessments/selfcheck-attachments/{att.pk}/delete/").status_code == 404
    assert client.post(f"/assessments/selfcheck-attachments/{att.pk}/delete/").status_code == 302
    assert not sc.attachments.exists()


# The sidebar's counts of every module are most of them (the committee's navigation badges).
# +1 each: 通知公告's to-do badge (one UNION of its parts)
ROUND_LIST_QUERIES = 24
ROUND_PAGE_QUERIES = 27


def test_the_round_list_and_page_query_counts_do_not_grow_with_rounds_and_targets(
    world, committee_admin, django_assert_max_num_queries
):
    scheme = make_scheme(world)
    r = make_round(world, scheme, state="selfcheck")
    client = _client(committee_admin)
    client.get("/assessments/rounds/")
    with django_assert_max_num_queries(ROUND_LIST_QUERIES):
        assert client.get("/assessments/rounds/").status_code == 200
    with django_assert_max_num_queries(ROUND_PAGE_QUERIES):
        assert client.get(f"/assessments/rounds/{r.pk}/").status_code == 200
    for n in range(5):
        world.committee.refresh_from_db()
        r.targets.add(world.committee.add_child(name=f"第{n + 3}党支部", kind="branch"))
    for period in ("2026Q2", "2026Q3", "2026Q4"):
        make_round(world, scheme, period=period)
    with django_assert_max_num_queries(ROUND_LIST_QUERIES):
        assert client.get("/assessments/rounds/").status_code == 200
    with django_assert_max_num_queries(ROUND_PAGE_QUERIES):
        assert client.get(f"/assessments/rounds/{r.pk}/").status_code == 200


def test_files_sent_with_the_self_check_are_attached(world, branch_secretary, scheme):
    from django.core.files.uploadedfile import SimpleUploadedFile

    r = make_round(world, scheme, state="selfcheck")
    pdf = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"
    got = _client(branch_secretary).post(
        f"/assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}/",
        {
            "section_practices": "每月主题党日。",
            "op": "save",
            "file": [SimpleUploadedFile("会议记录.pdf", pdf), SimpleUploadedFile("签到表.pdf", pdf)],
        },
    )
    assert got.status_code == 302
    assert sorted(SelfCheck.objects.get().attachments.values_list("name", flat=True)) == ["会议记录.pdf", "签到表.pdf"]
