"""`manage.py generate`: the synthetic world for the benchmarks, at its hidden `tiny` scale.

The demo world it starts from is loaded once for the module (like tests/test_demo_world.py, inside a transaction
rolled back at the end); `generate --force` then grows it, each test in a savepoint of that transaction.
"""

import importlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client, override_settings

from accounts.models import User
from conftest import suite_settings
from learning.models import HourEntry
from orgs.models import Organisation, Person
from points.models import LedgerEntry
from records.models import Record
from search.models import SearchEntry

generate = importlib.import_module("bench.generate")
bench_pages = importlib.import_module("bench.pages")
TINY = generate.TIERS["tiny"]
PASSWORD = "Bench-Pass-2026"


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
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo world, its counts, then the tiny tier on top twice over: the first run is rolled back (its names
    kept), the second stays for the tests."""
    where = tmp_path_factory.mktemp("generate")
    with django_db_blocker.unblock(), override_settings(**suite_settings(where)), transaction.atomic():
        call_command("loaddemo", password=PASSWORD, stdout=io.StringIO())
        demo = _counts()
        sid = transaction.savepoint()
        call_command("generate", scale="tiny", force=True, password=PASSWORD, stdout=io.StringIO())
        first = _snapshot()
        transaction.savepoint_rollback(sid)
        out = io.StringIO()
        call_command("generate", scale="tiny", force=True, password=PASSWORD, stdout=out)
        yield {"demo": demo, "first": first, "out": out.getvalue()}
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _in_a_savepoint(world, db):
    """Each test works in a savepoint of the module's transaction."""


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
        r = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
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
