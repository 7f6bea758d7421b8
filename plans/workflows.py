"""The workflows of the 路径化 module, declared on core.workflow (actions.py keeps the public functions as thin
wrappers over `run`):

* an item is claimed by a member or assigned by the admin (its state is its 一表 status, derived);
* a member's claim waits for another admin, who confirms or rejects it;
* an occurrence (time node) is completed — by linking a record of its type, or by a note with evidence —
  and reopened by the admin (its state is derived from `completed_on`).

Who may is the verb of each transition (plans/rules.py); what makes it not applicable now is its source
state, or for a claim the claimant's own standing (`blocked`). Pages render `available()`, nothing else.
"""

import uuid

from django.core.files.base import ContentFile
from django.utils import timezone

from core import dates, uploads
from core.errors import Conflict, Invalid
from core.workflow import Transition, Workflow

from . import rules
from .choices import ClaimState, OccurrenceState, OwnerStatus
from .forms import AssignForm, ClaimForm, CompleteForm, DecisionForm
from .models import Claim, ItemOwner, Occurrence, OccurrenceAttachment, PlanItem

MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 10


def today():
    return dates.today()


def set_owners(item, people, *, by, source="assigned"):
    for person in people:
        ItemOwner.objects.get_or_create(item=item, person=person, defaults={"source": source, "assigned_by": by})


# ---- items: claim and assign -----------------------------------------------------------------------


def pending_claimant_ids(item):
    """People whose claim on the item waits (from the page's prefetch when it has one)."""
    if hasattr(item, "pending_claims"):
        return {c.person_id for c in item.pending_claims}
    return set(item.claims.filter(state=ClaimState.PENDING).values_list("person_id", flat=True))


def item_state(item):
    """The 一表 status (querysets.owner_status computes the same in SQL for lists)."""
    if rules.owner_ids(item):
        return OwnerStatus.OWNED
    if pending_claimant_ids(item):
        return OwnerStatus.PENDING
    return OwnerStatus.UNCLAIMED


def _claim_blocked(item, user):
    if not user.person_id:
        return None
    if user.person_id in rules.owner_ids(item):
        return "您已是该事项的责任人。"
    if user.person_id in pending_claimant_ids(item):
        return "您已认领该事项，正在等待确认。"
    return None


def _claim(item, ctx):
    claim = Claim.objects.create(
        item=item, person_id=ctx.by.person_id, note=ctx.data["note"].strip(), claimed_by=ctx.by
    )
    ctx.audit.update(claim=claim.pk, person=claim.person_id, note=claim.note)


def _assign(item, ctx):
    person = ctx.data["person"]
    _owner, created = ItemOwner.objects.get_or_create(
        item=item, person=person, defaults={"source": "assigned", "assigned_by": ctx.by}
    )
    if not created:
        raise Conflict(f"{person.name}已是该事项的责任人。")
    # Her own pending claim is answered by the assignment.
    pending = Claim.objects.filter(item=item, person=person, state=ClaimState.PENDING)
    confirmed = list(pending.values_list("pk", flat=True))
    pending.update(state=ClaimState.CONFIRMED, decided_by=ctx.by, decided_at=timezone.now())
    ctx.audit["person"] = person.pk
    if confirmed:
        ctx.audit["confirmed_claims"] = confirmed


ITEM = Workflow(
    "plans.planitem",
    model=PlanItem,
    states=OwnerStatus,
    field=None,
    state_of=item_state,
    saves=False,  # claiming or assigning writes claims and owners, not the item
    lock_related=("plan__org",),
    transitions=[
        Transition(
            "claim",
            "认领",
            None,
            verb="plans.claim",
            form=ClaimForm,
            effect=_claim,
            blocked=_claim_blocked,
            style="outline-primary",
        ),
        Transition(
            "assign",
            "指派",
            None,
            verb="plans.assign",
            form=AssignForm,
            form_kwargs=lambda item: {"plan": item.plan},
            effect=_assign,
        ),
    ],
)


# ---- claims: confirm and reject ----------------------------------------------------------------------


def _decided(claim):
    return f"该认领{claim.get_state_display()}，不能重复处理。"  # 该认领已确认 / 已驳回


def _confirm(claim, ctx):
    claim.decided_by, claim.decided_at, claim.reason = ctx.by, timezone.now(), ""
    set_owners(claim.item, [claim.person], by=ctx.by, source="claim")


def _reject(claim, ctx):
    claim.decided_by, claim.decided_at, claim.reason = ctx.by, timezone.now(), ctx.data["reason"].strip()


CLAIM = Workflow(
    "plans.claim",
    model=Claim,
    states=ClaimState,
    lock_related=("item__plan__org", "person"),
    transitions=[
        Transition(
            "confirm",
            "确认",
            [ClaimState.PENDING],
            ClaimState.CONFIRMED,
            "plans.confirm_claim",
            effect=_confirm,
            conflict=_decided,
            style="success",
        ),
        Transition(
            "reject",
            "驳回",
            [ClaimState.PENDING],
            ClaimState.REJECTED,
            "plans.reject_claim",
            form=DecisionForm,
            effect=_reject,
            conflict=_decided,
            style="outline-danger",
        ),
    ],
)


# ---- occurrences: complete and reopen ------------------------------------------------------------------


def occurrence_state(occ):
    return OccurrenceState.COMPLETED if occ.completed_on else OccurrenceState.OPEN


def check_files(files):
    """Validate every file by its content before anything is saved → [(clean name, bytes, ext)]."""
    if len(files) > MAX_ATTACHMENTS:
        msg = f"一次最多上传{MAX_ATTACHMENTS}个附件。"
        raise Invalid(msg, {"files": [msg]})
    checked = []
    for f in files:
        uploads.check_size(f.name, f.size, max_bytes=MAX_ATTACHMENT_BYTES)
        data = f.read()
        ext, _content_type, _kind = uploads.validate(
            f.name, data, max_bytes=MAX_ATTACHMENT_BYTES, allowed=uploads.WITH_PRESENTATIONS
        )
        checked.append((uploads.stored_name(f.name, ext), data, ext))
    return checked


def _linked_record(occ, record_id, *, by, records):
    """The record completing a meeting occurrence: in scope, of the item's organisation, type and year."""
    from records.models import Record

    item = occ.item
    qs = records if records is not None else Record.objects.visible_to(by)
    record = qs.filter(pk=record_id, org__path__startswith=item.plan.org.path).first()
    if record is None:
        raise Invalid("关联的活动记录不存在，或不属于本组织。", {"record": ["记录不存在或不属于本组织。"]})
    if item.record_type and item.record_type not in record.counts_as():
        raise Invalid("所选记录的类型与事项要求不符。", {"record": ["记录类型不符。"]})
    year = record.year_for(item.record_type) if item.record_type else record.date.year
    if year != item.plan.year:
        if year != record.date.year:  # a yearly duty held for another year (所属年度)
            msg = f"所选记录是{year}年度的{record.type_label}，不计入{item.plan.year}年度。"
        else:
            msg = f"所选记录不在{item.plan.year}年度内。"
        raise Invalid(msg, {"record": [msg]})
    return record


def _complete(occ, ctx):
    """Complete by linking a record (meetings) or by a note with attachments; on time iff by the due date."""
    data, item = ctx.data, occ.item
    files = check_files(list(data.get("files") or ()))
    record = None
    if data.get("record"):
        record = _linked_record(occ, data["record"], by=ctx.by, records=data.get("records"))
        completed_on = record.date
    else:
        if item.record_type:
            raise Invalid("会议类事项须关联一条活动记录。", {"record": ["请选择活动记录。"]})
        if not data["note"].strip():
            raise Invalid("请填写完成说明。", {"note": ["请填写完成说明。"]})
        completed_on = data.get("completed_on") or today()
        if completed_on > today():
            raise Invalid("完成日期不能晚于今天。", {"completed_on": ["完成日期不能晚于今天。"]})
    occ.completed_on, occ.record, occ.note = completed_on, record, data["note"].strip()
    occ.completed_by, occ.completed_at = ctx.by, timezone.now()
    occ.completed_via = str(data.get("via") or "")[:60]  # another module's object that completed it (plans.news)
    for name, content, ext in files:
        # Stored under a random name; the name it came with is kept only as a label.
        OccurrenceAttachment.objects.create(
            occurrence=occ,
            file=ContentFile(content, name=f"{uuid.uuid4().hex}.{ext}"),
            name=name[:200],
            content_type=uploads.TYPES[ext][0],
            size=len(content),
            uploaded_by=ctx.by,
        )
    ctx.audit["attachments"] = [name for name, _content, _ext in files]


def _reopen(occ, ctx):
    occ.completed_on = occ.record = occ.completed_by = occ.completed_at = None
    occ.completed_via = ""


OCCURRENCE = Workflow(
    "plans.occurrence",
    model=Occurrence,
    states=OccurrenceState,
    field=None,
    state_of=occurrence_state,
    lock_related=("item__plan__org",),
    transitions=[
        Transition(
            "complete",
            "登记完成",
            [OccurrenceState.OPEN],
            verb="plans.complete_occurrence",
            form=CompleteForm,
            effect=_complete,
            conflict="该节点已登记完成。",
        ),
        Transition(
            "reopen",
            "撤销完成登记",
            [OccurrenceState.COMPLETED],
            verb="plans.reopen_occurrence",
            effect=_reopen,
            conflict="该节点尚未完成。",
            style="outline-danger",
        ),
    ],
)
