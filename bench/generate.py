"""The synthetic city (`manage.py generate --scale district|city`): deterministic benchmark data in bulk.

It starts from the demo world (every module's own builder, so every page has the shapes it expects: schemes,
plans, projects, assessment rounds, courses, notices …), then grows it to the tier with bulk inserts through the
real models: organisations under the demo's working committee (units with their branches, materialised paths
laid out as treebeard lays them), people with encrypted ID numbers, records with their search index rows, points
ledger entries on the demo's scheme, study hours; and, in proportion, copies of a demo branch's annual plan (items
and their nodes), claims, projects, feedback, notices with their recipients. The text comes from the demo's and
the search benchmark's generators (names, topics, sentences); one seed, so two runs give the same world.

Tiers (ARCHITECTURE.md, "Scale"): district 200 organisations / 5 000 people / 50 000 records / 100 000 ledger
entries; city 3 000 / 100 000 / 1 000 000 / 2 000 000. `tiny` is for the tests.
"""

import datetime
import random
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from django.db import connection, transaction
from django.db.models import ForeignKey

SEED = 20260416
PASSWORD = "Bench@2026pass"
ACCOUNTS = {  # username: (description, kind)
    "bench_committee": ("工委党务管理员（全部生成的组织）", "committee"),
    "bench_branch": ("支部党务管理员（第一个生成的党支部）", "branch"),
    "bench_member": ("党员（第一个生成的党支部）", "member"),
}


@dataclass(frozen=True)
class Tier:
    orgs: int
    people: int
    records: int
    ledger: int


TIERS = {
    "tiny": Tier(6, 60, 240, 300),
    "district": Tier(200, 5_000, 50_000, 100_000),
    "city": Tier(3_000, 100_000, 1_000_000, 2_000_000),
}
BATCH = 5000


_TEXT = []


def _text():
    """bench/search.py's generators (make_doc, name, village, TOPICS), loaded from its file: the name `search`
    is the search app's."""
    if not _TEXT:
        import importlib.util

        spec = importlib.util.spec_from_file_location("bench_search_text", Path(__file__).with_name("search.py"))
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        _TEXT.append(mod)
    return _TEXT[0]


class Generator:
    def __init__(self, tier, *, out=print, password=PASSWORD):
        self.tier = tier
        self.out = out
        self.password = password
        self.rng = random.Random(SEED)
        self.t0 = time.monotonic()
        self.counts = {}

    def say(self, what, n=None):
        if n is not None:
            self.counts[what] = self.counts.get(what, 0) + n
        self.out(f"  [{time.monotonic() - self.t0:6.1f}s] {what}" + (f": {self.counts[what]:,}" if n else ""))

    # ---- the run ----
    def run(self):
        from orgs.models import Organisation

        self.root = Organisation.get_root_nodes().first()
        self.template_branch = (
            Organisation.objects.filter(kind="branch", path__startswith=self.root.path).order_by("path").first()
        )
        from accounts.models import User

        self.poster = User.objects.filter(username="committee").first() or User.objects.order_by("pk").first()
        self.orgs()
        self.people()
        self.accounts()
        self._gin_indexes(drop=True)
        self.records()
        self.ledger()
        self.hours()
        self.plans()
        self.projects()
        self.feedback()
        self.notices()
        self.assessments()
        self.finish()
        return self.counts

    # ---- organisations ----
    def orgs(self):
        from orgs.models import Organisation

        t = self.tier
        n_units = max(1, t.orgs // 10)
        n_branches = t.orgs - n_units
        root = Organisation.objects.get(pk=self.root.pk)
        first = root.numchild + 1
        units = []
        for u in range(n_units):
            name = f"{self._place()}街道党工委" if u % 3 else f"{self._place()}机关党委"
            units.append(
                Organisation(
                    name=f"{name}（{u + 1}）",
                    kind="committee",
                    unit=name.replace("党工委", "办事处").replace("机关党委", "局"),
                    path=root.path + _step(first + u),
                    depth=root.depth + 1,
                    numchild=0,
                )
            )
        branches = []
        for b in range(n_branches):
            unit = units[b % n_units]
            unit.numchild += 1
            branches.append(
                Organisation(
                    name=f"{unit.unit}第{unit.numchild}党支部",
                    kind="branch",
                    unit=unit.unit,
                    path=unit.path + _step(unit.numchild),
                    depth=unit.depth + 1,
                    numchild=0,
                )
            )
        self.units = Organisation.objects.bulk_create(units, batch_size=BATCH)
        self.branches = Organisation.objects.bulk_create(branches, batch_size=BATCH)
        Organisation.objects.filter(pk=root.pk).update(numchild=root.numchild + n_units)
        self.say("组织", len(units) + len(branches))

    def _place(self):
        return _text().village(self.rng)[:-1]

    # ---- people ----
    def people(self):
        from pypinyin import Style, lazy_pinyin

        from orgs import idnumber
        from orgs.demo import CATEGORY_MIX, EDUCATIONS, GIVEN, SURNAMES
        from orgs.models import Person

        rng = self.rng
        self.members = {b.pk: [] for b in self.branches}
        batch = []
        for i in range(self.tier.people):
            branch = self.branches[i % len(self.branches)]
            name = rng.choice(SURNAMES) + rng.choice(GIVEN)
            gender = rng.choice(["male", "female"])
            # Unique ID numbers: the birth day and the sequence number together never repeat.
            birth = datetime.date(1966, 1, 1) + datetime.timedelta(days=i % 12000)
            seq3 = ((100 + i // 12000) * 2 + (1 if gender == "male" else 0)) % 1000
            category = "full" if i < len(self.branches) * 2 else rng.choice(CATEGORY_MIX)
            joined = min(birth + datetime.timedelta(days=24 * 365 + i % 900), datetime.date(2024, 6, 1))
            p = Person(
                name=name,
                name_initials="".join(lazy_pinyin(name, style=Style.FIRST_LETTER)).lower(),
                gender=gender,
                birth_date=birth,
                org=branch,
                category=category,
                education=rng.choice(EDUCATIONS),
                joined_on=joined if category in ("full", "probationary") else None,
                full_member_on=joined + datetime.timedelta(days=366) if category == "full" else None,
                phone=f"139{rng.randint(10000000, 99999999)}",
            )
            p.set_id_number(idnumber.make("371101", birth, seq3))
            batch.append(p)
            if len(batch) >= BATCH:
                self._people_batch(batch)
                batch = []
        self._people_batch(batch)

    def _people_batch(self, batch):
        from orgs.models import Person

        for p in Person.objects.bulk_create(batch):
            self.members[p.org_id].append(p)
        if batch:
            self.say("人员", len(batch))

    # ---- accounts ----
    def accounts(self):
        from orgs.demo import _user

        branch = self.branches[0]
        world = {"password": self.password, "users": {}, "accounts": []}
        people = self.members[branch.pk]
        # The committee admin is a member too (of the first branch), so that 我的积分 and 学时 have a person to show.
        _user(
            world,
            "bench_committee",
            ACCOUNTS["bench_committee"][0],
            person=people[2],
            roles=[("org_admin", self.root), ("member", branch)],
        )
        _user(world, "bench_branch", ACCOUNTS["bench_branch"][0], person=people[0], roles=[("org_admin", branch)])
        _user(world, "bench_member", ACCOUNTS["bench_member"][0], person=people[1], roles=[("member", branch)])
        self.users = world["users"]

    # ---- records and their index rows ----
    def records(self):
        from records.models import Record

        text = _text()
        rng = self.rng
        start = datetime.date(2021, 1, 1)
        batch = []
        for i in range(self.tier.records):
            branch = self.branches[i % len(self.branches)]
            code, date, title, body = text.make_doc(rng, i, start)
            date = min(date, datetime.date(2026, 11, 30))
            people = self.members[branch.pk]
            batch.append(
                Record(
                    org=branch,
                    type=code,
                    counts_as_key=f",{code},",
                    title=title,
                    date=date,
                    place=f"{branch.unit}会议室",
                    host=people[0] if people else None,
                    recorder=people[1] if len(people) > 1 else None,
                    content=body,
                    created_by=self.poster,
                )
            )
            if len(batch) >= BATCH:
                self._records_batch(batch)
                batch = []
        self._records_batch(batch)

    def _records_batch(self, batch):
        from records.models import Record

        if batch:
            with transaction.atomic():
                index(Record.objects.bulk_create(batch))
            self.say("活动记录（含检索索引）", len(batch))

    # ---- points ledger ----
    def ledger(self):
        from points.models import Item, LedgerEntry

        items = {}
        for item in Item.objects.filter(scheme__org=self.root, scheme__year=2026).select_related("scheme"):
            items.setdefault(item.subject_type, []).append(item)
        if not items:
            self.say("积分台账：演示数据中没有积分方案，跳过")
            return
        rng = self.rng
        people = [p for b in self.branches for p in self.members[b.pk]]
        cadres = [ps[0] for ps in self.members.values() if ps]
        batch = []
        kinds = [k for k in ("org", "cadre", "member") if k in items]
        weights = {"org": 4, "cadre": 1, "member": 5}
        for _ in range(self.tier.ledger):
            kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
            item = rng.choice(items[kind])
            if kind == "org":
                org, person = rng.choice(self.branches), None
            else:
                person = rng.choice(cadres if kind == "cadre" else people)
                org = person.org
            batch.append(
                LedgerEntry(
                    scheme=item.scheme,
                    item=item,
                    subject_type=kind,
                    subject_org=org,
                    subject_person=person,
                    points=Decimal(rng.choice([1, 1, 2, 2, 3, 5])),
                    occurred_on=datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 320)),
                    reason=item.name[:500],
                    posted_by=self.poster,
                )
            )
            if len(batch) >= BATCH:
                LedgerEntry.objects.bulk_create(batch)
                self.say("积分台账条目", len(batch))
                batch = []
        if batch:
            LedgerEntry.objects.bulk_create(batch)
            self.say("积分台账条目", len(batch))

    # ---- study hours ----
    def hours(self):
        from learning.models import HourEntry

        rng = self.rng
        batch = []
        for ps in self.members.values():
            for p in ps:
                for k in range(3):
                    d = datetime.date(2026, 1, 1) + datetime.timedelta(days=rng.randint(0, 320))
                    source = ["offline", "lesson", "exam"][k]
                    batch.append(
                        HourEntry(
                            person=p,
                            org_id=p.org_id,
                            year=2026,
                            date=d,
                            source=source,
                            hours=Decimal(rng.choice(["1.0", "2.0", "2.5", "4.0"])),
                            note="集中轮训" if source == "offline" else "",
                        )
                    )
            if len(batch) >= BATCH:
                HourEntry.objects.bulk_create(batch)
                self.say("学时记录", len(batch))
                batch = []
        if batch:
            HourEntry.objects.bulk_create(batch)
            self.say("学时记录", len(batch))

    # ---- copies of the demo branch's plan, projects, feedback; notices to the new units ----
    def plans(self):
        from plans.models import Claim, Occurrence, Plan, PlanItem

        plans = list(Plan.objects.filter(org=self.template_branch))
        items = list(PlanItem.objects.filter(plan__in=plans))
        occurrences = list(Occurrence.objects.filter(item__in=items))
        if not plans:
            return
        for chunk in _chunks(self.branches, 100):
            new_plans = clone(Plan, [(p, b) for b in chunk for p in plans], org=lambda _r, b: b, cloned_from=None)
            by_old = {}
            for (old, b), new in zip([(p, b) for b in chunk for p in plans], new_plans, strict=True):
                by_old[(old.pk, b.pk)] = new
            pairs = [(it, b) for b in chunk for it in items]
            new_items = clone(PlanItem, pairs, plan=lambda r, b, m=by_old: m[(r.plan_id, b.pk)])
            item_of = {(old.pk, b.pk): new for (old, b), new in zip(pairs, new_items, strict=True)}
            opairs = [(o, b) for b in chunk for o in occurrences]
            clone(Occurrence, opairs, item=lambda r, b, m=item_of: m[(r.item_id, b.pk)], record=None)
            claims = []
            for b in chunk:
                people = self.members[b.pk]
                mine = [item_of[(it.pk, b.pk)] for it in items[:2]]
                for item, person in zip(mine, people[2:4], strict=False):
                    claims.append(Claim(item=item, person=person, note="我来负责这项工作", claimed_by=self.poster))
            Claim.objects.bulk_create(claims)
            self.say("年度清单", len(new_plans))
            self.say("清单事项", len(new_items))
            self.say("认领", len(claims))

    def projects(self):
        from projects.models import Project, Task

        projects = list(Project.objects.filter(org=self.template_branch))
        tasks = list(Task.objects.filter(project__in=projects))
        if not projects:
            return
        chunk = self.branches[::4]
        pairs = [(p, b) for b in chunk for p in projects]
        person = lambda r, b: self.members[b.pk][0] if self.members[b.pk] else None  # noqa: E731
        new = clone(Project, pairs, org=lambda _r, b: b, owner=person, liaison_leader=None, entry=None)
        of = {(old.pk, b.pk): n for (old, b), n in zip(pairs, new, strict=True)}
        tpairs = [(t, b) for b in chunk for t in tasks]
        task_fields = {f.name for f in Task._meta.concrete_fields}
        extra = {"owner": person} if "owner" in task_fields else {}
        clone(Task, tpairs, project=lambda r, b: of[(r.project_id, b.pk)], **extra)
        self.say("项目", len(new))
        self.say("项目任务", len(tpairs))

    def feedback(self):
        from feedback.models import Feedback

        rows = list(Feedback.objects.filter(org=self.root)[:20])
        if not rows:
            return
        pairs = [(rows[i % len(rows)], b) for i, b in enumerate(self.branches)]
        clone(Feedback, pairs, org=lambda r, b: self.root if r.org_id == self.root.pk else b, handler=lambda r, b: b)
        self.say("群众意见", len(pairs))

    def notices(self):
        from notices.models import Notice, Recipient

        rows = list(Notice.objects.filter(org=self.root, state="published")[:5])
        if not rows:
            return
        pairs = [(rows[i % len(rows)], u) for i, u in enumerate(self.units)]
        new = clone(Notice, pairs, org=lambda _r, u: u)
        recipients = []
        for (_old, unit), notice in zip(pairs, new, strict=True):
            for b in self.branches:
                if b.path.startswith(unit.path):
                    for k, p in enumerate(self.members[b.pk]):
                        recipients.append(
                            Recipient(
                                notice=notice,
                                person=p,
                                branch=b,
                                branch_path=b.path,
                                signed_at=notice.published_at if k % 3 else None,
                            )
                        )
        Recipient.objects.bulk_create(recipients, batch_size=BATCH)
        self.say("通知公告", len(new))
        self.say("通知签收", len(recipients))

    def assessments(self):
        """Every tenth new branch joins the demo's assessment rounds as a target, with a copy of the first target's
        self-check, self-scores and panel scores; the committee admin joins their panels (for the grid)."""
        from accounts.models import RoleAssignment
        from assessments.models_rounds import Round, Score, SelfCheck, SelfScore

        joining = self.branches[1::10]
        rounds = list(Round.objects.filter(scheme__org=self.root).order_by("pk"))
        if not rounds or not joining:
            return
        admin = self.users["bench_committee"]
        RoleAssignment.objects.create(user=admin, role="assessor", org=self.root)
        n_scores = 0
        for r in rounds:
            first = r.targets.order_by("path").first()
            r.assessors.add(admin)
            if first is None:
                continue
            r.targets.add(*joining)
            checks = list(SelfCheck.objects.filter(round=r, org=first))
            new = clone(SelfCheck, [(c, b) for b in joining for c in checks], org=lambda _c, b: b)
            of = {(old.pk, b.pk): n for (old, b), n in zip([(c, b) for b in joining for c in checks], new, strict=True)}
            self_scores = list(SelfScore.objects.filter(selfcheck__in=checks))
            clone(
                SelfScore,
                [(s, b) for b in joining for s in self_scores],
                selfcheck=lambda s, b, m=of: m[(s.selfcheck_id, b.pk)],
            )
            scores = list(Score.objects.filter(round=r, org=first))
            clone(Score, [(s, b) for b in joining for s in scores], org=lambda _s, b: b)
            n_scores += len(scores) * len(joining)
        self.say("考核对象（加入演示轮次）", len(joining) * len(rounds))
        self.say("考核评分", n_scores)

    def _gin_indexes(self, *, drop):
        """On PostgreSQL the search index's GIN indexes are dropped for the bulk load and built once at the end
        (the statements of the migration that made them), which is cheaper than keeping them current row by row."""
        if connection.vendor != "postgresql":
            return
        import importlib

        migration = importlib.import_module("search.migrations.0002_fulltext_indexes")
        statements = [
            sql
            for sql in (migration.PG_BACKWARD if drop else migration.PG_FORWARD)
            if sql.startswith(("CREATE INDEX", "DROP INDEX")) and "date_id" not in sql  # the B-tree stays
        ]
        with connection.cursor() as cur:
            # PostgreSQL alters no table with deferred foreign-key checks pending in the transaction: run them now.
            cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            if not drop:
                cur.execute("SET LOCAL maintenance_work_mem = '512MB'")
            for sql in statements:
                cur.execute(sql)
            cur.execute("SET CONSTRAINTS ALL DEFERRED")
        if not drop:
            self.say("检索索引（GIN）已重建")

    def finish(self):
        self._gin_indexes(drop=False)
        from plans import marks
        from points import totals

        # The bulk loads bypass the saves that keep the two summary tables (points/totals.py, plans/marks.py).
        totals.rebuild()
        self.say("积分汇总已重建")
        marks.rebuild()
        self.say("三会一课台账汇总已重建")
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        from search.index import optimise

        optimise()
        self.say("统计信息已更新")


def index(objs):
    """The search index rows of freshly bulk-created objects of a registered kind (search.index.entry_fields)."""
    from search import registry
    from search.index import entry_fields
    from search.models import SearchEntry

    rows = []
    for obj in objs:
        k = registry.kind_for_model(obj)
        doc = k.document(obj) if k else None
        if doc is not None:
            rows.append(SearchEntry(kind=k.name, object_id=obj.pk, **entry_fields(doc)))
    SearchEntry.objects.bulk_create(rows, batch_size=BATCH)


def clone(model, pairs, **remap):
    """Copies of `model` rows, one per (row, target): fields named in `remap` take the value given (a constant or
    a function of the row and the target), unique text fields get a suffix, the rest is copied as it is."""
    new = []
    for n, (row, target) in enumerate(pairs):
        values = {}
        for f in model._meta.concrete_fields:
            if f.primary_key:
                continue
            key = f.name if f.name in remap else None
            if key is not None:
                v = remap[key]
                v = v(row, target) if callable(v) else v
                values[f.name if isinstance(f, ForeignKey) else f.attname] = v
                continue
            value = getattr(row, f.attname)
            if f.unique and isinstance(value, str):
                value = f"{value[: (f.max_length or 64) - 8]}g{n}-{target.pk}"[: f.max_length]
            values[f.attname] = value
        new.append(model(**values))
    created = model.objects.bulk_create(new, batch_size=BATCH)
    index(created)
    return created


def _step(i):
    from orgs.models import Organisation

    alphabet, out = Organisation.alphabet, ""
    for _ in range(Organisation.steplen):
        i, r = divmod(i, len(alphabet))
        out = alphabet[r] + out
    return out


def _chunks(seq, n):
    for i in range(0, len(seq), n):
        yield seq[i : i + n]
