"""民主评议党员 through the API: open, self-evaluate, grade one another, decide (优秀 at most one third), close
(follow-ups, the compliance record), and who reads what."""

import datetime

import pytest

from assessments import queries_appraisal
from assessments.models_appraisal import Appraisal, FollowUp, MutualGrade, Participant
from assessments.tests.appraisal_world import advance, nine_member_branch, open_for, people
from core.audit import labels
from core.dates import today as local_today
from core.models import AuditEvent

Y = local_today().year
URL = "assessments/appraisals"
FUTURE = (local_today() + datetime.timedelta(days=60)).isoformat()


@pytest.fixture
def members(world):
    return nine_member_branch(world)


@pytest.fixture
def appraisal(world, members):
    return open_for(world, self_due="2026-12-10", mutual_due="2026-12-20")


def test_the_branch_admin_opens_an_appraisal_of_its_party_members(api, world, members, branch_secretary):
    r = api(branch_secretary).post(URL, {"org": world.branch_a.pk, "year": Y, "self_due": "2026-12-10"})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["state"] == "self" and body["state_label"] == "个人自评"
    # 王秀英, 李娜 and seven more (one 预备党员); the 发展对象 is not appraised.
    assert body["participants"] == 9 and body["excellent_limit"] == 3
    names = {i["person"]["name"] for i in body["items"]}
    assert "钱进" not in names and {"王秀英", "李娜", "冯涛"} <= names
    assert body["actions"] == ["start_mutual"]
    assert AuditEvent.objects.filter(action="assessments.appraisal.create").count() == 1


def test_a_second_appraisal_of_the_same_year_is_refused(api, world, appraisal, branch_secretary):
    r = api(branch_secretary).post(URL, {"org": world.branch_a.pk, "year": Y})
    assert r.status_code == 409 and "已经开展" in r.json()["detail"]
    assert Appraisal.objects.count() == 1


def test_only_an_admin_of_the_branch_opens_one(api, world, members, branch_member, outsider, committee_admin, sysadmin):
    body = {"org": world.branch_a.pk, "year": Y}
    assert api(branch_member).post(URL, body).status_code == 403
    r = api(outsider).post(URL, body)
    assert r.status_code == 422 and "不能为它组织民主评议" in r.json()["detail"]
    assert api(sysadmin).post(URL, body).status_code == 403
    # A committee is no branch: its admin opens one for a branch below it.
    r = api(committee_admin).post(URL, {"org": world.committee.pk, "year": Y})
    assert r.status_code == 422
    assert api(committee_admin).post(URL, body).status_code == 201


def test_a_bad_year_or_dates_are_told_in_chinese(api, world, members, branch_secretary):
    r = api(branch_secretary).post(URL, {"org": world.branch_a.pk, "year": 1900})
    assert r.status_code == 422 and "不能小于2000" in r.json()["detail"]
    r = api(branch_secretary).post(
        URL, {"org": world.branch_a.pk, "year": Y, "self_due": "2026-12-10", "mutual_due": "2026-12-01"}
    )
    assert r.status_code == 422 and "互评截止日期不能早于自评截止日期" in r.json()["detail"]
    r = api(branch_secretary).post(URL, {"org": world.branch_a.pk, "year": Y, "self_due": "2026-13-01"})
    assert r.status_code == 422
    r = api(branch_secretary).post(URL, {"org": world.branch_a.pk, "year": Y - 2})
    assert r.status_code == 422 and "只能是上一年度、当年或下一年度" in r.json()["detail"]


@pytest.mark.parametrize(("n", "limit"), [(9, 3), (8, 2), (3, 1), (2, 0), (50, 16)])
def test_excellent_is_at_most_a_third_rounded_down(n, limit):
    from assessments.choices_appraisal import excellent_limit

    assert excellent_limit(n) == limit


def test_a_member_files_her_own_self_evaluation_only(api, world, appraisal, branch_member, outsider, committee_admin):
    path = f"{URL}/{appraisal.pk}/self"
    r = api(branch_member).put(path, {"self_text": "认真履行党员义务，带头完成学习任务。", "self_grade": "qualified"})
    assert r.status_code == 200, r.content
    assert r.json()["me"]["self_grade"] == "qualified"
    assert Participant.objects.get(person=world.people["member"]).self_text.startswith("认真履行")
    # Another branch's admin does not see the appraisal; the committee's admin is no participant.
    assert api(outsider).put(path, {"self_text": "x", "self_grade": "qualified"}).status_code == 404
    r = api(committee_admin).put(path, {"self_text": "x", "self_grade": "qualified"})
    assert r.status_code == 403 and "不是本次民主评议的参评党员" in r.json()["detail"]
    r = api(branch_member).put(path, {"self_text": "  ", "self_grade": "best"})
    assert r.status_code == 422


def test_self_evaluation_closes_with_its_stage(api, appraisal, branch_member, branch_secretary):
    advance(appraisal, "start_mutual", by=branch_secretary)
    r = api(branch_member).put(f"{URL}/{appraisal.pk}/self", {"self_text": "补写自评", "self_grade": "qualified"})
    assert r.status_code == 409 and "党员互评" in r.json()["detail"]


def test_members_grade_one_another_once_and_see_only_a_tally(api, world, members, appraisal, branch_member):
    secretary = world.users["branch_secretary"]
    ids = people(appraisal)
    path = f"{URL}/{appraisal.pk}/mutual"
    assert api(branch_member).put(path, {"grades": {str(ids["陈刚"]): "excellent"}}).status_code == 409
    advance(appraisal, "start_mutual", by=secretary)
    r = api(branch_member).put(path, {"grades": {str(ids["陈刚"]): "excellent", str(ids["赵丽"]): "qualified"}})
    assert r.status_code == 200, r.content
    assert r.json()["me"]["graded"] == {str(ids["陈刚"]): "excellent", str(ids["赵丽"]): "qualified"}
    # Changing her mind keeps one grade per pair.
    api(branch_member).put(path, {"grades": {str(ids["陈刚"]): "qualified"}})
    assert MutualGrade.objects.filter(rater__person_id=ids["李娜"], ratee__person_id=ids["陈刚"]).count() == 1
    api(members["陈刚"]).put(path, {"grades": {str(ids["赵丽"]): "excellent"}})
    # Herself, a stranger, a bad grade: refused, nothing saved.
    r = api(branch_member).put(path, {"grades": {str(ids["李娜"]): "excellent"}})
    assert r.status_code == 422 and "不能给自己" in r.json()["detail"]
    r = api(branch_member).put(path, {"grades": {str(world.people["outsider"].pk): "qualified"}})
    assert r.status_code == 422 and "不是本次民主评议的其他参评党员" in r.json()["detail"]
    r = api(branch_member).put(path, {"grades": {str(ids["孙磊"]): "perfect"}})
    assert r.status_code == 422
    assert MutualGrade.objects.count() == 3
    # The admin sees the tally per member, never who gave it; a member sees none while grading goes on …
    rows = {i["person"]["name"]: i for i in api(secretary).get(f"{URL}/{appraisal.pk}").json()["items"]}
    assert rows["赵丽"]["tally"] == {"qualified": 1, "excellent": 1}
    mine = api(members["赵丽"]).get(f"{URL}/{appraisal.pk}").json()
    assert all(i["tally"] is None for i in mine["items"])
    # … and only her own once the mutual grading has closed.
    advance(appraisal, "start_appraisal", by=secretary)
    mine = {i["person"]["name"]: i for i in api(members["赵丽"]).get(f"{URL}/{appraisal.pk}").json()["items"]}
    assert mine["赵丽"]["tally"] == {"qualified": 1, "excellent": 1}
    assert mine["陈刚"]["tally"] is None
    assert "rater" not in str(mine)


def _to_decision(appraisal, secretary):
    return advance(appraisal, "start_mutual", "start_appraisal", "start_decision", by=secretary)


def test_a_fourth_excellent_in_a_branch_of_nine_is_refused(api, world, appraisal, branch_secretary):
    _to_decision(appraisal, branch_secretary)
    ids = people(appraisal)
    path = f"{URL}/{appraisal.pk}/grades"
    three = [{"person": ids[n], "grade": "excellent"} for n in ("陈刚", "赵丽", "孙磊")]
    r = api(branch_secretary).put(path, {"grades": three})
    assert r.status_code == 200, r.content
    assert r.json()["excellent"] == 3
    r = api(branch_secretary).put(path, {"grades": [{"person": ids["周敏"], "grade": "excellent"}]})
    assert r.status_code == 409
    assert r.json()["detail"] == (
        "优秀等次不得超过参评党员的三分之一：本次参评党员9名，最多评定3名优秀，现评定4名，请调整后再保存。"
    )
    assert Participant.objects.get(person_id=ids["周敏"]).grade == ""
    # Moving one 优秀 to 合格 in the same save makes room for another.
    r = api(branch_secretary).put(
        path, {"grades": [{"person": ids["孙磊"], "grade": "qualified"}, {"person": ids["周敏"], "grade": "excellent"}]}
    )
    assert r.status_code == 200 and r.json()["excellent"] == 3


def test_grades_are_the_branch_admins_and_only_in_the_decision_stage(api, appraisal, branch_secretary, branch_member):
    ids = people(appraisal)
    body = {"grades": [{"person": ids["陈刚"], "grade": "qualified"}]}
    r = api(branch_secretary).put(f"{URL}/{appraisal.pk}/grades", body)
    assert r.status_code == 409 and "不能评定等次" in r.json()["detail"]
    _to_decision(appraisal, branch_secretary)
    assert api(branch_member).put(f"{URL}/{appraisal.pk}/grades", body).status_code == 403


def test_unqualified_needs_a_reason_and_a_deadline(api, appraisal, branch_secretary):
    _to_decision(appraisal, branch_secretary)
    ids = people(appraisal)
    path = f"{URL}/{appraisal.pk}/grades"
    r = api(branch_secretary).put(path, {"grades": [{"person": ids["吴军"], "grade": "unqualified"}]})
    assert r.status_code == 422 and r.json()["detail"].startswith("吴军：")
    assert "须写明理由" in r.json()["detail"]
    r = api(branch_secretary).put(
        path, {"grades": [{"person": ids["吴军"], "grade": "unqualified", "reason": "长期不参加组织生活"}]}
    )
    assert r.status_code == 422 and "限期改正的截止日期" in r.json()["detail"]


def _grade_all(api, appraisal, secretary, rectify_by=FUTURE):
    ids = people(appraisal)
    grades = [{"person": pid, "grade": "qualified"} for pid in ids.values()]
    for g in grades:
        if g["person"] in (ids["陈刚"], ids["赵丽"]):
            g["grade"] = "excellent"
        if g["person"] == ids["吴军"]:
            g.update(grade="unqualified", reason="全年无故不参加组织生活，不交党费。", rectify_by=rectify_by)
    r = api(secretary).put(f"{URL}/{appraisal.pk}/grades", {"grades": grades})
    assert r.status_code == 200, r.content
    return ids


def test_closing_needs_every_grade_then_opens_the_followup_and_feeds_compliance(
    api, world, appraisal, branch_secretary
):
    from plans import compliance

    _to_decision(appraisal, branch_secretary)
    ids = people(appraisal)
    api(branch_secretary).put(
        f"{URL}/{appraisal.pk}/grades", {"grades": [{"person": ids["陈刚"], "grade": "excellent"}]}
    )
    r = api(branch_secretary).post(f"{URL}/{appraisal.pk}/transitions/close")
    assert r.status_code == 409 and r.json()["detail"] == "还有8名参评党员未评定等次，全部评定后才能完成评议。"
    _grade_all(api, appraisal, branch_secretary)
    r = api(branch_secretary).post(f"{URL}/{appraisal.pk}/transitions/close")
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["state"] == "closed" and body["actions"] == [] and body["record"]
    followup = FollowUp.objects.get()
    assert followup.person_id == ids["吴军"] and followup.deadline.isoformat() == FUTURE
    assert followup.requirement.startswith("全年无故")
    # The compliance view counts the year's 民主评议党员 for the branch.
    cells = compliance.compute(world.committee, Y, today=datetime.date(Y, 12, 31), obligation="democratic_review")
    cell = next(c for c in cells if c.org == world.branch_a)
    assert cell.status == "done" and cell.record[0] == body["record"]
    other = next(c for c in cells if c.org == world.branch_b)
    assert other.status != "done"
    # Grades cannot change any more.
    r = api(branch_secretary).put(
        f"{URL}/{appraisal.pk}/grades", {"grades": [{"person": ids["陈刚"], "grade": "qualified"}]}
    )
    assert r.status_code == 409


def test_a_member_reads_the_grades_once_closed_and_her_own_followup_only(
    api, world, members, appraisal, branch_secretary
):
    _to_decision(appraisal, branch_secretary)
    _grade_all(api, appraisal, branch_secretary)
    before = api(branch_member := members["陈刚"]).get(f"{URL}/{appraisal.pk}").json()
    assert all(i["grade"] is None for i in before["items"])
    api(branch_secretary).post(f"{URL}/{appraisal.pk}/transitions/close")
    after = {i["person"]["name"]: i for i in api(branch_member).get(f"{URL}/{appraisal.pk}").json()["items"]}
    assert after["陈刚"]["grade"] == "excellent" and after["吴军"]["grade_reason"] is None
    followup = FollowUp.objects.get()
    assert api(branch_member).get(f"assessments/followups/{followup.pk}").status_code == 404
    assert api(branch_member).get("assessments/followups").json()["count"] == 0
    assert api(branch_secretary).get("assessments/followups").json()["count"] == 1
    assert api(world.users["outsider"]).get(f"assessments/followups/{followup.pk}").status_code == 404


def test_a_followup_is_closed_with_its_outcome(api, world, members, appraisal, branch_secretary, branch_member):
    _to_decision(appraisal, branch_secretary)
    _grade_all(api, appraisal, branch_secretary)
    api(branch_secretary).post(f"{URL}/{appraisal.pk}/transitions/close")
    followup = FollowUp.objects.get()
    path = f"assessments/followups/{followup.pk}/transitions/rectify"
    r = api(branch_secretary).post(path, {"outcome": ""})
    assert r.status_code == 422 and "请填写处理结果" in r.json()["detail"]
    r = api(branch_secretary).post(path, {"outcome": "已按时参加组织生活，补交党费。"})
    assert r.status_code == 200 and r.json()["state"] == "rectified" and r.json()["actions"] == []
    assert api(branch_secretary).post(path, {"outcome": "再次"}).status_code == 409


def test_excellent_members_of_a_year_feed_recognitions(api, world, appraisal, branch_secretary):
    _to_decision(appraisal, branch_secretary)
    _grade_all(api, appraisal, branch_secretary)
    assert list(queries_appraisal.excellent_members(Y)) == []  # not before the appraisal is closed
    api(branch_secretary).post(f"{URL}/{appraisal.pk}/transitions/close")
    names = [p.person.name for p in queries_appraisal.excellent_members(Y, org=world.committee)]
    assert sorted(names) == ["赵丽", "陈刚"]
    assert list(queries_appraisal.excellent_members(Y, org=world.branch_b)) == []


def test_lists_keep_to_the_callers_scope(api, world, appraisal, outsider, branch_member):
    assert api(outsider).get(URL).json()["count"] == 0
    assert api(outsider).get(f"{URL}/{appraisal.pk}").status_code == 404
    listed = api(branch_member).get(URL).json()
    assert listed["count"] == 1 and listed["items"][0]["participants"] == 9
    assert api(world.users["auditor"]).get(URL).json()["count"] == 0


def test_every_code_written_has_a_label(api, world, members, appraisal, branch_secretary, branch_member):
    api(branch_member).put(f"{URL}/{appraisal.pk}/self", {"self_text": "自评", "self_grade": "qualified"})
    advance(appraisal, "start_mutual", by=branch_secretary)
    codes = set(AuditEvent.objects.values_list("action", flat=True))
    known = labels()
    assert codes and all(c in known for c in codes), codes - set(known)


def test_the_excellent_members_are_suggested_for_a_personal_award(api, world, appraisal, branch_secretary):
    """表彰: the nomination page suggests the year's 民主评议 优秀 members, with the reason."""
    from assessments import actions_awards
    from assessments.candidates import candidates

    _to_decision(appraisal, branch_secretary)
    _grade_all(api, appraisal, branch_secretary)
    api(branch_secretary).post(f"{URL}/{appraisal.pk}/transitions/close")
    admin = world.users["committee_admin"]
    t = {a.name: a for a in actions_awards.add_common_types(world.committee, by=admin)}["四优共产党员"]
    found = [c for c in candidates(world.committee, Y, t.subject, admin) if c.source == "appraisal"]
    assert sorted((c.name, c.note) for c in found) == [
        ("赵丽", f"{Y}年民主评议评为优秀"),
        ("陈刚", f"{Y}年民主评议评为优秀"),
    ]
    # A branch admin sees her own branch's; another branch's admin none of them.
    assert not [
        c for c in candidates(world.committee, Y, t.subject, world.users["outsider"]) if c.source == "appraisal"
    ]
