"""班组/科室: teams of a host unit, their people and covering party groups, the coverage view, the API, the
cockpit widget — refusals, bad input, scope and the edit round-trip."""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.test import Client

from core.audit import AuditEvent
from core.testing import make_person, make_user, table_rows
from orgs import teams as coverage_module
from orgs.models import Organisation, Person, Team

TODAY = datetime.date(2026, 11, 20)


@pytest.fixture
def tw(world):
    """Three teams of 测试区统计局 (branch_a): a covered front-line team with one Party member among 群众, a blank
    front-line team (only 积极分子), and an office no party group covers; one team of 测试区财政局 (branch_b)."""
    a, b = world.branch_a, world.branch_b
    a.refresh_from_db()
    group_a2 = a.add_child(name="统计局第二党小组", kind="group")
    t1 = Team.objects.create(org=a, name="普查一组", kind="team", front_line=True)
    t2 = Team.objects.create(org=a, name="数据采集组", kind="team", front_line=True)
    t3 = Team.objects.create(org=a, name="综合科", kind="section", front_line=False)
    tb = Team.objects.create(org=b, name="预算科", kind="section")
    t1.groups.set([world.group_a1])
    t2.groups.set([group_a2])
    tb.groups.set([])
    p = world.people
    masses = [make_person(a, f"群众{i}", category="mass", seq=20 + i) for i in range(3)]
    activists = [make_person(a, f"积极分子{i}", category="activist", seq=30 + i) for i in range(2)]
    gone = make_person(a, "转出者", category="full", seq=40, status="transferred_out")
    Person.objects.filter(pk__in=[p["secretary"].pk, *[m.pk for m in masses], gone.pk]).update(team=t1)
    Person.objects.filter(pk__in=[x.pk for x in activists]).update(team=t2)
    Person.objects.filter(pk=p["member"].pk).update(team=t3)
    Person.objects.filter(pk=p["outsider"].pk).update(team=tb)
    return {"t1": t1, "t2": t2, "t3": t3, "tb": tb, "group_a2": group_a2, "masses": masses, "activists": activists}


def _independent_share(org):
    """Party members (正式 + 预备) over all active people of the front-line teams, by plain counting."""
    people = Person.objects.filter(status="active", team__front_line=True, team__org__path__startswith=org.path)
    party = people.filter(category__in=["full", "probationary"]).count()
    return (Decimal(100 * party) / people.count()).quantize(Decimal("0.1"), ROUND_HALF_UP)


def test_the_coverage_view_lists_blank_and_uncovered_teams_and_the_front_line_share(world, tw, client):
    client.force_login(world.users["committee_admin"])
    cov = coverage_module.coverage(world.committee)
    assert [t.name for t in cov.blank] == ["数据采集组"]
    assert [t.name for t in cov.uncovered] == ["综合科", "预算科"]
    # 普查一组: 1 member + 3 群众 (the transferred-out member does not count); 数据采集组: 2 积极分子 → 1 / 6.
    assert cov.share == _independent_share(world.committee) == Decimal("16.7")
    r = client.get(f"/teams/coverage/?org={world.committee.pk}")
    html = r.content.decode()
    assert r.status_code == 200 and "16.7%" in html
    assert f'data-team="{tw["t2"].pk}"' in html.split('data-testid="blank-teams"')[1].split("</div></div>")[0]
    uncovered = html.split('data-testid="uncovered-teams"')[1]
    assert "综合科" in uncovered and "预算科" in uncovered and "普查一组" not in uncovered
    # The branch's own view: only its teams.
    branch = coverage_module.coverage(world.branch_a)
    assert [t.name for t in branch.uncovered] == ["综合科"]


def test_the_coverage_export_lists_every_team_with_its_problems(world, tw, client):
    client.force_login(world.users["committee_admin"])
    r = client.get(f"/teams/coverage.xlsx?org={world.branch_a.pk}")
    assert r.status_code == 200
    rows = table_rows(r.content)
    assert rows[0][:4] == ["序号", "所在单位", "所属党组织", "班组/科室"]
    by_name = {row[3]: row for row in rows[1:] if row[3]}
    assert set(by_name) == {"普查一组", "数据采集组", "综合科"}
    assert by_name["数据采集组"][9] == "党员空白班组" and by_name["综合科"][9] == "无党小组覆盖"
    assert by_name["普查一组"][6:8] == [4, 1]


def test_the_cockpit_widget_reports_the_share_and_links_the_blank_teams(world, tw, django_assert_num_queries):
    with django_assert_num_queries(1):
        w = coverage_module.team_coverage(world.users["committee_admin"], world.committee, TODAY)
    assert w["key"] == "orgs.team_coverage" and w["unit"] == "%"
    assert w["value"] == float(_independent_share(world.committee)) == 16.7
    assert w["status"] == "amber"  # the target is met, but a team is blank and two are uncovered
    assert [(i["label"], i["status"], i["url"]) for i in w["items"]] == [
        ("数据采集组（党员空白）", "red", f"/teams/{tw['t2'].pk}/"),
        ("综合科（无党小组覆盖）", "amber", f"/teams/{tw['t3'].pk}/"),
        ("预算科（无党小组覆盖）", "amber", f"/teams/{tw['tb'].pk}/"),
    ]
    assert w["items"][0]["org"] == {"id": world.branch_a.pk, "name": "测试区统计局"}
    # Below the target it is red; a subtree without teams has no widget.
    Person.objects.filter(pk=world.people["secretary"].pk).update(team=None)
    assert coverage_module.team_coverage(None, world.committee, TODAY)["status"] == "red"
    root = Organisation.add_root(name="另一工委", kind="working_committee", unit="另一区委")
    assert coverage_module.team_coverage(None, root, TODAY) is None
    # The cost does not grow with the teams.
    for i in range(5):
        Team.objects.create(org=world.branch_b, name=f"新组{i}", front_line=True).groups.set([])
    with django_assert_num_queries(1):
        coverage_module.team_coverage(None, world.committee, TODAY)


def test_the_widget_is_declared_on_orgs(world):
    from core.modules import cockpit_widgets

    assert "orgs.team_coverage" in {w.key for w in cockpit_widgets()}


# ---------------------------------------------------------------- API


def test_a_secretary_creates_lists_and_updates_teams_through_the_api(world, api):
    c = api(world.users["branch_secretary"])
    r = c.post("teams", {"org": world.branch_a.pk, "name": "  质控组 ", "kind": "team", "front_line": True})
    assert r.status_code == 201, r.content
    t = r.json()
    assert (t["name"], t["unit"], t["front_line"], t["people"], t["groups"]) == ("质控组", "测试区统计局", True, 0, [])
    assert AuditEvent.objects.filter(action="orgs.team.create", object_id=str(t["id"])).exists()
    r = c.patch(f"teams/{t['id']}", {"front_line": False})
    assert r.status_code == 200 and r.json()["front_line"] is False and r.json()["name"] == "质控组"
    r = c.post(f"teams/{t['id']}/people", {"people": [world.people["member"].pk]})
    assert r.status_code == 200 and (r.json()["people"], r.json()["party_members"]) == (1, 1)
    r = c.put(f"teams/{t['id']}/groups", {"groups": [world.group_a1.pk]})
    assert r.json()["groups"] == [{"id": world.group_a1.pk, "name": world.group_a1.name}]
    listed = c.get("teams", {"org": world.branch_a.pk}).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == t["id"]
    cov = c.get("teams/coverage", {"org": world.branch_a.pk}).json()
    assert cov["teams"] == 1 and cov["blank"] == [] and cov["uncovered"] == []
    assert cov["front_line"]["share"] is None  # no front-line team any more


def test_the_api_coverage_matches_the_independent_count(world, tw, api):
    cov = api(world.users["committee_admin"]).get("teams/coverage", {"org": world.committee.pk}).json()
    assert [t["name"] for t in cov["blank"]] == ["数据采集组"]
    assert [t["name"] for t in cov["uncovered"]] == ["综合科", "预算科"]
    assert Decimal(str(cov["front_line"]["share"])) == _independent_share(world.committee)
    assert (cov["front_line"]["people"], cov["front_line"]["party_members"], cov["front_line"]["target"]) == (6, 1, 10)


def test_another_branch_s_teams_answer_404(world, tw, api, client):
    c = api(world.users["outsider"])
    t1 = tw["t1"]
    assert c.get(f"teams/{t1.pk}").status_code == 404
    assert c.patch(f"teams/{t1.pk}", {"name": "改名"}).status_code == 404
    assert c.post(f"teams/{t1.pk}/people", {"people": [world.people["outsider"].pk]}).status_code == 404
    assert c.get("teams/coverage", {"org": world.branch_a.pk}).status_code == 404
    assert [t["name"] for t in c.get("teams").json()["items"]] == ["预算科"]
    client.force_login(world.users["outsider"])
    for url in (
        f"/teams/{t1.pk}/",
        f"/teams/{t1.pk}/edit/",
        f"/teams/{t1.pk}/groups/",
        f"/teams/coverage/?org={world.branch_a.pk}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"/teams/{t1.pk}/delete/").status_code == 404
    assert Team.objects.filter(pk=t1.pk).exists()


def test_another_committee_s_teams_answer_404_to_the_committee(world, api):
    other = Organisation.add_root(name="另一区直机关工委", kind="working_committee", unit="另一区委")
    team = Team.objects.create(org=other, name="外单位班组")
    c = api(world.users["committee_admin"])
    assert c.get(f"teams/{team.pk}").status_code == 404
    assert c.get("teams/coverage", {"org": other.pk}).status_code == 404
    r = c.post("teams", {"org": other.pk, "name": "越权班组"})
    assert r.status_code == 422 and "不在您的管理范围内" in r.json()["detail"]


def test_a_member_reads_nothing_she_may_not_and_changes_nothing(world, tw, api):
    c = api(world.users["branch_member"])
    r = c.post("teams", {"org": world.branch_a.pk, "name": "自建组"})
    assert r.status_code == 403 and "党务管理员" in r.json()["detail"]
    assert c.patch(f"teams/{tw['t1'].pk}", {"name": "改名"}).status_code == 403
    assert Team.objects.get(pk=tw["t1"].pk).name == "普查一组"


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_the_system_roles_are_refused(world, tw, api, role, client):
    c = api(world.users[role])
    r = c.post("teams", {"org": world.branch_a.pk, "name": "系统组"})
    assert r.status_code == 403 and "三员分立" in r.json()["detail"]
    assert c.get("teams").status_code == 403
    assert not Team.objects.filter(name="系统组").exists()
    client.force_login(world.users[role])
    assert client.get("/teams/").status_code == 403
    assert client.post(f"/people/{world.people['member'].pk}/team/", {"team": tw["t1"].pk}).status_code in (302, 404)
    assert Person.objects.get(pk=world.people["member"].pk).team_id == tw["t3"].pk


@pytest.mark.parametrize(
    "body, field, message",
    [
        ({"name": "   "}, "name", "请填写名称"),
        ({"name": "新组", "kind": "brigade"}, "kind", "类别中没有"),
        ({"name": "普查一组"}, "name", "已有同名"),
        ({"name": "x" * 101}, "name", None),
    ],
)
def test_bad_input_is_told_in_chinese_and_changes_nothing(world, tw, api, body, field, message):
    c = api(world.users["branch_secretary"])
    before = Team.objects.count()
    r = c.post("teams", {"org": world.branch_a.pk, **body})
    assert r.status_code == 422, r.content
    if message:
        assert message in r.json()["detail"] and field in r.json()["errors"]
    assert Team.objects.count() == before


def test_a_team_needs_an_organisation_with_a_host_unit(world, api):
    world.branch_a.refresh_from_db()
    plain = world.committee.add_child(name="无单位党支部", kind="branch", unit="")
    r = api(world.users["committee_admin"]).post("teams", {"org": plain.pk, "name": "某组"})
    assert r.status_code == 422 and "未登记所在单位" in r.json()["detail"]


def test_people_of_another_unit_cannot_join_a_team(world, tw, api):
    c = api(world.users["committee_admin"])
    r = c.post(f"teams/{tw['t1'].pk}/people", {"people": [world.people["outsider"].pk]})
    assert (r.status_code == 422 and "不存在或不可选" in r.json()["detail"]) or "范围" in r.json()["detail"]
    assert Person.objects.get(pk=world.people["outsider"].pk).team_id == tw["tb"].pk
    r = c.put(f"teams/{tw['t1'].pk}/groups", {"groups": [world.branch_b.pk]})
    assert r.status_code == 422
    assert c.post(f"teams/{tw['t1'].pk}/people", {"people": []}).status_code == 422


# ---------------------------------------------------------------- pages


def test_a_secretary_creates_edits_and_deletes_a_team_on_the_pages(world, tw, client):
    client.force_login(world.users["branch_secretary"])
    r = client.get(f"/teams/?org={world.branch_a.pk}")
    assert r.status_code == 200 and "普查一组" in r.content.decode() and "新建班组/科室" in r.content.decode()
    r = client.post("/teams/new/", {"org": world.branch_a.pk, "name": "后勤组", "kind": "team", "front_line": "on"})
    team = Team.objects.get(name="后勤组")
    assert r.status_code == 302 and r["Location"] == f"/teams/{team.pk}/" and team.front_line
    r = client.post(f"/teams/{team.pk}/edit/", {"name": "后勤保障组", "kind": "team"})  # the box unticked
    team.refresh_from_db()
    assert (team.name, team.front_line) == ("后勤保障组", False)
    # A refusal keeps the form filled.
    r = client.post(f"/teams/{team.pk}/edit/", {"name": "普查一组", "kind": "section"})
    html = r.content.decode()
    assert r.status_code == 200 and "已有同名" in html and 'value="普查一组"' in html
    # Delete (the button asks first: data-confirm); people stay in the register without a team.
    detail = client.get(f"/teams/{tw['t1'].pk}/").content.decode()
    assert "data-confirm=" in detail and "删除" in detail
    r = client.post(f"/teams/{tw['t1'].pk}/delete/")
    assert r.status_code == 302 and not Team.objects.filter(pk=tw["t1"].pk).exists()
    assert Person.objects.get(pk=world.people["secretary"].pk).team_id is None
    event = AuditEvent.objects.get(action="orgs.team.delete")
    assert world.people["secretary"].pk in event.before["people"]


def test_the_team_edit_page_posted_back_unchanged_changes_nothing(world, tw, client):
    client.force_login(world.users["branch_secretary"])
    for team in (tw["t1"], tw["t3"]):  # front line ticked and not
        html = client.get(f"/teams/{team.pk}/edit/").content.decode()
        data = {"name": team.name, "kind": team.kind}
        if 'name="front_line"' in html and "checked" in html.split('name="front_line"')[1].split(">")[0]:
            data["front_line"] = "on"
        before = Team.objects.filter(pk=team.pk).values().get()
        assert client.post(f"/teams/{team.pk}/edit/", data).status_code == 302
        after = Team.objects.filter(pk=team.pk).values().get()
        assert {k: v for k, v in after.items() if k != "updated_at"} == {
            k: v for k, v in before.items() if k != "updated_at"
        }


def test_the_person_edit_form_keeps_her_team(world, tw, client):
    """The register's edit form does not carry the team: saving it unchanged leaves her in her team."""
    member = world.people["member"]
    client.force_login(world.users["branch_secretary"])
    html = client.get(f"/people/{member.pk}/edit/").content.decode()
    assert 'name="team"' not in html
    data = {
        "name": member.name,
        "gender": member.gender,
        "ethnicity": member.ethnicity,
        "category": member.category,
        "org": member.org_id,
        "group": member.group_id or "",
        "status": member.status,
    }
    assert client.post(f"/people/{member.pk}/edit/", data).status_code == 302
    assert Person.objects.get(pk=member.pk).team_id == tw["t3"].pk


def test_assigning_a_person_from_her_page_and_from_the_team_page(world, tw, client):
    client.force_login(world.users["branch_secretary"])
    member = world.people["member"]
    html = client.get(f"/people/{member.pk}/").content.decode()
    assert "调整班组/科室" in html and "综合科" in html
    r = client.post(f"/people/{member.pk}/team/", {"team": tw["t1"].pk})
    assert r.status_code == 302 and Person.objects.get(pk=member.pk).team_id == tw["t1"].pk
    assert AuditEvent.objects.filter(action="orgs.person.team", object_id=str(member.pk)).exists()
    # Another unit's team is refused, and nothing changes.
    client.force_login(world.users["committee_admin"])
    client.post(f"/people/{member.pk}/team/", {"team": tw["tb"].pk})
    assert Person.objects.get(pk=member.pk).team_id == tw["t1"].pk
    # The team page puts several people in at once, moving them out of their teams.
    activist = tw["activists"][0]
    r = client.post(f"/teams/{tw['t3'].pk}/people/", {"people": [member.pk, activist.pk]})
    assert r.status_code == 302
    assert set(Team.objects.get(pk=tw["t3"].pk).people.values_list("pk", flat=True)) == {member.pk, activist.pk}
    # 移出 from the team page.
    r = client.post(f"/people/{activist.pk}/team/", {"team": "", "next": f"/teams/{tw['t3'].pk}/"})
    assert r["Location"] == f"/teams/{tw['t3'].pk}/" and Person.objects.get(pk=activist.pk).team_id is None


def test_the_coverage_editor_sets_the_covering_groups(world, tw, client):
    client.force_login(world.users["branch_secretary"])
    html = client.get(f"/teams/{tw['t3'].pk}/groups/").content.decode()
    assert "统计局第一党小组" in html and "统计局第二党小组" in html
    r = client.post(f"/teams/{tw['t3'].pk}/groups/", {"groups": [world.group_a1.pk, tw["group_a2"].pk]})
    assert r.status_code == 302
    assert set(tw["t3"].groups.values_list("pk", flat=True)) == {world.group_a1.pk, tw["group_a2"].pk}
    assert coverage_module.coverage(world.branch_a).uncovered == []
    r = client.post(f"/teams/{tw['t3'].pk}/groups/", {"groups": ["abc"]})
    assert r.status_code == 200 and "覆盖党小组" in r.content.decode()


def test_the_team_pages_keep_a_constant_number_of_queries(world, tw, client, django_assert_max_num_queries):
    client.force_login(world.users["committee_admin"])
    client.get("/teams/coverage/")

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(f"/teams/coverage/?org={world.committee.pk}").status_code == 200
            assert client.get(f"/teams/?org={world.committee.pk}").status_code == 200
        return len(ctx.captured_queries)

    first = count()
    for i in range(6):
        t = Team.objects.create(org=world.branch_b, name=f"加组{i}", front_line=True)
        t.groups.set([])
        make_person(world.branch_b, f"加人{i}", seq=50 + i).__class__.objects.filter(name=f"加人{i}").update(team=t)
    assert count() == first


def test_a_plain_client_without_login_is_sent_to_the_login_page(world):
    assert Client().get("/teams/")["Location"].startswith("/accounts/login/")
    assert make_user  # personas come from core.testing
