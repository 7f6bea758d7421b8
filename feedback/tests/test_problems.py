"""The problem list: create, claim (对号认领), 共性问题 raised to the committee, close, scope, export."""

import pytest
from django.test import Client

from core.testing import ApiClient, load_sheet, make_user
from feedback import actions
from feedback.choices import ProblemState
from feedback.models import Problem, ProblemClaim
from feedback.querysets import has_projects


def body(org, **extra):
    return {
        "org": org.pk,
        "title": "物业服务纠纷反复出现",
        "description": "入户走访中居民反映集中。",
        "source": "visit",
        **extra,
    }


def test_an_admin_lists_a_problem_with_the_api_fields(world, branch_secretary):
    api = ApiClient(branch_secretary)
    r = api.post("problems", body(world.branch_a, found_on="2026-03-02"))
    assert r.status_code == 201, r.json()
    p = r.json()
    assert {k: p[k] for k in ("org", "title", "source", "claimed_by", "projects", "state")} == {
        "org": world.branch_a.pk,
        "title": "物业服务纠纷反复出现",
        "source": "visit",
        "claimed_by": [],
        "projects": [],
        "state": "open",
    }
    assert p["source_label"] == "入户走访" and p["found_on"] == "2026-03-02"
    assert api.get("problems").json()["items"][0]["id"] == p["id"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"title": "问" * 201}, "title"), ({"source": "rumour"}, "source"), ({"found_on": "2026-02-30"}, "found_on")],
)
def test_bad_problem_input_is_refused(world, branch_secretary, extra, field):
    r = ApiClient(branch_secretary).post("problems", body(world.branch_a, **extra))
    assert r.status_code == 422 and field in r.json()["errors"]
    assert not Problem.objects.exists()


def test_a_problem_cannot_claim_to_come_from_feedback_without_the_item(world, branch_secretary):
    r = ApiClient(branch_secretary).post("problems", body(world.branch_a, source="feedback"))
    assert r.status_code == 422


def test_outside_her_organisations_a_branch_cannot_list_problems(world, outsider, branch_member):
    assert ApiClient(outsider).post("problems", body(world.branch_a)).status_code == 422  # not her organisation
    assert ApiClient(branch_member).post("problems", body(world.branch_a)).status_code == 422


def committee_problem(world, committee_admin, **extra):
    return actions.create_problem(
        by=committee_admin, data=body(world.committee, **extra), orgs=type(world.committee).objects.all()
    )


def test_branches_claim_the_committees_problem_and_only_a_shared_one_twice(
    world, committee_admin, branch_secretary, outsider
):
    problem = committee_problem(world, committee_admin)
    mine, theirs = ApiClient(branch_secretary), ApiClient(outsider)
    r = mine.post(f"problems/{problem.pk}/claim", {"note": "结合在职党员进社区认领"})
    assert r.status_code == 200 and r.json()["claimed_by"] == [world.branch_a.pk] and r.json()["state"] == "claimed"
    refused = theirs.post(f"problems/{problem.pk}/claim")
    assert refused.status_code == 409 and "共性问题" in refused.json()["detail"]
    shared = committee_problem(world, committee_admin, shared=True, title="居民需求清单不断扩容")
    assert mine.post(f"problems/{shared.pk}/claim").status_code == 200
    assert mine.post(f"problems/{shared.pk}/claim").status_code == 409  # hers already
    assert theirs.post(f"problems/{shared.pk}/claim").status_code == 200
    assert set(ProblemClaim.objects.filter(problem=shared).values_list("org_id", flat=True)) == {
        world.branch_a.pk,
        world.branch_b.pk,
    }


def test_a_member_reads_the_committees_list_but_cannot_claim(world, committee_admin, branch_member):
    problem = committee_problem(world, committee_admin)
    api = ApiClient(branch_member)
    assert api.get(f"problems/{problem.pk}").status_code == 200
    r = api.post(f"problems/{problem.pk}/claim")
    assert r.status_code == 403 and "党务管理员" in r.json()["detail"]


def test_another_branchs_problem_is_404(world, branch_secretary, outsider):
    problem = actions.create_problem(
        by=branch_secretary, data=body(world.branch_a), orgs=type(world.branch_a).objects.all()
    )
    api = ApiClient(outsider)
    assert api.get(f"problems/{problem.pk}").status_code == 404
    assert api.post(f"problems/{problem.pk}/claim").status_code == 404
    assert api.post(f"problems/{problem.pk}/transition", {"action": "close", "reason": "x"}).status_code == 404
    assert api.get("problems").json()["count"] == 0


def test_a_shared_problem_is_raised_to_the_committee_and_claimed_beside_it(world, branch_secretary, outsider):
    orgs = type(world.branch_a).objects.all()
    problem = actions.create_problem(by=branch_secretary, data=body(world.branch_a), orgs=orgs)
    api = ApiClient(branch_secretary)
    r = api.post(f"problems/{problem.pk}/transition", {"action": "raise"})
    assert r.status_code == 200 and r.json()["raised_to"] == world.committee.pk and r.json()["shared"] is True
    assert api.post(f"problems/{problem.pk}/transition", {"action": "raise"}).status_code == 409
    # The sibling branch now sees it on the committee's list and claims it.
    assert ApiClient(outsider).post(f"problems/{problem.pk}/claim").json()["claimed_by"] == [world.branch_b.pk]


def test_closing_needs_a_reason_and_a_closed_problem_stays_closed(world, branch_secretary, committee_admin):
    problem = actions.create_problem(
        by=branch_secretary, data=body(world.branch_a), orgs=type(world.branch_a).objects.all()
    )
    api = ApiClient(branch_secretary)
    assert api.post(f"problems/{problem.pk}/transition", {"action": "close"}).status_code == 422
    assert api.post(f"problems/{problem.pk}/transition", {"action": "reopen"}).status_code == 422
    r = api.post(f"problems/{problem.pk}/transition", {"action": "close", "reason": "已完成整改"})
    assert r.status_code == 200 and r.json()["state"] == "closed" and r.json()["actions"] == []
    assert api.post(f"problems/{problem.pk}/claim").status_code == 409


def test_an_accepted_project_closes_its_problem_through_close_problem(world, branch_secretary, committee_admin):
    """What the projects app calls: idempotent, audited, whoever accepted the project."""
    from core.models import AuditEvent
    from core.workflow import transitioned

    problem = actions.create_problem(
        by=branch_secretary, data=body(world.branch_a), orgs=type(world.branch_a).objects.all()
    )
    heard = []
    transitioned.connect(lambda **kw: heard.append(kw["target"]), sender=Problem, weak=False, dispatch_uid="t-close")
    try:
        closed = actions.close_problem(problem, committee_admin, "项目《物业党建联建》验收通过", enforce=False)
        again = actions.close_problem(problem, committee_admin, "另一个项目验收", enforce=False)
    finally:
        transitioned.disconnect(sender=Problem, dispatch_uid="t-close")
    assert closed.state == again.state == ProblemState.CLOSED
    assert again.close_reason == "项目《物业党建联建》验收通过"
    assert AuditEvent.objects.filter(action="feedback.problem.close").count() == 1
    assert has_projects()  # the projects app declares Project.problems (reverse name `projects`)


def test_the_problem_list_exports_a_ledger(world, branch_secretary):
    actions.create_problem(by=branch_secretary, data=body(world.branch_a), orgs=type(world.branch_a).objects.all())
    c = Client()
    c.force_login(branch_secretary)
    r = c.get("/problems/export.xlsx?source=visit")
    assert r.status_code == 200
    ws = load_sheet(r.content)
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=4)]
    assert rows[0][:4] == ["统计局第一党支部", "物业服务纠纷反复出现", "入户走访中居民反映集中。", "入户走访"]
    empty = load_sheet(c.get("/problems/export.xlsx?source=report").content)
    assert empty.max_row <= 3


def test_problem_pages_create_refill_and_edit(world, branch_secretary):
    c = Client()
    c.force_login(branch_secretary)
    data = {"org": world.branch_a.pk, "title": "在职党员作用发挥不明显", "source": "survey", "found_on": "2026-02-30"}
    r = c.post("/problems/new/", data)
    page = r.content.decode()
    assert r.status_code == 200 and "在职党员作用发挥不明显" in page and "发现日期格式不对" in page  # refilled
    assert not Problem.objects.exists()
    r = c.post("/problems/new/", {**data, "found_on": "2026-03-02"})
    assert r.status_code == 302
    problem = Problem.objects.get()
    r = c.post(
        f"/problems/{problem.pk}/edit/", {**data, "found_on": "2026-03-03", "title": "在职党员报到后作用发挥不明显"}
    )
    assert r.status_code == 302
    problem.refresh_from_db()
    assert problem.title == "在职党员报到后作用发挥不明显" and str(problem.found_on) == "2026-03-03"
    other = make_user("secretary_b2", roles=[("org_admin", world.branch_b)])
    c.force_login(other)
    assert c.get(f"/problems/{problem.pk}/").status_code == 404
    assert c.get(f"/problems/{problem.pk}/edit/").status_code == 404
