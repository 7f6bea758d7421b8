"""The pages of 民主评议党员: the branch's page with the decision form (and the one-third refusal), a member's
own page (self-evaluation, mutual grading), pledges, follow-ups, the A4 result; pinned query counts."""

import datetime

import pytest
from django.test import Client

from assessments import actions_appraisal as actions
from assessments.models_appraisal import FollowUp, MutualGrade, Participant, Pledge
from assessments.tests.appraisal_world import advance, nine_member_branch, open_for, people
from core.dates import today as local_today
from core.testing import make_person

Y = local_today().year
DEADLINE = (local_today() + datetime.timedelta(days=30)).isoformat()


def client(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def members(world):
    return nine_member_branch(world)


@pytest.fixture
def appraisal(world, members):
    return open_for(world)


def test_the_branch_opens_an_appraisal_on_its_page(world, members, branch_secretary):
    c = client(branch_secretary)
    assert c.get("/assessments/appraisals/new/").status_code == 200
    r = c.post("/assessments/appraisals/new/", {"org": world.branch_a.pk, "year": Y})
    assert r.status_code == 302
    r = c.get(r["Location"])
    assert '参评党员 <strong data-testid="appraisal-count">9</strong>' in r.content.decode()


def test_a_member_is_refused_the_create_page(members, branch_member):
    assert client(branch_member).get("/assessments/appraisals/new/").status_code == 403


def test_a_member_self_evaluates_and_grades_the_others_on_her_page(world, appraisal, branch_member, branch_secretary):
    c = client(branch_member)
    url = f"/assessments/appraisals/{appraisal.pk}/mine/"
    assert "我的民主评议" in c.get(url).content.decode()
    r = c.post(url, {"op": "self", "self_text": "带头学习，按时参加组织生活。", "self_grade": "qualified"})
    assert r.status_code == 302
    assert Participant.objects.get(person=world.people["member"]).self_grade == "qualified"
    r = c.post(url, {"op": "self", "self_text": "", "self_grade": "qualified"})
    assert r.status_code == 200 and "请填写个人自评" in r.content.decode()
    advance(appraisal, "start_mutual", by=branch_secretary)
    ids = people(appraisal)
    r = c.post(url, {"op": "mutual", f"g{ids['陈刚']}": "excellent", f"g{ids['赵丽']}": "qualified"})
    assert r.status_code == 302
    page = c.get(url).content.decode()
    assert "已评 2 / 8 名" in page and "带头学习" in page


def test_the_fourth_excellent_is_refused_on_the_branch_page(world, appraisal, branch_secretary):
    advance(appraisal, "start_mutual", "start_appraisal", "start_decision", by=branch_secretary)
    ids = people(appraisal)
    c = client(branch_secretary)
    url = f"/assessments/appraisals/{appraisal.pk}/"
    data = {f"p{ids[n]}-grade": "excellent" for n in ("陈刚", "赵丽", "孙磊", "周敏")}
    r = c.post(url, data)
    assert r.status_code == 409
    assert "最多评定3名优秀，现评定4名" in r.content.decode()
    assert not Participant.objects.filter(grade="excellent").exists()
    data.pop(f"p{ids['周敏']}-grade")
    r = c.post(url, {**data, f"p{ids['吴军']}-grade": "unqualified"})
    assert r.status_code == 422 and "吴军：" in r.content.decode()
    r = c.post(
        url,
        {
            **data,
            f"p{ids['吴军']}-grade": "unqualified",
            f"p{ids['吴军']}-reason": "不按时参加组织生活。",
            f"p{ids['吴军']}-rectify_by": DEADLINE,
        },
    )
    assert r.status_code == 302
    assert Participant.objects.filter(grade="excellent").count() == 3
    page = c.get(url).content.decode()
    assert 'data-testid="close-refusal">还有5名参评党员未评定等次' in page


def _closed(world, appraisal, admin):
    advance(appraisal, "start_mutual", "start_appraisal", "start_decision", by=admin)
    ids = people(appraisal)
    entries = [{"person": pid, "grade": "qualified"} for pid in ids.values()]
    entries[0]["grade"] = "excellent"
    entries[1].update(grade="unqualified", reason="长期不参加组织生活。", rectify_by=DEADLINE)
    actions.save_grades(appraisal, by=admin, entries=entries)
    return actions.transition(appraisal, "close", by=admin)


def test_the_result_prints_and_the_followup_is_closed_on_its_page(world, appraisal, branch_secretary):
    _closed(world, appraisal, branch_secretary)
    c = client(branch_secretary)
    page = c.get(f"/assessments/appraisals/{appraisal.pk}/print/").content.decode()
    assert f"{Y}年度民主评议党员结果" in page and "优秀1名，合格7名，基本合格0名，不合格1名" in page
    f = FollowUp.objects.get()
    assert c.get("/assessments/followups/").status_code == 200
    r = c.post(f"/assessments/followups/{f.pk}/transitions/rectify/", {"outcome": ""})
    assert r.status_code == 302
    f.refresh_from_db()
    assert f.state == "open"
    c.post(f"/assessments/followups/{f.pk}/transitions/rectify/", {"outcome": "已改正。"})
    f.refresh_from_db()
    assert f.state == "rectified" and f.outcome == "已改正。"


def test_pledges_are_written_by_the_member_and_shown_beside_her_evaluation(
    world, appraisal, branch_member, branch_secretary
):
    c = client(branch_member)
    r = c.post(
        "/assessments/pledges/new/",
        {"person": world.people["member"].pk, "year": Y, "content": "每季度参加一次志愿服务。"},
    )
    assert r.status_code == 302
    pledge = Pledge.objects.get()
    assert pledge.org == world.branch_a and pledge.created_by == branch_member
    # Not for someone else; the admin enters one for a member of her branch.
    other = people(appraisal)["陈刚"]
    r = c.post("/assessments/pledges/new/", {"person": other, "year": Y, "content": "代写"})
    assert r.status_code == 200 and "不能为其填写公开承诺" in r.content.decode()
    r = client(branch_secretary).post(
        "/assessments/pledges/new/", {"person": other, "year": Y, "content": "做好统计数据质量把关。"}
    )
    assert r.status_code == 302
    page = client(branch_secretary).get(f"/assessments/appraisals/{appraisal.pk}/").content.decode()
    assert "每季度参加一次志愿服务。" in page and "做好统计数据质量把关。" in page
    r = c.post(f"/assessments/pledges/{pledge.pk}/edit/", {"content": "每月参加一次志愿服务。"})
    assert r.status_code == 302
    pledge.refresh_from_db()
    assert pledge.content == "每月参加一次志愿服务。"
    assert client(world.users["outsider"]).get(f"/assessments/pledges/{pledge.pk}/edit/").status_code == 404


def _grow(world, n):
    for i in range(n):
        make_person(world.branch_a, f"新党员{i}", seq=60 + i)


@pytest.mark.parametrize("extra", [0, 6])
def test_the_branch_page_keeps_a_pinned_query_count(
    world, members, branch_secretary, django_assert_max_num_queries, extra
):
    _grow(world, extra)
    appraisal = open_for(world)
    admin = branch_secretary
    advance(appraisal, "start_mutual", by=admin)
    everyone = list(appraisal.participants.all())
    for rater in everyone[:3]:
        MutualGrade.objects.bulk_create(
            [MutualGrade(appraisal=appraisal, rater=rater, ratee=p, grade="qualified") for p in everyone if p != rater]
        )
    advance(appraisal, "start_appraisal", "start_decision", by=admin)
    c = client(admin)
    url = f"/assessments/appraisals/{appraisal.pk}/"
    c.get(url)
    with django_assert_max_num_queries(26):
        assert c.get(url).status_code == 200
    with django_assert_max_num_queries(23):
        assert c.get("/assessments/appraisals/").status_code == 200


@pytest.mark.parametrize("extra", [0, 6])
def test_the_members_page_keeps_a_pinned_query_count(
    world, members, branch_member, django_assert_max_num_queries, extra
):
    _grow(world, extra)
    appraisal = open_for(world)
    advance(appraisal, "start_mutual", by=world.users["branch_secretary"])
    c = client(branch_member)
    url = f"/assessments/appraisals/{appraisal.pk}/mine/"
    c.get(url)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(20):
        assert c.get(url).status_code == 200
