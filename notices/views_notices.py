"""Pages of 通知公告: the list (收到的 and 发布的), a notice with its signing form (phone first), the notice form
(publish at once or keep a draft), the publisher's receipts page with its per-branch unread heat map, and the
receipts' export."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core import dates, excel
from core.errors import ActionError
from core.forms import add_errors, register_edit_page
from core.pages import form_page, post_action
from core.scoping import get_object_for_user
from core.verbs import require_verb

from . import actions_notices as actions
from . import queries, recipients, rules
from .forms_notices import NoticeForm, ReceiptForm
from .models_notices import Notice, NoticeAttachment, NoticeState, Recipient
from .workflows_notices import NOTICE

register_edit_page("notices:notice_edit")


def _notice(request, pk):
    n = get_object_for_user(Notice.objects.select_related("org"), pk, request.user)
    queries.attach_mine([n], request.user)
    return n


@login_required
def notice_list(request):
    """收到的通知 (unsigned first) and 发布的通知 (the organisations she administers), one tab each."""
    user = request.user
    require_verb(user, "core.do_business")
    may_publish = rules.may_publish(user)
    tab = request.GET.get("tab")
    if tab not in ("received", "published"):
        tab = "received" if user.person_id or not may_publish else "published"
    rows = list(queries.listed(user, box=tab)[:200])
    queries.attach_mine(rows, user)
    if tab == "received":
        rows.sort(key=lambda n: n.my_row is None or n.my_row.signed_at is not None or n.state != "published")
    counts = {}
    if tab == "published" and rows:
        from django.db.models import Count, Q

        counts = {
            r["notice_id"]: r
            for r in Recipient.objects.filter(notice__in=[n.pk for n in rows])
            .values("notice_id")
            .annotate(n=Count("id"), signed=Count("id", filter=Q(signed_at__isnull=False)))
        }
    for n in rows:
        c = counts.get(n.pk)
        n.n_recipients, n.n_signed = (c["n"], c["signed"]) if c else (0, 0)
    return render(
        request,
        "notices/notices/list.html",
        {"rows": rows, "tab": tab, "may_publish": may_publish, "has_person": bool(user.person_id)},
    )


@login_required
def notice_create(request):
    user = request.user
    orgs = rules.notice_orgs(user)
    require_verb(user, "notices.publish", orgs.first())
    form = NoticeForm(request.POST or None, initial={"org": orgs.first().pk}, orgs=orgs)
    draft = request.POST.get("op") == "draft"
    return form_page(
        request,
        form,
        action=lambda: actions.create_notice(
            by=user, data=request.POST, files=request.FILES.getlist("attachments"), draft=draft
        ),
        success=lambda n: f"已保存草稿“{n.title}”。" if n.state == NoticeState.DRAFT else f"已发布通知“{n.title}”。",
        redirect_to=lambda n: reverse("notices:notice_detail", args=[n.pk]),
        template="notices/notices/form.html",
        title="发布通知",
        back_url=reverse("notices:notice_list") + "?tab=published",
        back_label="通知公告",
        submit_label="发布",
        multipart=True,
        testid="notice-form",
        creating=True,
    )


@login_required
def notice_edit(request, pk):
    user = request.user
    notice = _notice(request, pk)
    require_verb(user, "notices.publish", notice)
    if notice.state != NoticeState.DRAFT:
        messages.error(request, "通知已发布，不能再修改。")
        return redirect("notices:notice_detail", notice.pk)
    form = NoticeForm(request.POST or None, initial=NoticeForm.initial_for(notice), orgs=rules.notice_orgs(user))
    return form_page(
        request,
        form,
        action=lambda: actions.update_notice(
            notice, by=user, data=request.POST, files=request.FILES.getlist("attachments")
        ),
        success="已保存草稿。",
        redirect_to=reverse("notices:notice_detail", args=[notice.pk]),
        template="notices/notices/form.html",
        title=f"修改通知 · {notice.title}",
        back_url=reverse("notices:notice_detail", args=[notice.pk]),
        back_label=notice.title,
        multipart=True,
        testid="notice-form",
        attachments=list(notice.attachments.all()),
    )


def _detail_context(request, notice, sign_form=None):
    user = request.user
    row = notice.my_row
    may_sign = row is not None and row.signed_at is None and notice.state == NoticeState.PUBLISHED
    manage = user.has_perm("notices.publish", notice)
    if may_sign and sign_form is None:
        sign_form = ReceiptForm(labels=notice.receipt_fields)
    receipt = [(label, (row.receipt or {}).get(label, "")) for label in notice.receipt_fields] if row else []
    return {
        "notice": notice,
        "row": row,
        "receipt": receipt,
        "sign_form": sign_form if may_sign else None,
        "attachments": list(notice.attachments.all()),
        "manage": manage,
        "editable": manage and notice.state == NoticeState.DRAFT,
        "transitions": NOTICE.available(notice, user) if manage else [],
        "may_read_receipts": notice.state != NoticeState.DRAFT and user.has_perm("notices.read_receipts", notice),
    }


@login_required
def notice_detail(request, pk):
    notice = _notice(request, pk)
    return render(request, "notices/notices/detail.html", _detail_context(request, notice))


@login_required
@require_POST
def notice_sign(request, pk):
    """签收 from the notice's page; a receipt with a missing item shows the page again, filled, with the message."""
    notice = _notice(request, pk)
    try:
        _row, counted = actions.sign(notice, by=request.user, data=request.POST)
    except ActionError as e:
        form = ReceiptForm(request.POST, labels=notice.receipt_fields)
        form.is_valid()
        add_errors(form, e)
        if not form.errors:
            messages.error(request, e.detail)
            return redirect("notices:notice_detail", notice.pk)
        return render(request, "notices/notices/detail.html", _detail_context(request, notice, form), status=200)
    messages.success(request, "已签收。" if counted else "您已签收过该通知。")
    return redirect("notices:notice_detail", notice.pk)


@login_required
@require_POST
def notice_transition(request, pk, name):
    notice = _notice(request, pk)
    t = NOTICE.transition(name)
    return post_action(
        request,
        lambda: actions.transition_notice(notice, name, by=request.user),
        success=f"已{t.label}通知。",
        next_default=reverse("notices:notice_detail", args=[notice.pk]),
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    att = get_object_for_user(NoticeAttachment.objects.select_related("notice__org"), pk, request.user)
    return post_action(
        request,
        lambda: actions.delete_attachment(att, by=request.user),
        success=f"已删除附件“{att.name}”。",
        next_default=reverse("notices:notice_edit", args=[att.notice_id]),
    )


@login_required
def attachment_download(request, pk):
    att = get_object_for_user(NoticeAttachment.objects.select_related("notice"), pk, request.user)
    try:
        handle = att.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    inline = att.is_image or att.content_type == "application/pdf"
    response = FileResponse(handle, content_type=att.content_type, as_attachment=not inline, filename=att.name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"
    response["Cache-Control"] = "private, max-age=300"
    return response


def _receipt_rows(notice, paths, **filters):
    return (
        recipients.rows_for(notice, paths)
        .filter(**filters)
        .select_related("person", "branch")
        .order_by("branch_path", "person__name", "pk")
    )


@login_required
def notice_receipts(request, pk):
    """签收情况: the figures, the per-branch heat map of the unsigned (ECharts), the table per branch and the
    people who have not signed (of one branch with `?org=`)."""
    notice = _notice(request, pk)
    require_verb(request.user, "notices.read_receipts", notice)
    paths = recipients.receipt_paths(notice, request.user)
    s = recipients.summary(notice, paths)
    for b in s["by_org"]:
        b["unsigned"] = b["recipients"] - b["signed"]
        b["percent"] = int(b["signed"] * 100 / b["recipients"]) if b["recipients"] else 0
    org = request.GET.get("org") or ""
    chosen = next((b for b in s["by_org"] if str(b["org"]["id"]) == org), None)
    unsigned = _receipt_rows(notice, paths, signed_at__isnull=True)
    if chosen is not None:
        unsigned = unsigned.filter(branch_id=chosen["org"]["id"])
    unsigned_rows = list(unsigned[:500])
    signed_rows = list(_receipt_rows(notice, paths, signed_at__isnull=False).order_by("-signed_at")[:50])
    heat = {
        "orgs": [b["org"]["name"] for b in s["by_org"]],
        "ids": [b["org"]["id"] for b in s["by_org"]],
        "unsigned": [b["unsigned"] for b in s["by_org"]],
        "recipients": [b["recipients"] for b in s["by_org"]],
        "signed": [b["signed"] for b in s["by_org"]],
        "url": reverse("notices:notice_receipts", args=[notice.pk]),
    }
    return render(
        request,
        "notices/notices/receipts.html",
        {
            "notice": notice,
            "s": s,
            "percent": int(s["signed"] * 100 / s["recipients"]) if s["recipients"] else 0,
            "chosen": chosen,
            "unsigned_rows": unsigned_rows,
            "signed_rows": signed_rows,
            "heat": heat,
            "partial": paths is not None,
        },
    )


@login_required
def receipts_export(request, pk):
    """The receipts as a printable 台账 (.xlsx): every recipient, her branch, when she signed and her receipt."""
    notice = _notice(request, pk)
    require_verb(request.user, "notices.read_receipts", notice)
    paths = recipients.receipt_paths(notice, request.user)
    labels = list(notice.receipt_fields)
    columns = [
        excel.Column("序号", "int", 6),
        excel.Column("姓名"),
        excel.Column("所在党组织"),
        excel.Column("签收状态"),
        excel.Column("签收时间", "datetime"),
        *[excel.Column(label, "long") for label in labels],
    ]

    def rows():
        for i, r in enumerate(_receipt_rows(notice, paths).iterator(chunk_size=2000), 1):
            yield [
                i,
                r.person.name,
                r.branch.name,
                "已签收" if r.signed_at else "未签收",
                r.signed_at,
                *[(r.receipt or {}).get(label, "") for label in labels],
            ]

    s = recipients.summary(notice, paths)
    ledger = excel.Ledger(
        name="签收情况",
        title=f"《{notice.title}》签收情况",
        columns=columns,
        rows=rows(),
        org=notice.org.name,
        note=f"应签收 {s['recipients']} 人，已签收 {s['signed']} 人",
    )
    return excel.xlsx_response(f"{notice.title}_签收情况.xlsx", [ledger], by=request.user)


@login_required
def unsigned_overview(request):
    """未签收人员 of one organisation's subtree (the cockpit's drill-down): who has not signed which published
    notice, the longest waiting first; for the 党务管理员 of that organisation."""
    from orgs.models import Organisation

    from . import deadlines

    user = request.user
    require_verb(user, "core.do_business")
    org = get_object_for_user(Organisation.objects.administered_by(user), request.GET.get("org"), user)
    today = dates.today()
    rows = list(
        deadlines.unsigned()
        .filter(branch_path__startswith=org.path)
        .select_related("person", "branch", "notice")
        .order_by("notice__published_at", "branch_path", "person__name")[:500]
    )
    for r in rows:
        r.due = deadlines.due_on(r.notice.published_at, r.notice.remind_days)
        r.late = r.due <= today
    return render(request, "notices/notices/unsigned.html", {"org": org, "rows": rows, "today": today})
