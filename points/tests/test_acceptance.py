"""The issue's Done-when numbers, end to end through the API."""

from points.models import LedgerEntry

from .conftest import approve_all, declare


def _ranking(client, scheme, subject_type, until=None):
    params = {"scheme": scheme["id"], "subject_type": subject_type}
    if until:
        params["until"] = until
    r = client.get("points/rankings", params)
    assert r.status_code == 200, r.content
    return {row["subject"]["name"]: row for row in r.json()["items"]}


def test_declarations_reviewed_three_times_rank_with_linkage_and_proportional_scores(
    world, scheme, api, branch_secretary, outsider, member_b, reviewers, committee_admin
):
    sec_a, sec_b = api(branch_secretary), api(outsider)
    a_march = declare(
        sec_a, item=scheme["org_item"], subject_org=world.branch_a.id, quantity=4, occurred_on="2026-03-20"
    )
    b_april = declare(
        sec_b, item=scheme["org_item"], subject_org=world.branch_b.id, quantity=2, occurred_on="2026-04-15"
    )
    b_july = declare(
        sec_b, item=scheme["org_item"], subject_org=world.branch_b.id, quantity=1, occurred_on="2026-07-08"
    )
    li_na = declare(
        sec_a,
        item=scheme["member_item"],
        subject_person=world.people["member"].id,
        quantity=4,
        occurred_on="2026-02-10",
    )
    chen = declare(
        api(member_b),
        item=scheme["member_item"],
        subject_person=member_b.person_id,
        quantity=3,
        occurred_on="2026-05-20",
    )

    # Nothing reaches the ledger before level 3.
    for level in (1, 2):
        for decl_id in (a_march, b_april, b_july, li_na, chen):
            r = api(reviewers[level]).post(f"points/declarations/{decl_id}/review", {"decision": "approve"})
            assert r.status_code == 200, r.content
            assert r.json()["state"] == f"pending_l{level + 1}"
    assert LedgerEntry.objects.count() == 0
    for decl_id in (a_march, b_april, b_july, li_na, chen):
        r = api(reviewers[3]).post(f"points/declarations/{decl_id}/review", {"decision": "approve"})
        assert r.json()["state"] == "approved"
    assert LedgerEntry.objects.count() == 5

    viewer = api(committee_admin)
    orgs = _ranking(viewer, scheme, "org", "2026-05-31")
    a, b = orgs["统计局第一党支部"], orgs["财政局第一党支部"]
    assert (a["raw"], a["linked"], a["total"], a["normalized"], a["rank"]) == (20, 1, 21, 100.00, 1)
    assert (b["raw"], b["linked"], b["total"], b["normalized"], b["rank"]) == (10, 0, 10, 47.62, 2)
    members = _ranking(viewer, scheme, "member", "2026-05-31")
    assert (members["李娜"]["total"], members["李娜"]["normalized"]) == (12, 100.00)
    assert (members["陈静"]["total"], members["陈静"]["normalized"]) == (9, 75.00)

    year = _ranking(viewer, scheme, "org")
    assert (year["财政局第一党支部"]["total"], year["财政局第一党支部"]["normalized"]) == (15, 71.43)

    entry = LedgerEntry.objects.get(declaration_id=b_april)
    r = viewer.post(f"points/ledger/{entry.id}/reverse", {"reason": ""})
    assert r.status_code == 422 and "原因" in r.json()["detail"]
    r = viewer.post(f"points/ledger/{entry.id}/reverse", {"reason": "4月主题党日材料不实，经核查予以冲销"})
    assert r.status_code == 201, r.content
    assert r.json()["points"] == -10
    year = _ranking(viewer, scheme, "org")
    assert (year["财政局第一党支部"]["total"], year["财政局第一党支部"]["normalized"]) == (5, 23.81)

    r = viewer.delete(f"points/ledger/{entry.id}")
    assert r.status_code == 409 and "不能" in r.json()["detail"]
    assert LedgerEntry.objects.filter(pk=entry.pk).exists()
    assert LedgerEntry.objects.count() == 6


def test_approve_all_helper_reaches_the_ledger(world, scheme, api, branch_secretary, reviewers):
    decl = declare(
        api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-01-05"
    )
    assert approve_all(api, reviewers, decl)["state"] == "approved"
    assert LedgerEntry.objects.get(declaration_id=decl).points == 5
