"""Three-level review: who may act at which level, and what each refusal says."""

from points.models import Declaration, LedgerEntry

from .conftest import declare


def _pending(world, scheme, api, branch_secretary):
    return declare(
        api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01"
    )


def _review(api, user, pk, decision="approve", comment=""):
    return api(user).post(f"points/declarations/{pk}/review", {"decision": decision, "comment": comment})


def test_level_three_reviewer_cannot_act_at_level_one(world, scheme, api, branch_secretary, reviewers):
    pk = _pending(world, scheme, api, branch_secretary)
    r = _review(api, reviewers[3], pk)
    assert r.status_code == 403 and "一级审核" in r.json()["detail"]
    assert Declaration.objects.get(pk=pk).state == "pending_l1"


def test_non_reviewer_cannot_review(world, scheme, api, branch_secretary, committee_admin, reviewers):
    pk = _pending(world, scheme, api, branch_secretary)
    r = _review(api, committee_admin, pk)
    assert r.status_code == 403 and "审核人" in r.json()["detail"]


def test_declarant_cannot_review_own_declaration(world, scheme, api, reviewers):
    from core.testing import make_user

    # A reviewer who is also the branch's admin declares for her branch, then tries to review it.
    both = make_user("both", roles=[("org_admin", world.branch_a), ("reviewer_l1", world.committee)])
    pk = declare(api(both), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
    r = _review(api, both, pk)
    assert r.status_code == 403 and "本人" in r.json()["detail"]


def test_one_person_cannot_act_at_two_levels(world, scheme, api, branch_secretary, reviewers):
    from core.testing import make_user

    two = make_user("two_levels", roles=[("reviewer_l1", world.committee), ("reviewer_l2", world.committee)])
    pk = _pending(world, scheme, api, branch_secretary)
    assert _review(api, two, pk).status_code == 200
    r = _review(api, two, pk)
    assert r.status_code == 403 and "不同的审核人" in r.json()["detail"]
    assert Declaration.objects.get(pk=pk).state == "pending_l2"


def test_approving_a_returned_declaration_is_a_conflict(world, scheme, api, branch_secretary, reviewers):
    pk = _pending(world, scheme, api, branch_secretary)
    r = _review(api, reviewers[1], pk, "return", "请补充活动照片")
    assert r.status_code == 200 and r.json()["state"] == "returned"
    r = _review(api, reviewers[1], pk)
    assert r.status_code == 409 and "已退回" in r.json()["detail"]


def test_return_needs_a_reason_and_changes_nothing_without_one(world, scheme, api, branch_secretary, reviewers):
    pk = _pending(world, scheme, api, branch_secretary)
    r = _review(api, reviewers[1], pk, "return", "  ")
    assert r.status_code == 422 and "理由" in r.json()["detail"]
    assert Declaration.objects.get(pk=pk).state == "pending_l1"
    assert not Declaration.objects.get(pk=pk).reviews.exists()


def test_returned_declaration_is_edited_and_resubmitted(world, scheme, api, branch_secretary, reviewers):
    pk = _pending(world, scheme, api, branch_secretary)
    _review(api, reviewers[1], pk, "return", "数量有误")
    client = api(branch_secretary)
    r = client.patch(f"points/declarations/{pk}", {"quantity": 2})
    assert r.status_code == 200 and r.json()["points"] == 10
    assert client.post(f"points/declarations/{pk}/submit").json()["state"] == "pending_l1"
    for level in (1, 2, 3):
        assert _review(api, reviewers[level], pk).status_code == 200
    assert LedgerEntry.objects.get(declaration_id=pk).points == 10


def test_rejected_declaration_never_reaches_the_ledger(world, scheme, api, branch_secretary, reviewers):
    pk = _pending(world, scheme, api, branch_secretary)
    _review(api, reviewers[1], pk)
    r = _review(api, reviewers[2], pk, "reject", "不符合考评标准")
    assert r.json()["state"] == "rejected"
    assert _review(api, reviewers[3], pk).status_code == 409
    assert not LedgerEntry.objects.exists()


def test_reviewer_of_another_committee_gets_404(world, scheme, api, branch_secretary):
    from core.testing import make_user
    from orgs.models import Organisation

    other = Organisation.add_root(name="另一个工委", kind="working_committee")
    stranger = make_user("stranger", roles=[("reviewer_l1", other)])
    pk = _pending(world, scheme, api, branch_secretary)
    assert _review(api, stranger, pk).status_code == 404


def test_review_queue_lists_only_the_level_and_scope(world, scheme, api, branch_secretary, reviewers):
    pk = _pending(world, scheme, api, branch_secretary)
    r = api(reviewers[1]).get("points/reviews/queue", {"level": 1})
    assert [d["id"] for d in r.json()["items"]] == [pk]
    assert api(reviewers[2]).get("points/reviews/queue", {"level": 2}).json()["count"] == 0
    assert api(reviewers[2]).get("points/reviews/queue", {"level": 1}).json()["count"] == 0


def test_batch_approval_through_the_api_reports_each_declaration(world, scheme, api, branch_secretary, reviewers):
    ids = [_pending(world, scheme, api, branch_secretary) for _ in range(3)]
    _review(api, reviewers[1], ids[2], "return", "补材料")
    r = api(reviewers[1]).post("points/reviews/batch", {"declarations": ids})
    assert r.status_code == 200
    assert r.json()["approved"] == 2
    assert [i["ok"] for i in r.json()["items"]] == [True, True, False]


def test_reviewers_see_the_subjects_they_review_but_not_the_people_register(
    world, scheme, api, client, branch_secretary, reviewers
):
    from orgs.models import Person

    member = world.people["member"]
    Person.objects.filter(pk=member.pk).update(phone="13812345678")
    declare(api(branch_secretary), item=scheme["member_item"], subject_person=member.id, occurred_on="2026-03-01")
    reviewer = api(reviewers[1])
    queued = reviewer.get("points/reviews/queue", {"level": 1}).json()["items"]
    assert [d["subject_name"] for d in queued] == [member.name]
    client.force_login(reviewers[1])
    page = client.get("/points/reviews/?level=1").content.decode()
    assert member.name in page and world.branch_a.name in page
    assert "13812345678" not in page
    # The people register (names with phones, birth dates, masked ID numbers) stays closed to reviewers.
    assert reviewer.get("people").json()["count"] == 0
    assert reviewer.get(f"people/{member.id}").status_code == 404
    assert client.get("/people/").status_code == 403
    assert client.get("/people/export.xlsx").status_code == 403
    assert client.get(f"/people/{member.id}/").status_code == 404
    assert "/people/" not in client.get("/").content.decode()
