"""The committee's rule settings, the RAG table page and its API: scope, refusals, bad input, round trip."""

import pytest

from core.models import AuditEvent
from dashboard.models import WarningSetting

GM = "plans.general_meeting"
URL = "/api/v1/cockpit/warnings"
SETTINGS = "/api/v1/cockpit/warnings/settings"


def test_the_api_lists_branches_checks_and_findings(world, committee_admin, api, today):
    r = api(committee_admin).get(URL, {"org": world.committee.pk})
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["org"] == {"id": world.committee.pk, "name": world.committee.name}
    assert [c["code"] for c in body["checks"] if c["code"].startswith("plans.")] == [
        GM,
        "plans.committee_meeting",
        "plans.group_meeting",
        "plans.party_lesson",
    ]
    assert {b["org"]["id"] for b in body["branches"]} == {world.branch_a.pk, world.branch_b.pk}
    first = body["branches"][0]["findings"][0]
    assert set(first) == {"code", "status", "text", "url"}
    assert sum(body["counts"].values()) == 2
    red = api(committee_admin).get(URL, {"org": world.committee.pk, "red": "true"}).json()
    assert all(b["status"] == "red" for b in red["branches"])


def test_another_branch_or_committee_answers_404_and_the_three_roles_are_refused(
    world, outsider, branch_member, sysadmin, auditor, api, today
):
    assert api(outsider).get(URL, {"org": world.branch_a.pk}).status_code == 404
    assert api(outsider).get(URL, {"org": world.committee.pk}).status_code == 404
    assert api(outsider).get(URL, {"org": world.branch_b.pk}).status_code == 200
    assert api(branch_member).get(URL, {"org": world.branch_a.pk}).status_code == 403
    for user in (sysadmin, auditor):
        assert api(user).get(URL, {"org": world.committee.pk}).status_code in (403, 404)
    assert api(outsider).get(URL, {"org": "abc"}).status_code == 422
    assert api(outsider).get(URL, {"org": 99999999999999999999}).status_code == 422


def test_the_committee_disables_a_check_and_sets_its_days_audited(world, committee_admin, api, today):
    r = api(committee_admin).post(SETTINGS, {"org": world.committee.pk, "code": GM, "enabled": False})
    assert r.status_code == 200, r.content
    assert r.json()["enabled"] is False
    body = api(committee_admin).get(URL, {"org": world.committee.pk}).json()
    assert GM not in [c["code"] for c in body["checks"]]
    assert all(GM not in [f["code"] for f in b["findings"]] for b in body["branches"])
    r = api(committee_admin).post(SETTINGS, {"org": world.committee.pk, "code": GM, "params": {"amber_days": 12}})
    assert r.json()["params"] == {"amber_days": 12} and r.json()["enabled"] is True
    events = AuditEvent.objects.filter(action="dashboard.warning_setting.update")
    assert events.count() == 2
    assert events.order_by("id").last().after["params"] == {"amber_days": 12}


def test_bad_params_are_refused_with_a_message(world, committee_admin, api, today):
    for params in ({"amber_days": -1}, {"amber_days": 1000}):
        r = api(committee_admin).post(SETTINGS, {"org": world.committee.pk, "code": GM, "params": params})
        assert r.status_code == 422, r.content
        assert "提前提醒天数" in r.json()["detail"]
    r = api(committee_admin).post(SETTINGS, {"org": world.committee.pk, "code": GM, "params": {"amber_days": "x"}})
    assert r.status_code == 422
    r = api(committee_admin).post(SETTINGS, {"org": world.committee.pk, "code": "nope", "params": {}})
    assert r.status_code == 404
    assert not WarningSetting.objects.exists()


def test_settings_scope_and_refusals(world, committee_admin, branch_secretary, outsider, sysadmin, api, client, today):
    data = {"org": world.committee.pk, "code": GM, "enabled": False}
    assert api(outsider).post(SETTINGS, data).status_code == 404  # the committee is outside her scope
    assert api(outsider).get(SETTINGS, {"org": world.committee.pk}).status_code == 404
    r = api(branch_secretary).post(SETTINGS, {**data, "org": world.branch_a.pk})
    assert r.status_code == 403 and "党委" in r.json()["detail"]
    assert api(sysadmin).post(SETTINGS, data).status_code == 403
    assert not WarningSetting.objects.exists()
    client.force_login(outsider)
    assert client.get(f"/cockpit/warnings/settings/?org={world.committee.pk}").status_code == 404
    assert client.get(f"/cockpit/warnings/?org={world.branch_a.pk}").status_code == 404
    assert client.get("/cockpit/warnings/?org=abc").status_code == 404


def test_the_settings_page_saves_refuses_and_round_trips(world, committee_admin, client, today):
    client.force_login(committee_admin)
    url = f"/cockpit/warnings/settings/?org={world.committee.pk}"
    page = client.get(url)
    assert page.status_code == 200 and "支部党员大会（每季度）" in page.content.decode()
    # posted back unchanged: nothing stored, nothing audited
    r = client.post(url, {"code": GM, "org": world.committee.pk, "enabled": "on", "amber_days": "5"})
    assert r.status_code == 302
    assert (
        not WarningSetting.objects.exists() and not AuditEvent.objects.filter(action__startswith="dashboard.").exists()
    )
    r = client.post(url, {"code": GM, "org": world.committee.pk, "amber_days": "abc"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "提前提醒天数" in html and 'value="abc"' in html  # the refused field keeps what was typed
    r = client.post(url, {"code": GM, "org": world.committee.pk, "amber_days": "9"})
    assert r.status_code == 302
    s = WarningSetting.objects.get()
    assert (s.enabled, s.params) == (False, {"amber_days": 9})
    # the edit form shows the stored values; posted back unchanged it changes nothing
    client.post(url, {"code": GM, "org": world.committee.pk, "amber_days": "9"})
    assert AuditEvent.objects.filter(action="dashboard.warning_setting.update").count() == 1


def test_the_table_page_shows_colours_words_links_citations_and_filters_red(world, committee_admin, client, today):
    client.force_login(committee_admin)
    html = client.get(f"/cockpit/warnings/?org={world.committee.pk}").content.decode()
    assert 'data-testid="warning-table"' in html
    assert "红色预警" in html and "/plans/compliance/?org=" in html
    assert "《中国共产党支部工作条例（试行）》第十八条" in html
    red = client.get(f"/cockpit/warnings/?org={world.committee.pk}&red=1").content.decode()
    assert red.count('data-status="red"') >= 1 and 'data-status="green" ' not in red
    # default subtree: the first one she administers
    assert client.get("/cockpit/warnings/").status_code == 200


@pytest.mark.parametrize("who", ["branch_member", "sysadmin"])
def test_the_table_page_refuses_who_administers_nothing(world, client, who, today):
    client.force_login(world.users[who])
    assert client.get("/cockpit/warnings/").status_code == 403
