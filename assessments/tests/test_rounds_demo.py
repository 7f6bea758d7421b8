"""The rounds' demo: three quarters scored by both assessors and left in review, an open Q4 in self-check."""

from decimal import Decimal

from accounts.models import RoleAssignment, User
from assessments import demo_rounds
from assessments.models import Category, Item, Scheme, Score, SelfCheck
from orgs import demo as orgs_demo


def _scheme(world):
    """A stand-in of the schemes part's 六考一评 scheme: six categories, items adding up to 100."""
    scheme = Scheme.objects.create(org=world["committee"], year=2026, name="“六考一评”考核方案")
    names = ["党建", "宣传", "党风廉政", "工会", "共青团", "社会治安及武装保卫"]
    points = [Decimal(40), Decimal(15), Decimal(15), Decimal(10), Decimal(10), Decimal(10)]
    for n, (name, total) in enumerate(zip(names, points, strict=True)):
        cat = Category.objects.create(scheme=scheme, name=name, position=n)
        for i in range(int(total) // 5):
            Item.objects.create(
                scheme=scheme, category=cat, name=f"{name}工作{i + 1}", max_points=Decimal(5), position=i
            )
    return scheme


def test_demo_rounds_leave_three_quarters_in_review_and_q4_in_self_check(db):
    world = {"password": "Dangjian@2026x"}
    orgs_demo.build(world)
    # The branches' 党务管理员 (the points demo makes them in the full demo).
    for n, branch in enumerate(world["branches"][:8]):
        if not RoleAssignment.objects.filter(role="org_admin", org=branch).exists():
            person = world["secretaries"][branch.pk]
            if not User.objects.filter(person=person).exists():
                user = User.objects.create(username=f"branch_t{n}", person=person, must_change_password=False)
                RoleAssignment.objects.create(user=user, role="org_admin", org=branch)
    scheme = _scheme(world)
    rounds = demo_rounds.build(world, scheme)
    assert [r.state for r in rounds] == ["review", "review", "review", "selfcheck"]
    q1 = rounds[0]
    assessors = set(q1.assessors.values_list("username", flat=True))
    assert assessors == {"kaohe1", "kaohe2"}
    assert all(a.has_role("assessor") for a in User.objects.filter(username__in=assessors))
    targets = q1.targets.count()
    assert targets == 8
    assert Score.objects.filter(round=q1).count() == 2 * targets * scheme.items.count()
    deductions = Score.objects.filter(round=q1).exclude(points=0)
    assert all(s.reason for s in Score.objects.filter(round=q1) if s.points < s.item.max_points)
    assert deductions.exists()
    assert SelfCheck.objects.filter(round=q1, submitted_at__isnull=False).count() == targets
    q4 = rounds[3]
    assert SelfCheck.objects.filter(round=q4, submitted_at__isnull=False).count() == 3
    assert SelfCheck.objects.filter(round=q4, submitted_at__isnull=True).count() == 1
    assert not Score.objects.filter(round=q4).exists()
