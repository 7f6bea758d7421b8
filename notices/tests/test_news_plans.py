"""A published 党建动态 completes the 宣传报道 node it chose in its organisation's plan; withdrawal undoes it."""

import pytest

from core import dates
from core.errors import Invalid
from notices import actions_news as actions
from plans import actions as plan_actions
from plans.models import Occurrence
from plans.tests.factories import add_item, make_plan

from .news_helpers import news

pytestmark = pytest.mark.django_db


@pytest.fixture
def node(world, branch_secretary):
    plan = make_plan(branch_secretary, world.branch_a, year=dates.today().year)
    item = add_item(branch_secretary, plan, title="报送党建工作信息", category="宣传报道", recurrence="monthly", day=28)
    return item.occurrences.order_by("-due").first()


def test_the_form_offers_the_orgs_open_news_nodes(world, branch_secretary, node):
    choices = actions.occurrence_choices([world.branch_a])
    assert node.pk in dict(choices[world.branch_a.pk])
    assert actions.occurrence_choices([world.branch_b]) == {}


def test_publishing_completes_the_node_and_withdrawing_reopens_it(world, branch_secretary, committee_admin, node):
    item = news(branch_secretary, world.branch_a, occurrence=node.pk)
    assert item.occurrence_ref == node.pk and "报送党建工作信息" in item.occurrence_label
    actions.run(item, "submit", by=branch_secretary)
    assert Occurrence.objects.get(pk=node.pk).completed_on is None
    item = actions.run(item, "approve", by=committee_admin)
    occ = Occurrence.objects.get(pk=node.pk)
    assert item.occurrence_completed and occ.completed_on == item.date
    assert occ.completed_via == f"notices.newsitem:{item.pk}" and item.title in occ.note
    item = actions.run(item, "withdraw", by=committee_admin, data={"reason": "有误"})
    occ = Occurrence.objects.get(pk=node.pk)
    assert occ.completed_on is None and occ.completed_via == "" and not item.occurrence_completed


def test_a_node_completed_otherwise_is_left_alone(world, branch_secretary, committee_admin, node):
    item = news(branch_secretary, world.branch_a, occurrence=node.pk)
    actions.run(item, "submit", by=branch_secretary)
    plan_actions.complete_occurrence(node, by=branch_secretary, data={"note": "已报送", "completed_on": ""})
    item = actions.run(item, "approve", by=committee_admin)
    assert item.state == "published" and not item.occurrence_completed
    actions.run(item, "withdraw", by=committee_admin, data={"reason": "有误"})
    assert Occurrence.objects.get(pk=node.pk).completed_on is not None  # someone else's completion stays


def test_another_orgs_node_is_refused(world, outsider, node):
    with pytest.raises(Invalid, match="宣传报道节点"):
        news(outsider, world.branch_b, occurrence=node.pk)


def test_a_node_of_another_category_is_not_offered(world, branch_secretary):
    plan = make_plan(branch_secretary, world.branch_a, year=dates.today().year)
    other = add_item(branch_secretary, plan, title="召开支委会", recurrence="monthly", day=5)
    occ = other.occurrences.first()
    with pytest.raises(Invalid):
        news(branch_secretary, world.branch_a, occurrence=occ.pk)
