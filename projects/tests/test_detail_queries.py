"""The project page gathers every part (charter, 四公开, acceptance, execution, budget, supervision, mentors):
its query count is pinned and does not grow with the project's tasks, expenses, inspections or survey answers."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects import actions_budget, actions_exec
from projects.tests.factories_public import enter
from projects.tests.superv_factories import days, inspect, running


def grow(world, project, n):
    """Give the project n more tasks, expenses, inspections (with a finding each) and survey answers."""
    secretary = world.users["branch_secretary"]
    for i in range(n):
        actions_exec.create_task(
            project, by=secretary, data={"title": f"任务{i}", "start": str(project.start), "end": str(project.start)}
        )
        actions_budget.add_expense(
            project, by=secretary, data={"date": days(-1), "item": f"支出{i}", "source": "own", "amount": "10"}
        )
        inspect(world, project, findings=[(f"问题{i}", days(5))])
    enter(world, project, satisfied=n)


def count(client, project):
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(f"/projects/{project.pk}/")
    assert r.status_code == 200
    return len(ctx)


def test_the_project_page_asks_a_fixed_number_of_queries(world, client, django_assert_max_num_queries):
    project = running(world)
    actions_budget.add_funding(project, by=world.users["branch_secretary"], data={"source": "own", "amount": "5000"})
    grow(world, project, 1)
    client.force_login(world.users["branch_secretary"])
    small = count(client, project)
    grow(world, project, 3)
    assert count(client, project) == small, small  # four of everything cost what one did
    # +1: 网络学院's to-do badge (one UNION of its parts)
    # +1: 通知公告's to-do badge (one UNION of its parts)
    with django_assert_max_num_queries(56):  # one card per part; each card asks its few queries once
        client.get(f"/projects/{project.pk}/")
