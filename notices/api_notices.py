"""REST API of 通知公告 (API.md "Notices and cockpit"): notices received or published, publishing, archiving,
signing with the receipt, and the receipts of a notice per branch."""

import datetime
from typing import Annotated, Literal

from ninja import Field, File, Router, Schema
from ninja.files import UploadedFile

from core.api import AUTH, Id, ListOut, Page, PageSize, Ref, form_data, paginate
from core.errors import Invalid
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import actions_notices as actions
from . import queries, recipients
from .forms_notices import MAX_ANSWER, MAX_LABEL, MAX_RECEIPT_FIELDS
from .models_notices import Notice
from .workflows_notices import NOTICE

router = Router(tags=["通知公告"], auth=AUTH)

Category = Literal["full", "probationary", "candidate", "activist", "applicant", "mass"]
Label = Annotated[str, Field(min_length=1, max_length=MAX_LABEL)]


class NoticeIn(Schema):
    org: Id
    title: str = Field(..., max_length=100)
    body: str = Field(..., max_length=20000)
    audience: Literal["all", "cadres", "categories"] = "all"
    categories: list[Category] = Field([], max_length=6)
    receipt_fields: list[Label] = Field([], max_length=MAX_RECEIPT_FIELDS)
    remind_days: Annotated[int, Field(ge=1, le=30)] = 3
    draft: bool = False


class NoticePatch(Schema):
    org: Id | None = None
    title: str | None = Field(None, max_length=100)
    body: str | None = Field(None, max_length=20000)
    audience: Literal["all", "cadres", "categories"] | None = None
    categories: list[Category] | None = Field(None, max_length=6)
    receipt_fields: list[Label] | None = Field(None, max_length=MAX_RECEIPT_FIELDS)
    remind_days: Annotated[int, Field(ge=1, le=30)] | None = None


class MineOut(Schema):
    signed: bool
    signed_at: datetime.datetime | None
    receipt: dict[str, str]


class NoticeAttachmentOut(Schema):
    id: int
    name: str
    size: int
    url: str


class NoticeOut(Schema):
    id: int
    org: Ref
    title: str
    body: str
    audience: str
    categories: list[str]
    receipt_fields: list[str]
    remind_days: int
    state: str
    state_label: str
    published_at: datetime.datetime | None
    mine: MineOut | None  # the caller's own receipt (None: not a recipient)
    actions: list[str]


class NoticeDetailOut(NoticeOut):
    attachments: list[NoticeAttachmentOut]


class SignIn(Schema):
    receipt: dict[Label, Annotated[str, Field(max_length=MAX_ANSWER)]] = Field({}, max_length=MAX_RECEIPT_FIELDS)


class SignOut(Schema):
    notice: int
    signed: bool
    signed_at: datetime.datetime
    receipt: dict[str, str]
    counted: bool  # False: it had been signed before (this call changed nothing)


class ByOrgOut(Schema):
    org: Ref
    recipients: int
    signed: int


class ReceiptsOut(Schema):
    recipients: int
    signed: int
    by_org: list[ByOrgOut]


class RecipientOut(Schema):
    person: Ref
    org: Ref
    signed_at: datetime.datetime | None
    receipt: dict[str, str]


def _mine(n):
    row = getattr(n, "my_row", None)
    if row is None:
        return None
    return {"signed": row.signed_at is not None, "signed_at": row.signed_at, "receipt": row.receipt or {}}


def notice_out(n, user):
    return {
        "id": n.pk,
        "org": {"id": n.org_id, "name": n.org.name},
        "title": n.title,
        "body": n.body,
        "audience": n.audience,
        "categories": n.category_list,
        "receipt_fields": list(n.receipt_fields),
        "remind_days": n.remind_days,
        "state": n.state,
        "state_label": n.get_state_display(),
        "published_at": n.published_at,
        "mine": _mine(n),
        "actions": [t.name for t in NOTICE.available(n, user)],
    }


def _notice(pk, user):
    n = get_object_for_user(Notice.objects.select_related("org"), pk, user)
    queries.attach_mine([n], user)
    return n


def _detail(n, user):
    from django.urls import reverse

    return {
        **notice_out(n, user),
        "attachments": [
            {"id": a.pk, "name": a.name, "size": a.size, "url": reverse("notices:attachment", args=[a.pk])}
            for a in n.attachments.all()
        ],
    }


def _data(payload, notice=None):
    from .forms_notices import NoticeForm

    data = form_data(payload, exclude_unset=notice is not None)
    data.pop("draft", None)
    if notice is not None:
        data = {**NoticeForm.initial_for(notice), **data}
    if isinstance(data.get("receipt_fields"), list):
        data["receipt_fields"] = "\n".join(data["receipt_fields"])
    return data


@router.get("/notices", response=ListOut[NoticeOut])
def list_notices(
    request,
    box: Literal["all", "received", "published"] = "all",
    unsigned: bool = False,
    page: Page = 1,
    page_size: PageSize = 50,
):
    """What the caller received (published to her) or published (her organisations' notices, drafts too);
    `box` narrows to one of the two, `unsigned=true` to what she still has to sign."""
    qs = queries.listed(request.auth, box=box, unsigned=unsigned)
    out = paginate(qs, page, page_size, lambda n: n)
    queries.attach_mine(out["items"], request.auth)
    out["items"] = [notice_out(n, request.auth) for n in out["items"]]
    return out


@router.post("/notices", response={201: NoticeDetailOut})
def create_notice(request, payload: NoticeIn):
    """Publishes at once (the recipients are fixed then) unless `"draft": true`."""
    n = actions.create_notice(by=request.auth, data=_data(payload), draft=payload.draft)
    return 201, _detail(_notice(n.pk, request.auth), request.auth)


@router.get("/notices/{notice_id}", response=NoticeDetailOut)
def get_notice(request, notice_id: Id):
    return _detail(_notice(notice_id, request.auth), request.auth)


@router.patch("/notices/{notice_id}", response=NoticeDetailOut)
def update_notice(request, notice_id: Id, payload: NoticePatch):
    """A draft only (409 once published)."""
    n = _notice(notice_id, request.auth)
    actions.update_notice(n, by=request.auth, data=_data(payload, n))
    return _detail(_notice(notice_id, request.auth), request.auth)


@router.post("/notices/{notice_id}/attachments", response={201: NoticeDetailOut})
def add_attachment(request, notice_id: Id, file: File[UploadedFile]):
    """An attachment of a draft (multipart field `file`: image, PDF, Word, Excel or PowerPoint, checked by its
    content)."""
    n = _notice(notice_id, request.auth)
    from .forms_notices import NoticeForm

    actions.update_notice(n, by=request.auth, data=NoticeForm.initial_for(n), files=[file])
    return 201, _detail(_notice(notice_id, request.auth), request.auth)


@router.post("/notices/{notice_id}/publish", response=NoticeDetailOut)
def publish_notice(request, notice_id: Id):
    actions.transition_notice(_notice(notice_id, request.auth), "publish", by=request.auth)
    return _detail(_notice(notice_id, request.auth), request.auth)


@router.post("/notices/{notice_id}/archive", response=NoticeDetailOut)
def archive_notice(request, notice_id: Id):
    actions.transition_notice(_notice(notice_id, request.auth), "archive", by=request.auth)
    return _detail(_notice(notice_id, request.auth), request.auth)


@router.post("/notices/{notice_id}/sign", response=SignOut)
def sign_notice(request, notice_id: Id, payload: SignIn):
    """签收 with the receipt `{"<item>": "<answer>"}` (each item of `receipt_fields` required); signing again
    answers the first signature unchanged (`counted: false`)."""
    n = _notice(notice_id, request.auth)
    try:
        row, counted = actions.sign(n, by=request.auth, receipt=payload.receipt)
    except Invalid as e:
        labels = list(n.receipt_fields)
        e.errors = {
            (labels[int(k[1:])] if k[:1] == "r" and k[1:].isdigit() and int(k[1:]) < len(labels) else k): v
            for k, v in e.errors.items()
        }
        raise
    return {"notice": n.pk, "signed": True, "signed_at": row.signed_at, "receipt": row.receipt, "counted": counted}


@router.get("/notices/{notice_id}/receipts", response=ReceiptsOut)
def get_receipts(request, notice_id: Id):
    """签收情况 for the publisher: recipients and signatures in all and per branch (the unread heat map)."""
    n = _notice(notice_id, request.auth)
    require_verb(request.auth, "notices.read_receipts", n)
    return recipients.summary(n, recipients.receipt_paths(n, request.auth))


@router.get("/notices/{notice_id}/recipients", response=ListOut[RecipientOut])
def list_recipients(
    request, notice_id: Id, signed: bool | None = None, org: Id | None = None, page: Page = 1, page_size: PageSize = 50
):
    """Each recipient with her signature and receipt (`signed=false`: who has not signed; `org`: one branch)."""
    n = _notice(notice_id, request.auth)
    require_verb(request.auth, "notices.read_receipts", n)
    qs = (
        recipients.rows_for(n, recipients.receipt_paths(n, request.auth))
        .select_related("person", "branch")
        .order_by("branch_path", "person__name")
    )
    if signed is not None:
        qs = qs.filter(signed_at__isnull=not signed)
    if org is not None:
        qs = qs.filter(branch_id=org)
    return paginate(
        qs,
        page,
        page_size,
        lambda r: {
            "person": {"id": r.person_id, "name": r.person.name},
            "org": {"id": r.branch_id, "name": r.branch.name},
            "signed_at": r.signed_at,
            "receipt": r.receipt or {},
        },
    )
