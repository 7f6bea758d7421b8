"""A branch of nine party members for the 民主评议 tests (the shared world's branch A has two)."""

from assessments import actions_appraisal as actions
from core.dates import today
from core.testing import make_person, make_user

NAMES = ["陈刚", "赵丽", "孙磊", "周敏", "吴军", "郑洁", "冯涛"]


def nine_member_branch(world):
    """Branch A with 王秀英 (secretary), 李娜 (member) and seven more party members (one 预备党员), a 发展对象 who
    is not appraised, and accounts with `member` grants for three of them. Returns {name: user}."""
    branch = world.branch_a
    users = {}
    for i, name in enumerate(NAMES):
        person = make_person(branch, name, seq=30 + i, category="probationary" if i == 6 else "full")
        if i < 3:
            users[name] = make_user(f"m{i}", person=person, roles=[("member", branch)])
    make_person(branch, "钱进", seq=40, category="candidate")
    return users


def open_for(world, year=None, **extra):
    year = year or today().year
    return actions.open_appraisal(
        by=world.users["branch_secretary"], data={"org": world.branch_a.pk, "year": year, **extra}
    )


def advance(appraisal, *names, by):
    for name in names:
        appraisal = actions.transition(appraisal, name, by=by)
    return appraisal


def people(appraisal):
    """{name: person id} of the participants."""
    return {p.person.name: p.person_id for p in appraisal.participants.select_related("person")}
