"""学历认证: a person (or her admin) enters an education record with its certificate; an admin over her
organisation verifies it (never her own); it shows on the person's page; other trees see nothing."""

import pytest

from learning.models import EducationRecord

from .extras_helpers import PNG, multipart, page_client

pytestmark = pytest.mark.django_db


def _body(person, **over):
    return {
        "person": person.pk,
        "level": "bachelor",
        "school": "山东大学",
        "major": "统计学",
        "graduated_on": "2010-06-30",
        **over,
    }


def test_a_member_enters_hers_and_an_admin_verifies_it(world, api, branch_member, branch_secretary):
    r = multipart(branch_member, "learning/education-records", _body(world.people["member"]), file=("毕业证.png", PNG))
    assert r.status_code == 201, r.content
    rec = r.json()
    assert rec["state"] == "pending" and rec["actions"] == [] and rec["certificate"]
    assert api(branch_secretary).get("learning/education-records").json()["items"][0]["actions"] == ["verify", "reject"]
    r = api(branch_secretary).post(
        f"learning/education-records/{rec['id']}/transitions/verify", {"comment": "核验原件"}
    )
    assert r.status_code == 200 and r.json()["state"] == "verified"
    page = page_client(branch_secretary).get(f"/people/{world.people['member'].pk}/").content.decode()
    assert "学历信息" in page and "大学本科 · 山东大学 · 统计学" in page and "已认证" in page


def test_refusals_and_bad_input(world, api, branch_member, branch_secretary, outsider, sysadmin):
    member = world.people["member"]
    r = multipart(branch_member, "learning/education-records", _body(world.people["secretary"]))
    assert r.status_code == 422 and "未找到该人员" in r.json()["detail"]  # not hers to enter
    r = multipart(branch_member, "learning/education-records", _body(member, graduated_on="2999-01-01"))
    assert r.status_code == 422 and "毕业日期" in r.json()["detail"]
    r = multipart(branch_member, "learning/education-records", _body(member, level="phd"))
    assert r.status_code == 422
    r = multipart(branch_member, "learning/education-records", _body(member), file=("证书.pdf", b"plain text"))
    assert r.status_code == 422 and "不是允许的类型" in r.json()["detail"]
    assert multipart(sysadmin, "learning/education-records", _body(member)).status_code == 403
    own = multipart(branch_secretary, "learning/education-records", _body(world.people["secretary"])).json()
    r = api(branch_secretary).post(f"learning/education-records/{own['id']}/transitions/verify", {})
    assert r.status_code == 403 and "不能认证本人的学历" in r.json()["detail"]
    assert api(outsider).post(f"learning/education-records/{own['id']}/transitions/verify", {}).status_code == 404
    r = api(world.users["committee_admin"]).post(f"learning/education-records/{own['id']}/transitions/reject", {})
    assert r.status_code == 422  # a reason is needed
    assert EducationRecord.objects.filter(state="pending").count() == 1


def test_the_list_keeps_its_query_count(world, branch_secretary, django_assert_max_num_queries):
    for i in range(4):
        multipart(branch_secretary, "learning/education-records", _body(world.people["member"], school=f"大学{i}"))
    c = page_client(branch_secretary)
    with django_assert_max_num_queries(20):
        page = c.get("/learning/education/").content.decode()
    assert page.count("data-education=") == 4
