"""The shared page plumbing (core.pages, core.dates) as a user meets it: buttons go back only to pages of
this site, a refused button press says why and changes nothing, and "today" is Beijing's date whatever
the server's clock zone is."""

import datetime

import pytest
from django.test import Client
from django.utils import timezone

from core import dates
from plans.models import Claim, PlanItem
from plans.tests.factories import add_item, make_plan


def browser(user):
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def item(world, branch_secretary):
    plan = make_plan(branch_secretary, world.branch_a)
    add_item(
        branch_secretary, plan, "赴章丘区三涧溪村开展党员教育", category="党员教育", due=datetime.date(2026, 4, 16)
    )
    return PlanItem.objects.get()


@pytest.mark.parametrize(
    "nxt",
    ["https://evil.example/phish", "//evil.example/phish", "/\\evil.example/phish", "http://testserver/plans/"],
)
def test_a_button_never_sends_the_user_off_the_site(world, branch_member, item, nxt):
    r = browser(branch_member).post(f"/plans/items/{item.id}/claim/", {"next": nxt})
    assert r.status_code == 302 and r["Location"] == f"/plans/{item.plan_id}/"
    assert Claim.objects.filter(item=item).count() == 1


def test_a_button_goes_back_to_the_page_it_was_pressed_on(world, branch_member, item):
    back = f"/plans/{item.plan_id}/division/?tab=1"
    r = browser(branch_member).post(f"/plans/items/{item.id}/claim/", {"next": back})
    assert r.status_code == 302 and r["Location"] == back


def test_a_refused_button_press_says_why_and_changes_nothing(world, branch_member, item):
    c = browser(branch_member)
    c.post(f"/plans/items/{item.id}/claim/", follow=True)  # the first claim (its message read)
    r = c.post(f"/plans/items/{item.id}/claim/", {"next": f"/plans/{item.plan_id}/"}, follow=True)
    assert [(m.level_tag, m.message) for m in r.context["messages"]] == [("error", "您已认领该事项，正在等待确认。")]
    assert r.redirect_chain == [(f"/plans/{item.plan_id}/", 302)]
    assert Claim.objects.filter(item=item).count() == 1


@pytest.fixture
def new_years_eve_in_utc(settings, monkeypatch):
    """The server's zone is UTC and its clock reads 2026-12-31 17:00: in Beijing it is already 2027-01-01."""
    settings.TIME_ZONE = "UTC"
    moment = datetime.datetime(2026, 12, 31, 17, 0, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def test_today_is_the_date_in_beijing_whatever_the_server_zone(new_years_eve_in_utc):
    assert timezone.localdate() == datetime.date(2026, 12, 31)  # what the server alone would say
    assert dates.today() == datetime.date(2027, 1, 1)
    assert dates.this_year() == 2027


def test_a_new_scheme_defaults_to_this_year_in_beijing(world, committee_admin, new_years_eve_in_utc):
    page = browser(committee_admin).get("/points/schemes/new/").content.decode()
    assert 'name="year" value="2027"' in page
