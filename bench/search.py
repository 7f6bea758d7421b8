"""Search benchmark (not a test): synthetic Chinese records, fixed queries, p50/p95 per backend vs tantivy.

    .venv/bin/python bench/search.py --backend sqlite --n 50000
    .venv/bin/python bench/search.py --backend postgres --n 1000000 --budget 600

SQLite runs on a fresh file (/tmp/bench_search.sqlite3); PostgreSQL on a fresh database
(`--pg-url`, default postgres://postgres@127.0.0.1:5433/dj_records_bench, dropped and recreated).
With `--budget S` generation stops when S seconds have gone by, whatever `--n` says. The same
token streams are indexed by tantivy (whitespace tokenizer, BM25, title boosted like ours) as the floor.
The timing of ours is the whole `search.engine.search()` call a page makes: parsing, candidate SQL,
ranking, snippets and the visible_to re-check.
"""

import argparse
import datetime
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟 芳 娜 秀英 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 霞 平 刚 建华 晓东 海燕 志强 玉兰 文博 雪梅 建国 立新".split()
VILLAGE_A = "东西南北上下前后大小新老"
VILLAGE_B = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
VILLAGE_C = ["家庄", "家村", "家峪", "官庄", "家洼", "家岭", "营村", "家店"]
TYPES = [
    ("committee_meeting", "支委会"),
    ("general_meeting", "支部党员大会"),
    ("group_meeting", "党小组会"),
    ("party_lesson", "党课"),
    ("theme_day", "主题党日"),
    ("education", "党员教育"),
    ("study", "专题学习"),
    ("volunteer", "志愿服务"),
    ("visit", "调研走访"),
    ("symposium", "座谈会"),
    ("talk", "谈心谈话"),
]
TOPICS = [
    "乡村振兴",
    "安全生产",
    "防汛救灾",
    "疫情防控",
    "营商环境",
    "统计法治",
    "数据质量",
    "经济普查",
    "人口抽样调查",
    "党风廉政建设",
    "意识形态工作",
    "基层治理",
    "网格化管理",
    "文明城市创建",
    "森林防火",
    "垃圾分类",
    "就业帮扶",
    "产业链招商",
    "项目建设",
    "社会保障",
    "教育实践",
    "老旧小区改造",
    "河长制",
    "信访维稳",
    "招商引资",
    "民营经济",
    "科技创新",
    "双招双引",
    "耕地保护",
    "粮食安全",
]
OPENINGS = [
    "会议由{host}主持，应到{n}人，实到{m}人。",
    "{host}主持会议，{m}名党员参加。",
    "本次活动由{host}组织，共{m}人参加。",
]
SENTENCES = [
    "会议传达学习了上级关于{topic}的文件精神，结合本单位实际进行了讨论。",
    "{name}同志汇报了{topic}工作进展，提出下一步工作建议。",
    "大家围绕{topic}畅所欲言，查找存在的问题和不足。",
    "党员们前往{village}开展{topic}调研，走访群众{k}户，收集意见建议{j}条。",
    "会议强调，要把{topic}作为重要政治任务抓紧抓实，确保各项措施落地见效。",
    "支部书记{name}以“{topic}”为题讲授党课，引导党员立足岗位作贡献。",
    "集中学习《中国共产党章程》和《中国共产党纪律处分条例》有关内容。",
    "会上通报了第{q}季度党费收缴情况和党员学习强国积分情况。",
    "全体党员重温入党誓词，{name}同志领誓。",
    "与会同志一致同意将{name}同志列为入党积极分子，明确{name2}为培养联系人。",
    "党员志愿者到{village}社区开展{topic}宣传，发放资料{k}份。",
    "会议研究了{topic}专项工作方案，明确了责任分工和完成时限。",
]
# Planted documents the natural questions must find first: (title, body, date, type).
NEEDLES = [
    (
        "赴章丘区三涧溪村开展党员教育",
        "全体党员前往章丘区三涧溪村参观乡村振兴展厅，在村史馆重温入党誓词。",
        "2021-04-16",
        "education",
    ),
    (
        "支委会：研究统计服务全区发展",
        "书记指出，要打造“东部崛起新引擎的统计力量”，加强监测分析。",
        "2021-03-26",
        "committee_meeting",
    ),
    (
        "青年党员微党课",
        "以数据质量是统计工作的生命线为题讲微党课，分享源头数据核查的做法。",
        "2022-05-20",
        "party_lesson",
    ),
    ("主题党日：走进莱芜战役纪念馆", "党员们参观莱芜战役纪念馆，接受革命传统教育。", "2023-05-12", "theme_day"),
    (
        "调研走访企业联网直报工作",
        "走访规模以上工业企业，了解联网直报平台使用情况，现场解答填报问题。",
        "2024-08-22",
        "visit",
    ),
]
QUERIES = [
    ("党员", None),
    ("学习", None),
    ("会议", None),
    ("乡村振兴", None),
    ("党风廉政建设", None),
    ("安全生产", None),
    ("入党积极分子", None),
    ("党费收缴", None),
    ("重温入党誓词", None),
    ("纪律处分条例", None),
    ("耕地保护", None),
    ("河长制", None),
    ("网格化管理", None),
    ("人口抽样调查", None),
    ("双招双引", None),
    ("三涧溪", 0),
    ("莱芜战役纪念馆", 3),
    ("联网直报", 4),
    ("查一下去章丘区三涧溪开展党员教育的日期", 0),
    ("去三涧溪开展党员教育是哪天", 0),
    ("哪一次会议提到打造‘东部崛起新引擎的统计力量’", 1),
    ("哪次会议提到东部崛起新引擎的统计力量", 1),
    ("数据质量是统计工作的生命线", 2),
    ('"东部崛起新引擎"', 1),
    ("什么时候去的莱芜战役纪念馆", 3),
    ("企业联网直报调研是哪天", 4),
    ("防汛救灾 党员志愿者", None),
    ("支部书记讲授党课 乡村振兴", None),
    ('"文明城市创建"', None),
    ("老旧小区改造 走访群众", None),
    ("学习强国积分情况", None),
    ("森林防火宣传", None),
]


def village(rng):
    return rng.choice(VILLAGE_A) + rng.choice(VILLAGE_B) + rng.choice(VILLAGE_C)


def name(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def make_doc(rng, i, start):
    code, label = rng.choice(TYPES)
    topic = rng.choice(TOPICS)
    date = start + datetime.timedelta(days=rng.randint(0, 365 * 6))
    n = rng.randint(8, 40)
    m = n - rng.randint(0, 3)
    parts = [rng.choice(OPENINGS).format(host=name(rng), n=n, m=m)]
    for s in rng.sample(SENTENCES, rng.randint(4, 7)):
        parts.append(
            s.format(
                topic=rng.choice([topic, topic, rng.choice(TOPICS)]),
                name=name(rng),
                name2=name(rng),
                village=village(rng),
                k=rng.randint(5, 80),
                j=rng.randint(2, 30),
                q=rng.randint(1, 4),
            )
        )
    title = rng.choice(
        [f"{date.month}月份{label}", f"{label}：{topic}", f"{topic}专题{label}", f"{label}（第{i % 97 + 1}期）"]
    )
    return code, date, title, "".join(parts)


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dangjian.settings")
    import django

    django.setup()


def build(args):
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import RoleAssignment, User
    from orgs.models import Organisation
    from records.choices import RECORD_TYPE_LABELS
    from search.tokenizer import load_user_dictionary, token_string

    call_command("migrate", verbosity=0)
    load_user_dictionary()
    root = Organisation.add_root(name="基准测试市委组织部", kind="committee")
    branches = []
    for b in range(args.branches):
        root.refresh_from_db()
        branches.append(root.add_child(name=f"第{b + 1}党支部", kind="branch"))
    user = User(username="bench", must_change_password=False)
    user.set_password("Bench-Passw0rd!")
    user.save()
    RoleAssignment.objects.create(user=user, role="org_admin", org=root)

    rng = random.Random(42)
    start = datetime.date(2020, 1, 1)
    needle_at = {args.n // (len(NEEDLES) + 1) * (k + 1): k for k in range(len(NEEDLES))}
    tdir = tempfile.mkdtemp(prefix="bench_tantivy_")
    tw, t_index = tantivy_writer(tdir)
    pg = connection.vendor == "postgresql"
    if pg:
        with connection.cursor() as cur:
            for idx in ("search_entry_tsv", "search_entry_title_trgm", "search_entry_body_trgm"):
                cur.execute(f"DROP INDEX IF EXISTS {idx}")
    t0 = time.monotonic()
    made, batch, now = 0, 20000, datetime.datetime.now(datetime.UTC)
    needle_ids = {}
    while made < args.n and (not args.budget or time.monotonic() - t0 < args.budget):
        rows = []
        for i in range(made, min(args.n, made + batch)):
            if i in needle_at:
                title, body, d, code = NEEDLES[needle_at[i]]
                date = datetime.date.fromisoformat(d)
            else:
                code, date, title, body = make_doc(rng, i, start)
            rows.append((i, branches[i % len(branches)], code, date, title, body))
        first_id = made + 1
        record_rows = [(first_id + k, r[1].id, r[2], f",{r[2]},", r[4], r[3], r[5], now) for k, r in enumerate(rows)]
        entry_rows = []
        for k, (i, org, code, date, title, body) in enumerate(rows):
            full_body = RECORD_TYPE_LABELS[code] + "\n" + body
            tt, bt = token_string(title), token_string(full_body)
            entry_rows.append(("record", first_id + k, org.id, org.path, code, date, title, full_body, tt, bt, now))
            tw.add_document(tantivy_doc(first_id + k, tt, bt))
            if i in needle_at:
                needle_ids[needle_at[i]] = first_id + k
        load_rows(connection, record_rows, entry_rows)
        made += len(rows)
        print(f"  {made} records, {time.monotonic() - t0:.0f}s", flush=True)
    load_s = time.monotonic() - t0
    t1 = time.monotonic()
    with connection.cursor() as cur:
        if pg:
            cur.execute("SET maintenance_work_mem = '1GB'")
            cur.execute("SET max_parallel_maintenance_workers = 2")
            cur.execute("CREATE INDEX search_entry_tsv ON search_searchentry USING gin (tsv)")
            cur.execute("CREATE INDEX search_entry_title_trgm ON search_searchentry USING gin (title gin_trgm_ops)")
            cur.execute("CREATE INDEX search_entry_body_trgm ON search_searchentry USING gin (body gin_trgm_ops)")
            cur.execute("VACUUM ANALYZE search_searchentry")
            cur.execute("ANALYZE records_record")
        else:
            cur.execute("INSERT INTO search_fts(search_fts) VALUES('optimize')")
            cur.execute("INSERT INTO search_trigram(search_trigram) VALUES('optimize')")
            cur.execute("ANALYZE")
    index_s = time.monotonic() - t1
    tw.commit()
    t_index.reload()
    return user, made, needle_ids, load_s, index_s, t_index, tdir


def load_rows(connection, record_rows, entry_rows):
    from django.db import transaction

    rcols = "(id, org_id, type, counts_as_key, title, date, content, created_at)"
    ecols = "(kind, object_id, org_id, org_path, type, date, title, body, title_tokens, body_tokens, updated_at)"
    with transaction.atomic(), connection.cursor() as cur:
        if connection.vendor == "postgresql":
            raw = cur.cursor
            with raw.copy(
                f"COPY records_record {rcols[:-1]}, also_counts_as, updated_at, place, agenda, decisions) FROM STDIN"
            ) as cp:
                for r in record_rows:
                    cp.write_row((*r, "[]", r[-1], "", "", ""))
            with raw.copy(f"COPY search_searchentry {ecols} FROM STDIN") as cp:
                for e in entry_rows:
                    cp.write_row(e)
        else:
            cur.executemany(
                f"INSERT INTO records_record {rcols[:-1]}, also_counts_as, updated_at, place, agenda, decisions) "
                "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, '[]', %s, '', '', '')",
                [(*r, r[-1]) for r in record_rows],
            )
            cur.executemany(f"INSERT INTO search_searchentry {ecols} VALUES ({', '.join(['%s'] * 11)})", entry_rows)


def tantivy_writer(path):
    import tantivy

    sb = tantivy.SchemaBuilder()
    sb.add_integer_field("id", stored=True, indexed=True, fast=True)
    sb.add_text_field("title", tokenizer_name="ws")
    sb.add_text_field("body", tokenizer_name="ws")
    index = tantivy.Index(sb.build(), path=path)
    index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    return index.writer(heap_size=256_000_000), index


def tantivy_doc(pk, title_tokens, body_tokens):
    import tantivy

    return tantivy.Document(id=pk, title=title_tokens, body=body_tokens)


def tantivy_query(index, parsed):
    import tantivy

    schema = index.schema
    clauses = []
    for t in parsed.terms:
        clauses.append(
            (tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.term_query(schema, "title", t), 3.0))
        )
        clauses.append((tantivy.Occur.Should, tantivy.Query.term_query(schema, "body", t)))
    for p in parsed.phrases:
        from search.tokenizer import words

        ws = [w.lower() for w in words(p.text)]
        if len(ws) > 1:
            clauses.append(
                (tantivy.Occur.Should, tantivy.Query.boost_query(tantivy.Query.phrase_query(schema, "body", ws), 2.0))
            )
    return tantivy.Query.boolean_query(clauses) if clauses else tantivy.Query.empty_query()


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(p / 100 * len(values)) - 1))]


def measure(args, user, needle_ids, t_index):
    from search import engine
    from search.query import parse

    ours, floor, correct, wanted = [], [], 0, 0
    searcher = t_index.searcher()
    per_query = []
    for q, needle in QUERIES:
        engine.search(user, q)  # warm caches (statistics, prepared plans)
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            res = engine.search(user, q)
            times.append((time.perf_counter() - t) * 1000)
        ttimes = []
        tq = tantivy_query(t_index, parse(q))
        for _ in range(args.repeat):
            t = time.perf_counter()
            searcher.search(tq, 20)
            ttimes.append((time.perf_counter() - t) * 1000)
        ours += times
        floor += ttimes
        ok = ""
        if needle is not None:
            wanted += 1
            hit = res.top is not None and res.top.id == needle_ids.get(needle)
            correct += hit
            ok = "top-1 ✓" if hit else "top-1 ✗"
        per_query.append((q, statistics.median(times), statistics.median(ttimes), res.count, ok))
    return ours, floor, per_query, correct, wanted


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--backend", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--n", type=int, default=None, help="records to generate (50k SQLite, 1M PostgreSQL)")
    ap.add_argument("--budget", type=float, default=None, help="stop generating after this many seconds")
    ap.add_argument("--branches", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pg-url", default="postgres://postgres@127.0.0.1:5433/dj_records_bench")
    args = ap.parse_args()
    args.n = args.n or (50_000 if args.backend == "sqlite" else 1_000_000)
    if args.backend == "sqlite":
        db = Path(tempfile.gettempdir()) / "bench_search.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
        url = f"sqlite:///{db}"
    else:
        url = args.pg_url
        base, dbname = url.rsplit("/", 1)
        host = base.split("@")[-1]
        h, _, port = host.partition(":")
        for sql in (f"DROP DATABASE IF EXISTS {dbname}", f"CREATE DATABASE {dbname}"):
            subprocess.run(["psql", "-h", h, "-p", port or "5432", "-U", "postgres", "-qc", sql], check=True)
    setup_django(url)
    print(f"== {args.backend}: generating up to {args.n} records ==", flush=True)
    user, made, needle_ids, load_s, index_s, t_index, tdir = build(args)
    ours, floor, per_query, correct, wanted = measure(args, user, needle_ids, t_index)
    shutil.rmtree(tdir, ignore_errors=True)
    print(f"\n{'query':<44} {'ours ms':>8} {'tantivy ms':>10} {'hits':>6}")
    for q, o, t, count, ok in per_query:
        print(f"{q[:40]:<44} {o:8.1f} {t:10.2f} {count:>6} {ok}")
    p50, p95, t50, t95 = pct(ours, 50), pct(ours, 95), pct(floor, 50), pct(floor, 95)
    print(
        f"\nbackend={args.backend} records={made} load={load_s:.0f}s index={index_s:.0f}s "
        f"queries={len(QUERIES)}×{args.repeat}"
    )
    print(f"ours:    p50={p50:.1f} ms  p95={p95:.1f} ms")
    print(f"tantivy: p50={t50:.2f} ms  p95={t95:.2f} ms")
    print(f"ratio ours/tantivy: p50 {p50 / t50:.1f}×  p95 {p95 / t95:.1f}×")
    print(f"natural questions with the planted record first: {correct}/{wanted}")


if __name__ == "__main__":
    main()
