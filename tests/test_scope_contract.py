"""The scope contract, generated from the OpenAPI document: every operation of every module present.

The world has two sides under one 工委. Side A is a 机关党委 with branch A (an admin, a member with a `member`
grant) and something of every kind the routers expose — people, records, attachments, plans, items, claims,
occurrences, schemes, declarations, ledger entries, publicities, objections, imports (tests/
test_system_roles_write.py's `Objects`). Branch B hangs under the 工委 beside it, with its own admin and member
and a record and a plan of its own; the 工委's own points scheme is read on both sides.

1. Every operation taking an id, called by B's admin and by B's member with the id of a side-A object, answers
   404 — exactly what the same call with an id that exists nowhere answers (read, update, delete, every action;
   writes carry the plausible body of WRITES, for which the same call succeeds for side A) — and changes nothing.
2. Every list, with each of its id filters set to a side-A object, shows them no side-A object.
3. Every id in a request body (an organisation, a person, an item …) naming a side-A object answers them as
   one that exists nowhere, never with a 2xx, and changes nothing — the rest of the body their own.
4. No system role gets a 2xx on a business write; each gets one on the writes SYSTEM_OWN gives it.

Nothing is registered by hand per operation: the object an id names comes from a convention (the path segment
before `{x_id}`, else the parameter's name, is the model: `/plan-items/{item_id}` → PlanItem), its owning
organisation from the model's scoped queryset or its foreign keys. A new module's router is covered the day it
lands; an id the convention cannot place fails with a message saying what to add (ALIASES below, or WRITES).
"""

import functools
import json
from contextlib import suppress
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client, override_settings

from accounts.models import ApiToken
from core.api import MAX_ID
from core.testing import World, make_person, make_user
from dangjian.api import api
from orgs.models import Organisation
from tests.test_system_roles_write import OWN_LOGIN, SYSTEM_OWN, SYSTEM_ROLES, WRITES, Objects

PREFIX = "/api/v1"
FOREIGN = ("foreign_admin", "foreign_member")
WRITE_METHODS = ("post", "put", "patch", "delete")
MISSING_TOKEN = "0" * 32  # a string id (an import's token) that names nothing

# Words the convention cannot turn into a model on its own: path segment or parameter name → app_label.Model,
# with the field the id is looked up by when it is not the primary key.
ALIASES = {
    "org": "orgs.Organisation",
    # projects: the committee's categories and catalogue (项目参考目录库)
    "project_category": "projects.Category",
    "project_catalogue": "projects.CatalogueEntry",
    "liaison_leader": "orgs.Person",
    "team": "orgs.Person",
    "mentor": "orgs.Person",
    "under": "orgs.Organisation",
    "subject": "orgs.Organisation",  # the ledger's subject filter (an organisation for subject_type=org)
    "people": "orgs.Person",
    "role": "accounts.RoleAssignment",
    "actor": "accounts.User",
    "import": "core.ImportBatch:token",
    # id fields of request bodies
    "parent": "orgs.Organisation",
    "group": "orgs.Organisation",
    "to_org": "orgs.Organisation",
    "subject_org": "orgs.Organisation",
    "subject_person": "orgs.Person",
    "host": "orgs.Person",
    "recorder": "orgs.Person",
    "attendee": "orgs.Person",
    "observer": "orgs.Person",
    "owner": "orgs.Person",
    # projects exec: a task's predecessors in a request body
    "depends_on": "projects.Task",
    # projects: supervision and mentors (the body's committee, supervising leader and inspector)
    "committee": "orgs.Organisation",
    "leader": "orgs.Person",
    "inspector": "orgs.Person",
    # assessments rounds: a round's self-check is addressed by its organisation (/rounds/{round_id}/selfchecks/
    # {org_id}); the body's targets are organisations, its assessors accounts
    "selfcheck": "orgs.Organisation",
    "target": "orgs.Organisation",
    "assessor": "accounts.User",
}
ALIASES = {word.replace("_", ""): label for word, label in ALIASES.items()}
# ---- annual: 年终总评 (/assessments/annual/{annual_id}, /assessments/annual-objections/{annual_objection_id})
ALIASES.update({"annual": "assessments.AnnualEvaluation", "annualobjection": "assessments.AnnualObjection"})
# ---- teams: the path segment `teams` names 班组/科室 (orgs.Team), while a body's `team` is a project's people
SEGMENT_ALIASES = {"teams": "orgs.Team"}
# ---- news: 党建动态 (/news/{news_id}, /news/{news_id}/photos/{photo_id}; the body's 宣传报道 node)
ALIASES.update({"news": "notices.NewsItem", "photo": "notices.NewsPhoto", "occurrence": "plans.Occurrence"})
# Operations under these prefixes are the system roles' own: they refuse every business user alike, whatever
# the id (so a foreign admin gets the answer for a missing id there too, and no 2xx — only not 404).
GATED = {"/accounts/": "账号与授权: only the system and security administrators use them (403 to everyone else)"}
# Required query parameters that are not ids (ids are filled with a side-A object of their model).
QUERY_VALUES = {"q": "支委会", "level": 1, "subject_type": "org", "month": "2026-03", "year": 2026}
# schemes: the period of a 网站汇总 item's measure
QUERY_VALUES.update({"start": "2026-01-01", "end": "2026-03-31"})
# Operations that need no login at all: declared here with why, so none is skipped silently. They are left out
# of the per-persona checks below (whoever calls answers the same) and checked by
# test_public_operations_are_the_declared_ones_and_answer_without_login instead; their own scope lives in the
# code (a follow-up code is the writer's credential: feedback/tests).
PUBLIC = {
    ("post", "/feedback"): "七彩心桥: anyone leaves a suggestion for any organisation, rate-limited per client address",
    (
        "get",
        "/feedback/by-code/{code}",
    ): "七彩心桥: the writer follows her suggestion by its unguessable code (no personal data)",
    ("post", "/feedback/by-code/{code}/rating"): "七彩心桥: the writer rates the answer by its code, once",
    (
        "get",
        "/public/projects/{token}",
    ): "四公开: a project's public page by its unguessable token (names only, no other personal data)",
    (
        "post",
        "/public/projects/{token}/survey-responses",
    ): "四公开: the mass survey on the public page, rate-limited per client, one answer per phone number",
    # ---- mass: 群众满意度测评 and 双评 (assessments/mass.py)
    (
        "get",
        "/assessments/mass/{mass_code}",
    ): "群众测评: the ballot a one-time code opens (subjects' names only); every refusal reads alike, rate-limited",
    (
        "post",
        "/assessments/mass/{mass_code}",
    ): "群众测评: casting the ballot, once per code; the votes keep no link to the code or any account",
}
# Lists in which no persona of side A (nor a system role) sees a side-A object: the control does not apply.
NO_SIDE_A_DATA = {
    "/auth/tokens": "the caller's own tokens carry no organisation",
    "/accounts/requests": "requests concern the system accounts, which belong to no organisation",
    "/plan-templates": "side A has published no template (a published one is shared across the tree by design)",
    "/reminders/preferences": "the caller's own channel choices, not a list of organisation-owned objects",
}


# ------------------------------------------------------------------------------------------ the world


def build_two_sided_world():
    """工委 → {机关党委 A → {branch A → group, a second branch}, branch B}. `World.branch_b` is side A's second
    branch (the transfer target of WRITES); the foreign branch is `world.far`."""
    root = Organisation.add_root(name="测试区直机关工委", kind="working_committee", unit="测试区委")
    committee = root.add_child(name="测试区统计局机关党委", kind="committee", unit="测试区统计局")
    branch_a = committee.add_child(name="统计局第一党支部", kind="branch", unit="测试区统计局")
    committee.refresh_from_db()
    sibling = committee.add_child(name="统计局第二党支部", kind="branch", unit="测试区统计局")
    branch_a.refresh_from_db()
    group_a1 = branch_a.add_child(name="统计局第一党小组", kind="group")
    root.refresh_from_db()
    far = root.add_child(name="财政局第一党支部", kind="branch", unit="测试区财政局")
    w = World(committee=committee, branch_a=branch_a, group_a1=group_a1, branch_b=sibling)
    w.far = far
    p = w.people
    p["secretary"] = make_person(branch_a, "王秀英", gender="female", seq=1)
    p["member"] = make_person(branch_a, "李娜", group=group_a1, gender="female", seq=2)
    p["staff"] = make_person(committee, "刘锋", seq=4)
    p["far_secretary"] = make_person(far, "张伟", seq=3)
    p["far_member"] = make_person(far, "周强", seq=5)
    u = w.users
    u["committee_admin"] = make_user("committee", person=p["staff"], roles=[("org_admin", committee)])
    u["branch_secretary"] = make_user("secretary_a", person=p["secretary"], roles=[("org_admin", branch_a)])
    u["branch_member"] = make_user("member_a", person=p["member"], roles=[("member", branch_a)])
    u["foreign_admin"] = make_user("secretary_b", person=p["far_secretary"], roles=[("org_admin", far)])
    u["foreign_member"] = make_user("member_b", person=p["far_member"], roles=[("member", far)])
    for role in SYSTEM_ROLES:
        u[role] = make_user(role, roles=[(role, None)])
    return w


class Contract:
    """The world: side A's objects (`o`, the Objects of WRITES), what tells side A (`side`), tokens by persona."""

    def __init__(self, world):
        import datetime

        from plans import actions as plan_actions
        from points import actions as points_actions
        from records.models import Record

        self.o = Objects(world)
        self.side = Side(world.committee, world.branch_a)
        secretary = world.users["branch_secretary"]
        plan_actions.save_rule(
            by=secretary,
            data={
                "org": world.branch_a.pk,
                "org_kind": "branch",
                "obligation": "party_lesson",
                "frequency": "monthly",
                "source": "支部决定",
                "active": True,
            },
            orgs=Organisation.objects.all(),
        )
        # The 工委's own scheme, read on both sides: branch B declares under it.
        root = world.committee.get_parent()
        district = make_user("district", roles=[("org_admin", root)])
        shared = points_actions.create_scheme(
            by=district,
            data={
                "org": root.pk,
                "year": 2026,
                "name": "工委2026年积分办法",
                "full_marks": 100,
                "linkage_every": 10,
                "linkage_mode": "per_person",
            },
        )
        for subject_type in ("org", "member"):
            points_actions.add_item(
                shared,
                by=district,
                data={
                    "dimension": "基础工作",
                    "name": f"工委项目{subject_type}",
                    "points": 2,
                    "subject_type": subject_type,
                },
            )
        # Branch B has data of its own, so its lists are not empty by construction.
        Record.objects.create(org=world.far, type="party_lesson", title="财政局党课", date=datetime.date(2026, 3, 9))
        plan_actions.create_plan(
            by=world.users["foreign_admin"],
            data={"org": world.far.pk, "year": 2026, "title": "财政局2026年度清单"},
            orgs=Organisation.objects.all(),
        )
        self.users = world.users
        self.tokens = {name: ApiToken.issue(user) for name, user in world.users.items()}


@pytest.fixture(scope="module")
def contract(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world for the whole module, rolled back at its end; each test runs in its own savepoint (`db`)."""
    base = tmp_path_factory.mktemp("contract")
    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=base / "media", AUDIT_CHECKPOINT_DIR=base / "audit", PASSWORD_HASHERS=hashers),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            world = Contract(build_two_sided_world())
            world.media = base / "media"
            world.audit_dir = base / "audit"
            yield world
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def c(contract, db, settings):
    settings.MEDIA_ROOT = contract.media
    settings.AUDIT_CHECKPOINT_DIR = contract.audit_dir
    return contract


# ------------------------------------------------------------------------------------------ conventions


def _project_apps():
    base = str(settings.BASE_DIR)
    return [a for a in apps.get_app_configs() if str(a.path).startswith(base)]


PROJECT_MODELS = [m for a in _project_apps() for m in a.get_models()]


def _op_app(op):
    """The app whose router declares the operation (its operationId starts with the module path)."""
    op_id = op.get("operationId", "")
    labels = sorted((a.label for a in _project_apps()), key=len, reverse=True)
    return next((label for label in labels if op_id.startswith(f"{label}_")), None)


def _singular(word):
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def _model_named(word, app, *, loose=True):
    """(model, lookup field) a word of the path names, or None: an alias, a model of that name (the router's
    app first), and with `loose` the one model of the router's app whose name starts or ends with it."""
    word = word.replace("-", "").replace("_", "").lower()
    if word in ALIASES:
        label, _, field = ALIASES[word].partition(":")
        return apps.get_model(label), field or "pk"
    ours = list(apps.get_app_config(app).get_models()) if app else []
    for pool in (ours, PROJECT_MODELS):
        exact = [m for m in pool if m._meta.model_name == word]
        if len(exact) == 1:
            return exact[0], "pk"
    if not loose:
        return None
    close = [m for m in ours if m._meta.model_name.endswith(word) or m._meta.model_name.startswith(word)]
    return (close[0], "pk") if len(close) == 1 else None


def _schemas(param):
    s = param.get("schema", {})
    return [s, *s.get("anyOf", [])]


def is_id(param):
    return param["name"].endswith("_id") or any(s.get("maximum") == MAX_ID for s in _schemas(param))


def path_model(path, name, op):
    """The model a path parameter names: the segment before it, else the parameter's own name (exact names
    before loose ones: `/owners/{person_id}` is a Person, `/ledger/{entry_id}` a LedgerEntry)."""
    segments = path.removeprefix(PREFIX).strip("/").split("/")
    i = segments.index(f"{{{name}}}")
    before = segments[i - 1] if i else ""
    if before.startswith("{"):  # /recycle-bin/{kind}/{object_id}: the kind parameter names the model
        return "kind", before[1:-1]
    if before in SEGMENT_ALIASES:
        return apps.get_model(SEGMENT_ALIASES[before]), "pk"
    words = [w for w in (_singular(before), name.removesuffix("_id")) if w]
    for loose in (False, True):
        for word in words:
            if found := _model_named(word, _op_app(op), loose=loose):
                return found
    return None


def list_model(path, op):
    last = [s for s in path.removeprefix(PREFIX).strip("/").split("/") if not s.startswith("{")][-1]
    if last in SEGMENT_ALIASES:
        return apps.get_model(SEGMENT_ALIASES[last])
    found = _model_named(_singular(last), _op_app(op))
    return found[0] if found else None


def _register_hint(method, path, name):
    return (
        f"{method.upper()} {path}: the scope contract cannot tell which model `{name}` names. Name the segment "
        f"before it after the model (…/things/{{thing_id}} → Thing) or add the word to ALIASES in "
        f"tests/test_scope_contract.py"
    )


def _no_instance(model, name, given):
    if name in given:
        return f"WRITES gives `{name}`={given[name]!r}, which names no {model._meta.label}"
    return (
        f"the world has no side-A {model._meta.label} for `{name}`: build one in Objects "
        f"(tests/test_system_roles_write.py), through the module's actions"
    )


def gated(path):
    return next((reason for prefix, reason in GATED.items() if path.removeprefix(PREFIX).startswith(prefix)), None)


# ------------------------------------------------------------------------------------------ side A


class Side:
    """Which objects belong to side A: their owning organisation lies in A's committee subtree."""

    def __init__(self, root, branch):
        self.root, self.branch = root, branch

    def owner(self, obj, depth=0):
        if obj is None or depth > 4:
            return None
        if isinstance(obj, Organisation):
            return obj
        lookup = getattr(type(obj)._base_manager.get_queryset(), "org_path_lookup", None)
        if lookup:
            for attr in lookup.split("__")[:-1]:
                obj = getattr(obj, attr, None)
            return obj
        user_model = apps.get_model(settings.AUTH_USER_MODEL)
        fks = [f for f in obj._meta.concrete_fields if f.many_to_one or f.one_to_one]
        # An organisation reached through the object's own links first, through a user (author, owner) last.
        for field in sorted(fks, key=lambda f: f.related_model is user_model):
            found = self.owner(getattr(obj, field.name), depth + 1)
            if found is not None:
                return found
        return None

    def owns(self, obj):
        org = self.owner(obj)
        return org is not None and org.path.startswith(self.root.path)

    def owns_pk(self, model, pk, field="pk"):
        obj = model._base_manager.filter(**{field: pk}).first()
        return obj is not None and self.owns(obj)

    @functools.cached_property
    def org_ids(self):
        return set(Organisation.objects.filter(path__startswith=self.root.path).values_list("pk", flat=True))

    def instance(self, model):
        """A side-A object of the model, one of branch A's if there is one."""
        mine = [o for o in model._default_manager.order_by("pk") if self.owns(o)]
        deep = [o for o in mine if self.owner(o).path.startswith(self.branch.path)]
        return (deep or mine or [None])[0]


ORG_KEYS = ("org", "subject_org", "branch", "parent", "to_org", "from_org")


def side_a_refs(payload, model, side):
    """Every side-A object the response names: the items' own ids (of the list's model, or of their `kind`) and
    every organisation reference anywhere in it."""
    found = []
    items = payload.get("items") if isinstance(payload, dict) else None
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict) or not isinstance(item.get("id"), int):
            continue
        item_model = model
        kind = item.get("kind")
        if isinstance(kind, str) and kind.count(".") == 1:  # the recycle bin's `app_label.model`
            with suppress(LookupError):
                item_model = apps.get_model(kind)
        if item_model is not None and side.owns_pk(item_model, item["id"]):
            found.append((item_model._meta.label, item["id"]))

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ORG_KEYS:
                    pk = value.get("id") if isinstance(value, dict) else value
                    if isinstance(pk, int) and pk in side.org_ids:
                        found.append((key, pk))
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(payload)
    return found


# ------------------------------------------------------------------------------------------ calls


def call(c, persona, method, path, params=None, body=None, multipart=False, query=None):
    url = path.format(**(params or {}))
    if query:
        url = f"{url}?{urlencode(query)}"
    client = Client(REMOTE_ADDR="127.0.0.1")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {c.tokens[persona]}"}
    if multipart:
        data = dict(body)
        name, content = data.pop("file")
        data["file"] = SimpleUploadedFile(name, content)
        return client.post(url, data, **auth)
    if body is None and method == "post":
        body = {}
    if body is None:
        return getattr(client, method)(url, **auth)
    return getattr(client, method)(url, data=json.dumps(body), content_type="application/json", **auth)


def answer(response):
    try:
        content = response.json()
    except ValueError:
        content = response.content
    return response.status_code, content


class _Undo(Exception):
    pass


def undone(fn):
    """Run fn in a savepoint that is rolled back: the next call sees the same world."""
    result = None
    with suppress(_Undo), transaction.atomic():
        result = fn()
        raise _Undo
    return result


def table_counts(models):
    """Each model's row count, all in one query (a count per table each was most of this module's time on
    PostgreSQL)."""
    tables = [m._meta.db_table for m in models]
    quote = connection.ops.quote_name
    sql = " UNION ALL ".join(f"SELECT {i}, COUNT(*) FROM {quote(t)}" for i, t in enumerate(tables))
    with connection.cursor() as cursor:
        cursor.execute(sql)
        found = dict(cursor.fetchall())
    return {m._meta.label: found[i] for i, m in enumerate(models)}


def snapshot(targets):
    """Row counts of every table of the project, and the rows of the objects an operation names."""
    counts = table_counts(PROJECT_MODELS)
    rows = {f"{type(o)._meta.label}:{o.pk}": list(type(o)._base_manager.filter(pk=o.pk).values()) for o in targets}
    return counts, rows


def _changes(before, after):
    counts = {k: (v, after[0][k]) for k, v in before[0].items() if after[0][k] != v}
    rows = [k for k, v in before[1].items() if after[1][k] != v]
    return counts, rows


# ------------------------------------------------------------------------------------------ the operations


SPEC = api.get_openapi_schema()
OPERATIONS = [(method, path, op) for path, ops in SPEC["paths"].items() for method, op in ops.items()]


def _path_params(op):
    return [p for p in op.get("parameters", []) if p["in"] == "path"]


def _short(path):
    return path.removeprefix(PREFIX)


ID_OPERATIONS = [(m, p, op) for m, p, op in OPERATIONS if _path_params(op)]
LISTS = [(m, p, op) for m, p, op in OPERATIONS if m == "get" and not _path_params(op)]
BUSINESS_WRITES = [(m, p) for m, p, _op in OPERATIONS if m in WRITE_METHODS and (m, p) not in OWN_LOGIN]


class Resolved:
    """The parameters of one operation filled with side-A objects (or why they cannot be)."""

    def __init__(self, c, method, path, op):
        self.method, self.path, self.op = method, path, op
        self.write = WRITES.get((method, path))
        self.params, self.missing, self.targets = {}, {}, []
        given = self.write.params(c.o) if self.write else {}
        self.query, self.problems = _query(c, method, path, op)
        if method in WRITE_METHODS and not self.write and (method, path) not in OWN_LOGIN:
            self.problems.append(f"{method.upper()} {path}: add it to WRITES in tests/test_system_roles_write.py")
            return
        for param in _path_params(op):
            name = param["name"]
            if not is_id(param):
                if name not in given:
                    self.problems.append(
                        f"{method.upper()} {path}: `{name}` needs a value: add the operation to WRITES"
                    )
                self.params[name] = self.missing[name] = given.get(name)
                continue
            found = path_model(path, name, op)
            if found is None:
                self.problems.append(_register_hint(method, path, name))
                continue
            if found[0] == "kind":
                model, field = apps.get_model(given[found[1]]), "pk"
            else:
                model, field = found
            if name in given:
                value = given[name]
                obj = model._base_manager.filter(**{field: value}).first()
            else:
                obj = c.side.instance(model)
                value = getattr(obj, field) if obj is not None else None
            if obj is None:
                self.problems.append(f"{method.upper()} {path}: {_no_instance(model, name, given)}")
                continue
            if not gated(path) and not c.side.owns(obj):
                self.problems.append(
                    f"{method.upper()} {path}: `{name}`={value} is a {model._meta.label} outside side A "
                    f"(owned by {c.side.owner(obj)}): the contract needs a side-A object there"
                )
            self.params[name] = value
            self.missing[name] = MAX_ID if field == "pk" else MISSING_TOKEN
            self.targets.append(obj)

    def send(self, c, persona, params):
        body = self.write.body(c.o) if self.write and self.write.body else None
        multipart = bool(self.write and self.write.multipart)
        return call(c, persona, self.method, self.path, params, body, multipart, self.query)

    def succeeds(self, response):
        if self.write and self.write.control_status:
            return response.status_code == self.write.control_status
        if not 200 <= response.status_code < 300:
            return False
        return not self.path.endswith("/reviews/batch") or response.json()["approved"] > 0


def _control_personas(c, resolved):
    if resolved.write and resolved.write.actor:
        return [resolved.write.actor]
    return [name for name in c.users if name not in FOREIGN]


def _id(param):
    method, path, _op = param
    return f"{method.upper()} {_short(path)}"


@pytest.mark.parametrize("persona", FOREIGN)
@pytest.mark.parametrize("operation", ID_OPERATIONS, ids=_id)
def test_another_branch_gets_404_for_every_side_a_id(c, operation, persona):
    method, path, op = operation
    if (method, _short(path)) in PUBLIC:
        pytest.skip(PUBLIC[(method, _short(path))])
    r = Resolved(c, method, path, op)
    assert not r.problems, "\n".join(r.problems)
    before = snapshot(r.targets)
    got, after = undone(lambda: (r.send(c, persona, r.params), snapshot(r.targets)))
    assert got.status_code < 500, answer(got)
    assert not 200 <= got.status_code < 300, (persona, "reaches side A", answer(got))
    assert _changes(before, after) == ({}, []), "the refused call changed something"
    like_missing = undone(lambda: r.send(c, persona, r.missing))
    assert answer(got) == answer(like_missing), (
        f"{persona} tells a side-A object from a missing one",
        answer(got),
        answer(like_missing),
    )
    if not gated(path):
        assert got.status_code == 404, (persona, answer(got))
    # The control: the object is real and the call well formed, for side A.
    controls = {}
    for name in _control_personas(c, r):  # side A's admins first: the first success settles it
        controls[name] = undone(lambda name=name: r.send(c, name, r.params))
        if r.succeeds(controls[name]):
            break
    else:
        raise AssertionError({k: answer(v) for k, v in controls.items()})


def _query(c, method, path, op):
    """Required query parameters filled (ids with a side-A object), or a problem."""
    query, problems = {}, []
    for param in op.get("parameters", []):
        name = param["name"]
        if param["in"] != "query" or not param.get("required"):
            continue
        if is_id(param):
            found = _model_named(name, _op_app(op))
            obj = c.side.instance(found[0]) if found else None
            if obj is None:
                problems.append(_register_hint(method, path, name))
            else:
                query[name] = obj.pk
        elif name in QUERY_VALUES:
            query[name] = QUERY_VALUES[name]
        else:
            problems.append(f"GET {path}: give the required query parameter `{name}` a value in QUERY_VALUES")
    return query, problems


def _id_filters(op):
    return [p["name"] for p in op.get("parameters", []) if p["in"] == "query" and is_id(p)]


@pytest.mark.parametrize("persona", FOREIGN)
@pytest.mark.parametrize("operation", LISTS, ids=_id)
def test_no_list_shows_another_branch_a_side_a_object(c, operation, persona):
    method, path, op = operation
    query, problems = _query(c, method, path, op)
    assert not problems, "\n".join(problems)
    model = list_model(path, op)
    r = call(c, persona, method, path, query=query)
    assert r.status_code < 500, answer(r)
    if r.status_code == 200:
        assert side_a_refs(r.json(), model, c.side) == [], f"{persona} sees side A in {path}"
    # Each id filter set to a side-A object answers as for an id that exists nowhere.
    for name in _id_filters(op):
        found = _model_named(name, _op_app(op))
        assert found, _register_hint(method, path, name)
        obj = c.side.instance(found[0])
        assert obj is not None, f"GET {path}: {_no_instance(found[0], name, {})}"
        filtered = call(c, persona, method, path, query={**query, name: obj.pk})
        missing = call(c, persona, method, path, query={**query, name: MAX_ID})
        assert answer(filtered) == answer(missing), (name, answer(filtered), answer(missing))
        if filtered.status_code == 200:
            assert side_a_refs(filtered.json(), model, c.side) == [], (name, filtered.json())


@pytest.mark.parametrize("operation", LISTS, ids=_id)
def test_side_a_sees_its_objects_in_every_list(c, operation):
    """The control of the list check: in each list's format the detector finds side A's objects."""
    method, path, op = operation
    if _short(path) in NO_SIDE_A_DATA:
        pytest.skip(NO_SIDE_A_DATA[_short(path)])
    query, problems = _query(c, method, path, op)
    assert not problems, "\n".join(problems)
    # A list that takes a side-A id (a ranking of side A's scheme) shows side A's data whatever its format; the
    # check above compares it with the answer for a missing id.
    about_side_a = any(is_id(p) and p.get("required") for p in op.get("parameters", []) if p["in"] == "query")
    seen = {}
    for persona in (name for name in c.users if name not in FOREIGN):
        r = call(c, persona, method, path, query=query)
        seen[persona] = r.status_code
        if r.status_code == 200 and (about_side_a or side_a_refs(r.json(), list_model(path, op), c.side)):
            return
    pytest.fail(f"no persona of side A sees a side-A object in {path} ({seen}): add data or list it in NO_SIDE_A_DATA")


def _resolve(schema):
    ref = schema.get("$ref")
    return SPEC["components"]["schemas"][ref.rsplit("/", 1)[-1]] if ref else schema


def body_ids(op):
    """The id fields of an operation's JSON body: {name: is a list}."""
    content = op.get("requestBody", {}).get("content", {}).get("application/json")
    if not content:
        return {}
    out = {}
    for name, prop in _resolve(content["schema"]).get("properties", {}).items():
        for alt in map(_resolve, [prop, *prop.get("anyOf", [])]):
            if alt.get("maximum") == MAX_ID:
                out[name] = False
            elif alt.get("type") == "array" and _resolve(alt.get("items", {})).get("maximum") == MAX_ID:
                out[name] = True
    return out


BODY_IDS = [(m, p, field, many) for m, p, op in OPERATIONS if (m, p) in WRITES for field, many in body_ids(op).items()]


def _normalised(content, ids):
    """The answer with the ids the request sent replaced (a batch answer echoes each id it refuses)."""
    if isinstance(content, dict):
        return {k: _normalised(v, ids) for k, v in content.items()}
    if isinstance(content, list | tuple):
        return [_normalised(v, ids) for v in content]
    return "<id>" if isinstance(content, int) and not isinstance(content, bool) and content in ids else content


@pytest.mark.parametrize("persona", FOREIGN)
@pytest.mark.parametrize("field", BODY_IDS, ids=lambda f: f"{f[0].upper()} {_short(f[1])} {f[2]}")
def test_a_side_a_id_in_a_body_answers_like_a_missing_one(c, field, persona):
    method, path, name, many = field
    if (method, _short(path)) in PUBLIC:
        pytest.skip(PUBLIC[(method, _short(path))])
    op = SPEC["paths"][path][method]
    r = Resolved(c, method, path, op)
    assert not [p for p in r.problems if "add it to WRITES" in p], r.problems
    found = _model_named(_singular(name) if many else name, _op_app(op))
    assert found, _register_hint(method, path, name)
    model = found[0]
    given = r.write.body(c.o) or {}
    value = given.get(name)
    obj = model._base_manager.filter(pk=(value[0] if many else value)).first() if value else None
    if obj is None or not c.side.owns(obj):
        obj = c.side.instance(model)
    assert obj is not None, f"{method.upper()} {path}: {_no_instance(model, name, {})}"
    # The rest of the body is the persona's own: for each other id, the first object of its kind she may see.
    user, body = c.users[persona], dict(given)
    for other, other_many in body_ids(op).items():
        other_model = _model_named(_singular(other) if other_many else other, _op_app(op))
        if other == name or other not in given or not other_model:
            continue
        mine = other_model[0]._default_manager.visible_to(user).order_by("pk").first()
        if mine is not None:
            body[other] = [mine.pk] if other_many else mine.pk
    params = r.write.params(c.o)

    def send(pk):
        return call(c, persona, method, path, params, {**body, name: [pk] if many else pk})

    before = snapshot([obj])
    got, after = undone(lambda: (send(obj.pk), snapshot([obj])))
    missing = undone(lambda: send(MAX_ID))
    assert not r.succeeds(got), (persona, "may use side A's", model._meta.label, answer(got))
    assert _changes(before, after) == ({}, []), "the refused call changed something"
    assert _normalised(answer(got), {obj.pk, MAX_ID}) == _normalised(answer(missing), {obj.pk, MAX_ID}), (
        f"{persona} tells a side-A {model._meta.label} from a missing one",
        answer(got),
        answer(missing),
    )


@pytest.mark.parametrize("role", SYSTEM_ROLES)
@pytest.mark.parametrize("operation", BUSINESS_WRITES, ids=lambda o: f"{o[0].upper()} {_short(o[1])}")
def test_system_roles_get_no_2xx_on_a_business_write(c, operation, role):
    method, path = operation
    if (method, _short(path)) in PUBLIC:
        pytest.skip(PUBLIC[(method, _short(path))])
    op = SPEC["paths"][path][method]
    r = Resolved(c, method, path, op)
    assert r.write, f"{method.upper()} {path}: add it to WRITES in tests/test_system_roles_write.py"
    params = r.write.params(c.o)
    allowed = role in SYSTEM_OWN.get((method, path), ())
    before = snapshot(r.targets)
    got, after = undone(lambda: (r.send(c, role, params), snapshot(r.targets)))
    assert got.status_code < 500, answer(got)
    if allowed:
        assert r.succeeds(got), ("SYSTEM_OWN gives this write to", role, answer(got))
        return
    assert not r.succeeds(got), (role, answer(got))
    assert _changes(before, after) == ({}, []), "the refused call changed something"


def test_public_operations_are_the_declared_ones_and_answer_without_login(c):
    """Every operation without authentication is either the caller's own login (OWN_LOGIN) or declared in PUBLIC;
    each PUBLIC one answers a caller without credentials (never 401) and records no user."""
    open_ops = {(m, _short(p)) for m, p, op in OPERATIONS if not op.get("security")}
    own = {(m, p.removeprefix(PREFIX)) for m, p in OWN_LOGIN}
    assert open_ops - own == set(PUBLIC), "declare each operation that needs no login in PUBLIC (with why)"
    for method, short in PUBLIC:
        path = PREFIX + short
        write = WRITES.get((method, path))
        params = write.params(c.o) if write else {"code": c.o.answered_feedback.code, "token": c.o.public_token}
        params.setdefault("mass_code", c.o.mass_code)  # mass: the ballot of a fresh one-time code
        body = write.body(c.o) if write and write.body else None
        url = path.format(**params)
        client = Client(REMOTE_ADDR="127.0.0.1")
        if method == "get":
            got = undone(lambda url=url, client=client: client.get(url))
        else:
            got = undone(
                lambda url=url, client=client, body=body: client.post(
                    url, data=json.dumps(body or {}), content_type="application/json"
                )
            )
        assert 200 <= got.status_code < 300, (method, short, answer(got))


def test_the_conventions_place_every_id_of_the_api():
    """Fails at once, without a database, when a router adds an id the convention cannot place."""
    problems = []
    for method, path, op in ID_OPERATIONS:
        for param in _path_params(op):
            if is_id(param) and path_model(path, param["name"], op) is None:
                problems.append(_register_hint(method, path, param["name"]))
    for method, path, op in LISTS:
        problems += [_register_hint(method, path, n) for n in _id_filters(op) if not _model_named(n, _op_app(op))]
    assert not problems, "\n".join(problems)
    assert len(ID_OPERATIONS) > 50 and len(LISTS) > 15  # the document is the whole API


@pytest.mark.parametrize(
    ("path", "param", "label"),
    [
        ("/api/v1/plan-items/{item_id}", "item_id", "plans.PlanItem"),
        ("/api/v1/plan-items/{item_id}/owners/{person_id}", "person_id", "orgs.Person"),
        ("/api/v1/points/ledger/{entry_id}", "entry_id", "points.LedgerEntry"),
        ("/api/v1/records/{record_id}/attachments/{attachment_id}", "attachment_id", "records.Attachment"),
        ("/api/v1/orgs/{org_id}/positions", "org_id", "orgs.Organisation"),
        ("/api/v1/points/publicities/{pub_id}", "pub_id", "points.Publicity"),
    ],
)
def test_the_convention_names_the_model_behind_an_id(path, param, label):
    op = next(op for m, p, op in ID_OPERATIONS if p == path)
    assert path_model(path, param, op)[0]._meta.label == label


def test_an_id_of_a_new_router_the_convention_cannot_place_fails_with_what_to_add():
    op = {"operationId": "plans_api_get_widget"}
    assert path_model("/api/v1/widgets/{widget_id}", "widget_id", op) is None
    hint = _register_hint("get", "/api/v1/widgets/{widget_id}", "widget_id")
    assert "ALIASES" in hint and "widget_id" in hint
    assert path_model("/api/v1/plans/{plan_id}/widgets", "plan_id", op)[0]._meta.label == "plans.Plan"
