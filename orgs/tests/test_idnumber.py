"""ID numbers typed or pasted with spaces, hyphens or full-width digits are normalised before validation."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from orgs import idnumber
from orgs.models import Person

NUMBER = idnumber.make("370117", datetime.date(1990, 5, 18), 22)  # an even sequence digit: female


def _spaced(n):
    return f"{n[:6]} {n[6:14]} {n[14:]}"


def _hyphened(n):
    return f"{n[:6]}-{n[6:14]}-{n[14:]}"


def _full_width(n):
    return "".join(chr(ord(c) + 0xFEE0) for c in n)


@pytest.mark.parametrize(
    "typed",
    [_spaced(NUMBER), _hyphened(NUMBER), f" {NUMBER}\t", _full_width(NUMBER), f"{NUMBER[:6]}\u3000{NUMBER[6:]}"],
    ids=["spaces", "hyphens", "padding", "full-width", "ideographic-space"],
)
def test_separators_and_full_width_digits_are_removed(typed):
    assert idnumber.normalise(typed) == NUMBER
    assert idnumber.parse(typed)[0] == NUMBER


def test_a_lower_case_check_letter_is_accepted_and_a_wrong_digit_still_refused():
    first17 = "11010519491231002"
    assert idnumber.check_digit(first17) == "X"
    assert idnumber.parse(f"{first17[:6]} {first17[6:]}x")[0] == first17 + "X"
    with pytest.raises(idnumber.IdNumberError, match=r"应为18位（现在是17位）"):
        idnumber.parse(_spaced(NUMBER)[:-1])
    with pytest.raises(idnumber.IdNumberError, match="校验位"):
        idnumber.parse(_spaced(NUMBER[:17] + ("1" if NUMBER[17] != "1" else "2")))


def test_a_pasted_number_with_spaces_is_saved_from_the_person_form(world, branch_secretary, client):
    client.force_login(branch_secretary)
    html = client.get("/people/new/").content.decode()
    assert re.search(r'name="id_number" maxlength="30"', html)  # room for the separators while pasting
    r = client.post(
        "/people/new/",
        {"name": "孙丽", "gender": "female", "org": world.branch_a.pk, "category": "full", "status": "active",
         "id_number": _spaced(NUMBER)},
    )  # fmt: skip
    assert r.status_code == 302, r.content.decode()
    person = Person.objects.get(name="孙丽")
    assert person.get_id_number() == NUMBER and person.birth_date == datetime.date(1990, 5, 18)
    assert person.id_number_masked == idnumber.mask(NUMBER)


def test_the_same_number_written_differently_is_still_a_duplicate(world, branch_secretary, client):
    client.force_login(branch_secretary)
    base = {"gender": "female", "org": world.branch_a.pk, "category": "full", "status": "active"}
    assert client.post("/people/new/", {**base, "name": "孙丽", "id_number": NUMBER}).status_code == 302
    r = client.post("/people/new/", {**base, "name": "孙丽二", "id_number": _hyphened(NUMBER)})
    assert r.status_code == 200 and "该身份证号无法登记，请联系系统管理员核实" in r.content.decode()
    assert not Person.objects.filter(name="孙丽二").exists()


def test_hyphenated_numbers_in_an_import_are_normalised(world, branch_secretary, client):
    wb = openpyxl.Workbook()
    wb.active.append(["姓名", "性别", "身份证号", "所在党组织"])
    wb.active.append(["周强", "女", _hyphened(NUMBER), "统计局第一党支部"])
    buf = io.BytesIO()
    wb.save(buf)
    client.force_login(branch_secretary)
    html = client.post("/people/import/", {"file": SimpleUploadedFile("p.xlsx", buf.getvalue())}).content.decode()
    token = re.search(r'name="token" value="([0-9a-f]{32})"', html)
    assert token, html
    r = client.post("/people/import/", {"op": "confirm", "token": token.group(1)})
    assert r.status_code == 302
    assert Person.objects.get(name="周强").get_id_number() == NUMBER


def test_the_api_accepts_a_spaced_number_too(world, branch_secretary, api):
    r = api(branch_secretary).post(
        "people",
        {"name": "孙丽", "gender": "female", "org": world.branch_a.pk, "id_number": _spaced(NUMBER)},
    )
    assert r.status_code == 201, r.content
    assert Person.objects.get(name="孙丽").get_id_number() == NUMBER
