"""Idempotency keys (core/idempotency.py): a double-submitted form or a retried API create saves once."""

import datetime
import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from core import idempotency
from core.models import IdempotencyKey
from core.testing import ApiClient
from orgs import idnumber
from orgs.models import Person

ID_A = idnumber.make("370117", datetime.date(1990, 5, 17), 124)
ID_B = idnumber.make("370117", datetime.date(1991, 6, 18), 126)
KEY_RE = re.compile(r'name="idempotency_key" value="([A-Za-z0-9_\-]+)"')


def _person_form(world, **over):
    data = {"name": "孙丽", "gender": "female", "org": world.branch_a.pk, "category": "full", "status": "active"}
    data.update(over)
    return data


def _key_from(client, url):
    html = client.get(url).content.decode()
    keys = KEY_RE.findall(html)
    assert keys, "the form carries no idempotency key"
    return keys[0]


# ---------------------------------------------------------------- pages


def test_a_double_submitted_page_form_saves_once_and_the_repeat_goes_to_the_first_result(
    world, branch_secretary, client
):
    client.force_login(branch_secretary)
    key = _key_from(client, "/people/new/")
    first = client.post("/people/new/", {**_person_form(world), "idempotency_key": key})
    assert first.status_code == 302
    person = Person.objects.get(name="孙丽")
    assert first["Location"] == f"/people/{person.pk}/"

    second = client.post("/people/new/", {**_person_form(world), "idempotency_key": key}, follow=True)
    assert Person.objects.filter(name="孙丽").count() == 1
    assert second.redirect_chain[0] == (f"/people/{person.pk}/", 302)
    assert "该表单已提交过，未重复保存。" in second.content.decode()


def test_each_rendering_of_a_form_has_its_own_key(world, branch_secretary, client):
    client.force_login(branch_secretary)
    assert _key_from(client, "/people/new/") != _key_from(client, "/people/new/")


def test_a_form_without_a_key_still_saves_as_before(world, branch_secretary, client):
    client.force_login(branch_secretary)
    assert client.post("/people/new/", _person_form(world)).status_code == 302
    assert client.post("/people/new/", _person_form(world)).status_code == 302
    assert Person.objects.filter(name="孙丽").count() == 2  # no key, no protection: old clients work
    assert not IdempotencyKey.objects.exists()


def test_a_refused_form_keeps_its_key_and_the_corrected_form_saves(world, branch_secretary, client):
    client.force_login(branch_secretary)
    key = _key_from(client, "/people/new/")
    refused = client.post("/people/new/", {**_person_form(world, name=""), "idempotency_key": key})
    assert refused.status_code == 200 and "请填写姓名。" in refused.content.decode()
    assert KEY_RE.findall(refused.content.decode())[0] == key  # the refilled form sends the same key again
    assert not Person.objects.filter(name="孙丽").exists()
    assert not IdempotencyKey.objects.exists()  # nothing saved, so the key is free again
    ok = client.post("/people/new/", {**_person_form(world), "idempotency_key": key})
    assert ok.status_code == 302 and Person.objects.filter(name="孙丽").count() == 1


def test_a_form_refused_with_a_redirect_and_an_error_message_keeps_its_key_free(world, branch_secretary, client):
    from orgs.models import Position

    client.force_login(branch_secretary)
    key = _key_from(client, f"/orgs/{world.branch_a.pk}/")
    url = f"/orgs/{world.branch_a.pk}/positions/"
    member = world.people["member"]
    refused = client.post(url, {"person": member.pk, "title": "不存在的职务", "idempotency_key": key})
    assert refused.status_code == 302 and not Position.objects.filter(person=member).exists()
    assert not IdempotencyKey.objects.exists()
    ok = client.post(url, {"person": member.pk, "title": "组织委员", "idempotency_key": key}, follow=True)
    assert "已任命李娜为组织委员。" in ok.content.decode()
    assert Position.objects.filter(person=member, title="组织委员").count() == 1
    again = client.post(url, {"person": member.pk, "title": "组织委员", "idempotency_key": key}, follow=True)
    html = again.content.decode()
    assert "该表单已提交过，未重复保存。" in html and "已担任" not in html


def test_a_form_key_sent_to_another_form_is_refused(world, branch_secretary, client):
    client.force_login(branch_secretary)
    key = _key_from(client, "/people/new/")
    assert client.post("/people/new/", {**_person_form(world), "idempotency_key": key}).status_code == 302
    r = client.post("/records/new/", {"title": "x", "idempotency_key": key})
    assert r.status_code == 422 and "该表单令牌已用于另一请求" in r.content.decode()


def test_another_users_key_is_independent(world, branch_secretary, committee_admin, client):
    client.force_login(branch_secretary)
    key = _key_from(client, "/people/new/")
    assert client.post("/people/new/", {**_person_form(world), "idempotency_key": key}).status_code == 302
    client.force_login(committee_admin)
    r = client.post("/people/new/", {**_person_form(world, name="周敏"), "idempotency_key": key})
    assert r.status_code == 302 and Person.objects.filter(name="周敏").count() == 1


# ---------------------------------------------------------------- API


def _payload(world, **over):
    data = {"name": "赵敏", "gender": "female", "org": world.branch_a.id, "category": "full", "id_number": ID_A}
    data.update(over)
    return data


def test_an_api_create_repeated_with_its_key_answers_the_first_response(world, branch_secretary):
    api = ApiClient(branch_secretary)
    headers = {"Idempotency-Key": "person-create-0001"}
    first = api.post("people", _payload(world), headers=headers)
    assert first.status_code == 201, first.content
    assert "Idempotent-Replayed" not in first
    again = api.post("people", _payload(world), headers=headers)
    assert again.status_code == 201
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Person.objects.filter(name="赵敏").count() == 1
    # Without the header, the client asked for a second person (and is told the number is taken).
    assert api.post("people", _payload(world, name="赵敏二", id_number=ID_B)).status_code == 201


def test_the_same_key_with_another_body_is_refused(world, branch_secretary):
    api = ApiClient(branch_secretary)
    headers = {"Idempotency-Key": "person-create-0002"}
    assert api.post("people", _payload(world), headers=headers).status_code == 201
    r = api.post("people", _payload(world, name="钱芳", id_number=ID_B), headers=headers)
    assert r.status_code == 422
    assert r.json()["detail"] == "Idempotency-Key 已用于另一请求"
    assert not Person.objects.filter(name="钱芳").exists()


def test_the_same_key_from_another_user_is_independent(world, branch_secretary, committee_admin):
    headers = {"Idempotency-Key": "shared-key-0003"}
    assert ApiClient(branch_secretary).post("people", _payload(world), headers=headers).status_code == 201
    r = ApiClient(committee_admin).post("people", _payload(world, name="钱芳", id_number=ID_B), headers=headers)
    assert r.status_code == 201 and "Idempotent-Replayed" not in r
    assert Person.objects.filter(name__in=["赵敏", "钱芳"]).count() == 2


def test_a_refused_api_create_releases_its_key(world, branch_secretary):
    api = ApiClient(branch_secretary)
    headers = {"Idempotency-Key": "person-create-0004"}
    assert api.post("people", _payload(world, name=""), headers=headers).status_code == 422
    r = api.post("people", _payload(world), headers=headers)
    assert r.status_code == 201 and "Idempotent-Replayed" not in r


def test_a_claim_left_pending_by_a_crashed_worker_is_given_up(world, branch_secretary):
    from django.utils import timezone

    IdempotencyKey.objects.create(
        user=branch_secretary, key="crashed-key-0007", method="POST", path="/api/v1/people", fingerprint="x"
    )
    IdempotencyKey.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))
    r = ApiClient(branch_secretary).post("people", _payload(world), headers={"Idempotency-Key": "crashed-key-0007"})
    assert r.status_code == 201 and Person.objects.filter(name="赵敏").count() == 1


def test_a_malformed_key_is_refused_before_anything_runs(world, branch_secretary):
    r = ApiClient(branch_secretary).post("people", _payload(world), headers={"Idempotency-Key": "短"})
    assert r.status_code == 422 and "Idempotency-Key 格式无效" in r.json()["detail"]
    assert not Person.objects.filter(name="赵敏").exists()


def test_login_answers_are_never_stored(world, branch_secretary):
    from django.test import Client

    r = Client().post(
        "/api/v1/auth/token",
        {"username": branch_secretary.username, "password": "wrong-password"},
        content_type="application/json",
        headers={"Idempotency-Key": "login-key-0005"},
    )
    assert r.status_code == 401
    assert not IdempotencyKey.objects.exists()


def test_keys_older_than_a_day_are_purged(world, branch_secretary):
    from django.core.management import call_command

    api = ApiClient(branch_secretary)
    assert api.post("people", _payload(world), headers={"Idempotency-Key": "old-key-00006"}).status_code == 201
    assert IdempotencyKey.objects.filter(user=branch_secretary, state="done").count() == 1
    IdempotencyKey.objects.update(created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    call_command("purge_idempotency_keys", stdout=__import__("io").StringIO())
    assert not IdempotencyKey.objects.exists()
    # An expired key is a new key: the request runs again (and this time the number is already taken).
    r = api.post("people", _payload(world), headers={"Idempotency-Key": "old-key-00006"})
    assert r.status_code == 422 and "Idempotent-Replayed" not in r


# ---------------------------------------------------------------- every create form carries a key


def _url_names(resolver=None, namespace=""):
    for p in (resolver or get_resolver()).url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _url_names(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}"


def _is_create(name):
    short = name.rsplit(":", 1)[-1]
    return not name.startswith("api:") and (short.endswith("create") or short.endswith("new"))


@pytest.fixture
def create_pages(world, scheme, api, committee_admin, branch_secretary, branch_member, sysadmin, monkeypatch):
    """Each create URL → (who, the page showing its form). A new create URL must be added here."""
    from points import publicity

    plan = api(branch_secretary).post("plans", {"org": world.branch_a.id, "year": 2026, "title": "清单"}).json()
    pub = api(committee_admin).post(
        "points/publicities", {"scheme": scheme["id"], "subject_type": "org", "until": "2026-05-31"}
    )
    assert pub.status_code == 201, pub.content
    pub = pub.json()
    monkeypatch.setattr(publicity, "today", lambda: datetime.date(2026, 9, 30))
    assert api(committee_admin).post(f"points/publicities/{pub['id']}/publish").status_code == 200
    # ---- results: a round's results in publicity, open to the target's objection
    from assessments import actions_results
    from assessments.tests import results_world

    results_round = results_world.build(world).round
    actions_results.publicize(results_round, by=committee_admin, data={"objection_days": 5})
    return {
        "assessments:result_objection_create": (
            branch_secretary,
            f"/assessments/rounds/{results_round.pk}/results/",
            f"/assessments/rounds/{results_round.pk}/results/objections/",
        ),
        "user_create": (sysadmin, "/accounts/users/new/", "/accounts/users/new/"),
        "org_create": (committee_admin, "/orgs/new/", "/orgs/new/"),
        "person_create": (branch_secretary, "/people/new/", "/people/new/"),
        "plans:plan_create": (branch_secretary, "/plans/new/", "/plans/new/"),
        "plans:item_create": (branch_secretary, f"/plans/{plan['id']}/items/new/", f"/plans/{plan['id']}/items/new/"),
        "points:scheme_create": (committee_admin, "/points/schemes/new/", "/points/schemes/new/"),
        "points:declaration_create": (
            branch_secretary,
            "/points/declarations/new/",
            "/points/declarations/new/",
        ),
        "points:publicity_create": (
            committee_admin,
            f"/points/rankings/?scheme={scheme['id']}",
            "/points/publicity/new/",
        ),
        "points:objection_create": (
            branch_member,
            f"/points/publicity/{pub['id']}/",
            f"/points/publicity/{pub['id']}/objections/",
        ),
        "records:record_create": (branch_secretary, f"/records/new/?org={world.branch_a.id}", "/records/new/"),
        "feedback:problem_create": (branch_secretary, "/problems/new/", "/problems/new/"),
        "projects:project_create": (branch_secretary, "/projects/new/", "/projects/new/"),
        "projects:entry_create": (committee_admin, _project_category(world), "/projects/catalogue/new/"),
        "projects:category_create": (
            committee_admin,
            "/projects/settings/",
            f"/projects/settings/{world.committee.id}/categories/",
        ),
        **_budget_pages(world, api, branch_secretary, scheme),
        **_project_exec_pages(world, branch_secretary, committee_admin),
        **_superv_pages(world, committee_admin),
        **_award_pages(world, api, committee_admin, branch_secretary),
        **_assessment_scheme_pages(world, committee_admin),
        # appraisal: 开展民主评议, 填写公开承诺
        "assessments:appraisal_create": (
            branch_secretary,
            "/assessments/appraisals/new/",
            "/assessments/appraisals/new/",
        ),
        "assessments:pledge_create": (branch_member, "/assessments/pledges/new/", "/assessments/pledges/new/"),
        **_assessment_round_pages(world),
        **_annual_pages(world),  # annual: 年终总评
        **_course_pages(world, committee_admin),  # courses: 新建课程, 添加课时
        # mass: 新建群众测评
        "assessments:mass_create": (committee_admin, "/assessments/mass/new/", "/assessments/mass/new/"),
        # ---- exams: 新建考试, 新增试题
        "learning:exam_new": (committee_admin, "/learning/exams/new/", "/learning/exams/new/"),
        "learning:question_new": (committee_admin, "/learning/questions/new/", "/learning/questions/new/"),
        **_learning_extras_pages(world, committee_admin, branch_secretary, branch_member),
        # ---- notices: 发布通知
        "notices:notice_create": (committee_admin, "/notices/new/", "/notices/new/"),
        # ---- teams: 新建班组/科室
        "team_create": (branch_secretary, "/teams/new/", "/teams/new/"),
        # ---- news: 写动态
        "notices:news_create": (branch_secretary, "/news/new/", "/news/new/"),
    }


def _learning_extras_pages(world, committee_admin, branch_secretary, branch_member):
    """learning extras: 补录, 需求调查, 资料征订 (and its item form), 学历, and 学习之星 on last month's ranking."""
    from core.dates import today
    from learning import actions_extras, hours

    last = today().replace(day=1) - datetime.timedelta(days=1)
    hours.credit(world.people["member"], source="lesson", ref=1, hours=2, date=last, note="在线学习")
    offer = actions_extras.create_offer(
        by=committee_admin,
        data={
            "org": world.committee.pk,
            "year": 2027,
            "title": "资料征订",
            "deadline": (today() + datetime.timedelta(days=9)).isoformat(),
        },
    )
    ranking = (
        f"/learning/stars/ranking/?org={world.committee.pk}&period_kind=month&year={last.year}&period={last.month}"
    )
    return {
        "learning:offline_create": (branch_secretary, "/learning/offline/new/", "/learning/offline/new/"),
        "learning:needs_create": (committee_admin, "/learning/needs/new/", "/learning/needs/new/"),
        "search:synonym_create": (committee_admin, "/search/synonyms/new/", "/search/synonyms/new/"),
        "learning:offer_create": (committee_admin, "/learning/materials/new/", "/learning/materials/new/"),
        "learning:offer_item_create": (
            committee_admin,
            f"/learning/materials/{offer.pk}/",
            f"/learning/materials/{offer.pk}/items/",
        ),
        "learning:education_create": (branch_member, "/learning/education/new/", "/learning/education/new/"),
        "learning:star_create": (committee_admin, ranking, "/learning/stars/new/"),
    }


def _course_pages(world, committee_admin):
    """courses: the course form and a draft course's lesson form."""
    from learning.tests.factories_courses import make_course

    course = make_course(committee_admin, world.committee)
    return {
        "learning:course_create": (committee_admin, "/learning/courses/new/", "/learning/courses/new/"),
        "learning:lesson_create": (
            committee_admin,
            f"/learning/courses/{course.pk}/lessons/new/",
            f"/learning/courses/{course.pk}/lessons/new/",
        ),
    }


def _award_pages(world, api, committee_admin, branch_secretary):
    """awards: the type and nomination forms, and the 生成公示 form shown once a nomination is approved."""
    from assessments import actions_awards
    from core.testing import make_user

    t = actions_awards.add_common_types(world.committee, by=committee_admin)[0]
    n = actions_awards.create_nomination(
        by=branch_secretary,
        data={"award_type": t.pk, "year": 2026, "person": world.people["member"].pk, "reason": "事迹"},
    )
    n = actions_awards.transition_nomination(n, "submit", by=branch_secretary)
    for level in (1, 2, 3):
        reviewer = make_user(f"idem_reviewer{level}", roles=[(f"reviewer_l{level}", world.committee)])
        n = actions_awards.transition_nomination(n, "approve", by=reviewer)
    c = world.committee.pk
    return {
        "assessments:award_type_create": (
            committee_admin,
            f"/assessments/awards/types/{c}/new/",
            f"/assessments/awards/types/{c}/new/",
        ),
        "assessments:nomination_create": (
            branch_secretary,
            "/assessments/awards/nominations/new/",
            "/assessments/awards/nominations/new/",
        ),
        "assessments:award_publicity_create": (
            committee_admin,
            "/assessments/awards/?year=2026",
            f"/assessments/awards/publicities/new/{c}/",
        ),
    }


def _assessment_scheme_pages(world, committee_admin):
    """schemes: the 考核方案 create form and a scheme's item form."""
    from assessments.tests.factories_schemes import make_scheme

    scheme = make_scheme(world)
    return {
        "assessments:scheme_create": (committee_admin, "/assessments/schemes/new/", "/assessments/schemes/new/"),
        "assessments:item_create": (
            committee_admin,
            f"/assessments/schemes/{scheme.pk}/items/new/",
            f"/assessments/schemes/{scheme.pk}/items/new/",
        ),
    }


def _assessment_round_pages(world):
    """assessments rounds: the round create form of a complete scheme of the committee."""
    from assessments.tests.factories_rounds import make_scheme

    scheme = make_scheme(world, name="2026年党建工作季度考核方案")
    page = f"/assessments/rounds/new/?scheme={scheme.pk}"
    return {"assessments:round_create": (world.users["committee_admin"], page, "/assessments/rounds/new/")}


def _superv_pages(world, committee_admin):
    """superv: an in-progress project to inspect, a pool mentor assigned to it (the comment box is hers)."""
    from core.testing import make_person, make_user
    from projects import actions_superv
    from projects.tests.superv_factories import running

    project = running(world)
    her = make_user("mentor_idem", person=make_person(world.committee, "周导师", seq=41))
    profile = actions_superv.add_mentor(
        world.committee, by=committee_admin, data={"person": her.person_id, "kind": "expert"}
    )
    actions_superv.assign_mentor(project, by=committee_admin, data={"profile": profile.pk})
    detail = f"/projects/{project.pk}/"
    return {
        "projects:inspection_create": (committee_admin, f"{detail}inspections/new/", f"{detail}inspections/new/"),
        "projects:group_create": (
            committee_admin,
            "/projects/supervision-groups/new/",
            "/projects/supervision-groups/new/",
        ),
        "projects:comment_create": (her, detail, f"{detail}comments/"),
    }


def _budget_pages(world, api, branch_secretary, scheme):
    """The budget's create forms (登记支出, 经费来源) and the citation form are on a running project's pages."""
    from projects.tests.test_budget import running

    project = running(world)
    declared = api(branch_secretary).post(
        "points/declarations",
        {"item": scheme["org_item"], "subject_org": world.branch_a.id, "quantity": 1, "occurred_on": "2026-03-01"},
    )
    assert declared.status_code == 201, declared.content
    page = f"/projects/{project.pk}/"
    return {
        "projects:expense_create": (branch_secretary, f"{page}expenses/new/", f"{page}expenses/new/"),
        "projects:funding_create": (branch_secretary, page, f"{page}fundings/"),
        "projects:citation_create": (branch_secretary, page, f"{page}citations/"),
    }


def _project_exec_pages(world, secretary, committee_admin):
    """projects exec: the task and progress-report create pages of an approved project."""
    from projects import actions
    from projects.tests.factories import make_project

    project = make_project(world)
    for step, by in (("submit", secretary), ("approve", committee_admin)):
        project = actions.transition(project, step, by=by)
    tasks, reports = f"/projects/{project.pk}/tasks/new/", f"/projects/{project.pk}/reports/new/"
    return {"projects:task_create": (secretary, tasks, tasks), "projects:report_create": (secretary, reports, reports)}


def _project_category(world):
    """The catalogue's create page needs a category of the committee to choose."""
    from projects.models import Category

    Category.objects.create(committee=world.committee, name="服务关怀")
    return "/projects/catalogue/new/"


def _forms(html):
    return re.findall(r"<form\b([^>]*)>(.*?)</form>", html, flags=re.S)


def test_every_create_form_carries_an_idempotency_key(create_pages, client):
    names = {n for n in _url_names() if _is_create(n)}
    assert names == set(create_pages), "register the new create page in create_pages"
    for name, (user, page, action) in create_pages.items():
        client.force_login(user)
        r = client.get(page)
        assert r.status_code == 200, (name, r.status_code)
        html = r.content.decode()
        posting = [
            body
            for attrs, body in _forms(html)
            if 'method="post"' in attrs
            and (f'action="{action}' in attrs or ("action=" not in attrs and page.split("?")[0] == action))
        ]
        assert posting, f"{name}: no form posting to {action} on {page}"
        for body in posting:
            assert 'name="idempotency_key"' in body, f"{name}: the form on {page} carries no idempotency key"


def test_the_key_is_a_fresh_random_token():
    a, b = idempotency.new_key(), idempotency.new_key()
    assert a != b and idempotency.KEY_RE.match(a) and len(a) >= 32


# ---------------------------------------------------------------- races


@pytest.mark.django_db(transaction=True)
def test_two_identical_api_creates_racing_with_one_key_save_one_person():
    from core.testing import build_world
    from core.tests.test_races import _statuses, race

    world = build_world()
    clients = [ApiClient(world.users["branch_secretary"]) for _ in range(2)]
    headers = {"Idempotency-Key": "race-key-000001"}
    data = _payload(world, id_number="")  # no ID number: without the key both would be saved
    responses = race(*(lambda c=c: c.post("people", data, headers=headers) for c in clients))
    statuses = _statuses(responses)
    assert statuses in ([201, 201], [201, 409]), statuses
    assert Person.objects.filter(name="赵敏").count() == 1
    winners = [r for r in responses if r.status_code == 201]
    assert len({r.content for r in winners}) == 1  # the replay is the first answer, byte for byte


@pytest.mark.django_db(transaction=True)
def test_two_identical_form_posts_racing_with_one_key_save_one_person():
    from django.test import Client

    from core.testing import build_world
    from core.tests.test_races import race

    world = build_world()
    clients = [Client() for _ in range(2)]
    for c in clients:
        c.force_login(world.users["branch_secretary"])
    data = {**_person_form(world), "idempotency_key": "form-race-key-0001"}
    responses = race(*(lambda c=c: c.post("/people/new/", data) for c in clients))
    assert all(hasattr(r, "status_code") for r in responses), responses
    assert sorted(r.status_code for r in responses) in ([302, 302], [302, 409])
    person = Person.objects.get(name="孙丽")
    assert {r["Location"] for r in responses if r.status_code == 302} == {f"/people/{person.pk}/"}


def _annual_pages(world):
    """annual: the 年终总评 create form (the committee's admin)."""
    page = "/assessments/annual/new/"
    return {"assessments:annual_create": (world.users["committee_admin"], page, page)}
