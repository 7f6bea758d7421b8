"""群众测评 through the API: surveys, subjects, codes, the public ballot (each code once), tallies, scope, bad input."""

import pytest

from assessments import mass
from assessments.models_mass import MassAttempt, MassCode, MassSubject, MassSurvey, MassVote
from assessments.tests.factories_rounds import make_round, make_scheme
from assessments.tests.mass_world import far_committee, make_survey, survey_data, vote
from core.audit import AuditEvent
from core.testing import ApiClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin(world):
    return ApiClient(world.users["committee_admin"])


def _public(path, data=None):
    client = ApiClient()
    return client.post(f"assessments/mass/{path}", data) if data is not None else client.get(f"assessments/mass/{path}")


# ---------------------------------------------------------------- surveys


def test_the_committee_creates_a_survey_adds_the_rounds_targets_and_opens_it(world, admin):
    scheme = make_scheme(world)
    r = make_round(world, scheme, targets=[world.branch_a, world.branch_b])
    got = admin.post("assessments/mass-surveys", {**survey_data(world), "round": r.pk})
    assert got.status_code == 201, got.content
    s = got.json()
    assert s["state"] == "draft" and s["round"]["id"] == r.pk
    assert [x["label"] for x in s["ratings"]] == ["满意", "基本满意", "不满意"]
    assert admin.post(f"assessments/mass-surveys/{s['id']}/transitions/open").json()["detail"] == (
        "请先添加测评对象，再开始测评。"
    )
    added = admin.post(f"assessments/mass-surveys/{s['id']}/subjects", {"source": "targets"})
    assert added.status_code == 201, added.content
    assert added.json()["added"] == 2
    assert {x["name"] for x in added.json()["subjects"]} == {world.branch_a.name, world.branch_b.name}
    again = admin.post(f"assessments/mass-surveys/{s['id']}/subjects", {"source": "targets"})
    assert again.json()["added"] == 0  # those already in are skipped
    opened = admin.post(f"assessments/mass-surveys/{s['id']}/transitions/open")
    assert opened.status_code == 200 and opened.json()["state"] == "open"
    late = admin.post(f"assessments/mass-surveys/{s['id']}/subjects", {"source": "orgs", "orgs": [world.branch_a.pk]})
    assert late.status_code == 409 and late.json()["detail"] == "测评已开始，测评对象不能再调整。"


def test_a_survey_refuses_bad_input_in_chinese(world, admin):
    cases = [
        ({"title": "  "}, "请填写名称。"),
        ({"closes": "2026-01-01", "opens": "2026-02-01"}, "截止日期不能早于开始日期。"),
        ({"kind": "x"}, None),
    ]
    for extra, message in cases:
        r = admin.post("assessments/mass-surveys", survey_data(world, **extra))
        assert r.status_code in (400, 422), (extra, r.content)
        if message:
            assert message in r.content.decode()
    assert MassSurvey.objects.count() == 0


def test_a_round_of_another_committee_reads_like_a_missing_one(world, admin):
    far, branch, far_admin = far_committee()
    foreign = make_round(world, make_scheme(world, org=far), targets=[branch], by=far_admin)
    for pk in (foreign.pk, 999999):
        r = admin.post("assessments/mass-surveys", {**survey_data(world), "round": pk})
        assert r.status_code in (400, 422)
        assert "所选考核轮次不存在，或不属于该党委的考核方案。" in r.content.decode()


def test_another_committees_survey_is_404_like_a_missing_one(world):
    s, _codes = make_survey(world, codes=1)
    _far, _branch, far_admin = far_committee()
    far = ApiClient(far_admin)
    for path in (f"assessments/mass-surveys/{s.pk}", f"assessments/mass-surveys/{s.pk}/results"):
        assert far.get(path).status_code == 404
        assert far.get(path).json() == ApiClient(far_admin).get(path.replace(str(s.pk), "999999")).json()
    assert far.post(f"assessments/mass-surveys/{s.pk}/codes", {"count": 5}).status_code == 404
    assert far.get("assessments/mass-surveys").json()["count"] == 0
    # A branch does not run the committee's survey either.
    assert ApiClient(world.users["branch_secretary"]).get(f"assessments/mass-surveys/{s.pk}").status_code == 404
    assert MassCode.objects.filter(survey=s).count() == 1


def test_people_are_subjects_of_a_star_member_survey_only(world, admin):
    member, outsider = world.people["member"], world.people["outsider"]
    s = admin.post("assessments/mass-surveys", survey_data(world, kind="star_member")).json()
    orgs = admin.post(f"assessments/mass-surveys/{s['id']}/subjects", {"source": "orgs", "orgs": [world.branch_a.pk]})
    assert orgs.status_code == 422 and orgs.json()["detail"] == "明星党员群众评议的测评对象是党员，请选择党员。"
    r = admin.post(
        f"assessments/mass-surveys/{s['id']}/subjects", {"source": "people", "people": [member.pk, outsider.pk]}
    )
    assert r.status_code == 201, r.content
    assert [x["note"] for x in r.json()["subjects"]] == [world.branch_a.name, world.branch_b.name]
    assert s["ratings"][0]["label"] == "好"
    _far, far_branch, _ = far_committee()
    from core.testing import make_person

    stranger = make_person(far_branch, "陈外", seq=77)
    bad = admin.post(f"assessments/mass-surveys/{s['id']}/subjects", {"source": "people", "people": [stranger.pk]})
    assert bad.status_code == 422 and "所选党员不存在，或不在本党委范围内。" in bad.content.decode()


def test_subjects_from_the_rounds_star_results(world, admin):
    from assessments.tests import results_world

    sw = results_world.build(world)
    s = admin.post("assessments/mass-surveys", {**survey_data(world, kind="star_org"), "round": sw.round.pk}).json()
    early = admin.post(f"assessments/mass-surveys/{s['id']}/subjects", {"source": "stars", "min_stars": 4})
    assert early.status_code == 409
    assert early.json()["detail"] == f"“{sw.round.title}”还没有4星及以上的考核结果，请先计算考核结果。"
    from assessments import actions_results
    from assessments.models import Result

    actions_results.compute_results(sw.round, by=world.users["committee_admin"])
    r = admin.post(f"assessments/mass-surveys/{s['id']}/subjects", {"source": "stars", "min_stars": 4})
    assert r.status_code == 201, r.content
    expected = set(Result.objects.filter(round=sw.round, stars__gte=4).values_list("org__name", flat=True))
    assert expected and {x["name"] for x in r.json()["subjects"]} == expected
    lower = set(Result.objects.filter(round=sw.round, stars__lt=4).values_list("org__name", flat=True))
    assert lower and not lower & {x["name"] for x in r.json()["subjects"]}


# ---------------------------------------------------------------- codes


def test_codes_are_issued_in_batches_of_unambiguous_characters(world, admin):
    s, _ = make_survey(world)
    r = admin.post(f"assessments/mass-surveys/{s.pk}/codes", {"count": 30})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["batch"] == 1 and body["count"] == 30
    codes = [c["code"] for c in body["codes"]]
    assert len(set(codes)) == 30
    assert all(len(c) == 8 and set(c) <= set(mass.ALPHABET) for c in codes)
    assert not set("01IO") & set("".join(codes))
    assert body["codes"][0]["url"].endswith(f"/m/{codes[0]}/")
    second = admin.post(f"assessments/mass-surveys/{s.pk}/codes", {"count": 2}).json()
    assert second["batch"] == 2 and [c["slip_no"] for c in second["codes"]] == [31, 32]
    # Codes are credentials: the audit never holds one.
    events = AuditEvent.objects.filter(action="assessments.masssurvey.codes")
    assert events.count() == 2
    assert not any(c in str(e.after) for e in events for c in codes)


@pytest.mark.parametrize("count", [0, 5000, -1, "abc", 2.5])
def test_a_bad_count_is_refused_and_issues_nothing(world, admin, count):
    s, _ = make_survey(world)
    r = admin.post(f"assessments/mass-surveys/{s.pk}/codes", {"count": count})
    assert r.status_code in (400, 422), r.content
    assert MassCode.objects.filter(survey=s).count() == 0


def test_a_closed_survey_issues_no_codes(world, admin):
    s, _ = make_survey(world)
    admin.post(f"assessments/mass-surveys/{s.pk}/transitions/close")
    r = admin.post(f"assessments/mass-surveys/{s.pk}/codes", {"count": 5})
    assert r.status_code == 409 and r.json()["detail"] == "测评已结束，不能再生成测评码。"


# ---------------------------------------------------------------- the public ballot


def test_a_code_opens_the_ballot_and_works_once(world):
    s, (code, _other) = make_survey(world, codes=2)
    a, b = s.subjects.order_by("position")
    got = _public(code)
    assert got.status_code == 200, got.content
    assert [x["name"] for x in got.json()["subjects"]] == [world.branch_a.name, world.branch_b.name]
    votes = [{"subject": a.pk, "rating": "satisfied", "comment": "服务热情"}, {"subject": b.pk, "rating": "basic"}]
    r = _public(code, {"votes": votes})
    assert r.status_code == 201, r.content
    assert r.json() == {"ratings": 2}
    assert MassVote.objects.filter(survey=s).count() == 2
    assert MassCode.objects.get(code=code).used_on is not None
    again = _public(code, {"votes": votes})
    assert again.status_code == 404 and again.json()["detail"] == mass.UNUSABLE
    assert _public(code).status_code == 404
    assert MassVote.objects.filter(survey=s).count() == 2  # nothing changed


def test_a_vote_keeps_no_link_to_its_code_or_an_account(world):
    s, (code,) = make_survey(world, codes=1)
    vote(code, {s.subjects.first(): ("satisfied", "很好")})
    fields = {f.name for f in MassVote._meta.get_fields()}
    assert fields == {"id", "survey", "subject", "rating", "comment", "created_on"}
    event = AuditEvent.objects.get(action="assessments.masssurvey.ballot")
    assert event.actor is None and code not in str(event.after) and event.after == {"ratings": 1}
    assert "satisfied" not in str(event.after) and "很好" not in str(event.after)


def test_unknown_used_and_closed_codes_read_the_same(world, admin):
    s, (used, fresh) = make_survey(world, codes=2)
    vote(used, {s.subjects.first(): "satisfied"})
    admin.post(f"assessments/mass-surveys/{s.pk}/transitions/close")
    answers = [_public(c) for c in (used, fresh, "ZZZZZZZZ", "not-a-code")]
    assert {r.status_code for r in answers} == {404}
    assert {r.json()["detail"] for r in answers} == {mass.UNUSABLE}
    post = _public(fresh, {"votes": [{"subject": s.subjects.first().pk, "rating": "satisfied"}]})
    assert post.status_code == 404 and post.json()["detail"] == mass.UNUSABLE
    assert MassVote.objects.filter(survey=s).count() == 1


def test_a_survey_before_its_opening_day_refuses_its_codes(world):
    import datetime

    from core.dates import today

    later = today() + datetime.timedelta(days=3)
    _s, (code,) = make_survey(
        world, codes=1, opens=later.isoformat(), closes=(later + datetime.timedelta(days=3)).isoformat()
    )
    assert _public(code).status_code == 404


def test_a_ballot_with_bad_votes_changes_nothing(world):
    s, (code,) = make_survey(world, codes=1)
    other, _ = make_survey(world, title="另一个测评")
    a = s.subjects.first()
    foreign = other.subjects.first()
    cases = [
        ([{"subject": a.pk, "rating": "x"}], "请为“统计局第一党支部”选择评价：满意、基本满意、不满意。"),
        ([{"subject": a.pk, "rating": "good"}], "请为“统计局第一党支部”选择评价：满意、基本满意、不满意。"),
        ([{"subject": foreign.pk, "rating": "satisfied"}], "测评对象不存在。"),
        ([{"subject": 999999, "rating": "satisfied"}], "测评对象不存在。"),
        ([{"subject": a.pk, "rating": "satisfied", "comment": "很" * 501}], "最多500字"),
        ([{"subject": a.pk, "rating": "satisfied"}, {"subject": a.pk, "rating": "basic"}], "只能评价一次"),
        ([], "请至少评价一个测评对象。"),
    ]
    for votes, message in cases:
        r = _public(code, {"votes": votes})
        assert r.status_code in (400, 422), (votes, r.content)
        assert message in r.json()["detail"], (votes, r.json())
    huge = _public(code, {"votes": [{"subject": a.pk, "rating": "satisfied", "comment": "很" * 6000}]})
    assert huge.status_code in (400, 422)
    assert MassVote.objects.count() == 0
    assert MassCode.objects.get(code=code).used_on is None  # the code still works
    assert _public(code, {"votes": [{"subject": a.pk, "rating": "satisfied"}]}).status_code == 201


def test_a_guesser_is_stopped_even_with_a_good_code(world, settings):
    settings.MASS_MISS_RATE_LIMITS = ((3, 600),)
    _s, (code,) = make_survey(world, codes=1)
    for guess in ("AAAAAAAA", "BBBBBBBB", "CCCCCCCC"):
        assert _public(guess).status_code == 404
    r = _public(code)
    assert r.status_code == 429 and "输入无效测评码的次数过多" in r.json()["detail"]
    assert MassAttempt.objects.filter(kind="miss").count() == 3
    assert MassCode.objects.get(code=code).used_on is None


def test_a_typed_code_with_a_dash_and_lower_case_works(world):
    s, (code,) = make_survey(world, codes=1)
    typed = f"{code[:4].lower()}-{code[4:]}"
    r = _public(typed, {"votes": [{"subject": s.subjects.first().pk, "rating": "basic"}]})
    assert r.status_code == 201, r.content


# ---------------------------------------------------------------- tallies


def test_results_stay_hidden_below_five_votes_and_then_show_exact_counts(world, admin):
    s, codes = make_survey(world, codes=6)
    a, b = s.subjects.order_by("position")
    ratings = ["satisfied", "satisfied", "basic", "dissatisfied"]
    for code, rating in zip(codes, ratings, strict=False):
        vote(code, {a: (rating, "乙意见" if rating == "basic" else ""), b: "satisfied"})
    got = admin.get(f"assessments/mass-surveys/{s.pk}/results").json()
    assert got["codes_issued"] == 6 and got["codes_used"] == 4
    assert [i["hidden"] for i in got["items"]] == [True, True]
    assert got["items"][0]["counts"] is None and got["items"][0]["rate"] is None and got["items"][0]["total"] == 0
    vote(codes[4], {a: ("satisfied", "甲意见")})
    got = admin.get(f"assessments/mass-surveys/{s.pk}/results").json()
    first, second = got["items"]
    assert first["hidden"] is False and second["hidden"] is True
    assert first["counts"] == {"satisfied": 3, "basic": 1, "dissatisfied": 1}
    assert first["total"] == 5 and first["positive"] == 4 and first["rate"] == "80.00"
    assert first["comments"] == sorted(["乙意见", "甲意见"])


def test_star_surveys_rate_good_and_fair(world, admin):
    s, codes = make_survey(world, kind="star_org", codes=7)
    a = s.subjects.order_by("position").first()
    for code, rating in zip(codes, ["good", "good", "fair", "average", "poor", "good", "fair"], strict=True):
        vote(code, {a: rating})
    first = admin.get(f"assessments/mass-surveys/{s.pk}/results").json()["items"][0]
    assert first["counts"] == {"good": 3, "fair": 2, "average": 1, "poor": 1}
    assert first["rate"] == "71.43"  # 5 of 7


def test_the_committee_removes_a_subject_in_draft_only(world, admin):
    s, _ = make_survey(world, open_=False)
    a = s.subjects.first()
    assert ApiClient(world.users["branch_secretary"]).delete(f"assessments/mass-subjects/{a.pk}").status_code == 404
    assert admin.delete(f"assessments/mass-subjects/{a.pk}").status_code == 204
    assert not MassSubject.objects.filter(pk=a.pk).exists()
    admin.post(f"assessments/mass-surveys/{s.pk}/transitions/open")
    b = s.subjects.first()
    assert admin.delete(f"assessments/mass-subjects/{b.pk}").status_code == 409


def test_patch_changes_the_dates_and_a_closed_survey_is_frozen(world, admin):
    s, _ = make_survey(world)
    r = admin.patch(f"assessments/mass-surveys/{s.pk}", {"title": "改后的名称"})
    assert r.status_code == 200, r.content
    assert r.json()["title"] == "改后的名称" and r.json()["opens"] == s.opens.isoformat()
    admin.post(f"assessments/mass-surveys/{s.pk}/transitions/close")
    frozen = admin.patch(f"assessments/mass-surveys/{s.pk}", {"title": "再改"})
    assert frozen.status_code == 409 and frozen.json()["detail"] == "测评已结束，不能再修改。"


def test_system_roles_and_branches_cannot_run_surveys(world):
    for who in ("sysadmin", "auditor", "branch_secretary", "branch_member"):
        r = ApiClient(world.users[who]).post("assessments/mass-surveys", survey_data(world))
        assert r.status_code in (403, 422), (who, r.content)
    assert MassSurvey.objects.count() == 0
