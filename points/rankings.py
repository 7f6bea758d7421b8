# ruff: noqa: S608 -- only integers and fixed SQL fragments are interpolated; values are bound parameters.
"""Rankings in one SQL statement: aggregate the ledger once, add linkage, rank and normalise with window functions.

The top total is full marks and every other subject is proportional (seed 002: 最高分为满分，其他按比例折合).
Ties share a rank (competition ranking: 1 + the number of subjects with a higher total). Organisations get the linkage bonus: every full N points of their cadres' and
members' points add 1 (per person by default, or pooled over all of the organisation's people).
"""

import datetime
from collections import namedtuple
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection

from . import totals

TWO = Decimal("0.01")


class Row(namedtuple("Row", "rank subject_id name org_name org_id raw linked total normalized")):
    """One ranked subject; a tuple in the SQL's column order so 100k rows build at C speed."""

    __slots__ = ()

    def as_dict(self):
        return {
            "rank": self.rank,
            "subject": {"id": self.subject_id, "name": self.name},
            "org": {"id": self.org_id, "name": self.org_name} if self.org_name else None,
            "raw": float(self.raw),
            "linked": float(self.linked),
            "total": float(self.total),
            "normalized": float(self.normalized),
        }


def _floor_div(expr, n):
    # Only non-negative sums reach this; SQLite has no FLOOR() in every build, CAST truncates the same way.
    if connection.vendor == "postgresql":
        return f"FLOOR(({expr}) / {n})"
    return f"CAST(({expr}) / {n} AS INTEGER)"


# Where the sums come from: the ledger up to a date, or the subjects' running totals (points/totals.py), which
# have the same grouping columns and carry each group's sum in `points`.
LEDGER = ("points_ledgerentry", "scheme_id = %(scheme)s AND occurred_on <= %(until)s")
TOTALS = ("points_subjecttotal", "scheme_id = %(scheme)s")


def _sql(scheme, subject_type, source=LEDGER):
    # Only integers and fixed SQL fragments are interpolated; every value from outside is a bound parameter.
    n = int(scheme.linkage_every)
    table, base_filter = source
    if subject_type == "org":
        if scheme.linkage_mode == "pooled":
            linked = (
                f"SELECT org_id, {_floor_div('SUM(pts)', n)} AS linked FROM person_tot "
                "GROUP BY org_id HAVING SUM(pts) > 0"
            )
        else:
            linked = (
                f"SELECT org_id, SUM({_floor_div('pts', n)}) AS linked FROM person_tot WHERE pts > 0 GROUP BY org_id"
            )
        scored = f"""
        agg AS (
            -- Organisation entries are exactly those without a person: one grouping serves both sides.
            SELECT subject_org_id AS org_id, subject_person_id AS person_id, SUM(points) AS pts
            FROM {table} WHERE {base_filter}
            GROUP BY subject_org_id, subject_person_id),
        person_tot AS (SELECT org_id, person_id, pts FROM agg WHERE person_id IS NOT NULL),
        raw AS (SELECT org_id, pts AS raw FROM agg WHERE person_id IS NULL),
        linked AS ({linked}),
        scored AS (
            SELECT COALESCE(r.org_id, l.org_id) AS subject_id, COALESCE(r.org_id, l.org_id) AS org_id,
                   COALESCE(r.raw, 0) AS raw, COALESCE(l.linked, 0) AS linked,
                   COALESCE(r.raw, 0) + COALESCE(l.linked, 0) AS total
            FROM raw r FULL OUTER JOIN linked l ON l.org_id = r.org_id)"""
        names = "JOIN orgs_organisation o ON o.id = scored.subject_id"
        name_cols = "o.name AS name, NULL AS org_name"
        value_cols = "scored.org_id, scored.raw, scored.linked"
    else:
        scored = f"""
        scored AS (
            -- Kept to two columns: the CTE is read twice and must stay small enough to stay in memory.
            SELECT subject_person_id AS subject_id, SUM(points) AS total
            FROM {table} WHERE {base_filter} AND subject_type = %(subject_type)s
            GROUP BY subject_person_id)"""
        names = "JOIN orgs_person p ON p.id = scored.subject_id JOIN orgs_organisation o ON o.id = p.org_id"
        name_cols = "p.name AS name, o.name AS org_name"
        value_cols = "p.org_id, scored.total, 0"
    # RANK() over every subject makes PostgreSQL spill the window's tuplestore and re-read it for each peer
    # check once the subjects outgrow work_mem (100k members at city scale). Ranking the few distinct totals
    # instead gives the same competition rank (1 + subjects with a higher total) from a window over
    # a handful of rows, then a hash join hands it back to the subjects.
    return f"""
    WITH {scored},
    levels AS (SELECT total, COUNT(*) AS n FROM scored GROUP BY total),
    ranks AS (
        SELECT total, CAST(SUM(n) OVER w - n + 1 AS INTEGER) AS rnk, FIRST_VALUE(total) OVER w AS top
        FROM levels WINDOW w AS (ORDER BY total DESC ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW))
    SELECT ranks.rnk, scored.subject_id, {name_cols}, {value_cols}, scored.total,
           CASE WHEN ranks.top > 0 THEN ROUND(scored.total * %(full)s / ranks.top, 2) ELSE 0 END
    FROM scored JOIN ranks ON ranks.total = scored.total {names}
    ORDER BY scored.total DESC, scored.subject_id"""


def _sqlite_full_join(sql):
    # SQLite < 3.39 lacks FULL OUTER JOIN: emulate it with a union of the subject ids.
    return sql.replace(
        "FROM raw r FULL OUTER JOIN linked l ON l.org_id = r.org_id",
        "FROM (SELECT org_id FROM raw UNION SELECT org_id FROM linked) ids "
        "LEFT JOIN raw r ON r.org_id = ids.org_id LEFT JOIN linked l ON l.org_id = ids.org_id",
    ).replace("COALESCE(r.org_id, l.org_id)", "ids.org_id")


def _dec(v):
    return Decimal(str(v if v is not None else 0)).quantize(TWO)


def ranking(scheme, subject_type, until=None, *, source=None):
    """[Row] for one scheme and subject type, cumulative up to `until` (default: the end of the scheme year).

    Read from the subjects' running totals when no entry is dated after `until` (the usual case: this year's
    ranking), else summed from the ledger; `source` forces one (LEDGER or TOTALS) for tests and benchmarks.
    """
    until = until or datetime.date(scheme.year, 12, 31)
    if source is None:
        source = TOTALS if totals.covers(scheme, until) else LEDGER
    sql = _sql(scheme, subject_type, source)
    if connection.vendor != "postgresql":
        sql = _sqlite_full_join(sql)
    params = {
        "scheme": scheme.pk,
        "until": until,
        "subject_type": subject_type,
        "full": scheme.full_marks if connection.vendor == "postgresql" else float(scheme.full_marks),
    }
    with connection.cursor() as cur:
        cur.execute(sql, params)
        rows = cur.fetchall()
    if connection.vendor == "postgresql":
        # numeric columns arrive as Decimals with two places already (ROUND(…, 2) for the normalised score).
        return list(map(Row._make, rows))
    return [Row(r[0], r[1], r[2], r[3] or "", r[4], *(_dec(v) for v in r[5:9])) for r in rows]


def bare_aggregate_sql():
    """The baseline the benchmark compares against: the same scan and grouping, nothing else."""
    return (
        "SELECT subject_org_id, subject_person_id, SUM(points) FROM points_ledgerentry "
        "WHERE scheme_id = %(scheme)s AND occurred_on <= %(until)s GROUP BY subject_org_id, subject_person_id"
    )


Standing = namedtuple("Standing", "rank ranked total normalized")


def standing(scheme, subject_type, person_id):
    """One person's place in this year's ranking of `subject_type` — Standing(rank, ranked, total, normalized),
    or None when she has no entry of that type — answered from the running totals in one statement, for a page
    that needs her row rather than the whole table (我的积分, the home panel). Same rule as `ranking`: rank is
    1 + the number of subjects with a higher total, normalized is total × full marks / the top total."""
    until = datetime.date(scheme.year, 12, 31)
    if not totals.covers(scheme, until):
        rows = ranking(scheme, subject_type, until)
        row = next((r for r in rows if r.subject_id == person_id), None)
        return None if row is None else Standing(row.rank, len(rows), row.total, row.normalized)
    sql = """
    WITH s AS (
        SELECT subject_person_id AS sid, SUM(points) AS total FROM points_subjecttotal
        WHERE scheme_id = %(scheme)s AND subject_type = %(subject_type)s GROUP BY subject_person_id),
    me AS (SELECT total FROM s WHERE sid = %(person)s)
    SELECT me.total, (SELECT COUNT(*) FROM s WHERE s.total > me.total) + 1, (SELECT COUNT(*) FROM s),
           (SELECT MAX(total) FROM s)
    FROM me"""
    params = {"scheme": scheme.pk, "subject_type": subject_type, "person": person_id}
    with connection.cursor() as cur:
        cur.execute(sql, params)
        found = cur.fetchone()
    if found is None:
        return None
    total, rank, ranked, top = (_dec(found[0]), int(found[1]), int(found[2]), _dec(found[3]))
    normalized = (total * Decimal(scheme.full_marks) / top).quantize(TWO, ROUND_HALF_UP) if top > 0 else Decimal("0.00")
    return Standing(rank, ranked, total, normalized)
