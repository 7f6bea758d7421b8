"""The pages of 项目化管理: list (filters, pinned queries), create from a catalogue entry, edit refill, detail,
transitions from the page, the 立项表 print, the 项目管理台账 export, settings, catalogue and to-dos."""

import pytest
from django.urls import reverse

from core.testing import load_sheet
from projects import actions
from projects.models import CatalogueEntry, Project
from projects.tests.factories import category, charter, make_project


def login(client, user):
    client.force_login(user)
    return client


def test_project_list_filters_and_its_query_count_is_pinned(
    world, client, committee_admin, django_assert_max_num_queries
):
    c = login(client, committee_admin)
    make_project(world, tier="key", title="党建品牌培育")
    make_project(world, tier="micro", title="老党员暖心行动")
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(28):  # the sidebar's to-do counts add 9; flat in the number of projects
        r = c.get("/projects/")
    assert r.status_code == 200 and "党建品牌培育" in r.content.decode()
    for n in range(6):
        make_project(world, title=f"项目{n}")
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(28):  # the sidebar's to-do counts add 9; flat in the number of projects
        r = c.get("/projects/?tier=micro")
    body = r.content.decode()
    assert "老党员暖心行动" in body and "党建品牌培育" not in body
    assert "党建品牌培育" not in c.get(f"/projects/?state=submitted&org={world.branch_a.pk}").content.decode()
    assert c.get("/projects/?tier=bogus&org=99999999999999999999").status_code == 200  # ignored, not a 500


def test_a_project_is_created_from_a_catalogue_entry_on_the_page(world, client, branch_secretary):
    entry = CatalogueEntry.objects.create(
        category=category(world.committee, "主题实践"), title="党员先锋岗", content="设岗定责", measures="季度点评"
    )
    c = login(client, branch_secretary)
    form = c.get(f"/projects/new/?entry={entry.pk}").content.decode()
    assert "设岗定责" in form and "季度点评" in form and 'name="entry"' in form
    data = charter(world, title="窗口党员先锋岗", content="设岗定责", measures="季度点评")
    r = c.post(f"/projects/new/?entry={entry.pk}", {**data, "entry": entry.pk})
    project = Project.objects.get(title="窗口党员先锋岗")
    assert r.status_code == 302 and project.entry == entry and project.state == "draft"
    assert project.criteria.count() == 3


def test_a_refused_field_refills_the_whole_form_and_saves_nothing(world, client, branch_secretary):
    project = make_project(world)
    c = login(client, branch_secretary)
    data = charter(world, title="改过的名称", start="2026-05-01", end="2026-04-01", slogan="新口号")
    r = c.post(reverse("projects:project_edit", args=[project.pk]), data)
    body = r.content.decode()
    assert r.status_code == 200 and "完成时限不能早于开始日期" in body
    assert 'value="改过的名称"' in body and 'value="新口号"' in body and 'value="2026-05-01"' in body
    project.refresh_from_db()
    assert project.title == "在职党员进社区"


def test_weights_not_adding_to_100_are_refused_on_the_page(world, client, branch_secretary):
    c = login(client, branch_secretary)
    r = c.post("/projects/new/", charter(world, criteria="完成进度 50\n满意度 30"))
    assert r.status_code == 200 and "合计须为100，现在是80" in r.content.decode()
    r = c.post("/projects/new/", charter(world, criteria="完成进度很好"))
    assert "格式不对" in r.content.decode() and not Project.objects.exists()


def test_submit_on_the_page_names_what_is_missing(world, client, branch_secretary):
    project = make_project(world, budget="", criteria="", owner="")
    c = login(client, branch_secretary)
    detail = c.get(f"/projects/{project.pk}/").content.decode()
    assert "“1+5”：责任人、项目经费、考核机制" in detail and 'data-transition="submit"' in detail
    r = c.post(f"/projects/{project.pk}/transition/submit/", follow=True)
    text = r.content.decode()
    assert "立项表不完整" in text and "项目经费" in text and "考核机制" in text
    project.refresh_from_db()
    assert project.state == "draft"


def test_the_committee_approves_from_the_page_and_the_log_shows_who_and_why(
    world, client, branch_secretary, committee_admin
):
    project = make_project(world)
    actions.transition(project, "submit", by=branch_secretary)
    c = login(client, committee_admin)
    page = c.get(f"/projects/{project.pk}/").content.decode()
    assert 'data-transition="approve"' in page and 'data-transition="return"' in page
    c.post(f"/projects/{project.pk}/transition/approve/", {"comment": "同意立项"})
    project.refresh_from_db()
    assert project.state == "approved"
    page = c.get(f"/projects/{project.pk}/").content.decode()
    assert "审批通过" in page and "同意立项" in page and "第1级" in page
    # The branch's page offers it no approval at any point.
    own = login(client, branch_secretary).get(f"/projects/{project.pk}/").content.decode()
    assert 'data-transition="start"' in own and 'data-transition="approve"' not in own


def test_another_branch_and_the_system_roles_get_404_on_the_pages(world, client, outsider, sysadmin):
    project = make_project(world)
    for user in (outsider, sysadmin):
        c = login(client, user)
        for url in (f"/projects/{project.pk}/", f"/projects/{project.pk}/edit/", f"/projects/{project.pk}/print/"):
            assert c.get(url).status_code == 404, (user, url)
        assert c.post(f"/projects/{project.pk}/transition/submit/").status_code == 404


def test_the_print_page_carries_the_whole_charter(world, client, branch_secretary):
    project = make_project(world)
    body = login(client, branch_secretary).get(f"/projects/{project.pk}/print/").content.decode()
    for text in (
        "党建工作项目立项表",
        "七彩心桥",
        "居民有所呼，党员有所应",
        "群众满意度：40%",
        "包联领导",
        "上级党组织",
    ):
        assert text in body, text


def test_the_export_is_a_printable_ledger_of_the_visible_projects(world, client, committee_admin, outsider):
    from core.testing import assert_printable_ledger

    make_project(world, title="党建品牌培育")
    r = login(client, committee_admin).get("/projects/export.xlsx")
    ws = load_sheet(r.content)
    header = assert_printable_ledger(ws, title_has=("项目管理台账",))
    assert header[:3] == ["党组织", "项目名称", "口号"]
    assert ws.cell(4, 2).value == "党建品牌培育" and ws.cell(4, 10).value == 5000
    other = load_sheet(login(client, outsider).get("/projects/export.xlsx").content)
    assert "党建品牌培育" not in {c.value for row in other.iter_rows() for c in row}


def test_the_committee_configures_categories_and_settings(world, client, committee_admin, branch_secretary):
    c = login(client, committee_admin)
    assert c.get("/projects/settings/").status_code == 200
    r = c.post(
        "/projects/settings/",
        {
            "committee": world.committee.pk,
            "approval_tiers": ["key"],
            "approval_levels": "2",
            "satisfaction_threshold": "85",
        },
    )
    assert r.status_code == 302
    assert world.committee.project_settings.approval_levels == 2
    c.post(f"/projects/settings/{world.committee.pk}/categories/", {"name": "试点类", "kind": "pilot"})
    assert world.committee.project_categories.get(name="试点类").funding_eligible
    bad = c.post(
        "/projects/settings/", {"committee": world.committee.pk, "approval_levels": "5", "satisfaction_threshold": "85"}
    )
    assert "审批级数应为1到3级" in bad.content.decode()
    assert login(client, branch_secretary).get("/projects/settings/").status_code == 404


def test_the_catalogue_page_offers_start_from_entry(world, client, branch_secretary):
    CatalogueEntry.objects.create(
        category=category(world.committee), title="困难党员结对关怀", content="结对", measures="走访"
    )
    body = login(client, branch_secretary).get("/projects/catalogue/").content.decode()
    assert "困难党员结对关怀" in body and 'data-testid="start-from-entry"' in body
    assert "添加参考项目" not in body  # the branch reads the library; the committee keeps it


@pytest.mark.parametrize("returned", [False, True])
def test_to_dos_for_the_committee_and_the_owner(world, branch_secretary, committee_admin, returned):
    from django.utils import timezone

    from projects import todos

    project = make_project(world)
    actions.transition(project, "submit", by=branch_secretary)
    if returned:
        actions.transition(project, "return", by=committee_admin, comment="补充预期目标")
        assert todos.count(committee_admin, timezone.localdate()) == 0
        [item] = todos.items(branch_secretary, timezone.localdate())
        assert item.kind == "projects.returned" and "补充预期目标" in item.note
    else:
        [item] = todos.items(committee_admin, timezone.localdate())
        assert item.kind == "projects.approval" and todos.count(committee_admin, timezone.localdate()) == 1
        assert todos.items(branch_secretary, timezone.localdate()) == []


def test_the_mentor_role_opens_nothing_but_her_projects(world, client):
    from projects.tests.factories import mentor

    her = mentor(world)
    mine = make_project(world, mentors=[her.person_id])
    other = make_project(world, title="别的项目")
    c = login(client, her)
    assert c.get(f"/projects/{mine.pk}/").status_code == 200
    assert c.get(f"/projects/{other.pk}/").status_code == 404
    listing = c.get("/projects/").content.decode()
    assert mine.title in listing and "别的项目" not in listing
    assert c.get("/records/").status_code == 403  # no business data of the organisation
