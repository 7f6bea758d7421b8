"""To-dos of 民主评议: 待自评 and 待互评 for participants, 待评定等次 and 限期改正逾期 for the branch."""

import datetime

from assessments import actions_appraisal as actions
from assessments import todos  # the module's joined to-dos: the badge counts what the inbox lists
from assessments.models_appraisal import FollowUp
from assessments.tests.appraisal_world import advance, nine_member_branch, open_for, people
from core.dates import today


def kinds(user, when=None):
    when = when or today()
    found = [i.kind for i in todos.items(user, when)]
    assert todos.count(user, when) == len(found)
    return found


def test_a_participant_is_asked_to_evaluate_herself_then_to_grade_the_others(world, branch_member, branch_secretary):
    members = nine_member_branch(world)
    a = open_for(world)
    assert kinds(branch_member) == ["assessments.appraisal_self"]
    actions.save_self(a, by=branch_member, data={"self_text": "自评", "self_grade": "qualified"})
    assert kinds(branch_member) == []
    assert kinds(members["陈刚"]) == ["assessments.appraisal_self"]
    advance(a, "start_mutual", by=branch_secretary)
    assert kinds(branch_member) == ["assessments.appraisal_mutual"]
    ids = people(a)
    grades = {str(pid): "qualified" for name, pid in ids.items() if name != "李娜"}
    actions.save_mutual(a, by=branch_member, grades=dict(list(grades.items())[:3]))
    assert kinds(branch_member) == ["assessments.appraisal_mutual"]  # 3 of 8 graded
    actions.save_mutual(a, by=branch_member, grades=grades)
    assert kinds(branch_member) == []
    # Another branch's people have nothing to do here.
    assert kinds(world.users["outsider"]) == []


def test_the_branch_is_asked_to_decide_and_to_follow_up_an_overdue_rectification(world, branch_secretary):
    nine_member_branch(world)
    a = open_for(world)
    advance(a, "start_mutual", "start_appraisal", "start_decision", by=branch_secretary)
    assert kinds(branch_secretary) == ["assessments.appraisal_decide"]
    ids = people(a)
    deadline = today() + datetime.timedelta(days=20)
    entries = [{"person": pid, "grade": "qualified"} for pid in ids.values()]
    entries[0].update(grade="unqualified", reason="不参加组织生活。", rectify_by=deadline.isoformat())
    actions.save_grades(a, by=branch_secretary, entries=entries)
    actions.transition(a, "close", by=branch_secretary)
    assert kinds(branch_secretary) == []
    later = deadline + datetime.timedelta(days=1)
    assert kinds(branch_secretary, later) == ["assessments.followup_overdue"]
    assert kinds(world.users["committee_admin"], later) == ["assessments.followup_overdue"]
    assert kinds(world.users["outsider"], later) == []
    f = FollowUp.objects.get()
    actions.transition_followup(f, "rectify", by=branch_secretary, data={"outcome": "已改正"})
    assert kinds(branch_secretary, later) == []


def test_the_badge_count_is_one_query_and_none_without_a_person_or_an_admin_role(
    world, branch_secretary, django_assert_num_queries
):
    from accounts import scope
    from core.testing import make_user

    nine_member_branch(world)
    a = open_for(world)
    advance(a, "start_mutual", by=branch_secretary)
    with django_assert_num_queries(1):
        assert todos.count(branch_secretary, today()) == 1
    nobody = make_user("nobody")
    scope.assignments(nobody)  # the request has read her roles already (every page does)
    scope.assignments(world.users["sysadmin"])
    with django_assert_num_queries(0):
        assert todos.count(nobody, today()) == 0
    with django_assert_num_queries(0):
        assert todos.count(world.users["sysadmin"], today()) == 0
