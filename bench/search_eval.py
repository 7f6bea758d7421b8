"""Search quality (not a test): the fixed evaluation set bench/search_eval.json, top-1 and top-3 per category.

    .venv/bin/python bench/search_eval.py
    .venv/bin/python bench/search_eval.py --json /tmp/search_eval.json
    .venv/bin/python bench/search_eval.py --backend postgres --pg-url postgres://postgres@127.0.0.1:5433/dj_search_eval

Builds a fresh database (SQLite: /tmp/bench_search_eval.sqlite3; PostgreSQL: `--pg-url`, dropped and recreated),
with the platform's "today" fixed at the set's `today` (2026-11-27, Asia/Shanghai) before Django starts, so the
demo world's dates and the questions' relative periods (上个月, 去年第四季度 …) are the same on every run. Then
`manage.py loaddemo` and a generated corpus: bench/search.py's deterministic records (its `make_doc`, imported)
in a unit of its own under the demo committee, with the set's planted documents among them. Every question runs
through `search.engine.search()` as the demo account it names (the committee's 党务管理员 sees everything; some
questions are asked by a branch's secretary or member, who see their branch only). A question counts at top-1
when its expected hit is the first hit (and, for who / how-many / when questions, the answer card holds the
expected text), at top-3 when the expected hit is among the first three. The exit code is 0 unless it crashes.
"""

import argparse
import datetime
import html
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

EVAL_FILE = ROOT / "bench" / "search_eval.json"
SQLITE_FILE = Path(tempfile.gettempdir()) / "bench_search_eval.sqlite3"


def load_set(path=EVAL_FILE):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


# ---- set-up -------------------------------------------------------------------------------------------------


def freeze_today(day):
    """The platform's clock at 10:00 Asia/Shanghai on `day`, moving on with real time (timestamps still order).

    Patched before Django starts, so `default=timezone.now` of the models and `core.dates.today()` (which every
    module's "today" goes through) see it too; tests do the same with monkeypatch on `core.dates.today`."""
    import zoneinfo

    from django.utils import timezone

    def real_now():
        return datetime.datetime.now(datetime.UTC)

    started = real_now()
    fixed = datetime.datetime.combine(day, datetime.time(10, 0), zoneinfo.ZoneInfo("Asia/Shanghai"))
    fixed = fixed.astimezone(datetime.UTC)  # settings.USE_TZ is on: aware, in UTC, as Django's own

    def now():
        return fixed + (real_now() - started)

    timezone.now = now


def setup_django(url, workdir):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["AUDIT_CHECKPOINT_DIR"] = str(workdir / "audit")
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    import django

    django.setup()
    from django.test.utils import override_settings

    # Hashing strength is not under test: the demo's accounts would take most of the set-up time otherwise.
    override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]).enable()


def fresh_database(args):
    if args.backend == "sqlite":
        for suffix in ("", "-wal", "-shm"):
            Path(str(SQLITE_FILE) + suffix).unlink(missing_ok=True)
        return f"sqlite:///{SQLITE_FILE}"
    url = args.pg_url
    base, dbname = url.rsplit("/", 1)
    host = base.split("@")[-1]
    h, _, port = host.partition(":")
    for sql in (f"DROP DATABASE IF EXISTS {dbname}", f"CREATE DATABASE {dbname}"):
        subprocess.run(["psql", "-h", h, "-p", port or "5432", "-U", "postgres", "-qc", sql], check=True)
    return url


def load_demo():
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    with open(os.devnull, "w") as devnull:
        call_command("loaddemo", stdout=devnull)


def load_corpus(spec, n):
    """bench/search.py's generated records (its generator, imported) with the set's planted documents among
    them, in a unit of their own under the demo committee; then the records' index rows are rebuilt."""
    from bench.search import make_doc
    from orgs.models import Organisation, Person
    from records.models import Record
    from search import index

    orgs = Organisation.objects
    committee = orgs.get_root_nodes().get()
    unit = orgs.add_child(
        committee, create_kwargs={"name": spec["unit"], "kind": "committee", "unit": spec["host_unit"]}
    )
    branches = []
    for name in spec["branches"]:
        unit.refresh_from_db()
        branches.append(orgs.add_child(unit, create_kwargs={"name": name, "kind": "branch", "unit": spec["host_unit"]}))
    by_name = {b.name: b for b in branches}
    hosts = {}
    for doc in spec["planted"]:
        if doc.get("host") and doc["host"] not in hosts:
            org = by_name.get(doc.get("org"), branches[0])
            hosts[doc["host"]] = Person.objects.create(name=doc["host"], gender="male", org=org)
    rng = random.Random(spec["seed"])
    start = datetime.date.fromisoformat(spec["start"])
    planted_at = {n * (k + 1) // (len(spec["planted"]) + 1): doc for k, doc in enumerate(spec["planted"])}
    rows = []
    for i in range(n):
        doc = planted_at.get(i)
        if doc is not None:
            rows.append(
                Record(
                    org=by_name.get(doc.get("org"), branches[i % len(branches)]),
                    type=doc["type"],
                    title=doc["title"],
                    date=datetime.date.fromisoformat(doc["date"]),
                    place=doc.get("place", ""),
                    host=hosts.get(doc.get("host")),
                    content=doc["body"],
                    counts_as_key=f",{doc['type']},",
                )
            )
            continue
        code, date, title, body = make_doc(rng, i, start)
        rows.append(
            Record(
                org=branches[i % len(branches)],
                type=code,
                title=title,
                date=date,
                content=body,
                counts_as_key=f",{code},",
            )
        )
    Record.objects.bulk_create(rows, batch_size=1000)
    index.rebuild(kinds=["record"])
    return len(rows)


# ---- running the questions -------------------------------------------------------------------------------------


def answer_text(results):
    """Everything the answer card says, as text (the understood parts may add fields to Answer)."""
    try:
        answer = results.answer
    except Exception as e:  # a benchmark reports, it does not stop
        return f"<answer failed: {e!r}>"
    if answer is None:
        return ""
    parts = [str(answer)]
    for value in getattr(answer, "__dict__", {}).values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, datetime.date):
            parts.append(f"{value.year}年{value.month}月{value.day}日")
    return html.unescape(re.sub(r"<[^>]+>", "", " ".join(parts)))


def matches(hit, expect, kinds):
    """Whether `hit` is the one `expect` names (see the set's "about")."""
    names = {expect["kind"], *kinds.get(expect["kind"], {}).get("aliases", [])}
    if hit.kind not in names:
        return False
    if "title" in expect and hit.title != expect["title"]:
        return False
    for part in expect.get("title_contains", []):
        if not any(alt in hit.title for alt in ([part] if isinstance(part, str) else part)):
            return False
    day = hit.date.isoformat() if hit.date else None
    if "date" in expect and day != expect["date"]:
        return False
    if "date_from" in expect and (day is None or day < expect["date_from"]):
        return False
    if "date_to" in expect and (day is None or day > expect["date_to"]):
        return False
    if "org" in expect and hit.org_name != expect["org"]:
        return False
    return not ("type" in expect and hit.type != expect["type"])


def describe(expect):
    fragments = ["/".join([p] if isinstance(p, str) else p) for p in expect.get("title_contains", [])]
    what = expect.get("title") or "…".join(fragments) or "任一"
    period = "–".join(x for x in (expect.get("date_from", ""), expect.get("date_to", "")) if x)
    extra = " ".join(x for x in (expect.get("date", ""), period, expect.get("type", ""), expect.get("org", "")) if x)
    return f"{expect['kind']}《{what}》" + (f" {extra}" if extra else "")


def describe_hit(hit):
    if hit is None:
        return "（无结果）"
    return f"{hit.kind}《{hit.title}》 {hit.date.isoformat() if hit.date else ''} {hit.type} {hit.org_name}".strip()


def run_questions(evalset):
    from accounts.models import User
    from search import engine

    kinds = evalset["kinds"]["being_added"]
    users = {u.username: u for u in User.objects.filter(username__in={q["user"] for q in evalset["questions"]})}
    engine.search(next(iter(users.values())), "党员")  # load the segmenter's dictionaries before anything is timed
    out = []
    for q in evalset["questions"]:
        t = time.perf_counter()
        try:
            res = engine.search(users[q["user"]], q["q"])
            hits, error = res.hits, res.error
        except Exception as e:  # a question the engine cannot take is a failure, not the end of the run
            res, hits, error = None, [], repr(e)
        ms = (time.perf_counter() - t) * 1000
        rank = next((i for i, h in enumerate(hits[:3]) if matches(h, q["expect"], kinds)), None)
        said = answer_text(res) if res is not None else ""
        answered = q.get("answer") is None or q["answer"] in said
        out.append(
            {
                "q": q["q"],
                "category": q["category"],
                "user": q["user"],
                "expected": describe(q["expect"]) + (f" 答含「{q['answer']}」" if q.get("answer") else ""),
                "got": [describe_hit(h) for h in hits[:3]] or [describe_hit(None)],
                "answer": said,
                "top1": rank == 0 and answered,
                "top3": rank is not None,
                "answered": answered,
                "error": error,
                "ms": round(ms, 1),
            }
        )
    return out


def figures(rows, categories):
    per = defaultdict(lambda: {"n": 0, "top1": 0, "top3": 0})
    for r in rows:
        for key in (r["category"], "overall"):
            per[key]["n"] += 1
            per[key]["top1"] += r["top1"]
            per[key]["top3"] += r["top3"]
    order = [c for c in categories if c in per] + ["overall"]
    return {c: per[c] for c in order}


def report(rows, figs, categories, meta):
    print(f"\n{'category':<20} {'n':>4} {'top-1':>12} {'top-3':>12}  ({meta})")
    for cat, f in figs.items():
        if cat == "overall":
            print("-" * 52)
        label = categories.get(cat, cat)
        print(
            f"{cat:<20} {f['n']:>4} {f['top1']:>4} {100 * f['top1'] / f['n']:5.1f}% {f['top3']:>4} "
            f"{100 * f['top3'] / f['n']:5.1f}%  {label if cat != 'overall' else ''}"
        )
    failures = [r for r in rows if not r["top1"]]
    print(f"\nfailures at top-1 ({len(failures)}):")
    for r in failures:
        print(f"- [{r['category']}] {r['q']}  ({r['user']})")
        print(f"    expected: {r['expected']}")
        print(f"    got:      {r['got'][0]}" + (f"  | 答：{r['answer']}" if r["answer"] else ""))
        for g in r["got"][1:]:
            print(f"              {g}")
        if r["error"]:
            print(f"    error:    {r['error']}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5433/dj_search_eval")
    ap.add_argument("--n", type=int, default=None, help="generated records (default: the set's corpus.n)")
    ap.add_argument("--json", metavar="FILE", help="write the figures and every question's outcome to FILE")
    ap.add_argument("--set", default=str(EVAL_FILE), help="the evaluation set (default bench/search_eval.json)")
    ap.add_argument(
        "--reuse",
        action="store_true",
        help="SQLite only: ask the questions on the database the last run built (while editing the set)",
    )
    args = ap.parse_args()
    evalset = load_set(args.set)
    today = datetime.date.fromisoformat(evalset["today"])
    n = args.n if args.n is not None else evalset["corpus"]["n"]
    workdir = Path(tempfile.gettempdir()) / "bench_search_eval_files"
    reuse = args.reuse and args.backend == "sqlite" and SQLITE_FILE.exists()
    if not reuse:
        shutil.rmtree(workdir, ignore_errors=True)  # the last run's media (the demo's photos and videos)
    url = f"sqlite:///{SQLITE_FILE}" if reuse else fresh_database(args)
    freeze_today(today)
    setup_django(url, workdir)
    t0 = time.monotonic()
    if reuse:
        from records.models import Record

        made = Record.objects.filter(org__name__in=evalset["corpus"]["branches"]).count()
        print(f"== {args.backend}: reusing {SQLITE_FILE}, today = {today} ==", flush=True)
    else:
        print(f"== {args.backend}: demo world + {n} generated records, today = {today} ==", flush=True)
        load_demo()
        made = load_corpus(evalset["corpus"], n)
    build_s = time.monotonic() - t0
    rows = run_questions(evalset)
    categories = evalset["categories"]
    figs = figures(rows, categories)
    meta = f"backend={args.backend}, corpus={made}, set-up {build_s:.0f}s"
    report(rows, figs, categories, meta)
    o = figs["overall"]
    ms = sorted(r["ms"] for r in rows)
    print(
        f"\noverall: top-1 {o['top1']}/{o['n']} = {100 * o['top1'] / o['n']:.1f}%, "
        f"top-3 {o['top3']}/{o['n']} = {100 * o['top3'] / o['n']:.1f}%  "
        f"(one search: median {ms[len(ms) // 2]:.0f} ms, slowest {ms[-1]:.0f} ms; bench/search.py measures latency)"
    )
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(
                {
                    "backend": args.backend,
                    "today": evalset["today"],
                    "corpus": made,
                    "figures": figs,
                    "questions": rows,
                },
                f,
                ensure_ascii=False,
                indent=1,
            )
        print(f"figures written to {args.json}")


if __name__ == "__main__":
    main()
