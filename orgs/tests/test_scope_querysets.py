"""Two scopes, two names: `structure_editable_by` (where the structure may be changed: the sysadmin everywhere,
a 党务管理员 in her subtrees) and `administered_by` (the business scope of writes: only 党务管理员, 三员分立)."""

from core.testing import make_user
from orgs.models import Organisation, Person


def _names(qs):
    return sorted(o.name for o in qs)


def test_a_branch_secretary_administers_her_subtree_only(world, branch_secretary):
    assert _names(Organisation.objects.administered_by(branch_secretary)) == ["统计局第一党小组", "统计局第一党支部"]
    assert _names(Organisation.objects.structure_editable_by(branch_secretary)) == _names(
        Organisation.objects.administered_by(branch_secretary)
    )
    people = Person.objects.administered_by(branch_secretary)
    assert sorted(p.name for p in people) == ["李娜", "王秀英"]


def test_the_committee_administers_the_whole_tree(world, committee_admin):
    assert Organisation.objects.administered_by(committee_admin).count() == Organisation.objects.count() == 4
    assert Person.objects.administered_by(committee_admin).count() == 4


def test_the_sysadmin_edits_the_structure_everywhere_but_administers_nothing(world, sysadmin):
    assert Organisation.objects.structure_editable_by(sysadmin).count() == 4
    assert Person.objects.structure_editable_by(sysadmin).count() == 4
    assert not Organisation.objects.administered_by(sysadmin).exists()
    assert not Person.objects.administered_by(sysadmin).exists()


def test_members_other_roles_and_the_other_system_roles_administer_nothing(world, branch_member, secadmin, auditor):
    assessor = make_user("assessor", roles=[("assessor", world.committee)])
    for user in (branch_member, assessor, secadmin, auditor):
        assert not Organisation.objects.administered_by(user).exists(), user.username
        assert not Person.objects.administered_by(user).exists(), user.username
        assert not Organisation.objects.structure_editable_by(user).exists(), user.username


def test_anonymous_and_deactivated_users_administer_nothing(world, branch_secretary):
    from django.contrib.auth.models import AnonymousUser

    assert not Organisation.objects.administered_by(AnonymousUser()).exists()
    assert not Organisation.objects.administered_by(None).exists()
    branch_secretary.is_active = False
    assert not Organisation.objects.administered_by(branch_secretary).exists()
    assert not Person.objects.administered_by(branch_secretary).exists()
