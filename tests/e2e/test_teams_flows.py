"""Browser flow of 班组覆盖 at 1280 and 375 px: the committee opens the coverage view, sees the blank team (党员空白班组),
opens it and assigns a Party member to it; the coverage view then lists no blank team and the share rises."""

import pytest

from core.testing import make_person
from orgs.models import Person, Team


def _shot(page, name):
    import pathlib

    shots = pathlib.Path("/tmp/teams-e2e-shots")
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_the_committee_finds_the_blank_team_and_assigns_a_member_to_it(e2e_world, page, login, nav, width):
    page.set_viewport_size({"width": width, "height": 900})
    w = e2e_world
    covered = Team.objects.create(org=w.branch_a, name="普查一组", front_line=True)
    covered.groups.set([w.group_a1])
    blank = Team.objects.create(org=w.branch_a, name="数据采集组", front_line=True)
    blank.groups.set([w.group_a1])
    office = Team.objects.create(org=w.branch_a, name="综合科", kind="section")  # no party group covers it
    make_person(w.branch_a, "赵敏", seq=30, team=office)
    masses = [make_person(w.branch_a, f"职工{i}", category="mass", seq=20 + i) for i in range(3)]
    Person.objects.filter(pk__in=[w.people["secretary"].pk, masses[0].pk]).update(team=covered)
    Person.objects.filter(pk__in=[m.pk for m in masses[1:]]).update(team=blank)

    login("committee")
    nav("覆盖情况")
    assert page.locator("[data-testid=blank-count]").inner_text() == "1"
    assert page.locator("[data-testid=uncovered-count]").inner_text() == "1"
    assert "25.0%" in page.locator("[data-testid=front-line-share]").inner_text()  # 1 member among 4 workers
    _shot(page, f"coverage-{width}")

    page.locator("[data-testid=blank-teams]").get_by_role("link", name="数据采集组").click()
    form = page.locator("[data-testid=team-people-form]")
    form.locator("select[name=people]").select_option(str(w.people["member"].pk))
    _shot(page, f"team-{width}")
    form.get_by_role("button", name="编入").click()
    assert "已将1人编入数据采集组" in page.locator(".alert-success, [role=alert]").first.inner_text()
    assert "李娜" in page.locator("[data-testid=team-people]").inner_text()

    nav("覆盖情况")
    assert page.locator("[data-testid=blank-count]").inner_text() == "0"
    assert "40.0%" in page.locator("[data-testid=front-line-share]").inner_text()  # 2 of 5
    assert "没有党员空白班组" in page.locator("[data-testid=blank-teams]").inner_text()
    _shot(page, f"coverage-after-{width}")
