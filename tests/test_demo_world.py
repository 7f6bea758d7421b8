"""The demo world, loaded once for this module: `manage.py loaddemo` builds what the README says, and every page a
demo user can reach by clicking answers without a server error.

Loading the demo is the slowest set-up of the suite (about a minute on a busy machine), so its two users share
one load: the module fixture builds it inside a transaction that is rolled back when the module ends, and each
test runs in a savepoint of it (pytest-django's `db`), so neither sees what the other did.

The crawl, for each kind of account, follows the links on the pages it can open (breadth first, bounded) and
checks that none answers 5xx — a net under the per-app page tests. On the same world, every account's to-do badge
of every module counts exactly what its inbox lists.
"""

import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings

from accounts.models import User
from conftest import suite_settings
from orgs.models import Organisation, Person

PASSWORD = "Demo-Pass-2026"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo world, for every test of this module (each in its own savepoint through `db`)."""
    where = tmp_path_factory.mktemp("demo")
    with (
        django_db_blocker.unblock(),
        override_settings(**suite_settings(where)),
        transaction.atomic(),
    ):
        call_command("loaddemo", password=PASSWORD, stdout=open("/dev/null", "w"))
        yield
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _in_a_savepoint(demo, db):
    """Each test of the module works in a savepoint of the demo's transaction."""


def test_loaddemo_builds_the_world_and_its_accounts_see_their_scope(demo, client):
    assert Organisation.objects.filter(kind="branch").count() >= 20
    assert 250 <= Person.objects.count() <= 400
    for username in [
        "sysadmin",
        "secadmin",
        "auditor",
        "committee",
        "secretary1",
        "secretary2",
        "member1",
        "member2",
        "reviewer_l1",
        "reviewer_l2",
        "reviewer_l3",
    ]:
        r = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert r.status_code == 302 and r["Location"] == "/", username
        assert client.get("/").status_code == 200
        client.post("/accounts/logout/")
    secretary = User.objects.get(username="secretary1")
    client.force_login(secretary)
    other = Person.objects.exclude(org=secretary.person.org).first()
    assert client.get(f"/people/{other.pk}/").status_code == 404
    assert client.get(f"/people/{secretary.person.pk}/").status_code == 200
    # Every demo person's ID number passes the check-digit validation.
    from orgs import idnumber

    for p in Person.objects.all()[:50]:
        idnumber.parse(p.get_id_number())
    _readme_tells_the_demo_as_it_is()


def _readme_tells_the_demo_as_it_is():
    """The README's demo paragraph and account table state the loaded world's real figures and accounts."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    demo = readme[readme.index("`make run` loads the demo world") : readme.index("Production:")]
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    categories = Counter(Person.objects.values_list("category", flat=True))

    def stated(label):
        pattern = r"\s+".join(re.escape(word) for word in label.split())  # the README wraps lines anywhere
        return int(re.search(rf"(\d+)\s+{pattern}", demo).group(1))

    assert stated("unit Party committees") == kinds["committee"]
    assert stated("general branches") == kinds["general_branch"]
    assert stated("branches and") == kinds["branch"]
    assert stated("party groups") == kinds["group"]
    assert stated("people") == Person.objects.count()
    from feedback.models import Feedback, Problem
    from projects.models import Award, Expense, Inspection, Project, SurveyResponse, Task

    assert stated("suggestions") == Feedback.objects.count()
    assert stated("problems of the problem list") == Problem.objects.count()
    from projects.choices import LEVEL_STATES, ProjectState

    assert stated("projects in every state") == Project.objects.count()
    one_level = {s.value for s in ProjectState} - {LEVEL_STATES[2], LEVEL_STATES[3]}
    assert set(Project.objects.values_list("state", flat=True)) == one_level
    assert stated("tasks") == Task.objects.count()
    assert stated("inspections") == Inspection.objects.count()
    assert stated("survey answers") == SurveyResponse.objects.count()
    assert stated("expenses") == Expense.objects.count()
    assert stated("awards") == Award.objects.filter(state="approved").count()
    from assessments.models import Item, Nomination, Pledge, Round, Score

    assert stated("items in 6 categories") == Item.objects.count()
    assert stated("quarterly rounds published") == Round.objects.filter(state="published").count()
    assert stated("scores)") == Score.objects.count()
    assert stated("pledges") == Pledge.objects.count()
    assert stated("recognitions of last year") == Nomination.objects.filter(state="awarded").count()
    from assessments.models import AnnualResult, MassCode, MassSurvey, MassVote
    from learning.models import Attempt, Course, Exam, HourEntry, Question, StudyStar

    assert stated("organisations ranked") == AnnualResult.objects.count()
    assert stated("群众测评") == MassSurvey.objects.count()
    assert stated("one-time codes") == MassCode.objects.count()
    assert stated("votes;") == MassVote.objects.count()
    assert stated("study-hour credits") == HourEntry.objects.count()
    assert stated("online courses") == Course.objects.count()
    assert stated("exam questions") == Question.objects.count()
    assert stated("exams (one") == Exam.objects.count()
    assert stated("attempts, one") == Attempt.objects.count()
    assert stated("学习之星") == StudyStar.objects.count()
    from notices.models import NewsItem, Notice
    from orgs.models import Team

    assert stated("notices in every state") == Notice.objects.count()
    assert set(Notice.objects.values_list("state", flat=True)) == {"draft", "published", "archived"}
    assert stated("news items in every state") == NewsItem.objects.count()
    assert stated("work teams of") == Team.objects.count()
    for label, code in [
        ("正式党员", "full"),
        ("预备党员", "probationary"),
        ("发展对象", "candidate"),
        ("入党积极分子", "activist"),
    ]:
        assert stated(label) == categories[code], label
    table = demo[demo.index("| account |") :].split("\n\n")[0]
    rows = table.splitlines()[2:]
    named = {u for row in rows for u in re.findall(r"`([a-z_0-9]+)`", row.split("|")[1])}
    first, last = re.search(r"`branch(\d+)` … `branch(\d+)`", table).groups()
    skipped = {f"branch{n}" for pair in re.findall(r"branch(\d+) and branch(\d+) are", table) for n in pair}
    ranged = {f"branch{n:02d}" for n in range(int(first), int(last) + 1)} - skipped
    assert (
        set(User.objects.values_list("username", flat=True)) == (named - {f"branch{first}", f"branch{last}"}) | ranged
    )
    others = {u for u in named | ranged if u.startswith("branch")}
    assert int(re.search(r"other (\d+) branches", table).group(1)) == len(others)


# ---------------------------------------------------------------- the crawl

PERSONAS = ["committee", "secretary1", "member1", "reviewer_l2", "sysadmin", "secadmin", "auditor"]
MAX_PAGES = 80  # per account; on the demo world the seven accounts open about 370 pages of about 170 routes
PER_ROUTE = 2  # pages of one route (and set of query parameters) opened per account: /records/7/ and /records/8/
# are the same view; the budget goes to views not yet seen
HREF = re.compile(r'href="(/[^"#]*)"')
SKIP = ("/static/", "/accounts/logout/", "/api/v1/docs")


def _route(href):
    """The view a link opens and the names of its query parameters (one key for /records/7/ and /records/8/)."""
    from django.urls import Resolver404, resolve

    parts = urlsplit(href)
    try:
        name = resolve(parts.path).route
    except Resolver404:
        name = parts.path
    return name, tuple(sorted(parse_qs(parts.query)))


def test_no_page_reachable_by_a_demo_user_is_a_server_error(demo):
    failures, visited_total, routes_total = [], 0, set()
    for username in PERSONAS:
        client = Client()
        r = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
        assert r.status_code == 302, username
        assert r["Location"] == "/", (username, r["Location"])
        queue, seen, visited, per_route = deque(["/"]), {"/"}, 0, Counter()
        while queue and visited < MAX_PAGES:
            url = queue.popleft()
            r = client.get(url)
            visited += 1
            if r.status_code >= 500:
                failures.append((username, url, r.status_code))
                continue
            if r.status_code != 200 or "text/html" not in r.get("Content-Type", ""):
                continue
            for href in HREF.findall(r.content.decode()):
                href = href.replace("&amp;", "&")
                if href.startswith(SKIP) or href in seen:
                    continue
                seen.add(href)
                route = _route(href)
                per_route[route] += 1
                if per_route[route] <= PER_ROUTE:
                    queue.append(href)
        visited_total += visited
        routes_total.update(r for r in per_route)
    print(f"crawl: {visited_total} pages of {len(routes_total)} routes")
    assert visited_total > 300
    assert not failures, failures
    assert_badges_count_the_inbox()


def assert_badges_count_the_inbox():
    from accounts.models import User
    from core import todos
    from core.dates import today

    when, wrong, nonzero = today(), [], 0
    for user in User.objects.filter(is_active=True).order_by("username"):
        for provider in todos.PROVIDERS:
            if provider.count is None:
                continue
            listed = sum(i.count for i in provider.items(user, when))
            counted = provider.count(user, when)
            nonzero += bool(counted)
            if counted != listed:
                wrong.append((user.username, provider.group, counted, listed))
    assert not wrong, wrong
    assert nonzero > 10  # the demo gives many accounts something to do
