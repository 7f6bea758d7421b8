"""The audit page speaks Chinese: every action code the code base can write has a label, shown beside the code."""

import ast
import re
from pathlib import Path

from django.conf import settings
from django.test import Client

from core import audit, publicity, trash, workflow
from core.models import AuditEvent

ROOT = Path(settings.BASE_DIR)
CODE = re.compile(r"^[a-z_]+(\.[a-z_]+)+$")
# Call sites whose code is computed from a registry that the test checks on its own (below).
GENERATED = {"core/trash.py", "core/workflow.py", "core/publicity.py"}


def _sources():
    for path in sorted(ROOT.glob("*/**/*.py")):
        rel = path.relative_to(ROOT).as_posix()
        top = rel.split("/")[0]
        if top.startswith(".") or top in {"bench", "static", "staticfiles", "media", "node_modules"}:
            continue
        if "/tests/" in rel or rel.startswith("tests/") or "/migrations/" in rel:
            continue
        yield rel, path.read_text(encoding="utf-8")


def _codes(node, constants):
    """Literal codes an expression can evaluate to; None when it cannot be read from the source."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return {node.value}
    if isinstance(node, ast.IfExp):
        a, b = _codes(node.body, constants), _codes(node.orelse, constants)
        return None if a is None or b is None else a | b
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        table = constants.get(node.value.id)
        if isinstance(table, ast.Dict) and all(isinstance(v, ast.Constant) for v in table.values):
            return {v.value for v in table.values}
    if isinstance(node, ast.Name) and node.id in constants:
        return _codes(constants[node.id], constants)
    return None


def written_codes():
    """{code: [file]} for every audit.record(...) call in the code base, and the calls that cannot be read."""
    found, unreadable = {}, []
    for rel, text in _sources():
        tree = ast.parse(text)
        constants = {
            t.id: n.value for n in tree.body if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)
        }
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            if not (node.func.attr == "record" and isinstance(node.func.value, ast.Name)):
                continue
            if node.func.value.id != "audit" or not node.args:
                continue
            codes = _codes(node.args[0], constants)
            if codes is None:
                unreadable.append(f"{rel}:{node.lineno}")
                continue
            for code in codes:
                found.setdefault(code, []).append(rel)
    return found, unreadable


def test_every_action_code_written_anywhere_has_a_chinese_label():
    found, unreadable = written_codes()
    for wf in workflow.workflows():  # core/workflow.py writes `<workflow key>.<transition>`
        for t in wf.transitions:
            found.setdefault(wf.audit_code(t), []).append("core/workflow.py")
    for mechanism in publicity.mechanisms():  # core/publicity.py writes `<objection code>.raise`
        found.setdefault(mechanism.raise_code, []).append("core/publicity.py")
    assert len(found) > 40  # the walk really reached the apps
    assert {"plans.planitem.delete", "record.delete", "points.declaration.return", "plans.claim.reject"} <= set(found)
    assert all(CODE.match(code) for code in found), sorted(c for c in found if not CODE.match(c))
    # A code built at run time cannot be checked here: write it as a literal (or a dict of literals).
    assert {u.split(":")[0] for u in unreadable} <= GENERATED, unreadable
    labels = audit.labels()
    missing = sorted(code for code in found if code not in labels)
    assert not missing, f"这些操作代码没有中文名称，请在 <app>/audit_labels.py 中补上：{missing}"
    assert all(re.search(r"[\u4e00-\u9fff]", labels[c]) for c in found)


def test_generated_codes_of_the_recycle_bin_have_labels():
    assert trash.KINDS  # plans and records register their kinds
    labels = audit.labels()
    for kind in trash.KINDS.values():
        assert labels[kind.restore_action] == f"从回收站恢复{kind.label}"
        assert kind.purge_action in labels


def test_the_audit_page_shows_label_code_and_object_name(world, auditor, branch_secretary):
    from plans.tests.factories import add_item, make_plan

    plan = make_plan(branch_secretary, world.branch_a)
    add_item(branch_secretary, plan, "赴章丘区三涧溪村开展党员教育", category="党员教育", month=4)
    c = Client()
    c.force_login(auditor)
    page = c.get("/audit/").content.decode()
    assert "添加清单事项" in page and '<code data-testid="audit-code">plans.planitem.create</code>' in page
    assert "清单事项：</span>赴章丘区三涧溪村开展党员教育" in page
    assert '<option value="plans.planitem.create" >添加清单事项</option>' in page
    assert '<option value="plans.plan.create" >新建年度工作清单</option>' in page
    filtered = c.get("/audit/", {"action": "plans.planitem.create"}).content.decode()
    assert '<option value="plans.planitem.create" selected>添加清单事项</option>' in filtered
    assert filtered.count('data-testid="audit-row"') == 1


def test_an_event_stored_without_a_name_shows_the_objects_name(world, auditor, branch_secretary):
    from plans.tests.factories import make_plan

    plan = make_plan(branch_secretary, world.branch_a, title="统计局党建工作清单")
    event = audit.record("plan.publish", by=branch_secretary, obj=plan)
    assert event.object_repr == "2026年 统计局党建工作清单"  # stored with the name it had then
    unnamed = AuditEvent(action="plan.unpublish", object_type="plans.Plan", object_id=str(plan.pk))
    audit.describe([unnamed])
    assert unnamed.label == "取消发布清单模板" and unnamed.name == "2026年 统计局党建工作清单"
    assert unnamed.kind_label == "年度工作清单"
    unknown = AuditEvent(action="nope.code", object_type="nope.Model", object_id="1", object_repr="")
    audit.describe([unknown])
    assert unknown.label == "nope.code" and unknown.name == ""
    r = Client()
    r.force_login(auditor)
    assert "发布清单模板" in r.get("/audit/").content.decode()


def test_the_api_gives_the_label_too(world, auditor, branch_secretary, api):
    from plans.tests.factories import make_plan

    make_plan(branch_secretary, world.branch_a)
    item = api(auditor).get("audit/events").json()["items"][0]
    assert item["action"] == "plans.plan.create" and item["action_label"] == "新建年度工作清单"
