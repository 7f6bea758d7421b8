"""core.workflow and core.verbs on a throwaway workflow over a core model (core names no module)."""

import pytest
from django import forms
from django.db import transaction

from core import verbs, workflow
from core.errors import Conflict, Forbidden, Invalid, NotFound
from core.models import AuditEvent, ImportBatch


class Step(workflow.WorkflowState):
    DRAFT = "draft", "secondary", "草稿"
    L1 = "l1", "warning", "待一级审核"
    L2 = "l2", "warning", "待二级审核"
    DONE = "done", "success", "已通过"
    RETURNED = "returned", "info", "已退回"
    REJECTED = "rejected", "danger", "未通过"


class CommentForm(forms.Form):
    comment = forms.CharField(required=False, max_length=50)


class ReasonForm(forms.Form):
    comment = forms.CharField(max_length=50, error_messages={"required": "请填写原因。"})


def is_owner(user, batch):
    return batch.created_by_id == user.pk


def _reviews(batch):
    return batch.result.setdefault("reviews", [])


@pytest.fixture
def flow(world):
    holders = {"r1": world.users["committee_admin"].pk, "r2": world.users["branch_secretary"].pk}
    verbs.verb("test.batch.submit", (is_owner, "只有上传人可以提交。"))
    chain = workflow.ApprovalChain(
        prefix="test.batch",
        levels=[
            workflow.Level(1, Step.L1, "r1", "一级审核"),
            workflow.Level(2, Step.L2, "r2", "二级审核"),
        ],
        approved=Step.DONE,
        returned=Step.RETURNED,
        rejected=Step.REJECTED,
        org_of=lambda batch: None,
        is_party=lambda batch, user: batch.created_by_id == user.pk,
        reviewed_levels=lambda batch, user: {r[0] for r in batch.result.get("reviews", []) if r[1] == user.pk},
        holds_role=lambda user, role, org: holders.get(role) == user.pk or user.username == "both",
        form=CommentForm,
        return_form=ReasonForm,
        on_review=lambda batch, ctx, level, decision: _reviews(batch).append([level, ctx.by.pk, decision]),
        on_approved=lambda batch, ctx: ctx.audit.update(posted=True),
    )
    chain.register_verb(lambda batch: batch.state)
    wf = workflow.Workflow(
        "core.testbatch",
        model=ImportBatch,
        states=Step,
        visible=lambda batch, user: user.username != "secadmin",
        transitions=[
            workflow.Transition("submit", "提交", [Step.DRAFT, Step.RETURNED], Step.L1, "test.batch.submit"),
            *chain.transitions(),
        ],
    )
    yield wf
    workflow._REGISTRY.pop("core.testbatch")


@pytest.fixture
def batch(world, flow):
    return ImportBatch.objects.create(
        token="t1", kind="x", scope_key="y", created_by=world.users["branch_member"], state=Step.DRAFT
    )


def test_states_carry_label_and_badge():
    assert Step.L1 == "l1" and Step.L1.label == "待一级审核" and Step.L1.badge == "warning"
    assert Step("done").badge == "success"
    assert ("returned", "已退回") in Step.choices


def test_happy_path_through_two_levels(world, flow, batch):
    member, r1, r2 = (world.users[k] for k in ("branch_member", "committee_admin", "branch_secretary"))
    assert [t.name for t in flow.available(batch, member)] == ["submit"]
    batch = flow.run(batch, "submit", by=member)
    assert batch.state == Step.L1
    assert flow.available(batch, member) == []
    assert [t.name for t in flow.available(batch, r1)] == ["approve", "return", "reject"]
    assert flow.available(batch, r2) == []
    batch = flow.run(batch, "approve", by=r1, data={"comment": "同意"})
    assert batch.state == Step.L2 and batch.result["reviews"] == [[1, r1.pk, "approve"]]
    batch = flow.run(batch, "approve", by=r2)
    assert batch.state == Step.DONE
    event = AuditEvent.objects.filter(action="core.testbatch.approve").latest("pk")
    assert event.after["posted"] is True and event.after["level"] == 2


def test_wrong_state_is_409_and_writes_nothing(world, flow, batch):
    r1 = world.users["committee_admin"]
    count = AuditEvent.objects.count()
    with pytest.raises(Conflict, match="当前为“草稿”，不能通过"):
        flow.run(batch, "approve", by=r1)
    batch.refresh_from_db()
    assert batch.state == Step.DRAFT and AuditEvent.objects.count() == count


def test_refusal_names_the_failing_rule(world, flow, batch):
    member, r1 = world.users["branch_member"], world.users["committee_admin"]
    with pytest.raises(Forbidden, match="只有上传人可以提交"):
        flow.check(batch, "submit", r1)
    batch = flow.run(batch, "submit", by=member)
    with pytest.raises(Forbidden, match="不能审核本人"):
        flow.check(batch, "approve", member)
    with pytest.raises(Forbidden, match="您不是一级审核的审核人"):
        flow.check(batch, "approve", world.users["branch_secretary"])


def test_the_same_person_never_reviews_at_two_levels(world, flow, batch):
    both = world.users["outsider"]
    both.username = "both"
    both.save()
    batch = flow.run(batch, "submit", by=world.users["branch_member"])
    batch = flow.run(batch, "approve", by=both)
    assert flow.available(batch, both) == []
    with pytest.raises(Forbidden, match="不同的审核人"):
        flow.run(batch, "approve", by=both)


def test_outside_scope_is_404_before_state(world, flow, batch):
    with pytest.raises(NotFound):
        flow.check(batch, "approve", world.users["secadmin"])
    with pytest.raises(NotFound):
        flow.check(batch, "no-such", world.users["branch_member"])


def test_return_needs_a_reason_and_form_errors_change_nothing(world, flow, batch):
    batch = flow.run(batch, "submit", by=world.users["branch_member"])
    with pytest.raises(Invalid) as e:
        flow.run(batch, "return", by=world.users["committee_admin"], data={"comment": ""})
    assert e.value.errors["comment"] == ["请填写原因。"]
    batch.refresh_from_db()
    assert batch.state == Step.L1
    batch = flow.run(batch, "return", by=world.users["committee_admin"], data={"comment": "材料不全"})
    assert batch.state == Step.RETURNED
    assert [t.name for t in flow.available(batch, world.users["branch_member"])] == ["submit"]


def test_a_stale_copy_loses_the_race_with_409(world, flow, batch):
    batch = flow.run(batch, "submit", by=world.users["branch_member"])
    stale = ImportBatch.objects.get(pk=batch.pk)
    flow.run(batch, "reject", by=world.users["committee_admin"], data={"comment": "不符合"})
    with pytest.raises(Conflict):
        flow.run(stale, "approve", by=world.users["committee_admin"])


@pytest.mark.django_db(transaction=True)
def test_transitioned_fires_after_commit_only(world, flow):
    seen = []

    def receiver(sender, obj, transition, source, target, **kwargs):
        seen.append((transition.name, source, target))

    batch = ImportBatch.objects.create(
        token="t2", kind="x", scope_key="y", created_by=world.users["branch_member"], state=Step.DRAFT
    )
    workflow.transitioned.connect(receiver)
    try:
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                flow.run(batch, "submit", by=world.users["branch_member"])
                raise RuntimeError
        assert seen == []
        flow.run(batch, "submit", by=world.users["branch_member"])
        assert seen == [("submit", "draft", "l1")]
    finally:
        workflow.transitioned.disconnect(receiver)


def test_verbs_are_django_rules_permissions(world, flow, batch):
    assert world.users["branch_member"].has_perm("test.batch.submit", batch)
    assert not world.users["committee_admin"].has_perm("test.batch.submit", batch)
    with pytest.raises(Forbidden, match="只有上传人"):
        verbs.require_verb(world.users["committee_admin"], "test.batch.submit", batch)
    with pytest.raises(LookupError):
        verbs.get("test.batch.nope")


def test_audit_labels_follow_the_naming_scheme(flow):
    assert flow.audit_labels("测试批次")["core.testbatch.return"] == "退回修改测试批次"


def test_consistency_harness_catches_a_rule_missing_from_available(world, flow):
    personas = {k: world.users[k] for k in ("branch_member", "committee_admin", "branch_secretary", "secadmin")}

    def make(state):
        return ImportBatch.objects.create(
            token=f"c{ImportBatch.objects.count()}",
            kind="x",
            scope_key="y",
            created_by=world.users["branch_member"],
            state=state,
        )

    def data(name, obj):
        return {"comment": "理由"}

    from core.testing import workflow_mismatches

    assert workflow_mismatches(flow, states=list(Step), make=make, personas=personas, data=data) == []
    # A transition whose effect refuses what available() allowed is reported.
    broken = flow._by_name["submit"]
    flow._by_name["submit"] = workflow.Transition(
        "submit",
        "提交",
        broken.source,
        broken.target,
        None,
        effect=lambda obj, ctx: verbs.require_verb(ctx.by, "test.batch.submit", obj),
    )
    flow.transitions = [flow._by_name[t.name] for t in flow.transitions]
    found = workflow_mismatches(flow, states=[Step.DRAFT], make=make, personas=personas, data=data)
    assert found and all("submit" in p and "available=True run=False" in p for p in found)


def test_a_stale_copy_is_judged_by_the_stored_row(world, flow, batch):
    """A page loaded before another user's transition still runs what the stored row allows."""
    stale = ImportBatch.objects.get(pk=batch.pk)  # still 草稿 in memory
    flow.run(batch, "submit", by=world.users["branch_member"])
    done = flow.run(stale, "approve", by=world.users["committee_admin"])
    assert done.state == Step.L2
