"""The budget's writes (经费来源、支出与凭证) and the project's links to records and point declarations.

Each write checks its verb, validates through the budget forms, runs in one transaction and writes an audit
event. Adding an expense that would overspend the budget (or the source's funding) is refused with the
warning unless the caller confirms it (`confirm_overspend`): the page asks, the API answers 409 `overspend`.
"""

from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from core import audit, uploads
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.verbs import require_verb

from . import budget
from .forms_budget import ExpenseForm, FundingForm
from .locking import lock_project
from .models import Expense, ExpenseReceipt, Funding, FundingSource, ProjectCitation, ProjectRecord

MAX_RECEIPT_BYTES = 10 * 1024 * 1024
MAX_RECEIPTS = 10
RECEIPT_TYPES = uploads.IMAGES_AND_DOCUMENTS
OVERSPEND_FIELD_MESSAGE = "登记后将超支：如确需登记，请勾选此项后再保存。"


def _expenses_open(project):
    if project.state not in budget.OPEN_FOR_EXPENSES:
        raise Conflict(f"项目当前为“{project.state_label}”，不能登记或删除经费支出（立项后、验收前可以登记）。")


def _funding_open(project):
    if project.state in budget.CLOSED_FOR_FUNDING:
        raise Conflict(f"项目当前为“{project.state_label}”，不能再登记经费来源。")


def _check_source(project, source):
    if source == FundingSource.INNOVATION and not budget.innovation_allowed(project):
        message = "只有试点类项目可以使用创新资助，本项目的类别不是试点类。"
        raise Invalid(message, {"source": [message]})


def add_funding(project, *, by, data):
    """A funding line: 自有经费 or (试点类 only) 创新资助."""
    require_verb(by, "projects.manage_budget", project)
    cleaned = validate(FundingForm(data))
    with transaction.atomic():
        locked = lock_project(project, "category", "org")
        _funding_open(locked)
        _check_source(locked, cleaned["source"])
        funding = Funding.objects.create(project=locked, created_by=by, **cleaned)
        audit.record("projects.funding.create", by=by, obj=locked, org=locked.org, after=audit.snapshot(funding))
    return funding


def delete_funding(funding, *, by):
    project = funding.project
    require_verb(by, "projects.manage_budget", project)
    with transaction.atomic():
        locked = lock_project(project, "category", "org")
        _funding_open(locked)
        before = audit.snapshot(funding)
        Funding.objects.filter(pk=funding.pk).delete()
        audit.record("projects.funding.delete", by=by, obj=locked, org=locked.org, before=before)


def check_receipts(files):
    """[(name, content type, ext, data)] of checked uploads (`files`: (name, size, read) triples), or Invalid."""
    if len(files) > MAX_RECEIPTS:
        message = f"一次最多上传{MAX_RECEIPTS}个凭证（这次选了{len(files)}个）。"
        raise Invalid(message, {"receipts": [message]})
    checked = []
    for name, size, read in files:
        try:
            uploads.check_size(name, size, max_bytes=MAX_RECEIPT_BYTES)
            data = read(MAX_RECEIPT_BYTES + 1)
            ext, content_type, _kind = uploads.validate(name, data, max_bytes=MAX_RECEIPT_BYTES, allowed=RECEIPT_TYPES)
        except Invalid as e:
            raise Invalid(e.detail, {"receipts": [e.detail]}) from None
        except uploads.TooLarge as e:
            raise uploads.TooLarge(e.detail, {"receipts": [e.detail]}) from None
        checked.append((uploads.stored_name(name, ext), content_type, ext, data))
    return checked


def _store_receipts(expense, checked, by, stored):
    for name, content_type, ext, data in checked:
        receipt = ExpenseReceipt(expense=expense, name=name, content_type=content_type, size=len(data), uploaded_by=by)
        receipt.file.save(f"{expense.pk}.{ext}", ContentFile(data), save=False)
        stored.append(receipt)
        receipt.save()


def _discard(stored):
    for receipt in stored:
        receipt.file.storage.delete(receipt.file.name)


def add_expense(project, *, by, data, files=()):
    """An expense line with its receipts, all or nothing; an overspend needs `confirm_overspend`."""
    require_verb(by, "projects.manage_budget", project)
    cleaned = validate(ExpenseForm(data, project=project))
    checked = check_receipts(list(files))
    confirm = bool(cleaned.pop("confirm_overspend", False))
    stored: list[ExpenseReceipt] = []
    try:
        with transaction.atomic():
            locked = lock_project(project, "category", "org")
            _expenses_open(locked)
            _check_source(locked, cleaned["source"])
            warnings = budget.overspend_warnings(locked, cleaned["source"], Decimal(cleaned["amount"]))
            if warnings and not confirm:
                message = f"超支提醒：{'；'.join(warnings)}。如确需登记，请勾选“我已知晓超支，确认登记”后再保存。"
                raise Conflict(message, {"confirm_overspend": [OVERSPEND_FIELD_MESSAGE]}, code="overspend")
            expense = Expense.objects.create(
                project=locked, created_by=by, overspend_confirmed=bool(warnings), **cleaned
            )
            _store_receipts(expense, checked, by, stored)
            audit.record(
                "projects.expense.create",
                by=by,
                obj=locked,
                org=locked.org,
                after={**audit.snapshot(expense), "receipts": [r.name for r in stored], "overspend": warnings},
            )
    except Exception:
        _discard(stored)
        raise
    return expense


def add_receipts(expense, *, by, files):
    project = expense.project
    require_verb(by, "projects.manage_budget", project)
    checked = check_receipts(list(files))
    if not checked:
        raise Invalid("请选择要上传的凭证。", {"receipts": ["请选择文件。"]})
    stored: list[ExpenseReceipt] = []
    try:
        with transaction.atomic():
            locked = lock_project(project, "category", "org")
            _expenses_open(locked)
            _store_receipts(expense, checked, by, stored)
            audit.record(
                "projects.receipt.add",
                by=by,
                obj=locked,
                org=locked.org,
                after={"expense": expense.pk, "receipts": [r.name for r in stored]},
            )
    except Exception:
        _discard(stored)
        raise
    return stored


def _delete_files(storage, names):
    for name in names:
        storage.delete(name)


def delete_expense(expense, *, by):
    project = expense.project
    require_verb(by, "projects.manage_budget", project)
    with transaction.atomic():
        locked = lock_project(project, "category", "org")
        _expenses_open(locked)
        before = {**audit.snapshot(expense), "receipts": [r.name for r in expense.receipts.all()]}
        files = [r.file.name for r in expense.receipts.all()]
        Expense.objects.filter(pk=expense.pk).delete()
        audit.record("projects.expense.delete", by=by, obj=locked, org=locked.org, before=before)
        storage = ExpenseReceipt._meta.get_field("file").storage
        transaction.on_commit(lambda: _delete_files(storage, files))


# ---------------------------------------------------------------- records and point declarations


def link_record(project, record, *, by):
    """A record (活动记录) of the project's organisation (or below it) belongs to the project."""
    require_verb(by, "projects.link_record", project)
    if not record.org.path.startswith(project.org.path):
        message = "只能关联本项目所在党组织（含下级）的活动记录。"
        raise Invalid(message, {"record": [message]})
    try:
        with transaction.atomic():
            link = ProjectRecord.objects.create(project=project, record=record, linked_by=by)
            audit.record(
                "projects.record.link",
                by=by,
                obj=project,
                org=project.org,
                after={"record": record.pk, "title": record.title},
            )
    except IntegrityError:
        raise Conflict("该活动记录已关联到本项目。") from None
    return link


def unlink_record(project, record, *, by):
    require_verb(by, "projects.link_record", project)
    with transaction.atomic():
        deleted, _ = ProjectRecord.objects.filter(project=project, record=record).delete()
        if not deleted:
            raise NotFound()
        audit.record(
            "projects.record.unlink",
            by=by,
            obj=project,
            org=project.org,
            before={"record": record.pk, "title": record.title},
        )


def cite_project(declaration, project, *, by):
    """A point declaration cites the project as evidence (佐证): by its declarant, while it can be edited."""
    from points.choices import EDITABLE_STATES

    require_verb(by, "points.add_evidence", declaration)
    if declaration.state not in EDITABLE_STATES:
        raise Conflict("申报已提交，不能再引用项目作为佐证。")
    try:
        with transaction.atomic():
            citation = ProjectCitation.objects.create(project=project, declaration=declaration, cited_by=by)
            audit.record(
                "projects.citation.create",
                by=by,
                obj=project,
                org=project.org,
                after={"declaration": declaration.pk, "project": project.pk},
            )
    except IntegrityError:
        raise Conflict("该积分申报已引用本项目。") from None
    return citation
