"""四公开 and the mass survey: the public page by its token (names only), the anonymous survey with its abuse
limits, the admin's audited paper entry, the satisfaction rate and the eligibility it decides."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.models import AuditEvent
from projects import actions_public, eligibility
from projects.metrics_public import satisfaction
from projects.models import Disclosure, PaperSurvey, Project, SurveyResponse
from projects.tests.factories import settings
from projects.tests.factories_public import advance, disclose, enter, project_in

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def secretary_api(api, branch_secretary):
    return api(branch_secretary)


@pytest.fixture
def public_api(api):
    return api()


def post_public(token, body, ip="203.0.113.7"):
    from core.testing import ApiClient

    c = ApiClient()
    c.client = Client(REMOTE_ADDR=ip)
    return c.post(f"public/projects/{token}/survey-responses", body)


# ---------------------------------------------------------------- the done-when scenario


def test_seven_two_three_is_75_percent_and_not_eligible_then_more_satisfied_and_acceptance_make_it_eligible(
    world, secretary_api, api, committee_admin
):
    project = project_in(world, "in_progress")
    for rating, n in (("satisfied", 7), ("basically_satisfied", 2), ("dissatisfied", 3)):
        for _ in range(n):
            r = secretary_api.post(f"projects/{project.pk}/survey-responses", {"rating": rating, "comment": ""})
            assert r.status_code == 201, r.json()
    assert r.json()["satisfaction"] == {
        "count": 12,
        "satisfied": 7,
        "basically_satisfied": 2,
        "dissatisfied": 3,
        "rate": "75.0",
    }
    body = secretary_api.get(f"projects/{project.pk}/eligibility").json()
    assert body["eligible"] is False
    assert body["reasons"] == ["群众满意率低：满意率 75.0%（共12份测评），低于门槛80%。"]

    # Three more 满意: 12/15 = 80% reaches the threshold; accepted before the end date → eligible.
    enter(world, project, satisfied=3)
    advance(world, project, "accepted")
    body = secretary_api.get(f"projects/{project.pk}/eligibility").json()
    assert body == {"eligible": True, "reasons": []}


def test_the_committee_threshold_decides_and_no_response_at_all_is_a_reason(world, secretary_api):
    project = project_in(world, "in_progress")
    body = secretary_api.get(f"projects/{project.pk}/eligibility").json()
    assert body["eligible"] is False
    assert any("未测评" in r and "0份" in r for r in body["reasons"]), body
    enter(world, project, satisfied=8, dissatisfied=2)  # 80%
    assert not any("满意率" in r for r in eligibility.reasons(project))
    settings(world, satisfaction_threshold=90)
    project = Project.objects.get(pk=project.pk)  # the settings are read once per instance
    assert eligibility.reasons(project) == ["群众满意率低：满意率 80.0%（共10份测评），低于门槛90%。"]


def test_the_end_date_reason_not_accepted_by_the_end_date(world, secretary_api):
    past = project_in(world, "in_progress", start="2024-01-01", end="2024-06-30")
    enter(world, past, satisfied=5)
    body = secretary_api.get(f"projects/{past.pk}/eligibility").json()
    assert body["eligible"] is False
    assert body["reasons"] == ["未按计划完成：项目完成时限为 2024年06月30日，到期未通过验收。"]


def test_eligibility_of_another_branchs_project_is_404(world, api, outsider):
    project = project_in(world, "in_progress")
    assert api(outsider).get(f"projects/{project.pk}/eligibility").status_code == 404
    assert api(outsider).get("projects/999999/eligibility").status_code == 404


# ---------------------------------------------------------------- the admin's entry


def test_admin_entry_is_marked_as_hers_audited_and_refused_to_others(
    world, secretary_api, api, branch_member, outsider
):
    project = project_in(world, "in_progress")
    r = secretary_api.post(f"projects/{project.pk}/survey-responses", {"rating": "satisfied", "comment": "很好"})
    assert r.status_code == 201 and r.json()["entered_by"] == world.users["branch_secretary"].pk
    assert r.json()["source"] == "entered"
    assert AuditEvent.objects.filter(action="projects.survey.enter").count() == 1
    # A member of the branch reads the project but may not enter answers; another branch does not see it.
    refused = api(branch_member).post(f"projects/{project.pk}/survey-responses", {"rating": "satisfied"})
    assert refused.status_code == 403 and "党务管理员" in refused.json()["detail"]
    assert api(outsider).post(f"projects/{project.pk}/survey-responses", {"rating": "satisfied"}).status_code == 404
    assert SurveyResponse.objects.count() == 1


def test_admin_entry_bad_input_and_before_approval(world, secretary_api):
    draft = project_in(world, "approved")
    bad = secretary_api.post(f"projects/{draft.pk}/survey-responses", {"rating": "very_good"})
    assert bad.status_code == 422
    from projects.tests.factories import make_project

    fresh = make_project(world)
    before = secretary_api.post(f"projects/{fresh.pk}/survey-responses", {"rating": "satisfied"})
    assert before.status_code == 403 and "立项后" in before.json()["detail"]
    assert not SurveyResponse.objects.exists()


def test_paper_counts_with_scans_count_and_are_all_or_nothing(world, branch_secretary):
    project = project_in(world, "in_progress")
    data = {
        "held_on": "2026-03-01",
        "satisfied": "20",
        "basically_satisfied": "4",
        "dissatisfied": "1",
        "note": "评议会",
    }
    paper = actions_public.enter_paper_counts(
        project, by=branch_secretary, data=data, files=[SimpleUploadedFile("测评表.pdf", PDF)]
    )
    s = satisfaction(project)
    assert (s.count, s.rate) == (25, 96)
    assert paper.scans.get().name == "测评表.pdf"
    assert SurveyResponse.objects.filter(paper=paper, entered_by=branch_secretary).count() == 3
    # No scan, a disguised file, all zero counts: refused, nothing saved.
    from core.errors import Invalid

    for files, over in (
        ([], {}),
        ([SimpleUploadedFile("scan.pdf", b"MZ\x90\x00 not a pdf")], {}),
        ([SimpleUploadedFile("scan.png", PNG)], {"satisfied": "0", "basically_satisfied": "0", "dissatisfied": "0"}),
        ([SimpleUploadedFile("scan.png", PNG)], {"satisfied": "-3"}),
    ):
        with pytest.raises(Invalid):
            actions_public.enter_paper_counts(project, by=branch_secretary, data={**data, **over}, files=files)
    assert PaperSurvey.objects.count() == 1 and satisfaction(project).count == 25


def test_paper_counts_through_the_api_multipart(world, branch_secretary):
    from accounts.models import ApiToken

    project = project_in(world, "in_progress")
    c = Client(REMOTE_ADDR="127.0.0.1")
    r = c.post(
        f"/api/v1/projects/{project.pk}/paper-surveys",
        {"held_on": "2026-03-01", "satisfied": 9, "dissatisfied": 1, "file": SimpleUploadedFile("表.png", PNG)},
        HTTP_AUTHORIZATION=f"Bearer {ApiToken.issue(branch_secretary)}",
    )
    assert r.status_code == 201, r.content
    assert r.json()["satisfaction"]["rate"] == "90.0" and r.json()["scans"] == ["表.png"]


# ---------------------------------------------------------------- the public page and the anonymous survey


def test_the_public_page_shows_the_four_things_and_names_only(world, client, django_assert_max_num_queries):
    project = project_in(world, "in_progress")
    token = disclose(world, project)
    enter(world, project, satisfied=3, dissatisfied=1)
    owner = project.owner
    owner.phone = "13912345678"
    owner.save()
    with django_assert_max_num_queries(5):  # the page and project, team, satisfaction, report, awards
        r = client.get(f"/gongkai/{token}/")
    html = r.content.decode()
    assert r.status_code == 200
    for text in (
        project.title,
        project.content,
        project.expected_goal,
        "已入户走访41次。",
        "诉求办结提速。",
        owner.name,
    ):
        assert text in html
    assert "75.0%" in html and "共4份" in html
    assert "13912345678" not in html and "139****5678" not in html
    assert owner.get_id_number() not in html
    # The same through the API (no login).
    body = Client().get(f"/api/v1/public/projects/{token}").json()
    assert body["owner_name"] == owner.name and body["satisfaction"]["count"] == 4
    assert not {"owner", "team", "phone", "budget"} & set(body)


def test_a_wrong_or_regenerated_token_and_a_project_not_yet_approved_are_404(world, client, branch_secretary):
    project = project_in(world, "in_progress")
    token = disclose(world, project)
    assert client.get("/gongkai/notatokenatallxxxxxxxx/").status_code == 404
    new = actions_public.regenerate_token(project, by=branch_secretary).token
    assert new != token
    assert client.get(f"/gongkai/{token}/").status_code == 404
    assert client.get(f"/gongkai/{new}/").status_code == 200
    from projects.tests.factories import make_project

    draft = make_project(world)
    Disclosure.objects.create(project=draft, token="draftdraftdraftdraft12")
    assert client.get("/gongkai/draftdraftdraftdraft12/").status_code == 404


def test_an_anonymous_answer_counts_and_keeps_no_phone_number(world):
    project = project_in(world, "in_progress")
    token = disclose(world, project)
    r = post_public(token, {"rating": "basically_satisfied", "comment": "再多办几次", "phone": "139 1234 5678"})
    assert r.status_code == 201, r.json()
    assert r.json()["satisfaction"]["count"] == 1
    row = SurveyResponse.objects.get()
    assert row.phone_masked == "139****5678" and row.phone_key and row.entered_by is None
    assert "13912345678" not in str(list(SurveyResponse.objects.values()))
    # The same number again (even written differently) is refused for this project.
    again = post_public(token, {"rating": "dissatisfied", "phone": "13912345678"}, ip="203.0.113.8")
    assert again.status_code == 409 and "只能评价一次" in again.json()["detail"]
    assert SurveyResponse.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"rating": "great"},
        {"rating": ""},
        {"rating": "satisfied", "phone": "12345"},
        {"rating": "satisfied", "comment": "长" * 501},
        {},
    ],
)
def test_bad_anonymous_answers_are_refused_and_change_nothing(world, body):
    project = project_in(world, "in_progress")
    token = disclose(world, project)
    r = post_public(token, body)
    assert r.status_code == 422 and r.json()["detail"]
    assert not SurveyResponse.objects.exists()


def test_the_rate_limit_per_client(world, settings):
    settings.PROJECT_SURVEY_RATE_LIMITS = ((3, 600),)
    project = project_in(world, "in_progress")
    token = disclose(world, project)
    for _ in range(3):
        assert post_public(token, {"rating": "satisfied"}).status_code == 201
    r = post_public(token, {"rating": "satisfied"})
    assert r.status_code == 429 and "10分钟内最多提交3份" in r.json()["detail"]
    assert post_public(token, {"rating": "satisfied"}, ip="198.51.100.9").status_code == 201
    # The admin's audited entry is not limited.
    enter(world, project, satisfied=5)
    assert satisfaction(project).count == 9


def test_the_rate_limit_window_passes(world, settings, monkeypatch):
    settings.PROJECT_SURVEY_RATE_LIMITS = ((1, 600),)
    project = project_in(world, "in_progress")
    token = disclose(world, project)
    assert post_public(token, {"rating": "satisfied"}).status_code == 201
    assert post_public(token, {"rating": "satisfied"}).status_code == 429
    later = actions_public.now() + datetime.timedelta(minutes=11)
    monkeypatch.setattr(actions_public, "now", lambda: later)
    assert post_public(token, {"rating": "satisfied"}).status_code == 201


def test_answers_are_closed_once_the_project_is_decided_but_the_admin_may_still_enter(world, branch_secretary):
    project = project_in(world, "closing_requested")
    token = disclose(world, project)
    assert post_public(token, {"rating": "satisfied"}).status_code == 201
    advance(world, project, "accepted")
    r = post_public(token, {"rating": "satisfied"})
    assert r.status_code == 409 and "已结束" in r.json()["detail"]
    html = Client().get(f"/gongkai/{token}/").content.decode()
    assert 'data-testid="survey-closed"' in html and 'data-testid="survey-form"' not in html
    enter(world, project, satisfied=1)  # a paper survey of the acceptance meeting, entered afterwards
    assert satisfaction(project).count == 2


def test_the_public_survey_form_on_the_page(world):
    project = project_in(world, "in_progress")
    token = disclose(world, project)
    c = Client(REMOTE_ADDR="203.0.113.20")
    refused = c.post(f"/gongkai/{token}/", {"rating": "", "comment": "没选"})
    assert refused.status_code == 200 and "请选择满意、基本满意或不满意。" in refused.content.decode()
    assert "没选" in refused.content.decode()  # refilled
    r = c.post(f"/gongkai/{token}/", {"rating": "satisfied", "comment": "好"}, follow=True)
    assert 'data-testid="survey-thanks"' in r.content.decode()
    assert SurveyResponse.objects.get().source == "online"


def test_disclosure_and_qr_pages(world, client, branch_secretary, branch_member, outsider):
    project = project_in(world, "in_progress")
    client.force_login(branch_member)
    assert client.get(f"/projects/{project.pk}/disclosure/").status_code == 403
    client.force_login(branch_secretary)
    r = client.post(f"/projects/{project.pk}/disclosure/", {"progress": "完成60%", "effect": ""})
    assert r.status_code == 302
    d = Disclosure.objects.get(project=project)
    assert len(d.token) >= 20 and d.progress == "完成60%"
    qr = client.get(f"/projects/{project.pk}/qr/").content.decode()
    assert "<svg" in qr and f"/gongkai/{d.token}/" in qr
    client.force_login(outsider)
    assert client.get(f"/projects/{project.pk}/qr/").status_code == 404
    assert client.get(f"/projects/{project.pk}/survey/").status_code == 404


def test_the_survey_entry_page_one_by_one_and_counts_with_a_scan(world, client, branch_secretary):
    project = project_in(world, "in_progress")
    client.force_login(branch_secretary)
    url = f"/projects/{project.pk}/survey/"
    assert client.get(url).status_code == 200
    r = client.post(url, {"op": "one", "rating": "satisfied", "comment": "会上填写"})
    assert r.status_code == 302
    refused = client.post(url, {"op": "counts", "held_on": "2026-03-01", "satisfied": "5", "basically_satisfied": "0"})
    html = refused.content.decode()  # every problem at once: the missing count and the missing scan
    assert refused.status_code == 200 and "请上传测评表扫描件" in html and "不满意" in html
    assert not PaperSurvey.objects.exists()
    scan = SimpleUploadedFile("测评表.png", PNG)
    data = {"op": "counts", "held_on": "2026-03-01", "satisfied": "5", "basically_satisfied": "1", "dissatisfied": "0"}
    assert client.post(url, {**data, "files": [scan]}).status_code == 302
    s = satisfaction(project)
    assert (s.count, s.satisfied) == (7, 6)
    page = client.get(url).content.decode()
    assert "纸质问卷汇总" in page and "测评表.png" in page
    scan_row = PaperSurvey.objects.get().scans.get()
    assert client.get(f"/projects/survey-scans/{scan_row.pk}/").status_code == 200
    client.force_login(world.users["outsider"])
    assert client.get(f"/projects/survey-scans/{scan_row.pk}/").status_code == 404
