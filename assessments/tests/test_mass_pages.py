"""群众测评 pages: the committee's list, create, survey page, slips and results (query counts pinned), and the public
ballot at /m/<code>/ without login; the survey's workflow is consistent with its page."""

import re

import pytest
from django.test import Client

from assessments import mass
from assessments.models_mass import MassCode, MassSurvey, MassVote
from assessments.tests.mass_world import make_survey, survey_data, vote
from assessments.workflows_mass import MASS_SURVEY
from core.testing import make_user, workflow_mismatches

pytestmark = pytest.mark.django_db


def _client(user=None):
    c = Client(REMOTE_ADDR="10.1.1.1")
    if user is not None:
        c.force_login(user)
    return c


@pytest.fixture
def admin(world):
    return _client(world.users["committee_admin"])


def test_the_list_is_the_committees_and_a_branch_sees_none(world, admin, django_assert_max_num_queries):
    for n in range(3):
        make_survey(world, title=f"测评{n}", codes=2)
    with django_assert_max_num_queries(24):
        page = admin.get("/assessments/mass/")
    assert page.status_code == 200
    assert page.content.decode().count("data-survey=") == 3
    branch = _client(world.users["branch_secretary"]).get("/assessments/mass/").content.decode()
    assert "data-survey=" not in branch and 'data-testid="mass-new"' not in branch
    assert _client(world.users["sysadmin"]).get("/assessments/mass/").status_code == 403


def test_the_committee_creates_a_survey_on_the_page_and_adds_subjects(world, admin):
    r = admin.post("/assessments/mass/new/", survey_data(world))
    assert r.status_code == 302, r.content.decode()[:500]
    s = MassSurvey.objects.get()
    assert r["Location"] == f"/assessments/mass/{s.pk}/"
    page = admin.get(r["Location"]).content.decode()
    assert "请先添加测评对象，再开始测评。" in page
    assert 'data-transition="open"' not in page
    r = admin.post(f"/assessments/mass/{s.pk}/subjects/", {"source": "orgs", "orgs": [world.branch_a.pk]})
    assert r.status_code == 302
    assert s.subjects.count() == 1
    assert 'data-transition="open"' in admin.get(f"/assessments/mass/{s.pk}/").content.decode()
    refused = admin.post("/assessments/mass/new/", survey_data(world, closes="2000-01-01"), follow=True)
    assert "截止日期不能早于开始日期。" in refused.content.decode()
    assert MassSurvey.objects.count() == 1


def test_issuing_codes_leads_to_the_a4_slips(world, admin, django_assert_max_num_queries):
    s, _ = make_survey(world)
    r = admin.post(f"/assessments/mass/{s.pk}/codes/", {"count": "30"})
    assert r.status_code == 302 and r["Location"] == f"/assessments/mass/{s.pk}/slips/?batch=1"
    with django_assert_max_num_queries(24):
        page = admin.get(r["Location"])
    html = page.content.decode()
    assert html.count('data-testid="slip-sheet"') == 2  # 21 + 9
    assert html.count('data-testid="slip"') == 30
    assert html.count("<svg") >= 30
    for c in MassCode.objects.filter(survey=s):
        assert mass.shown_code(c.code) in html
    bad = admin.post(f"/assessments/mass/{s.pk}/codes/", {"count": "abc"}, follow=True)
    assert MassCode.objects.filter(survey=s).count() == 30
    assert "生成数量" in bad.content.decode()
    assert _client(world.users["branch_secretary"]).get(f"/assessments/mass/{s.pk}/slips/").status_code == 404


def test_the_slips_are_used_or_not_alike(world, admin):
    """A reprint shows every code of the batch: leaving the used ones out would tell whose slip was used."""
    s, codes = make_survey(world, codes=3)
    vote(codes[0], {s.subjects.first(): "satisfied"})
    html = admin.get(f"/assessments/mass/{s.pk}/slips/").content.decode()
    assert html.count('data-testid="slip"') == 3
    assert "已使用" not in re.sub(r"页面不显示哪张已使用", "", html)


def test_results_show_only_tallies_and_hide_a_subject_below_five_votes(world, admin, django_assert_max_num_queries):
    s, codes = make_survey(world, codes=5)
    a, b = s.subjects.order_by("position")
    for i, code in enumerate(codes):
        ballot = {a: ("satisfied" if i < 4 else "dissatisfied", "多为群众办实事" if i == 0 else "")}
        if i < 2:
            ballot[b] = "basic"
        vote(code, ballot)
    with django_assert_max_num_queries(26):
        page = admin.get(f"/assessments/mass/{s.pk}/results/")
    html = page.content.decode()
    assert "80.00%" in html and "多为群众办实事" in html
    assert html.count('data-testid="tally-hidden"') == 1  # branch B has two votes
    assert "不足 5 票，暂不显示结果。" in html
    assert 'data-testid="results-used">5<' in html
    # No time of day anywhere: the votes keep none.
    assert not re.search(r"\d{1,2}:\d{2}", html.split('data-testid="results-note"')[1])


def test_the_results_page_does_not_grow_with_the_subjects(world, admin, django_assert_max_num_queries):
    from orgs.models import Organisation

    orgs = [world.committee.add_child(name=f"第{n}党支部", kind="branch") for n in range(8)]
    orgs = list(Organisation.objects.filter(pk__in=[o.pk for o in orgs]))
    s, codes = make_survey(world, subjects=orgs, codes=6)
    subjects = list(s.subjects.all())
    for code in codes:
        vote(code, {x: "satisfied" for x in subjects})
    with django_assert_max_num_queries(26):
        assert admin.get(f"/assessments/mass/{s.pk}/results/").status_code == 200


def test_a_voter_rates_on_the_phone_page_once(world, django_assert_max_num_queries):
    s, (code,) = make_survey(world, codes=1)
    a, b = s.subjects.order_by("position")
    voter = _client()
    with django_assert_max_num_queries(10):
        page = voter.get(f"/m/{code}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert s.title in html and world.branch_a.name in html and "不记录您的姓名" in html
    r = voter.post(f"/m/{code}/", {f"s{a.pk}": "satisfied", f"c{a.pk}": "很好", f"s{b.pk}": ""})
    assert r.status_code == 302 and r["Location"] == "/m/done/"
    assert "提交成功" in voter.get("/m/done/").content.decode()
    assert list(MassVote.objects.values_list("rating", "comment")) == [("satisfied", "很好")]
    again = voter.post(f"/m/{code}/", {f"s{a.pk}": "dissatisfied"})
    assert again.status_code == 404 and mass.UNUSABLE in again.content.decode()
    assert MassVote.objects.count() == 1


def test_the_used_unknown_and_closed_pages_are_the_same(world, admin):
    s, (used, fresh) = make_survey(world, codes=2)
    vote(used, {s.subjects.first(): "satisfied"})
    admin.post(f"/assessments/mass/{s.pk}/transition/close/")
    pages = [_client().get(f"/m/{c}/") for c in (used, fresh, "QQQQQQQQ")]
    assert {p.status_code for p in pages} == {404}
    bodies = {re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", p.content.decode()) for p in pages}
    bodies = {re.sub(r'nonce="[^"]+"', "", b) for b in bodies}
    assert len(bodies) == 1  # no oracle


def test_a_bad_ballot_is_shown_again_with_the_message_and_the_code_still_works(world):
    s, (code,) = make_survey(world, codes=1)
    a = s.subjects.first()
    voter = _client()
    r = voter.post(f"/m/{code}/", {f"s{a.pk}": "x"})
    assert r.status_code == 422
    assert "选择评价：满意、基本满意、不满意" in r.content.decode()
    r = voter.post(f"/m/{code}/", {})
    assert r.status_code == 422 and "请至少评价一个测评对象。" in r.content.decode()
    r = voter.post(f"/m/{code}/", {f"s{a.pk}": "basic", f"c{a.pk}": "长" * 501})
    assert r.status_code == 422 and "最多500字" in r.content.decode()
    assert "长" * 501 in r.content.decode()  # refilled
    assert MassCode.objects.get(code=code).used_on is None
    assert voter.post(f"/m/{code}/", {f"s{a.pk}": "basic"}).status_code == 302


def test_the_entry_page_takes_a_typed_code(world):
    _s, (code,) = make_survey(world, codes=1)
    r = _client().get("/m/", {"code": f" {code[:4].lower()}-{code[4:]} "})
    assert r.status_code == 302 and r["Location"] == f"/m/{code}/"
    bad = _client().get("/m/", {"code": "123"})
    assert "测评码是8位字母和数字" in bad.content.decode()


def test_the_survey_workflow_is_consistent_with_its_page(world):
    u = world.users
    personas = {
        "committee_admin": u["committee_admin"],
        "branch_admin": u["branch_secretary"],
        "member": u["branch_member"],
        "stranger": make_user("stranger"),
        "sysadmin": u["sysadmin"],
    }

    def make(state):
        s, _ = make_survey(world, open_=state != "draft")
        if state == "closed":
            MASS_SURVEY.run(s, "close", by=u["committee_admin"])
        return MassSurvey.objects.get(pk=s.pk)

    def page(obj, user):
        r = _client(user).get(f"/assessments/mass/{obj.pk}/")
        return r.content.decode() if r.status_code == 200 else ""

    problems = workflow_mismatches(
        MASS_SURVEY, states=["draft", "open", "closed"], make=make, personas=personas, page=page
    )
    assert problems == []
