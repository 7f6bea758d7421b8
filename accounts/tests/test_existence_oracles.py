"""Existence oracles: what lies outside the caller's scope answers like what does not exist.

A branch admin learns nothing about another branch's people from a duplicate ID number; the sysadmin, who reads
every person, is told who holds it. The secadmin sees the organisation tree but not who holds its posts.
"""

import datetime

from django.test import Client

from orgs import idnumber
from orgs.models import Position

NUMBER = idnumber.make("370117", datetime.date(1990, 5, 17), 124)


def _person(world, org, name, **extra):
    return {"name": name, "gender": "female", "org": org.id, "category": "full", "id_number": NUMBER, **extra}


def test_a_branch_admin_gets_the_same_answer_wherever_the_number_is_registered(world, api, branch_secretary, outsider):
    assert api(outsider).post("people", _person(world, world.branch_b, "财政局某人")).status_code == 201
    client = api(branch_secretary)
    elsewhere = client.post("people", _person(world, world.branch_a, "赵敏"))
    assert elsewhere.status_code == 422
    body = elsewhere.json()
    assert body["errors"]["id_number"] == ["该身份证号无法登记，请联系系统管理员核实。"]
    assert "其他人员" not in body["detail"] and "财政局" not in body["detail"]
    # The same number inside her own branch: the very same answer, so the message tells nothing about where.
    other = idnumber.make("370117", datetime.date(1991, 6, 1), 78)
    assert client.post("people", _person(world, world.branch_a, "钱七", id_number=other)).status_code == 201
    again = client.post("people", _person(world, world.branch_a, "孙八", id_number=other))
    assert again.json() == body
    # Editing a person to take the number answers alike.
    lina = world.people["member"].id
    r = client.patch(f"people/{lina}", {"id_number": idnumber.make("370117", datetime.date(1985, 1, 3), 2)})
    assert r.status_code == 200  # re-entering her own number is no duplicate
    r = client.patch(f"people/{lina}", {"id_number": NUMBER, "birth_date": "1990-05-17"})
    assert r.status_code == 422 and r.json()["errors"] == body["errors"]


def test_the_sysadmin_is_told_who_holds_the_number(world, api, sysadmin, outsider):
    api(outsider).post("people", _person(world, world.branch_b, "张敏"))
    r = api(sysadmin).post("people", _person(world, world.branch_a, "赵敏"))
    assert r.status_code == 422
    assert r.json()["errors"]["id_number"] == ["该身份证号已登记在财政局第一党支部的张敏名下。"]


def test_a_duplicate_in_a_people_import_answers_alike(world, branch_secretary, outsider, api):
    import io

    import openpyxl
    from django.core.files.uploadedfile import SimpleUploadedFile

    api(outsider).post("people", _person(world, world.branch_b, "张敏"))
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别", "所在党组织", "人员类别", "身份证号"])
    wb.active.append(["赵敏", "女", world.branch_a.name, "正式党员", NUMBER])
    buf = io.BytesIO()
    wb.save(buf)
    c = Client()
    c.force_login(branch_secretary)
    r = c.post("/people/import/", {"file": SimpleUploadedFile("people.xlsx", buf.getvalue())})
    html = r.content.decode()
    assert "该身份证号无法登记，请联系系统管理员核实。" in html and "已登记在其他人员名下" not in html


def test_the_secadmin_sees_the_structure_but_not_who_holds_its_posts(world, api, secadmin, sysadmin):
    Position.objects.create(org=world.branch_a, person=world.people["secretary"], title="书记")
    r = api(secadmin).get(f"orgs/{world.branch_a.id}/positions")
    assert r.status_code == 200 and r.json() == {"count": 0, "items": []}
    assert api(sysadmin).get(f"orgs/{world.branch_a.id}/positions").json()["count"] == 1
    c = Client()
    c.force_login(secadmin)
    html = c.get(f"/orgs/{world.branch_a.id}/").content.decode()
    assert world.branch_a.name in html and "王秀英" not in html
