"""Declarations: who may declare for whom, two-way confirmation, evidence, and bad input."""

import io

from points.models import Declaration, Evidence

from .conftest import declare

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _post(client, **data):
    return client.post("points/declarations", {"quantity": 1, **data})


def test_branch_admin_cannot_declare_for_another_branch(world, scheme, api, branch_secretary):
    # Another branch answers exactly like an organisation that does not exist: no hint that it is there.
    client = api(branch_secretary)
    r = _post(client, item=scheme["org_item"], subject_org=world.branch_b.id, occurred_on="2026-03-01")
    unknown = _post(client, item=scheme["org_item"], subject_org=999999, occurred_on="2026-03-01")
    assert r.status_code == unknown.status_code == 404
    assert r.json() == unknown.json() and "不存在" in r.json()["detail"]
    person = _post(
        client, item=scheme["member_item"], subject_person=world.people["outsider"].id, occurred_on="2026-03-01"
    )
    unknown = _post(client, item=scheme["member_item"], subject_person=999999, occurred_on="2026-03-01")
    assert person.status_code == unknown.status_code == 404 and person.json() == unknown.json()
    assert not Declaration.objects.exists()


def test_member_declares_only_for_herself(world, scheme, api, branch_member):
    client = api(branch_member)
    r = _post(client, item=scheme["member_item"], subject_person=world.people["member"].id, occurred_on="2026-03-01")
    assert r.status_code == 201
    r = _post(client, item=scheme["member_item"], subject_person=world.people["secretary"].id, occurred_on="2026-03-01")
    unknown = _post(client, item=scheme["member_item"], subject_person=999999, occurred_on="2026-03-01")
    assert r.status_code == 404 and r.json() == unknown.json()  # people she cannot see are like missing ones
    assert Declaration.objects.count() == 1


def test_another_branch_cannot_read_a_declaration(world, scheme, api, branch_secretary, outsider):
    pk = declare(
        api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01"
    )
    r = api(outsider).get(f"points/declarations/{pk}")
    assert r.status_code == 404 and r.json()["detail"]
    assert api(outsider).post(f"points/declarations/{pk}/submit").status_code == 404
    assert pk not in [d["id"] for d in api(outsider).get("points/declarations").json()["items"]]


def test_bad_quantities_are_refused_in_chinese(world, scheme, api, branch_secretary):
    client = api(branch_secretary)
    for qty, text in ((-1, "大于0"), (0, "大于0"), (1.5, "整数")):
        r = _post(
            client, item=scheme["org_item"], subject_org=world.branch_a.id, quantity=qty, occurred_on="2026-03-01"
        )
        assert r.status_code == 422, r.content
        assert text in r.json()["errors"]["quantity"][0]
    assert not Declaration.objects.exists()


def test_fractional_quantity_is_allowed_where_the_item_says_so(world, scheme, api, branch_secretary, committee_admin):
    item = (
        api(committee_admin)
        .post(
            f"points/schemes/{scheme['id']}/items",
            {
                "dimension": "队伍建设再提质",
                "name": "参加集中培训（按天）",
                "points": 2,
                "subject_type": "member",
                "allow_fraction": True,
            },
        )
        .json()
    )
    r = _post(
        api(branch_secretary),
        item=item["id"],
        subject_person=world.people["member"].id,
        quantity=1.5,
        occurred_on="2026-03-01",
    )
    assert r.status_code == 201 and r.json()["points"] == 3


def test_points_on_an_item_of_the_wrong_subject_type_are_refused(world, scheme, api, branch_secretary):
    client = api(branch_secretary)
    r = _post(client, item=scheme["org_item"], subject_person=world.people["member"].id, occurred_on="2026-03-01")
    assert r.status_code == 422 and "党组织" in r.json()["errors"]["subject_person"][0]
    r = _post(client, item=scheme["member_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
    assert r.status_code == 422 and "人员" in r.json()["errors"]["subject_person"][0]
    assert not Declaration.objects.exists()


def test_cadre_items_need_a_current_position(world, scheme, api, branch_secretary, committee_admin):
    from orgs.models import Position

    item = (
        api(committee_admin)
        .post(
            f"points/schemes/{scheme['id']}/items",
            {"dimension": "队伍建设再提质", "name": "讲授专题党课", "points": 4, "subject_type": "cadre"},
        )
        .json()
    )
    client = api(branch_secretary)
    secretary = world.people["secretary"]
    r = _post(client, item=item["id"], subject_person=secretary.id, occurred_on="2026-03-01")
    assert r.status_code == 422 and "党内职务" in r.json()["detail"]
    Position.objects.create(org=world.branch_a, person=secretary, title="书记")
    assert _post(client, item=item["id"], subject_person=secretary.id, occurred_on="2026-03-01").status_code == 201


def test_a_date_outside_the_scheme_year_is_refused(world, scheme, api, branch_secretary):
    r = _post(api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2025-12-31")
    assert r.status_code == 422 and "2026年" in r.json()["errors"]["occurred_on"][0]
    r = _post(api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-02-30")
    assert r.status_code == 422
    assert not Declaration.objects.exists()


def test_committee_entry_waits_for_the_units_confirmation(
    world, scheme, api, committee_admin, branch_secretary, outsider, reviewers
):
    pk = declare(api(committee_admin), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
    decl = Declaration.objects.get(pk=pk)
    assert decl.state == "awaiting_confirmation" and decl.needs_unit_confirmation
    assert api(reviewers[1]).post(f"points/declarations/{pk}/review", {"decision": "approve"}).status_code == 409
    assert api(outsider).post(f"points/declarations/{pk}/confirm", {"decision": "confirm"}).status_code == 404
    assert api(committee_admin).post(f"points/declarations/{pk}/confirm", {"decision": "confirm"}).status_code == 403
    r = api(branch_secretary).post(f"points/declarations/{pk}/confirm", {"decision": "dispute"})
    assert r.status_code == 422 and "理由" in r.json()["detail"]
    r = api(branch_secretary).post(f"points/declarations/{pk}/confirm", {"decision": "confirm"})
    assert r.status_code == 200 and r.json()["state"] == "pending_l1"
    assert r.json()["confirmed_by"] == branch_secretary.pk


def test_units_own_declaration_goes_straight_to_review(world, scheme, api, branch_secretary):
    pk = declare(
        api(branch_secretary), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01"
    )
    decl = Declaration.objects.get(pk=pk)
    assert decl.state == "pending_l1" and not decl.needs_unit_confirmation


def test_unit_can_dispute_a_committee_entry_with_a_reason(world, scheme, api, committee_admin, branch_secretary):
    pk = declare(api(committee_admin), item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01")
    r = api(branch_secretary).post(
        f"points/declarations/{pk}/confirm", {"decision": "dispute", "comment": "本支部3月未开展该活动"}
    )
    assert r.json()["state"] == "returned" and r.json()["comment"] == "本支部3月未开展该活动"


def _upload(client, pk, name, data):
    return client.client.post(
        f"/api/v1/points/declarations/{pk}/evidence", {"file": _named(data, name)}, **client._headers()
    )


def _named(data, name):
    f = io.BytesIO(data)
    f.name = name
    return f


def test_evidence_is_checked_by_content_and_size(world, scheme, api, branch_secretary, settings):
    client = api(branch_secretary)
    pk = _post(client, item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01").json()["id"]
    r = _upload(client, pk, "photo.png", PNG)
    assert r.status_code == 201 and r.json()["content_type"] == "image/png"
    r = _upload(client, pk, "微信图片.jpg", PNG)  # WeChat's PNG saved as .jpg: stored as the PNG it is
    assert r.status_code == 201 and r.json()["content_type"] == "image/png" and r.json()["name"] == "微信图片.png"
    r = _upload(client, pk, "report.jpg", b"%PDF-1.4 a report")
    assert r.status_code == 422 and "扩展名不符" in r.json()["detail"] and "PDF" in r.json()["detail"]
    r = _upload(client, pk, "virus.pdf", b"MZ\x90\x00" + b"\x00" * 100)
    assert r.status_code == 422 and "不是允许的类型" in r.json()["detail"]
    r = _upload(client, pk, "big.pdf", b"%PDF-1.4" + b"0" * (10 * 1024 * 1024))
    assert r.status_code == 413 and "10MB" in r.json()["detail"]
    assert Evidence.objects.count() == 2
    assert sorted(e.file.name.rsplit(".", 1)[-1] for e in Evidence.objects.all()) == ["png", "png"]
    client.post(f"points/declarations/{pk}/submit")
    r = _upload(client, pk, "late.png", PNG)
    assert r.status_code == 409


def test_declaration_links_records_of_its_own_org_only(world, scheme, api, branch_secretary):
    import datetime

    from records.models import Record

    own = Record.objects.create(
        org=world.branch_a, type="theme_day", title="3月主题党日", date=datetime.date(2026, 3, 1)
    )
    other = Record.objects.create(
        org=world.branch_b, type="theme_day", title="财政局主题党日", date=datetime.date(2026, 3, 1)
    )
    client = api(branch_secretary)
    r = _post(
        client, item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01", records=[other.id]
    )
    assert r.status_code == 422 and "活动记录" in r.json()["detail"]
    r = _post(
        client, item=scheme["org_item"], subject_org=world.branch_a.id, occurred_on="2026-03-01", records=[own.id]
    )
    assert r.status_code == 201 and r.json()["records"] == [own.id]
