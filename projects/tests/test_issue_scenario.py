"""One project from charter to eligibility through the API, the whole way the issue's "done when" walks it:
the parts (charter, lifecycle, tasks, survey, supervision, acceptance) checked together, on one project."""

import datetime

from core.dates import today
from core.testing import ApiClient
from projects import eligibility_superv
from projects.models import Project
from projects.tests.factories import mentor
from projects.tests.test_api import api_charter


def iso(days):
    return (today() + datetime.timedelta(days=days)).isoformat()


def test_a_project_from_charter_to_eligibility_and_back(world, monkeypatch):
    branch = ApiClient(world.users["branch_secretary"])
    committee = ApiClient(world.users["committee_admin"])
    outsider = ApiClient(world.users["outsider"])  # the admin of another branch

    # A charter missing its responsible person, budget and assessment mechanism is refused, naming each.
    body = api_charter(world, start=iso(-30), end=iso(90), owner=None, budget=None, assessment_mechanism=[])
    pid = branch.post("projects", body).json()["id"]
    r = branch.post(f"projects/{pid}/transition", {"action": "submit"})
    assert r.status_code == 422
    assert all(label in r.json()["detail"] for label in ("责任人", "项目经费", "考核机制"))

    # Completed, it is submitted; the branch cannot approve its own project, the committee can.
    complete = api_charter(world, start=iso(-30), end=iso(90))
    assert branch.patch(f"projects/{pid}", complete).status_code == 200
    assert branch.post(f"projects/{pid}/transition", {"action": "submit"}).json()["state"] == "submitted"
    assert branch.post(f"projects/{pid}/transition", {"action": "approve"}).status_code == 403
    assert committee.post(f"projects/{pid}/transition", {"action": "approve"}).json()["state"] == "approved"
    assert branch.post(f"projects/{pid}/transition", {"action": "start"}).json()["state"] == "in_progress"
    # Accepting before a closing request is a transition not allowed now: 409.
    assert committee.post(f"projects/{pid}/transition", {"action": "accept"}).status_code == 409
    assert branch.post(f"projects/{pid}/transition", {"action": "dance"}).status_code == 422

    # Tasks: one ending before it starts and a dependency cycle are refused; a diamond's critical path is the
    # longer branch.
    def task(title, start, end, deps=()):
        r = branch.post(f"projects/{pid}/tasks", {"title": title, "start": start, "end": end, "depends_on": deps})
        assert r.status_code == 201, r.json()
        return r.json()["id"]

    assert branch.post(f"projects/{pid}/tasks", {"title": "倒挂", "start": iso(5), "end": iso(1)}).status_code == 422
    s = task("入户走访", iso(1), iso(3))
    long = task("建立问题清单", iso(4), iso(17), [s])
    short = task("宣传发动", iso(4), iso(8), [s])
    end = task("立项评审", iso(18), iso(19), [long, short])
    assert branch.patch(f"tasks/{s}", {"depends_on": [end]}).status_code == 422
    rows = {row["id"]: row for row in branch.get(f"projects/{pid}/tasks").json()["items"]}
    assert [t for t in (s, long, short, end) if rows[t]["critical"]] == [s, long, end]

    # 7 满意, 2 基本满意, 3 不满意 = 75%: not eligible, with the reason.
    for rating, n in (("satisfied", 7), ("basically_satisfied", 2), ("dissatisfied", 3)):
        for _ in range(n):
            assert branch.post(f"projects/{pid}/survey-responses", {"rating": rating}).status_code == 201
    verdict = branch.get(f"projects/{pid}/eligibility").json()
    assert verdict["eligible"] is False and any("满意率 75.0%" in x for x in verdict["reasons"])

    # An inspection finds a problem to rectify within five days.
    finding = committee.post(
        f"projects/{pid}/inspections",
        {
            "kind": "regular",
            "date": iso(-1),
            "summary": "查阅台账。",
            "findings": [{"text": "台账不全", "deadline": iso(5)}],
        },
    ).json()["findings"][0]

    # Enough further 满意 and acceptance before the end date: eligible.
    for _ in range(6):
        branch.post(f"projects/{pid}/survey-responses", {"rating": "satisfied"})
    assert branch.post(f"projects/{pid}/transition", {"action": "request_closing"}).status_code == 200
    assert committee.post(f"projects/{pid}/transition", {"action": "accept"}).json()["state"] == "accepted"
    assert branch.get(f"projects/{pid}/eligibility").json() == {"eligible": True, "reasons": []}

    # The rectification's deadline passes with nothing reported: 措施不力, not eligible again.
    later = today() + datetime.timedelta(days=6)
    monkeypatch.setattr(eligibility_superv, "today", lambda: later)
    verdict = branch.get(f"projects/{pid}/eligibility").json()
    assert verdict["eligible"] is False and verdict["reasons"][0].startswith("措施不力")
    assert "台账不全" in verdict["reasons"][0]

    # Another branch gets 404 everywhere; a mentor sees only her projects.
    for path in (
        f"projects/{pid}",
        f"projects/{pid}/tasks",
        f"projects/{pid}/inspections",
        f"projects/{pid}/eligibility",
        f"projects/{pid}/expenses",
        f"projects/{pid}/reports",
    ):
        assert outsider.get(path).status_code == 404, path
    assert outsider.post(f"findings/{finding['id']}/transition", {"action": "report"}).status_code == 404
    guide = mentor(world)
    assert ApiClient(guide).get(f"projects/{pid}").status_code == 404
    Project.objects.get(pk=pid).mentors.add(guide.person)
    assert ApiClient(guide).get(f"projects/{pid}").status_code == 200
    assert [p["id"] for p in ApiClient(guide).get("projects").json()["items"]] == [pid]
