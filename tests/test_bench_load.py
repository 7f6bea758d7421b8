"""The load test's bookkeeping (bench/load.py, a benchmark, not a test): the arithmetic that says whether a write
was lost or stored twice, and the per-kind figures it prints. Pure functions: no server, no database."""

import argparse

import pytest

from bench import load


def test_reconcile_counts_lost_duplicated_and_unconfirmed_writes():
    sent = ["压测-1-1", "压测-1-2", "压测-1-3"]
    stored = ["压测-1-1", "压测-1-1", "压测-1-3", "压测-1-4"]  # 2 lost, 1 stored twice, 4 stored without a 2xx
    assert load.reconcile(sent, stored) == {"sent_ok": 3, "stored": 4, "lost": 1, "duplicated": 1, "unconfirmed": 1}


def test_reconcile_of_a_clean_run_finds_nothing():
    markers = [f"压测-1-{n}" for n in range(50)]
    c = load.reconcile(markers, list(reversed(markers)))
    assert (c["lost"], c["duplicated"], c["unconfirmed"]) == (0, 0, 0)
    assert c["sent_ok"] == c["stored"] == 50


def test_reconcile_counts_ledger_entries_per_declaration():
    # Ledger entries are keyed by declaration id: two entries for one approval are a duplicate.
    assert load.reconcile({7, 8}, [7, 8, 8, 8])["duplicated"] == 2


def test_summarize_splits_4xx_5xx_and_timeouts_per_kind():
    samples = [("GET /", 100.0, 200), ("GET /", 300.0, 200), ("POST records", 50.0, 201)]
    samples += [("POST records", 80.0, 409), ("POST records", 30000.0, 0), ("GET /", 900.0, 502)]
    s = load.summarize(samples, seconds=2.0)
    assert s["all"]["n"] == 6 and s["all"]["rps"] == 3.0
    assert (s["all"]["4xx"], s["all"]["5xx"], s["all"]["timeouts"]) == (1, 1, 1)
    home = s["kinds"]["GET /"]
    assert (home["n"], home["p50"], home["p95"], home["5xx"]) == (3, 300.0, 900.0, 1)
    table = load.level_table({"concurrency": 4, "seconds": 2.0}, s)
    assert "| POST records | 3 | 1.5 | 80 | 30000 | 1 | 0 | 1 |" in table
    assert "4 concurrent users" in table and "5xx 1" in table


def test_writes_table_has_a_row_per_kind_of_write():
    table = load.writes_table({"records": load.reconcile(["a"], [])})
    assert "| records | 1 | 0 | 1 | 0 | 0 |" in table


def test_mix_weights_parse_and_refuse_unknown_tasks():
    assert load.parse_mix("member=3,search") == {"member": 3.0, "search": dict(load.TASKS)["search"]}
    with pytest.raises(argparse.ArgumentTypeError):
        load.parse_mix("members=3")
    with pytest.raises(argparse.ArgumentTypeError):
        load.parse_mix("member=0")


def test_tiny_png_is_a_png():
    data = load.tiny_png()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and data.endswith(b"IEND\xaeB`\x82")
