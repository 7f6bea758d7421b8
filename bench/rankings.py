"""Benchmark: the full points ranking against the bare SQL aggregate over the same ledger rows.

    .venv/bin/python bench/rankings.py                      # district (100k entries) and city (2M entries)
    .venv/bin/python bench/rankings.py --scale district     # one tier
    .venv/bin/python bench/rankings.py --entries 500000     # city shape with fewer entries

It needs PostgreSQL. It (re)creates its own database, `dj_points_bench` on the server named by
BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5433/dj_points_bench), migrates it, loads synthetic
organisations, people and ledger entries with set-based SQL, VACUUM ANALYZEs, then times each query
(median of several runs, results fetched) and prints the ratio ranking / bare aggregate per subject type.
"""

import argparse
import os
import statistics
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5433/dj_points_bench"
TIERS = {  # ARCHITECTURE.md "Scale": orgs, people, ledger entries
    "district": (200, 5_000, 100_000),
    "city": (3_000, 100_000, 2_000_000),
}
RUNS = 7
warnings.filterwarnings("ignore", message="Using .*add_root")


def recreate_database(url):
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    import django

    django.setup()


def migrate():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(n_orgs, n_people, n_entries):
    """Synthetic data with set-based SQL: a committee, n_orgs branches, n_people members, n_entries entries."""
    from django.db import connection

    from accounts.models import User
    from orgs.models import Organisation
    from points.models import Dimension, Item, Scheme

    committee = Organisation.add_root(name="基准测试工委", kind="working_committee")
    user = User.objects.create(username="bench", must_change_password=False)
    alphabet = Organisation.alphabet

    def step(i):
        out = ""
        for _ in range(Organisation.steplen):
            i, r = divmod(i, len(alphabet))
            out = alphabet[r] + out
        return out

    Organisation.objects.bulk_create(
        [
            Organisation(name=f"第{i}党支部", kind="branch", path=committee.path + step(i), depth=2, numchild=0)
            for i in range(1, n_orgs + 1)
        ],
        batch_size=5000,
    )
    scheme = Scheme.objects.create(org=committee, year=2026, name="基准测试方案", created_by=user)
    items = {}
    for subject in ("org", "cadre", "member"):
        dim = Dimension.objects.create(scheme=scheme, name=f"维度-{subject}")
        items[subject] = Item.objects.create(
            scheme=scheme, dimension=dim, name=f"项目-{subject}", points=2, subject_type=subject
        )
    with connection.cursor() as cur:
        cur.execute("SELECT min(id), max(id) FROM orgs_organisation WHERE depth = 2")
        org_lo, org_hi = cur.fetchone()
        n = org_hi - org_lo + 1
        cur.execute(
            """INSERT INTO orgs_person (created_at, updated_at, name, name_initials, gender, ethnicity,
                   id_number_encrypted, id_number_masked, phone, education, category, org_id, status)
               SELECT now(), now(), '党员' || g, '', 'male', '汉族', '', '', '', '', 'full',
                      %s + (g %% %s), 'active' FROM generate_series(1, %s) g""",
            [org_lo, n, n_people],
        )
        cur.execute("SELECT min(id) FROM orgs_person")
        person_lo = cur.fetchone()[0]
        n_org_entries = n_entries * 4 // 10
        n_cadre_entries = n_entries // 10
        n_member_entries = n_entries - n_org_entries - n_cadre_entries
        common = (
            "scheme_id, item_id, subject_type, subject_org_id, subject_person_id, points, occurred_on, "
            "reason, posted_by_id, posted_at"
        )
        cur.execute(
            f"""INSERT INTO points_ledgerentry ({common})
                SELECT %s, %s, 'org', %s + (g::bigint * 7919) %% %s, NULL, (1 + (hashint4(g) & 7)) * 1.00,
                       DATE '2026-01-01' + (g %% 365), '', %s, now() FROM generate_series(1, %s) g""",
            [scheme.pk, items["org"].pk, org_lo, n, user.pk, n_org_entries],
        )
        # Cadres are a small subset of the people (one in twenty); members are everyone.
        for subject, count, spread in (
            ("cadre", n_cadre_entries, max(1, n_people // 20)),
            ("member", n_member_entries, n_people),
        ):
            cur.execute(
                f"""INSERT INTO points_ledgerentry ({common})
                    SELECT %s, %s, %s, p.org_id, p.id, (1 + (hashint4(g) & 3)) * 1.00, DATE '2026-01-01' + (g %% 365), '',
                           %s, now()
                    FROM generate_series(1, %s) g JOIN orgs_person p ON p.id = %s + (g::bigint * 104729) %% %s""",
                [scheme.pk, items[subject].pk, subject, user.pk, count, person_lo, spread],
            )
    from points import totals

    totals.rebuild([scheme])  # the set-based load bypasses the postings that keep the running totals
    with connection.cursor() as cur:
        cur.execute("VACUUM ANALYZE")
    return scheme


def timed_pair(first, second, runs=RUNS):
    """Median seconds of each, measured alternately so that load from other processes hits both alike."""
    first(), second()  # warm the cache: both sides are measured hot
    a, b = [], []
    for _ in range(runs):
        for fn, samples in ((first, a), (second, b)):
            t = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t)
    return statistics.median(a), statistics.median(b)


def bare(scheme, subject_type, until):
    """The bare aggregate: the same rows, grouped by subject, summed; no linkage, no rank, no names."""
    from django.db import connection

    if subject_type == "org":
        sql = (
            "SELECT subject_org_id, subject_person_id, SUM(points) FROM points_ledgerentry "
            "WHERE scheme_id = %s AND occurred_on <= %s GROUP BY subject_org_id, subject_person_id"
        )
        params = [scheme.pk, until]
    else:
        sql = (
            "SELECT subject_person_id, SUM(points) FROM points_ledgerentry "
            "WHERE scheme_id = %s AND occurred_on <= %s AND subject_type = %s GROUP BY subject_person_id"
        )
        params = [scheme.pk, until, subject_type]
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return cur.fetchall()


def run_tier(url, name, n_orgs, n_people, n_entries, work_mem=None):
    import datetime

    from django.db import connection

    from points.rankings import ranking

    connection.close()
    recreate_database(url)
    migrate()
    t = time.perf_counter()
    scheme = load(n_orgs, n_people, n_entries)
    load_s = time.perf_counter() - t
    if work_mem:
        with connection.cursor() as cur:
            cur.execute("SELECT set_config('work_mem', %s, false)", [work_mem])
    print(f"\n== {name}: {n_orgs} orgs, {n_people} people, {n_entries:,} ledger entries (loaded in {load_s:.1f}s)")
    from points import totals

    print(f"{'subject':<8} {'until':<11} {'source':<7} {'rows':>7} {'ranking ms':>11} {'bare agg ms':>12} {'ratio':>6}")
    results = []
    for subject in ("org", "cadre", "member"):
        for until in (datetime.date(2026, 5, 31), datetime.date(2026, 12, 31)):
            rows = ranking(scheme, subject, until)
            r, b = timed_pair(
                lambda s=subject, u=until: ranking(scheme, s, u), lambda s=subject, u=until: bare(scheme, s, u)
            )
            source = "totals" if totals.covers(scheme, until) else "ledger"
            results.append((subject, until, len(rows), r, b))
            print(
                f"{subject:<8} {until.isoformat():<11} {source:<7} {len(rows):>7} {r * 1000:>11.1f} {b * 1000:>12.1f}"
                f" {r / b:>6.2f}"
            )
    # 我的积分: one person's rank and total, against finding her row in the full member ranking.
    from points.rankings import standing

    person_id = rows[len(rows) // 2].subject_id if rows else 0
    one, full = timed_pair(
        lambda: standing(scheme, "member", person_id),
        lambda: next(r for r in ranking(scheme, "member") if r.subject_id == person_id),
    )
    print(f"我的积分 (one member's standing): {one * 1000:.1f} ms; her row of the full ranking: {full * 1000:.1f} ms")
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scale", choices=["district", "city", "both"], default="both")
    parser.add_argument("--entries", type=int, help="override the number of ledger entries of the city tier")
    parser.add_argument("--work-mem", help="SET work_mem for the session (both queries), e.g. 64MB")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    if not url.startswith("postgres"):
        sys.exit("bench/rankings.py needs PostgreSQL (BENCH_DATABASE_URL=postgres://…).")
    tiers = ["district", "city"] if args.scale == "both" else [args.scale]
    setup_django(url)
    import psycopg

    print(
        f"PostgreSQL via psycopg {psycopg.__version__}; median of {RUNS} hot runs, results fetched; "
        f"work_mem={args.work_mem or 'server default'}."
    )
    for name in tiers:
        n_orgs, n_people, n_entries = TIERS[name]
        if name == "city" and args.entries:
            n_entries = args.entries
        run_tier(url, name, n_orgs, n_people, n_entries, args.work_mem)


if __name__ == "__main__":
    main()
