"""The demo world, loaded once for this module: `manage.py loaddemo` builds what the README says, and every page a
demo user can reach by clicking answers without a server error.

Loading the demo is the slowest set-up of the suite (about a minute on a busy machine), so its two users share
one load: the module fixture builds it inside a transaction that is rolled back when the module ends, and each
test runs in a savepoint of it (pytest-django's `db`), so neither sees what the other did.

The crawl, for each kind of account, follows the links on the pages it can open (breadth first, bounded) and
checks that none answers 5xx — a net under the per-app page tests. On the same world, every account's to-do badge
of every module counts exactly what its inbox lists.
"""

import importlib
import io
import re
from collections import Counter, deque
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings

from accounts.models import User
from conftest import module_transaction
from learning.models import HourEntry
from orgs.models import Organisation, Person
from points.models import LedgerEntry
from records.models import Record
from search.models import SearchEntry

PASSWORD = "Demo-Pass-2026"


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo world, for every test of this module (each in its own savepoint through `db`)."""
    with module_transaction(django_db_blocker, tmp_path_factory.mktemp("demo")):
        call_command("loaddemo", password=PASSWORD, stdout=open("/dev/null", "w"))
        yield


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


# ---- manage.py generate (bench/generate.py) at its hidden `tiny` scale, grown on this module's demo world ----
# These tests come last in the module: their fixture adds the tier to the demo's transaction for the rest of it
# (the demo world is loaded once for the suite's slowest set-ups together).
generate = importlib.import_module("bench.generate")
bench_pages = importlib.import_module("bench.pages")
TINY = generate.TIERS["tiny"]
BENCH_PASSWORD = "Bench-Pass-2026"


def _snapshot():
    """What a second run must repeat: the names, in the order they were made."""
    return {
        "orgs": list(Organisation.objects.order_by("pk").values_list("name", "path")),
        "people": list(Person.objects.order_by("pk").values_list("name", "org__name", "id_number_masked")),
        "records": list(Record.objects.order_by("pk").values_list("title", "date", "org__name")),
        "ledger": list(LedgerEntry.objects.order_by("pk").values_list("subject_type", "points", "occurred_on")),
    }


def _counts():
    return {
        "orgs": Organisation.objects.count(),
        "people": Person.objects.count(),
        "records": Record.objects.count(),
        "entries": SearchEntry.objects.filter(kind="record").count(),
        "ledger": LedgerEntry.objects.count(),
        "hours": HourEntry.objects.count(),
    }


@pytest.fixture(scope="module")
def world(demo, django_db_blocker):
    """The tiny tier on top of the module's demo world, twice over: the first run is rolled back (its names
    kept), the second stays for the rest of the module (the generate tests, which come last) and goes with the
    demo's transaction."""
    with django_db_blocker.unblock():
        counts = _counts()
        sid = transaction.savepoint()
        call_command("generate", scale="tiny", force=True, password=BENCH_PASSWORD, stdout=io.StringIO())
        first = _snapshot()
        transaction.savepoint_rollback(sid)
        out = io.StringIO()
        call_command("generate", scale="tiny", force=True, password=BENCH_PASSWORD, stdout=out)
        yield {"demo": counts, "first": first, "out": out.getvalue()}


def test_it_adds_the_tier_to_the_demo_world_with_index_rows_and_prints_its_progress(world):
    now, demo = _counts(), world["demo"]
    assert now["orgs"] - demo["orgs"] == TINY.orgs
    assert now["people"] - demo["people"] == TINY.people
    assert now["records"] - demo["records"] == TINY.records
    assert now["ledger"] - demo["ledger"] == TINY.ledger
    assert now["hours"] - demo["hours"] == 3 * TINY.people
    # Every record is found by the search index, as one filed through the form would be.
    assert now["entries"] == now["records"]
    assert Organisation.find_problems() == ([], [], [], [], [])
    out = world["out"]
    assert "活动记录（含检索索引）" in out and "积分台账条目" in out
    for username in generate.ACCOUNTS:
        assert username in out


def test_the_summary_tables_are_the_ledger_and_the_records_worked_out_from_scratch(world):
    from plans.models import ComplianceMark
    from points.models import Scheme
    from points.rankings import LEDGER, TOTALS, ranking

    for scheme in Scheme.objects.all():
        for subject_type in ("org", "cadre", "member"):
            assert ranking(scheme, subject_type, source=TOTALS) == ranking(scheme, subject_type, source=LEDGER)
    marks = sorted(ComplianceMark.objects.values_list("org_id", "code", "bucket", "record_id"))
    from plans import marks as keeping

    keeping.rebuild()
    assert sorted(ComplianceMark.objects.values_list("org_id", "code", "bucket", "record_id")) == marks


def test_two_runs_give_the_same_world(world):
    again = _snapshot()
    for key, rows in world["first"].items():
        assert rows == again[key], key
    assert len(again["people"]) == world["demo"]["people"] + TINY.people


def test_it_refuses_a_database_that_holds_data_without_force(world):
    with pytest.raises(CommandError, match=r"已有数据.*--force"):
        call_command("generate", scale="tiny", stdout=io.StringIO())
    with pytest.raises(CommandError, match="已经生成过"):
        call_command("generate", scale="tiny", force=True, stdout=io.StringIO())


# Pages a kind of user is not meant to open (the benchmark prints them with their status, not a time).
NOT_FOR = {
    "member": {"人员列表", "驾驶舱", "评分表", "考核结果"},
    "branch": {"评分表", "考核结果"},
    "committee": set(),
}


def test_the_benchmarks_pages_open_for_the_generated_accounts(world):
    ids = bench_pages.object_ids()
    for kind, username in bench_pages.USERS.items():
        client = Client()
        r = client.post("/accounts/login/", {"username": username, "password": BENCH_PASSWORD})
        assert r.status_code == 302, username
        for _module, page, url in bench_pages.pages(ids[kind]):
            assert url, (kind, page)
            status = client.get(url).status_code
            if page in NOT_FOR[kind]:
                assert status in (403, 404), (kind, page, status)
            else:
                assert status == 200, (kind, page, url, status)


@override_settings(
    ROOT_URLCONF="bench.pages_server",
    MIDDLEWARE=["bench.pages_server.QueryCount", *__import__("django.conf").conf.settings.MIDDLEWARE],
)
def test_the_benchmarks_floor_renders_the_base_template_and_counts_queries(world):
    client = Client()
    client.force_login(User.objects.get(username="bench_branch"))
    r = client.get(bench_pages.FLOOR)
    assert r.status_code == 200
    assert "党建工作管理平台" in r.content.decode()
    assert int(r["X-Query-Count"]) > 0
    assert int(client.get("/records/")["X-Query-Count"]) > 0
