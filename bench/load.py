"""Load test (issue 16 item 6, a benchmark, not a test): a realistic mix of users at rising concurrency.

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/load_bench .venv/bin/python manage.py generate --scale district
    .venv/bin/python bench/load.py --scale district --database-url postgres://postgres@127.0.0.1:55432/load_bench

It starts its own server on 127.0.0.1:--port (bench/pages.py's: gunicorn with --workers, the production settings,
DEBUG off), logs every account in once (a session for the pages, a token for the API) and then runs closed-loop
virtual users (threads, no think time) at each concurrency of --levels for --seconds, stopping after the first
level whose overall p95 passes --p95-limit ms or when --max-requests have been sent. Each virtual user picks its
next task by the weights of TASKS, so every level carries the whole mix:

- member: the home page, the plans (list and her branch's plan), 我的积分;
- secretary: a record through the API and a photo attached to it; a plan item claimed (the member, by API) and
  the claim rejected by the committee's admin, so the item can be claimed again;
- declarant: a points declaration for the branch, created and submitted (the reviewers' work);
- reviewer: the review queue of one level (reviewer_l1/l2/l3 of the demo world, three-level review) and a batch
  approval of up to --batch of this run's pending declarations — the third level posts the ledger entries;
- search: the search API and the /search/ page, mixed queries;
- export: the year's records as .xlsx and the points ledger as .xlsx.

Every write carries an Idempotency-Key (a timed-out write is retried once with the same key, so a retry cannot
store twice) and a marker of the run (record titles, attachment names, claim notes and declaration descriptions
`压测-<run>-<n>`). After the run the stored rows are counted against the 2xx answers: lost = answered 2xx but not
stored, duplicated = stored more than once (a ledger entry: more than one per declaration). Then
`manage.py audit_verify` checks the audit chain. It prints per level the requests/s and per kind of request p50/p95
and the 4xx/5xx/timeouts, then the write check and the audit check, and writes bench/results/load-<scale>.json.
Rate limits: only the public channels (意见建议, 群众测评, the public project survey) and logins are limited; the
mix touches none of them and logs in once per account. Exit status 0 always; a missed goal is printed as such.
"""

import argparse
import collections
import io
import json
import os
import random
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.pages import RESULTS, ROOT, USERS, login, pct, run_header, setup_django, start_server, stop_server

BENCH_PASSWORD = "Bench@2026pass"
DEMO_PASSWORD = "Dangjian@2026"
REVIEWERS = {1: "reviewer_l1", 2: "reviewer_l2", 3: "reviewer_l3"}
# (task, weight): what a virtual user does next, by these weights.
TASKS = [
    ("member", 40),
    ("secretary", 15),
    ("declarant", 10),
    ("reviewer", 10),
    ("search", 20),
    ("export", 5),
]
QUERIES = [
    "乡村振兴",
    "主题党日",
    "三会一课",
    "上个月的支委会",
    "党课 谁讲的",
    '"民主生活会"',
    "学习贯彻",
    "志愿服务",
    "组织生活会 什么时候",
    "党员大会",
    "经普",
    "基层党建",
]
TIMEOUT = 30
GOALS = {"p95_ms": 1000}


# ---------------------------------------------------------------- pure helpers (tests/test_bench_load.py)


def reconcile(sent_ok, stored):
    """Writes answered 2xx (`sent_ok`, markers) against rows stored (`stored`, one marker per row).

    lost: answered 2xx but not stored; duplicated: rows beyond the first per marker; unconfirmed: stored without
    a 2xx answer (a timed-out request that did go through — not an error)."""
    sent = set(sent_ok)
    counts = collections.Counter(stored)
    return {
        "sent_ok": len(sent),
        "stored": sum(counts.values()),
        "lost": len(sent - set(counts)),
        "duplicated": sum(n - 1 for n in counts.values() if n > 1),
        "unconfirmed": len(set(counts) - sent),
    }


def parse_mix(text):
    """`member=40,search=20` → {"member": 40, "search": 20}: the tasks' weights (a task left out is not done)."""
    known = dict(TASKS)
    mix = {}
    for part in text.split(","):
        name, _, weight = part.partition("=")
        name = name.strip()
        if name not in known:
            raise argparse.ArgumentTypeError(f"unknown task {name!r}: one of {', '.join(known)}")
        mix[name] = float(weight) if weight.strip() else known[name]
    if not any(w > 0 for w in mix.values()):
        raise argparse.ArgumentTypeError("at least one task needs a weight above 0")
    return mix


def summarize(samples, seconds):
    """Per kind of request and overall: count, requests/s, p50/p95 ms, 4xx, 5xx, timeouts."""
    kinds = collections.defaultdict(list)
    for kind, ms, status in samples:
        kinds[kind].append((ms, status))

    def row(values):
        times = [ms for ms, _s in values]
        return {
            "n": len(values),
            "rps": len(values) / seconds if seconds else 0.0,
            "p50": pct(times, 50) if times else 0.0,
            "p95": pct(times, 95) if times else 0.0,
            "4xx": sum(1 for _ms, s in values if 400 <= s < 500),
            "5xx": sum(1 for _ms, s in values if s >= 500),
            "timeouts": sum(1 for _ms, s in values if s == 0),
        }

    return {
        "all": row([(ms, s) for _k, ms, s in samples]),
        "kinds": {k: row(v) for k, v in sorted(kinds.items())},
    }


def level_table(level, summary):
    a = summary["all"]
    lines = [
        f"== {level['concurrency']} concurrent users, {level['seconds']:.1f} s: {a['n']} requests, "
        f"{a['rps']:.1f} req/s, p50 {a['p50']:.0f} ms, p95 {a['p95']:.0f} ms, "
        f"4xx {a['4xx']}, 5xx {a['5xx']}, timeouts {a['timeouts']}",
        "| request | n | req/s | p50 ms | p95 ms | 4xx | 5xx | timeouts |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for kind, r in summary["kinds"].items():
        lines.append(
            f"| {kind} | {r['n']} | {r['rps']:.1f} | {r['p50']:.0f} | {r['p95']:.0f} | {r['4xx']} | {r['5xx']} | "
            f"{r['timeouts']} |"
        )
    return "\n".join(lines)


def writes_table(checks):
    lines = [
        "| writes | answered 2xx | stored | lost | duplicated | stored without 2xx |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, c in checks.items():
        lines.append(
            f"| {name} | {c['sent_ok']} | {c['stored']} | {c['lost']} | {c['duplicated']} | {c['unconfirmed']} |"
        )
    return "\n".join(lines)


def tiny_png(width=32, height=24):
    """A small valid PNG (a red rectangle), made without an imaging library."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\xc8\x1e\x1e" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


# ---------------------------------------------------------------- the world the run acts on


def world():
    """Ids the virtual users need, from the generated database (read once, before the server starts)."""
    from accounts.models import User
    from core.dates import today as local_today
    from orgs.models import Organisation
    from plans.models import Claim, ItemOwner, Plan, PlanItem
    from points.models import Item

    branch_user = User.objects.select_related("person__org").get(username=USERS["branch"])
    member = User.objects.select_related("person").get(username=USERS["member"])
    branch = branch_user.person.org
    today = local_today()  # the platform's day (Asia/Shanghai): a record dated later would be in the future
    plans = list(Plan.objects.filter(org=branch).order_by("-year").values_list("pk", flat=True))
    claimed = Claim.objects.filter(person=member.person, state="pending").values("item_id")
    owned = ItemOwner.objects.filter(person=member.person).values("item_id")
    items = list(
        PlanItem.objects.filter(plan__org=branch)
        .exclude(pk__in=claimed)
        .exclude(pk__in=owned)
        .order_by("id")
        .values_list("pk", flat=True)
    )
    above = [branch.path[:n] for n in range(Organisation.steplen, len(branch.path) + 1, Organisation.steplen)]
    point_item = (
        Item.objects.filter(scheme__year=today.year, subject_type="org", cap__isnull=True, scheme__org__path__in=above)
        .order_by("scheme_id", "id")
        .first()
    )
    # The generated world gives the demo's accounts the generator's password; check it here, not by a failed login.
    passwords = {}
    for username in [*USERS.values(), *REVIEWERS.values()]:
        user = User.objects.get(username=username)
        passwords[username] = next((p for p in (BENCH_PASSWORD, DEMO_PASSWORD) if user.check_password(p)), None)
        if passwords[username] is None:
            sys.exit(f"{username}: neither known password fits; run `manage.py generate` on this database first")
    return {
        "passwords": passwords,
        "branch": branch.pk,
        "member_person": member.person_id,
        "plan": plans[0] if plans else None,
        "items": items,
        "point_item": point_item.pk if point_item else None,
        "year": today.year,
        "today": today.isoformat(),
    }


# ---------------------------------------------------------------- the run


class Run:
    def __init__(self, args, base, ids):
        self.args, self.base, self.ids = args, base, ids
        self.run_id = f"{time.strftime('%m%d%H%M%S')}{uuid.uuid4().hex[:4]}"
        self.lock = threading.Lock()
        self.counter = 0
        self.samples = []
        self.total = 0
        self.stop = threading.Event()
        self.ok = {k: set() for k in ("records", "attachments", "claims", "claim_rejects", "declarations", "ledger")}
        self.free_items = collections.deque(ids["items"])
        self.pending = {1: collections.deque(), 2: collections.deque(), 3: collections.deque()}
        self.review_refusals = 0  # declarations of a batch not approved (tried again later)
        self.png = tiny_png()
        self.sessions = {}
        self.tokens = {}

    # -- accounts: once each, shared
    def log_in(self):
        import requests

        passwords = self.ids["passwords"]
        for kind, username in USERS.items():
            self.sessions[kind] = login(self.base, username, passwords[username]).cookies.get_dict()
        accounts = {**USERS, **{f"l{lv}": u for lv, u in REVIEWERS.items()}}
        for kind, username in accounts.items():
            body = {"username": username, "password": passwords[username]}
            r = requests.post(f"{self.base}/api/v1/auth/token", json=body, timeout=TIMEOUT)
            if r.status_code != 200:
                sys.exit(f"token for {username} refused ({r.status_code}): {r.text[:200]}")
            self.tokens[kind] = r.json()["token"]

    def marker(self):
        with self.lock:
            self.counter += 1
            return f"压测-{self.run_id}-{self.counter}"

    # -- one request, timed
    def call(self, http, kind, method, path, *, token=None, write=False, **kw):
        import requests

        headers = kw.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {self.tokens[token]}"
        if write:
            headers["Idempotency-Key"] = uuid.uuid4().hex
        with self.lock:
            if self.total >= self.args.max_requests:
                self.stop.set()
                return None
            self.total += 1
        for attempt in (1, 2):
            t = time.perf_counter()
            try:
                r = http.request(
                    method, self.base + path, headers=headers, timeout=TIMEOUT, allow_redirects=False, **kw
                )
                status = r.status_code
            except requests.RequestException:
                r, status = None, 0
            ms = (time.perf_counter() - t) * 1000
            with self.lock:
                self.samples.append((kind, ms, status))
            if status or not write or attempt == 2:
                return r
            if "files" in kw:
                for _name, f in kw["files"].items():
                    f[1].seek(0)
        return r

    # -- the tasks
    def member(self, http):
        self.call(http, "GET /", "GET", "/")
        self.call(http, "GET /plans/", "GET", "/plans/")
        if self.ids["plan"]:
            self.call(http, "GET /plans/<id>/", "GET", f"/plans/{self.ids['plan']}/")
        self.call(http, "GET /points/my/", "GET", "/points/my/")

    def secretary(self, http):
        title = self.marker()
        body = {
            "org": self.ids["branch"],
            "type": "study",
            "title": title,
            "date": self.ids["today"],
            "place": "党员活动室",
            "content": f"{title}：集中学习党的二十届三中全会精神，交流研讨。",
        }
        r = self.call(http, "POST records", "POST", "/api/v1/records", token="branch", write=True, json=body)
        if r is not None and r.status_code == 201:
            self.ok["records"].add(title)
            name = f"{title}.png"
            files = {"file": (name, io.BytesIO(self.png), "image/png")}
            path = f"/api/v1/records/{r.json()['id']}/attachments"
            a = self.call(http, "POST attachment", "POST", path, token="branch", write=True, files=files)
            if a is not None and a.status_code == 201:
                self.ok["attachments"].add(name)
        with self.lock:
            item = self.free_items.popleft() if self.free_items else None
        if item is None:
            return
        note = self.marker()
        path = f"/api/v1/plan-items/{item}/claims"
        r = self.call(http, "POST claim", "POST", path, token="member", write=True, json={"note": note})
        if r is not None and r.status_code == 201:
            self.ok["claims"].add(note)
            reason = f"压测驳回 {note}"
            path = f"/api/v1/claims/{r.json()['id']}/reject"
            x = self.call(
                http, "POST claim reject", "POST", path, token="committee", write=True, json={"reason": reason}
            )
            if x is not None and x.status_code == 200:
                self.ok["claim_rejects"].add(note)
            else:
                return  # still pending: the item stays out of the pool
        with self.lock:
            self.free_items.append(item)

    def declarant(self, http):
        if not self.ids["point_item"]:
            return
        description = self.marker()
        body = {
            "item": self.ids["point_item"],
            "subject_org": self.ids["branch"],
            "quantity": 1,
            "occurred_on": self.ids["today"],
            "description": description,
        }
        r = self.call(
            http, "POST declaration", "POST", "/api/v1/points/declarations", token="branch", write=True, json=body
        )
        if r is None or r.status_code != 201:
            return
        self.ok["declarations"].add(description)
        pk = r.json()["id"]
        s = self.call(
            http,
            "POST declaration submit",
            "POST",
            f"/api/v1/points/declarations/{pk}/submit",
            token="branch",
            write=True,
        )
        if s is not None and s.status_code == 200 and s.json().get("state") == "pending_l1":
            with self.lock:
                self.pending[1].append(pk)

    def reviewer(self, http, rng):
        level = rng.choice([lv for lv in (1, 2, 3) if self.pending[lv]] or [1])
        path = f"/api/v1/points/reviews/queue?level={level}&page_size=20"
        self.call(http, f"GET review queue l{level}", "GET", path, token=f"l{level}")
        with self.lock:
            batch = [self.pending[level].popleft() for _ in range(min(self.args.batch, len(self.pending[level])))]
        if not batch:
            return
        body = {"declarations": batch, "decision": "approve", "comment": "压测批量审核"}
        r = self.call(
            http,
            f"POST review batch l{level}",
            "POST",
            "/api/v1/points/reviews/batch",
            token=f"l{level}",
            write=True,
            json=body,
        )
        done = {i["id"] for i in r.json()["items"] if i["ok"]} if r is not None and r.status_code == 200 else set()
        with self.lock:
            self.review_refusals += len(batch) - len(done)
            for pk in batch:
                if pk not in done:
                    self.pending[level].append(pk)  # refused or lost: someone tries again
                elif level < 3:
                    self.pending[level + 1].append(pk)
                else:
                    self.ok["ledger"].add(pk)

    def search(self, http, rng):
        q = rng.choice(QUERIES)
        who = rng.choice(["member", "committee"])
        self.call(http, "GET api search", "GET", "/api/v1/search", token=who, params={"q": q})
        self.call(http, "GET /search/", "GET", "/search/", params={"q": rng.choice(QUERIES)})

    def export(self, http):
        self.call(http, "GET records xlsx", "GET", f"/records/export/{self.ids['year']}/list.xlsx")
        self.call(http, "GET ledger xlsx", "GET", "/points/ledger/export.xlsx")

    def user(self, concurrency, index, deadline):
        import requests

        rng = random.Random(f"{self.args.seed}-{concurrency}-{index}")
        tasks, weights = zip(*self.args.mix.items(), strict=True)
        sessions = {}
        for kind, cookies in self.sessions.items():
            s = requests.Session()
            s.cookies.update(cookies)
            sessions[kind] = s
        api = requests.Session()
        while time.monotonic() < deadline and not self.stop.is_set():
            task = rng.choices(tasks, weights)[0]
            if task == "member":
                self.member(sessions["member"])
            elif task == "search":
                self.search(sessions[rng.choice(["member", "committee"])], rng)
            elif task == "export":
                self.export(sessions["committee"])
            elif task == "reviewer":
                self.reviewer(api, rng)
            else:
                getattr(self, task)(api)

    def level(self, concurrency):
        start = len(self.samples)
        t0 = time.monotonic()
        deadline = t0 + self.args.seconds
        threads = [
            threading.Thread(target=self.user, args=(concurrency, i, deadline), daemon=True) for i in range(concurrency)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.monotonic() - t0
        samples = self.samples[start:]
        return {"concurrency": concurrency, "seconds": seconds, **summarize(samples, seconds)}


def stored_writes(run_id):
    """Rows of this run, by marker, straight from the database."""
    from plans.models import Claim
    from points.models import Declaration, LedgerEntry
    from records.models import Attachment, Record

    prefix = f"压测-{run_id}-"
    return {
        "records": list(Record.objects.filter(title__startswith=prefix).values_list("title", flat=True)),
        "attachments": list(Attachment.objects.filter(record__title__startswith=prefix).values_list("name", flat=True)),
        "claims": list(Claim.objects.filter(note__startswith=prefix).values_list("note", flat=True)),
        "claim_rejects": list(
            Claim.objects.filter(note__startswith=prefix, state="rejected").values_list("note", flat=True)
        ),
        "declarations": list(
            Declaration.objects.filter(description__startswith=prefix).values_list("description", flat=True)
        ),
        "ledger": list(
            LedgerEntry.objects.filter(declaration__description__startswith=prefix, reverses__isnull=True).values_list(
                "declaration_id", flat=True
            )
        ),
    }


def server_log_problems(path):
    """What the server's log says went wrong: tracebacks (a 500) and workers gunicorn killed for taking too long."""
    try:
        text = Path(path).read_text(errors="replace")
    except OSError:
        return {"tracebacks": 0, "worker_timeouts": 0}
    return {
        "tracebacks": text.count("Traceback (most recent call last)"),
        "worker_timeouts": text.count("WORKER TIMEOUT"),
    }


def audit_check(database_url):
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "dangjian.settings"}
    p = subprocess.run(
        [sys.executable, "manage.py", "audit_verify"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=3600
    )
    return {"ok": p.returncode == 0, "output": (p.stdout + p.stderr).strip()}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", choices=["district", "city", "tiny"], default="district", help="the tier's label")
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    ap.add_argument("--base", default="", help="an already running server (loopback only); default: start one")
    ap.add_argument("--port", type=int, default=8217)
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--levels", default="1,2,4,8,16,32", help="concurrency steps")
    ap.add_argument("--seconds", type=float, default=20, help="per level")
    ap.add_argument("--max-requests", type=int, default=20000, help="hard cap over the whole run")
    ap.add_argument("--p95-limit", type=float, default=GOALS["p95_ms"], help="ms; stop after the level passing it")
    ap.add_argument("--batch", type=int, default=10, help="declarations per batch approval")
    ap.add_argument("--seed", default="16")
    ap.add_argument("--mix", type=parse_mix, default=dict(TASKS), help="task weights, e.g. member=40,search=20")
    args = ap.parse_args()
    if not args.database_url:
        sys.exit("--database-url (or DATABASE_URL) names the generated database")
    base = args.base.rstrip("/") or f"http://127.0.0.1:{args.port}"
    if urlparse(base).hostname != "127.0.0.1":
        sys.exit(f"loopback only: {base} is not http://127.0.0.1:…")
    levels = [int(x) for x in args.levels.split(",") if x.strip()]
    RESULTS.mkdir(exist_ok=True)
    setup_django(args.database_url)
    ids = world()
    proc = None
    kind = f"already running at {base}"
    if not args.base:
        proc, kind = start_server(SimpleNamespace(**{**vars(args), "scale": f"load-{args.scale}"}))
    print(f"== {args.scale}: {kind} on {base}; levels {levels}, {args.seconds:g} s each", flush=True)
    results = []
    try:
        run = Run(args, base, ids)
        run.log_in()
        print(f"   run {run.run_id}: {len(ids['items'])} claimable plan items, points item {ids['point_item']}")
        for concurrency in levels:
            result = run.level(concurrency)
            results.append(result)
            print(level_table(result, result), flush=True)
            if result["all"]["p95"] > args.p95_limit:
                print(f"   p95 {result['all']['p95']:.0f} ms passes {args.p95_limit:g} ms: no higher level")
                break
            if run.stop.is_set():
                print(f"   --max-requests {args.max_requests} reached")
                break
    finally:
        if proc is not None:
            stop_server(proc)
    stored = stored_writes(run.run_id)
    checks = {name: reconcile(run.ok[name], stored[name]) for name in run.ok}
    print()
    print(writes_table(checks))
    print(f"batch items not approved (put back in the queue): {run.review_refusals}")
    log = RESULTS / f"server-load-{args.scale}.log"
    problems = server_log_problems(log) if not args.base else {"tracebacks": 0, "worker_timeouts": 0}
    if any(problems.values()):
        print(f"server log {log}: {problems['tracebacks']} tracebacks, {problems['worker_timeouts']} worker timeouts")
    audit = audit_check(args.database_url)
    print(f"\naudit_verify: {'passed' if audit['ok'] else 'FAILED'} — {audit['output'].splitlines()[-1:]}")
    errors_5xx = sum(r["all"]["5xx"] for r in results)
    lost = sum(c["lost"] for c in checks.values())
    dup = sum(c["duplicated"] for c in checks.values())
    missed = []
    if errors_5xx:
        missed.append(f"{errors_5xx} responses 5xx (see bench/results/server-load-{args.scale}.log)")
    if lost or dup:
        missed.append(f"{lost} writes lost, {dup} duplicated")
    if not audit["ok"]:
        missed.append("audit_verify failed")
    if problems["worker_timeouts"]:
        missed.append(f"{problems['worker_timeouts']} requests killed by gunicorn's worker timeout (30 s)")
    passing = [r["concurrency"] for r in results if r["all"]["p95"] <= args.p95_limit]
    print(f"highest concurrency with p95 ≤ {args.p95_limit:g} ms: {max(passing) if passing else 'none'}")
    print(
        "GOALS MISSED: " + "; ".join(missed)
        if missed
        else "goals met: zero 5xx, no lost or duplicated writes, audit chain intact"
    )
    out = {
        **run_header(args, kind),
        "run": run.run_id,
        "args": {k: v for k, v in vars(args).items() if k != "database_url"},
        "tasks": args.mix,
        "levels": results,
        "writes": checks,
        "review_refusals": run.review_refusals,
        "audit": audit,
        "server_log": problems,
        "goals_missed": missed,
    }
    (RESULTS / f"load-{args.scale}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1))
    print(f"results: bench/results/load-{args.scale}.json")


if __name__ == "__main__":
    main()
