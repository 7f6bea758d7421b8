"""Every main page against a floor, over real HTTP, for each kind of user (not a test).

    DATABASE_URL=postgres://postgres@127.0.0.1:55432/scale_bench .venv/bin/python manage.py generate --scale district
    .venv/bin/python bench/pages.py --scale district --database-url postgres://postgres@127.0.0.1:55432/scale_bench
    .venv/bin/python bench/pages.py --scale city --database-url postgres://…/scale_city   # adds city/district

It starts its own server on --port (gunicorn with --workers if it is installed, else `manage.py runserver
--noreload`), with the production settings (dangjian.settings, DEBUG off, persistent connections) plus the floor
page and a query counter (bench/pages_settings.py), logs in through the login form as the generated committee
admin, branch admin and member (bench/generate.py), and times each page --rounds times, each time right after the
floor for the same user, so that load from elsewhere hits both alike. It prints per user and page the status, p50
and p95 in ms, p50 over the floor's p50, and the server-side query count; the results go to
bench/results/pages-<scale>.json, and when the other tier's file is there, the ratio city/district per page and the
query counts of both.
"""

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results"
USERS = {"committee": "bench_committee", "branch": "bench_branch", "member": "bench_member"}
FLOOR = "/__bench__/floor/"
GOALS = {"ratio_floor": 5.0, "ratio_tiers": 1.5}


def pages(ids):
    """(module, page, url) for a user whose objects are `ids` (None: the page has no object for this user)."""
    plan, project, round_ = ids.get("plan"), ids.get("project"), ids.get("round")
    return [
        ("首页", "首页与待办", "/"),
        ("组织", "组织树", "/orgs/"),
        ("组织", "人员列表", "/people/"),
        ("记录", "活动记录列表", "/records/"),
        ("检索", "检索页", "/search/?q=乡村振兴"),
        ("路径化", "清单列表", "/plans/"),
        ("路径化", "年度清单", plan and f"/plans/{plan}/"),
        ("路径化", "一表（分工）", plan and f"/plans/{plan}/division/"),
        ("路径化", "三会一课落实", "/plans/compliance/"),
        ("积分", "积分排名", "/points/rankings/"),
        ("积分", "积分台账", "/points/ledger/"),
        ("积分", "我的积分", "/points/my/"),
        ("项目化", "项目列表", "/projects/"),
        ("项目化", "甘特图", project and f"/projects/{project}/schedule/"),
        ("考核", "考核轮次", "/assessments/rounds/"),
        ("考核", "轮次详情", round_ and f"/assessments/rounds/{round_}/"),
        ("考核", "评分表", round_ and f"/assessments/rounds/{round_}/grid/"),
        ("考核", "考核结果", round_ and f"/assessments/rounds/{round_}/results/"),
        ("学院", "课程列表", "/learning/courses/"),
        ("学院", "学时统计", "/learning/hours/"),
        ("通知", "通知公告", "/notices/"),
        ("驾驶舱", "驾驶舱", "/cockpit/"),
    ]


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    import django

    django.setup()


def object_ids():
    """Per kind of user, the objects its pages with a key open: its own organisation's plan, a project of its
    branch, the latest assessment round of the committee."""
    from accounts.models import User
    from assessments.models_rounds import Round
    from orgs.models import Organisation
    from plans.models import Plan
    from projects.models import Project

    branch_user = User.objects.select_related("person__org").get(username=USERS["branch"])
    branch = branch_user.person.org
    root = Organisation.objects.get(path=branch.path[: Organisation.steplen])
    round_ = Round.objects.filter(scheme__org=root).order_by("-id").values_list("pk", flat=True).first()
    project = Project.objects.filter(org=branch).order_by("id").values_list("pk", flat=True).first()
    branch_plan = Plan.objects.filter(org=branch).order_by("-year").values_list("pk", flat=True).first()
    root_plan = Plan.objects.filter(org=root).order_by("-year").values_list("pk", flat=True).first()
    return {
        "committee": {"plan": root_plan or branch_plan, "project": project, "round": round_},
        "branch": {"plan": branch_plan, "project": project, "round": round_},
        "member": {"plan": branch_plan, "project": project, "round": round_},
    }


def start_server(args):
    env = {
        **os.environ,
        "DATABASE_URL": args.database_url,
        "DJANGO_SETTINGS_MODULE": "bench.pages_settings",
        "DEBUG": "0",
        "CONN_MAX_AGE": os.environ.get("CONN_MAX_AGE", "600"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "PYTHONPATH": str(ROOT),
    }
    py = sys.executable
    try:
        import gunicorn  # noqa: F401

        cmd = [py, "-m", "gunicorn", "dangjian.wsgi", "-b", f"127.0.0.1:{args.port}", "-w", str(args.workers)]
        kind = f"gunicorn, {args.workers} workers"
    except ImportError:
        cmd = [py, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{args.port}"]
        kind = "manage.py runserver --noreload (gunicorn is not installed)"
    log = open(RESULTS / f"server-{args.scale}.log", "w")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    import requests

    for _ in range(120):
        try:
            requests.get(f"http://127.0.0.1:{args.port}/accounts/login/", timeout=2)
            return proc, kind
        except (requests.ConnectionError, requests.Timeout):  # a busy machine: the first answer may be slow
            if proc.poll() is not None:
                sys.exit(f"the server stopped; see {log.name}")
            time.sleep(0.5)
    stop_server(proc)
    sys.exit("the server did not answer within 60 s")


def stop_server(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)


def login(base, username, password):
    import requests

    s = requests.Session()
    r = s.get(f"{base}/accounts/login/", timeout=30)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', r.text).group(1)
    r = s.post(
        f"{base}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": username, "password": password},
        headers={"Referer": f"{base}/accounts/login/"},
        allow_redirects=False,
        timeout=30,
    )
    if r.status_code != 302:
        sys.exit(f"login as {username} failed ({r.status_code}): run `manage.py generate` on this database first")
    return s


def fetch(session, url):
    t = time.perf_counter()
    r = session.get(url, allow_redirects=False, timeout=120)
    ms = (time.perf_counter() - t) * 1000
    return ms, r.status_code, int(r.headers.get("X-Query-Count", "-1"))


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def measure(args, base, ids):
    results = []
    for kind, username in USERS.items():
        s = login(base, username, args.password)
        print(f"  {kind}: logged in as {username}", flush=True)
        for module, page, url in pages(ids[kind]):
            if url is None:
                results.append({"user": kind, "module": module, "page": page, "url": None})
                continue
            fetch(s, base + FLOOR), fetch(s, base + url)  # warm: both measured hot
            floor_ms, page_ms = [], []
            status = queries = floor_q = None
            for _ in range(args.rounds):
                f_ms, _st, floor_q = fetch(s, base + FLOOR)
                p_ms, status, queries = fetch(s, base + url)
                floor_ms.append(f_ms)
                page_ms.append(p_ms)
            row = {
                "user": kind,
                "module": module,
                "page": page,
                "url": url,
                "status": status,
                "p50": statistics.median(page_ms),
                "p95": pct(page_ms, 95),
                "floor_p50": statistics.median(floor_ms),
                "queries": queries,
                "floor_queries": floor_q,
            }
            row["ratio"] = row["p50"] / row["floor_p50"]
            results.append(row)
            print(
                f"    {page:<10} {status} p50 {row['p50']:7.1f} ms  ×floor {row['ratio']:5.1f}  q {queries}",
                flush=True,
            )
    return results


def table(results, scale, other):
    """The Markdown table: per user and page, this tier's figures and, with the other tier's, the growth."""
    theirs = {(r["user"], r["page"]): r for r in (other or {}).get("results", [])}
    head = "| 用户 | 页面 | 状态 | p50 ms | p95 ms | ×floor | 查询数 |"
    sep = "| --- | --- | --- | ---: | ---: | ---: | ---: |"
    if other:
        head += f" {other['scale']} 查询数 | city/district p50 |"
        sep += " ---: | ---: |"
    lines = [head, sep]
    floors = {}
    for r in results:
        if r["url"] is None:
            lines.append(f"| {r['user']} | {r['page']} | 无对象 | | | | |" + (" | |" if other else ""))
            continue
        floors.setdefault(r["user"], []).append(r["floor_p50"])
        flag = " ⚠" if r["ratio"] > GOALS["ratio_floor"] else ""
        line = (
            f"| {r['user']} | {r['page']} | {r['status']} | {r['p50']:.1f} | {r['p95']:.1f} | "
            f"{r['ratio']:.1f}{flag} | {r['queries']} |"
        )
        if other:
            o = theirs.get((r["user"], r["page"]))
            if o and o.get("url"):
                city, district = (r, o) if scale == "city" else (o, r)
                growth = city["p50"] / district["p50"]
                mark = " ⚠" if growth > GOALS["ratio_tiers"] else ""
                qmark = " ⚠" if o["queries"] != r["queries"] else ""
                line += f" {o['queries']}{qmark} | {growth:.2f}{mark} |"
            else:
                line += " | |"
        lines.append(line)
    lines.append("")
    for user, fs in floors.items():
        lines.append(f"floor ({user}): p50 {statistics.median(fs):.1f} ms")
    return "\n".join(lines)


def run_header(args, kind):
    """What every benchmark's results file says of its run: the tier, the server, when, on which database."""
    return {
        "scale": args.scale,
        "server": kind,
        "at": time.strftime("%Y-%m-%d %H:%M %Z"),
        "database": args.database_url.split("://")[0],
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--scale", choices=["district", "city", "tiny"], default="district", help="the tier's label")
    ap.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--port", type=int, default=8207)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--password", default="Bench@2026pass")
    args = ap.parse_args()
    if not args.database_url:
        sys.exit("--database-url (or DATABASE_URL) names the generated database")
    RESULTS.mkdir(exist_ok=True)
    setup_django(args.database_url)
    ids = object_ids()
    proc, kind = start_server(args)
    base = f"http://127.0.0.1:{args.port}"
    print(f"== {args.scale}: {kind} on {base}, {args.rounds} rounds per page", flush=True)
    try:
        results = measure(args, base, ids)
    finally:
        stop_server(proc)
    out = {**run_header(args, kind), "rounds": args.rounds, "results": results}
    (RESULTS / f"pages-{args.scale}.json").write_text(json.dumps(out, ensure_ascii=False, indent=1))
    other_name = {"district": "city", "city": "district"}.get(args.scale)
    other_file = RESULTS / f"pages-{other_name}.json"
    other = json.loads(other_file.read_text()) if other_name and other_file.exists() else None
    print()
    print(table(results, args.scale, other))


if __name__ == "__main__":
    main()
