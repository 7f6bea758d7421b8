"""Shared test personas and an API client; every app's tests use the same small world."""

import json
from dataclasses import dataclass, field

from django.test import Client

from accounts.models import ApiToken, RoleAssignment, User
from orgs import idnumber
from orgs.models import Organisation, Person

PASSWORD = "Test-Passw0rd!"


@dataclass
class World:
    committee: Organisation
    branch_a: Organisation
    group_a1: Organisation
    branch_b: Organisation
    users: dict = field(default_factory=dict)
    people: dict = field(default_factory=dict)


def make_person(org, name, *, group=None, category="full", seq=1, **extra):
    person = Person(name=name, gender=extra.pop("gender", "male"), org=org, group=group, category=category, **extra)
    person.set_id_number(idnumber.make("370117", __import__("datetime").date(1985, 1, 1 + seq % 27), seq))
    person.save()
    return person


def make_user(username, *, person=None, roles=(), password=PASSWORD):
    user = User(username=username, person=person, must_change_password=False)
    user.set_password(password)
    user.save()
    for role, org in roles:
        RoleAssignment.objects.create(user=user, role=role, org=org)
    return user


def build_world():
    committee = Organisation.add_root(name="测试区直机关工委", kind="working_committee", unit="测试区委")
    branch_a = committee.add_child(name="统计局第一党支部", kind="branch", unit="测试区统计局")
    committee.refresh_from_db()
    branch_b = committee.add_child(name="财政局第一党支部", kind="branch", unit="测试区财政局")
    branch_a.refresh_from_db()
    group_a1 = branch_a.add_child(name="统计局第一党小组", kind="group")
    w = World(committee=committee, branch_a=branch_a, group_a1=group_a1, branch_b=branch_b)
    w.people["secretary"] = make_person(branch_a, "王秀英", gender="female", seq=1)
    w.people["member"] = make_person(branch_a, "李娜", group=group_a1, gender="female", seq=2)
    w.people["outsider"] = make_person(branch_b, "张伟", seq=3)
    w.people["staff"] = make_person(committee, "刘锋", seq=4)
    w.users["committee_admin"] = make_user("committee", person=w.people["staff"], roles=[("org_admin", committee)])
    w.users["branch_secretary"] = make_user(
        "secretary_a", person=w.people["secretary"], roles=[("org_admin", branch_a)]
    )
    w.users["branch_member"] = make_user("member_a", person=w.people["member"], roles=[("member", branch_a)])
    w.users["outsider"] = make_user("secretary_b", person=w.people["outsider"], roles=[("org_admin", branch_b)])
    w.users["sysadmin"] = make_user("sysadmin", roles=[("sysadmin", None)])
    w.users["secadmin"] = make_user("secadmin", roles=[("secadmin", None)])
    w.users["auditor"] = make_user("auditor", roles=[("auditor", None)])
    return w


class ApiClient:
    """JSON calls with a bearer token, as a mobile client would make them."""

    def __init__(self, user=None, token=None):
        self.client = Client(REMOTE_ADDR="127.0.0.1")
        self.token = token or (ApiToken.issue(user) if user is not None else None)

    def _headers(self):
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}"} if self.token else {}

    def call(self, method, path, data=None, raw=None, headers=None):
        url = path if path.startswith("/") else f"/api/v1/{path}"
        body = raw if raw is not None else (json.dumps(data) if data is not None else None)
        fn = getattr(self.client, method)
        if body is None:
            return fn(url, headers=headers, **self._headers())
        return fn(url, data=body, content_type="application/json", headers=headers, **self._headers())

    def get(self, path, params=None):
        if params:
            from urllib.parse import urlencode

            path = f"{path}?{urlencode(params)}"
        return self.call("get", path)

    def post(self, path, data=None, raw=None, headers=None):
        return self.call("post", path, data if data is not None else {}, raw, headers)

    def patch(self, path, data=None, raw=None):
        return self.call("patch", path, data, raw)

    def put(self, path, data=None):
        return self.call("put", path, data)

    def delete(self, path):
        return self.call("delete", path)


def table_rows(content, sheet=0):
    """The rows of an exported 台账 from its header row on (the title and the info line above it skipped)."""
    import io

    import openpyxl

    from core.excel import HEADER_ROW

    ws = openpyxl.load_workbook(io.BytesIO(content)).worksheets[sheet]
    return [list(r) for r in ws.iter_rows(min_row=HEADER_ROW, values_only=True)]


def assert_printable_ledger(ws, *, title_has=(), headers=None):
    """What every export must be: a title row, a frozen bold header repeated on each printed page, A4 landscape
    fitted to the width, and column widths set (asserted on an openpyxl worksheet loaded from the download)."""
    from core.excel import HEADER_ROW

    title = ws.cell(1, 1).value or ""
    for part in title_has:
        assert part in title, (part, title)
    assert ws.cell(1, 1).font.b and "导出日期" in (ws.cell(2, 1).value or "")
    from openpyxl.utils import get_column_letter

    if ws.max_column > 1:
        assert f"A1:{get_column_letter(ws.max_column)}1" in {str(r) for r in ws.merged_cells.ranges}
    header = [c.value for c in ws[HEADER_ROW]]
    if headers is not None:
        assert header == headers, header
    assert all(c.font.b for c in ws[HEADER_ROW] if c.value)
    assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
    assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and int(ws.page_setup.fitToWidth) == 1
    assert int(ws.page_setup.fitToHeight) == 0
    assert all(ws.column_dimensions[c.column_letter].width for c in ws[HEADER_ROW])
    return header


def load_sheet(content, sheet=0):
    import io

    import openpyxl

    return openpyxl.load_workbook(io.BytesIO(content)).worksheets[sheet]


# ---- workflow consistency ------------------------------------------------------------------------

TRANSITION_ATTR_RE = __import__("re").compile(r'data-transition="([\w-]+)"')


def transitions_shown(html):
    """The transitions a page offers: every button or form carries `data-transition="<name>"`."""
    return sorted(set(TRANSITION_ATTR_RE.findall(html if isinstance(html, str) else html.decode())))


def workflow_mismatches(wf, *, states, make, personas, data=None, page=None):
    """For every state × persona × transition: `run()` must succeed exactly when `available()` lists it.

    `make(state)` builds an object in that state once (inside a rolled-back savepoint; each persona and each run
    reads it afresh inside a savepoint of its own, so one run never sees another's effects), `personas` is
    {name: user}, `data(transition_name, obj)` the valid input for a transition's form. With `page(obj, user)`
    returning the rendered HTML of the object's page, the page's `data-transition` buttons must be exactly
    the listed ones too. Returns the list of mismatches (empty when consistent)."""
    from contextlib import contextmanager

    from django.db import transaction

    from core.errors import ActionError

    problems = []

    class _Rollback(Exception):
        pass

    @contextmanager
    def rolled_back():
        try:
            with transaction.atomic():
                yield
                raise _Rollback
        except _Rollback:
            pass

    def fresh(obj):
        return type(obj)._default_manager.get(pk=obj.pk)

    for state in states:
        with rolled_back():  # one object per state; every check below runs in a savepoint rolled back after it
            built = make(state)
            for who, user in personas.items():
                obj = fresh(built)
                listed = {x.name for x in wf.available(obj, user)}
                shown = set(transitions_shown(page(obj, user))) if page is not None else listed
                for t in wf.transitions:
                    if (t.name in shown) != (t.name in listed):
                        problems.append(
                            f"{state}/{who}/{t.name}: page shows={t.name in shown} available={t.name in listed}"
                        )
                    outcome: dict = {}
                    with rolled_back():
                        obj = fresh(built)
                        try:
                            wf.run(obj, t.name, by=user, data=(data(t.name, obj) if data else {}))
                            outcome["ran"] = True
                        except ActionError as e:
                            outcome["ran"] = False
                            outcome["error"] = f"{type(e).__name__}: {e.detail}"
                    if outcome["ran"] != (t.name in listed):
                        problems.append(
                            f"{state}/{who}/{t.name}: available={t.name in listed} run={outcome['ran']}"
                            + (f" ({outcome['error']})" if "error" in outcome else "")
                        )
    return problems
