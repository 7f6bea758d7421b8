"""考核评星 self-checks in the shared search (issue 15, item 6): a submitted self-check is found with its badge and
link by its organisation's subtree and the committee, never by another branch; a draft by nobody."""

import pytest
from django.apps import apps
from django.test import Client

from search import index
from search.models import SearchEntry
from search.tests.helpers_kinds import badge, found, kinds_of, page, result_list

pytestmark = pytest.mark.skipif(not apps.is_installed("search"), reason="search app not installed")

# ---- 考核自查报告 -----------------------------------------------------------------------------------


@pytest.fixture
def selfcheck_round(world):
    from assessments.tests.factories_rounds import make_round, make_scheme

    return make_round(world, make_scheme(world), state="selfcheck")


def test_a_submitted_self_check_is_found_by_its_organisation_and_the_committee_only(
    world, api, selfcheck_round, branch_secretary, branch_member, committee_admin, outsider
):
    from assessments import actions_rounds

    r = selfcheck_round
    actions_rounds.save_selfcheck(
        r,
        world.branch_a,
        by=branch_secretary,
        data=None,
        sections={"practices": "推行“支部+网格”工作法，党员包片联户。", "problems": "青年党员参与不够。"},
        submit=True,
    )
    actions_rounds.save_selfcheck(
        r, world.branch_b, by=outsider, data=None, sections={"practices": "推行“党建+预算绩效”工作法。"}
    )  # a draft
    url = f"/assessments/rounds/{r.pk}/selfchecks/{world.branch_a.pk}/"
    for reader in (branch_member, branch_secretary, committee_admin):
        body = found(api, reader, "支部+网格工作法")
        assert kinds_of(body) == ["selfcheck"], reader
        assert body["items"][0]["url"] == url and body["items"][0]["type"] == "quarter"
    body = found(api, outsider, "支部网格工作法 包片联户")
    assert body["count"] == 0 and body["items"] == []
    # The other branch's draft is nobody's search result, not even the committee's or its own.
    for reader in (committee_admin, outsider):
        assert found(api, reader, "党建+预算绩效")["count"] == 0
    html = result_list(page(branch_member, "包片联户"))
    assert badge("考核自查报告") in html and "季度考核" in html
    assert f'href="{url}"' in html
    client = Client()
    client.force_login(branch_member)
    assert "包片联户" in client.get(url).content.decode()


def test_a_self_check_follows_its_rounds_title(world, api, selfcheck_round, branch_secretary, committee_admin):
    from assessments import actions_rounds

    r = selfcheck_round
    actions_rounds.save_selfcheck(
        r, world.branch_a, by=branch_secretary, data=None, sections={"practices": "每月主题党日。"}, submit=True
    )
    data = actions_rounds._current_data(r)
    actions_rounds.update_round(r, by=committee_admin, data={**data, "title": "2026年一季度星级支部创建考核"})
    assert "星级支部创建考核" in found(api, committee_admin, "星级支部创建考核 自查")["items"][0]["title"]


def test_reindex_rebuilds_submitted_self_checks_only(world, selfcheck_round, branch_secretary, outsider):
    from assessments import actions_rounds

    sections = {"practices": "每月主题党日。"}
    sc = actions_rounds.save_selfcheck(
        selfcheck_round, world.branch_a, by=branch_secretary, data=None, sections=sections, submit=True
    )
    actions_rounds.save_selfcheck(selfcheck_round, world.branch_b, by=outsider, data=None, sections=sections)
    before = sorted(SearchEntry.objects.values_list("kind", "object_id"))
    assert before == [("selfcheck", sc.pk)]
    SearchEntry.objects.all().delete()
    index.rebuild()
    assert sorted(SearchEntry.objects.values_list("kind", "object_id")) == before
