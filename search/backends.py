# ruff: noqa: S608 -- SQL here is assembled only from constant fragments; every value is a bound parameter.
"""Vendor-specific candidate retrieval. Both return entry ids; the engine ranks them the same way.

SQLite: FTS5 `MATCH` over the tokens ordered by bm25 (title weighted over body), the trigram table for
exact phrases, fts5vocab for document frequencies.
PostgreSQL: `tsvector @@ tsquery` on the GIN index — rare terms ranked with ts_rank, common terms walked
in date order (cheap at a million rows) — pg_trgm `LIKE` for phrases, and document frequencies from the
planner's lexeme statistics (pg_stats.most_common_elems) or capped counts for rare words.
"""

import time

from django.db import connection

from .folding import phrase_variants
from .tokenizer import tokens

CANDIDATES = 150
DF_CAP = 2000


def base_terms(terms):
    """Terms minus the compounds built from other terms (乡村振兴 when 乡村 and 振兴 are there).

    cut_for_search emits a compound beside its parts, but a document may be segmented into the parts only,
    so requiring every term would miss it; the compound still lifts the score where it occurs.
    """
    out = []
    for t in terms:
        parts = [o for o in terms if o != t and o in t]
        if not (len(parts) >= 2 and sum(len(o) for o in parts) >= len(t)):
            out.append(t)
    return out or list(terms)


def spellings(phrase):
    """A phrase's spellings in the stored text (typed, simplified, numeral and traditional forms).

    `phrase` is a query.Phrase (its `variants`) or its text, whose variants are then derived here."""
    if isinstance(phrase, str):
        return phrase_variants(phrase)
    return list(getattr(phrase, "variants", None) or [phrase.text])


def split_by_frequency(terms, doc_freqs, total):
    """(rare, common): a word in more than ~1% of the documents (at least 2 500) counts as common."""
    limit = max(DF_CAP // 2, total // 100)
    rare = [t for t in terms if doc_freqs.get(t, 0) <= limit]
    return rare, [t for t in terms if t not in rare]


class Where:
    """A WHERE clause over the entry table (alias e) built from the scope and the filters."""

    def __init__(self, scope, *, org_path=None, type=None, kind=None, date_from=None, date_to=None):
        parts, params = [], []
        scope_parts = []
        for kind_name, paths in scope:
            if paths is None:
                scope_parts.append("e.kind = %s")
                params.append(kind_name)
            elif paths:
                # A path reaches its subtree; "=" + path (registry.exactly) that one organisation only.
                exact = [p[1:] for p in paths if p.startswith("=")]
                subtrees = [p for p in paths if not p.startswith("=")]
                tests = ["e.org_path LIKE %s"] * len(subtrees) + (
                    ["e.org_path IN (" + ", ".join(["%s"] * len(exact)) + ")"] if exact else []
                )
                scope_parts.append("(e.kind = %s AND (" + " OR ".join(tests) + "))")
                params += [kind_name, *[p + "%" for p in subtrees], *exact]
        self.empty = not scope_parts
        parts.append("(" + " OR ".join(scope_parts or ["1 = 0"]) + ")")
        if org_path:
            parts.append("e.org_path LIKE %s")
            params.append(org_path + "%")
        if type:
            parts.append("e.type = %s")
            params.append(type)
        if kind:
            parts.append("e.kind = %s")
            params.append(kind)
        if date_from:
            parts.append("e.date >= %s")
            params.append(date_from)
        if date_to:
            parts.append("e.date <= %s")
            params.append(date_to)
        self.sql = " AND ".join(parts)
        self.params = params


def _ids(sql, params):
    with connection.cursor() as cur:
        cur.execute(sql, params)
        return [r[0] for r in cur.fetchall()]


class SQLiteBackend:
    def prepare(self):
        pass

    def finish(self):
        pass

    @staticmethod
    def _fts_string(text):
        return '"' + text.replace('"', '""') + '"'

    def _fts_ids(self, where, match, order, limit):
        return _ids(
            "SELECT e.id FROM search_fts JOIN search_searchentry e ON e.id = search_fts.rowid "
            f"WHERE search_fts MATCH %s AND {where.sql} ORDER BY {order} LIMIT %s",
            [match, *where.params, limit],
        )

    def term_candidates(self, where, terms, doc_freqs, total):
        if not terms:
            return [], False
        rare, common = split_by_frequency(terms, doc_freqs, total)
        ids, more = [], False
        if rare:
            # Few documents hold a rare word: rank all of them with bm25 (title weighted 4:1 over body).
            match = " OR ".join(self._fts_string(t) for t in rare)
            found = self._fts_ids(where, match, "bm25(search_fts, 4.0, 1.0)", CANDIDATES + 1)
            ids, more = found[:CANDIDATES], len(found) > CANDIDATES
        if common:
            # Frequent words match most of the table: ranking every match would cost a full scan, so take
            # the newest documents having them in the title, then all of them, then any of them.
            quoted = [self._fts_string(t) for t in common]
            plans = [
                ("{title_tokens} : (" + " OR ".join(quoted) + ")", CANDIDATES // 2),
                (" AND ".join(quoted), CANDIDATES),
            ]
            if len(common) > 1:
                plans.append((" OR ".join(quoted), CANDIDATES))
            for match, limit in plans:
                found = self._fts_ids(where, match, "search_fts.rowid DESC", limit + 1)
                more = more or len(found) > limit
                ids += [i for i in found[:limit] if i not in ids]
                if len(ids) >= CANDIDATES:
                    break
        return ids, more

    def phrase_candidates(self, where, phrases, doc_freqs=None, total=0):
        if not phrases:
            return [], False
        # The trigram tokenizer needs three characters; a shorter spelling (2个 for 两个) is left to the terms.
        texts = [v for p in phrases for v in spellings(p) if len(v) >= 3]
        if not texts:
            return [], False
        match = " OR ".join(self._fts_string(v) for v in dict.fromkeys(texts))
        ids = _ids(
            "SELECT e.id FROM search_trigram JOIN search_searchentry e ON e.id = search_trigram.rowid "
            f"WHERE search_trigram MATCH %s AND {where.sql} ORDER BY search_trigram.rowid DESC LIMIT %s",
            [match, *where.params, CANDIDATES + 1],
        )
        return ids[:CANDIDATES], len(ids) > CANDIDATES

    def doc_freqs(self, terms):
        if not terms:
            return {}, 0
        with connection.cursor() as cur:
            cur.execute("SELECT count(*) FROM search_searchentry")
            total = cur.fetchone()[0]
            cur.execute(
                f"SELECT term, doc FROM search_fts_vocab WHERE term IN ({', '.join(['%s'] * len(terms))})",
                terms,
            )
            found = dict(cur.fetchall())
        return {t: found.get(t, 0) for t in terms}, total


class PostgresBackend:
    _stats = (0.0, None)  # (fetched at, (total, {lexeme: freq}, min_freq))

    @staticmethod
    def _tsquery(terms, op):
        """A tsquery OR-ing/AND-ing the terms; each goes through plainto_tsquery, so no operator leaks in."""
        sql = f" {op} ".join(["plainto_tsquery('simple', %s)"] * len(terms))
        return f"({sql})", list(terms)

    # Below this many entries (by the planner's estimate) the statistics are not used and the total is counted
    # exactly with each question's frequencies (cheap on a small table), so no total is kept that could go stale.
    STATS_MIN = 20000

    def _lexeme_stats(self):
        fetched, stats = PostgresBackend._stats
        if stats is not None and time.monotonic() - fetched < 300:
            return stats
        with connection.cursor() as cur:
            cur.execute("SELECT reltuples FROM pg_class WHERE relname = 'search_searchentry'")
            row = cur.fetchone()
            total = int(row[0]) if row and row[0] and row[0] > 0 else 0
            if total <= self.STATS_MIN:
                # doc_freqs counts the total itself, in the query of the frequencies: no estimate is kept
                stats = (0, {}, None)
                PostgresBackend._stats = (time.monotonic(), stats)
                return stats
            cur.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE tablename = 'search_searchentry' AND attname = 'tsv'"
            )
            row = cur.fetchone()
        freqs, min_freq = {}, None
        if row and row[0] and total > self.STATS_MIN:
            elems, fs = row
            freqs = dict(zip(elems, fs[: len(elems)], strict=False))
            min_freq = fs[len(elems)] if len(fs) > len(elems) else None
        stats = (total, freqs, min_freq)
        PostgresBackend._stats = (time.monotonic(), stats)
        return stats

    def doc_freqs(self, terms):
        if not terms:
            return {}, 0
        total, freqs, _min = self._lexeme_stats()
        out, unknown = {}, []
        for t in terms:
            if t in freqs:
                out[t] = int(freqs[t] * total)
            else:
                unknown.append(t)
        if unknown:
            sub = ", ".join(
                "(SELECT count(*) FROM (SELECT 1 FROM search_searchentry "
                "WHERE tsv @@ plainto_tsquery('simple', %s) LIMIT %s) s)"
                for _ in unknown
            )
            params = []
            for t in unknown:
                params += [t, DF_CAP]
            with connection.cursor() as cur:
                cur.execute(
                    f"SELECT {sub}, (SELECT count(*) FROM search_searchentry)" if not total else f"SELECT {sub}, %s",
                    params + ([] if not total else [total]),
                )
                row = cur.fetchone()
            out.update(zip(unknown, row[:-1], strict=False))
            total = total or row[-1]
        return out, total

    # Above this estimated share of the table, walking the date index and testing each row finds `limit`
    # matches sooner than building the GIN bitmap of all of them; below it, the bitmap wins.
    WALK_FRACTION = 0.1

    def _ids_by_plan(self, cond, params, where, limit, fraction):
        """Up to `limit` matching ids: newest first by walking the date index when matches are plentiful,
        else straight from the GIN bitmap in physical order (never fetching and sorting every match)."""
        walk = fraction >= self.WALK_FRACTION
        with connection.cursor() as cur:
            cur.execute(f"SET LOCAL enable_bitmapscan = {'off' if walk else 'on'}")
            cur.execute(f"SET LOCAL enable_indexscan = {'on' if walk else 'off'}")
        order = "ORDER BY e.date DESC, e.id DESC " if walk else ""
        return _ids(
            f"SELECT e.id FROM search_searchentry e WHERE {cond} AND {where.sql} {order}LIMIT %s",
            [*params, *where.params, limit],
        )

    @staticmethod
    def _fraction(terms, doc_freqs, total, op):
        if not total:
            return 0.0
        shares = [min(1.0, doc_freqs.get(t, 0) / total) for t in terms]
        if op == "&&":
            # Words of one question are strongly correlated (a compound and its parts): the rarest word is
            # a better estimate of the AND than the independent product.
            return min(shares)
        return min(1.0, sum(shares))

    def term_candidates(self, where, terms, doc_freqs, total):
        if not terms:
            return [], False
        rare = [t for t in terms if doc_freqs.get(t, 0) <= CANDIDATES * 2]
        common = [t for t in terms if t not in rare]
        ids, more = [], False
        if rare:
            q, p = self._tsquery(rare, "||")
            found = self._ids_by_plan(f"e.tsv @@ {q}", p, where, CANDIDATES * 2 + 1, 0.0)
            ids, more = found[: CANDIDATES * 2], len(found) > CANDIDATES * 2
        if common:
            plans = [(base_terms(common), "&&")]
            if len(common) > 1:
                plans.append((common, "||"))
            for plan_terms, op in plans:
                q, p = self._tsquery(plan_terms, op)
                fraction = self._fraction(plan_terms, doc_freqs, total, op)
                found = self._ids_by_plan(f"e.tsv @@ {q}", p, where, CANDIDATES + 1, fraction)
                more = more or len(found) > CANDIDATES
                ids += [i for i in found[:CANDIDATES] if i not in ids]
                if len(ids) >= CANDIDATES:
                    break
        return ids, more

    def phrase_candidates(self, where, phrases, doc_freqs=None, total=0):
        if not phrases:
            return [], False
        conds, params = [], []
        fraction = 0.0
        for p in phrases:
            for v in dict.fromkeys(spellings(p)):
                pattern = "%" + v.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                conds.append("e.title ILIKE %s OR e.body ILIKE %s")
                params += [pattern, pattern]
            # A phrase is at most as common as its rarest word.
            text = p if isinstance(p, str) else p.text
            words = [t for t in tokens(text) if doc_freqs and t in doc_freqs]
            if words:
                fraction += min(self._fraction([t], doc_freqs, total, "||") for t in words)
        ids = self._ids_by_plan(f"({' OR '.join(conds)})", params, where, CANDIDATES + 1, fraction)
        return ids[:CANDIDATES], len(ids) > CANDIDATES

    def prepare(self):
        """Candidate queries choose their plan themselves (see _ids_by_plan); no sequential scans."""
        with connection.cursor() as cur:
            cur.execute("SET LOCAL enable_seqscan = off")

    def finish(self):
        with connection.cursor() as cur:
            for setting in ("enable_seqscan", "enable_indexscan", "enable_bitmapscan"):
                cur.execute(f"SET LOCAL {setting} = on")


def backend():
    return PostgresBackend() if connection.vendor == "postgresql" else SQLiteBackend()
