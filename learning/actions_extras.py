"""The writes of 网络学院 extras: each checks its verb, validates, runs in one transaction and is audited.

补录 and 学历认证 decisions and closing a needs survey are declared transitions (learning/workflows_extras.py);
what is not a transition (entering, answering, ordering, naming stars) is written here.
"""

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from accounts import scope
from core import audit, dates, uploads
from core.errors import Conflict, Invalid, NotFound
from core.forms import validate
from core.verbs import require_verb
from orgs.models import Organisation, Person

from . import rules, stars
from .choices import NeedsState
from .forms_extras import (
    EducationForm,
    MaterialItemForm,
    MaterialOfferForm,
    NameStarsForm,
    NeedsAnswerForm,
    NeedsSurveyForm,
    OfflineForm,
)
from .models_extras import (
    EducationCertificate,
    EducationRecord,
    MaterialItem,
    MaterialOffer,
    MaterialOrder,
    NeedsAnswer,
    NeedsSurvey,
    OfflineCertificate,
    OfflineTraining,
    StudyStar,
)
from .workflows_extras import EDUCATION, NEEDS, OFFLINE

MAX_CERTIFICATE_BYTES = 10 * 1024 * 1024
CERTIFICATE_TYPES = frozenset({"jpg", "png", "gif", "webp", "pdf"})
MAX_QUANTITY = 100000


def check_certificate(upload, field="certificate"):
    """(name to keep, content type, ext, data) of an image or PDF, checked by its content; Invalid names the
    form field."""
    try:
        uploads.check_size(upload.name, upload.size, max_bytes=MAX_CERTIFICATE_BYTES)
        data = upload.read(MAX_CERTIFICATE_BYTES + 1)
        ext, content_type, _kind = uploads.validate(upload.name, data, max_bytes=MAX_CERTIFICATE_BYTES)
    except uploads.TooLarge as e:
        raise uploads.TooLarge(e.detail, {field: [e.detail]}) from None
    except Invalid as e:
        raise Invalid(e.detail, {field: [e.detail]}) from None
    if ext not in CERTIFICATE_TYPES:
        message = f"证书“{uploads.clean_name(upload.name)}”应为图片（JPG、PNG、GIF、WEBP）或 PDF。"
        raise Invalid(message, {field: [message]})
    return uploads.stored_name(upload.name, ext), content_type, ext, data


def _store(model, owner_field, owner, checked, by):
    name, content_type, ext, data = checked
    cert = model(name=name, content_type=content_type, size=len(data), uploaded_by=by, **{owner_field: owner})
    cert.file.save(f"{owner_field}-{owner.pk}.{ext}", ContentFile(data), save=False)
    cert.save()
    return cert


def _discard(cert):
    if cert is not None:
        cert.file.storage.delete(cert.file.name)


def offline_people(user):
    """The people whose off-line training the user may enter: active ones of the organisations she administers."""
    if scope.is_system_user(user):
        return Person.objects.none()
    return Person.objects.administered_by(user).active().select_related("org")


# ---------------------------------------------------------------- 补录


# The audit code of each certificate-backed entry, by the certificate's link to it.
CREATE_CODES = {"training": "learning.offline.create", "record": "learning.education.create"}


def _create_with_certificate(model, cert_model, link, person, fields, checked, by):
    """Create the person's 补录 or 学历 with its certificate in one audited transaction; a stored certificate file
    is removed again when the transaction does not commit."""
    cert = None
    try:
        with transaction.atomic():
            obj = model.objects.create(person=person, org=person.org, entered_by=by, **fields)
            cert = _store(cert_model, link, obj, checked, by)
            audit.record(
                CREATE_CODES[link], by=by, obj=obj, org=obj.org, after={**audit.snapshot(obj), "certificate": cert.name}
            )
    except Exception:
        _discard(cert)
        raise
    return obj


def enter_offline(*, by, data, certificate=None):
    """补录 a person's off-line training with its certificate; it waits for another admin's approval."""
    require_verb(by, "core.do_business")
    cleaned = validate(OfflineForm(data, people=offline_people(by)))
    person = cleaned["person"]
    require_verb(by, "learning.enter_offline", person)
    if certificate is None:
        raise Invalid("请上传培训证书（结业证书或培训证明的照片、扫描件）。", {"certificate": ["请上传培训证书。"]})
    if cleaned["end"] > dates.today():
        raise Invalid("只能补录已经结束的培训。", {"end": ["结束日期不能晚于今天。"]})
    checked = check_certificate(certificate)
    fields = {k: cleaned[k] for k in ("title", "organiser", "start", "end", "hours")}
    return _create_with_certificate(OfflineTraining, OfflineCertificate, "training", person, fields, checked, by)


def decide_offline(training, name, *, by, data=None):
    """approve (credits the hours), return (with a reason) or revoke (takes them back)."""
    return OFFLINE.run(training, name, by=by, data=data or {})


# ---------------------------------------------------------------- 需求调查


def create_survey(*, by, data):
    require_verb(by, "core.do_business")
    cleaned = validate(NeedsSurveyForm(data, orgs=rules.committee_orgs(by)))
    require_verb(by, "learning.create_survey", cleaned["org"])
    if cleaned["closes"] < dates.today():
        raise Invalid("截止日期不能早于今天。", {"closes": ["截止日期不能早于今天。"]})
    with transaction.atomic():
        survey = NeedsSurvey.objects.create(created_by=by, **cleaned)
        audit.record("learning.needs_survey.create", by=by, obj=survey, org=survey.org, after=audit.snapshot(survey))
    return survey


def close_survey(survey, *, by):
    return NEEDS.run(survey, "close", by=by)


def answer_survey(survey, *, by, data):
    """One answer per member: answering again replaces hers while the survey is open."""
    require_verb(by, "learning.answer_survey", survey)
    if survey.state != NeedsState.OPEN or survey.closes < dates.today():
        raise Conflict("该调查已结束，不能再填写。")
    cleaned = validate(NeedsAnswerForm(data, survey=survey))
    with transaction.atomic():
        NeedsSurvey.objects.select_for_update().filter(pk=survey.pk).first()
        answer = NeedsAnswer.objects.filter(survey=survey, person_id=by.person_id).first()
        before = audit.snapshot(answer, ["topics", "formats", "comment"]) if answer else None
        if answer is None:
            answer = NeedsAnswer(survey=survey, person_id=by.person_id)
        answer.topics, answer.formats, answer.comment = cleaned["topics"], cleaned["formats"], cleaned["comment"]
        answer.save()
        audit.record(
            "learning.needs_answer.save",
            by=by,
            obj=survey,
            org=survey.org,
            before=before,
            after=audit.snapshot(answer, ["topics", "formats", "comment"]),
        )
    return answer


# ---------------------------------------------------------------- 资料征订


def create_offer(*, by, data):
    require_verb(by, "core.do_business")
    cleaned = validate(MaterialOfferForm(data, orgs=rules.committee_orgs(by)))
    require_verb(by, "learning.create_offer", cleaned["org"])
    if cleaned["deadline"] < dates.today():
        raise Invalid("征订截止日期不能早于今天。", {"deadline": ["截止日期不能早于今天。"]})
    with transaction.atomic():
        offer = MaterialOffer.objects.create(created_by=by, **cleaned)
        audit.record("learning.material_offer.create", by=by, obj=offer, org=offer.org, after=audit.snapshot(offer))
    return offer


def _open(offer):
    if offer.deadline < dates.today():
        raise Conflict(f"征订已于{offer.deadline:%Y-%m-%d}截止，不能再修改。")


def add_item(offer, *, by, data):
    require_verb(by, "learning.manage_offer", offer)
    cleaned = validate(MaterialItemForm(data))
    with transaction.atomic():
        locked = MaterialOffer.objects.select_for_update().get(pk=offer.pk)
        _open(locked)
        if MaterialItem.objects.filter(offer=locked, name=cleaned["name"]).exists():
            raise Conflict(f"本次征订已有“{cleaned['name']}”。", {"name": ["本次征订已有该资料。"]})
        item = MaterialItem.objects.create(offer=locked, **cleaned)
        audit.record("learning.material_item.create", by=by, obj=locked, org=locked.org, after=audit.snapshot(item))
    return item


def order_orgs(offer, user):
    """The organisations the user may order for under the offer: those she administers below the committee."""
    if scope.is_system_user(user):
        return Organisation.objects.none()
    return (
        Organisation.objects.administered_by(user)
        .filter(path__startswith=offer.org.path, kind__in=("committee", "general_branch", "branch"))
        .order_by("path")
    )


def _quantity(value, name):
    try:
        n = int(str(value).strip() or 0)
    except (TypeError, ValueError):
        raise Invalid(f"“{name}”的数量应为整数。", {"quantities": [f"“{name}”的数量应为整数。"]}) from None
    if n < 0 or n > MAX_QUANTITY:
        message = f"“{name}”的数量应在 0 至 {MAX_QUANTITY} 之间。"
        raise Invalid(message, {"quantities": [message]})
    return n


def save_orders(offer, *, by, org, quantities):
    """An organisation's order: {item id: quantity} (0 removes the line), until the deadline."""
    if not isinstance(org, Organisation):
        try:
            org = order_orgs(offer, by).filter(pk=int(org)).first() if str(org).strip() else None
        except (TypeError, ValueError):
            org = None
        if org is None:
            message = "未找到该党组织。"
            raise Invalid(message, {"org": [message]})
    if not org.path.startswith(offer.org.path):
        raise NotFound()
    require_verb(by, "learning.order_materials", org)
    items = {i.pk: i for i in offer.items.all()}
    wanted: dict[int, int] = {}
    for key, value in quantities.items():
        pk = int(key) if str(key).strip().isdigit() else 0
        if pk not in items:
            message = "征订中没有该资料。"
            raise Invalid(message, {"quantities": [message]})
        wanted[pk] = _quantity(value, items[pk].name)
    with transaction.atomic():
        locked = MaterialOffer.objects.select_for_update().get(pk=offer.pk)
        _open(locked)
        existing = {o.item_id: o for o in MaterialOrder.objects.filter(item__offer=locked, org=org)}
        before = {str(pk): o.quantity for pk, o in sorted(existing.items())}
        for pk, n in wanted.items():
            line = existing.get(pk)
            if line is None:
                if n:
                    MaterialOrder.objects.create(item_id=pk, org=org, quantity=n, ordered_by=by)
            elif n == 0:
                line.delete()
            elif line.quantity != n:
                line.quantity, line.ordered_by = n, by
                line.save(update_fields=["quantity", "ordered_by", "updated_at"])
        after = dict(
            sorted((str(o.item_id), o.quantity) for o in MaterialOrder.objects.filter(item__offer=locked, org=org))
        )
        if after != before:
            audit.record("learning.material_order.save", by=by, obj=locked, org=org, before=before, after=after)
    return after


# ---------------------------------------------------------------- 学历认证


def education_people(user):
    """The people whose education the user may enter: herself and those of the organisations she administers."""
    if scope.is_system_user(user):
        return Person.objects.none()
    own = Person.objects.filter(pk=user.person_id) if user.person_id else Person.objects.none()
    return (Person.objects.administered_by(user) | own).distinct().select_related("org")


def enter_education(*, by, data, certificate=None):
    require_verb(by, "core.do_business")
    cleaned = validate(EducationForm(data, people=education_people(by)))
    person = cleaned["person"]
    require_verb(by, "learning.enter_education", person)
    if cleaned["graduated_on"] > dates.today():
        raise Invalid("毕业日期不能晚于今天。", {"graduated_on": ["毕业日期不能晚于今天。"]})
    if certificate is None:
        raise Invalid("请上传学历证书（毕业证书或学位证书的照片、扫描件）。", {"certificate": ["请上传学历证书。"]})
    checked = check_certificate(certificate)
    fields = {k: cleaned[k] for k in ("level", "school", "major", "graduated_on")}
    return _create_with_certificate(EducationRecord, EducationCertificate, "record", person, fields, checked, by)


def decide_education(record, name, *, by, data=None):
    return EDUCATION.run(record, name, by=by, data=data or {})


# ---------------------------------------------------------------- 学习之星


def name_stars(*, by, data):
    """The committee names the stars of a period among its subtree's ranked members (hours and rank kept)."""
    require_verb(by, "core.do_business")
    orgs = rules.committee_orgs(by)
    period = validate(stars.PeriodOnly(data, orgs=orgs))
    org = period["org"]
    require_verb(by, "learning.name_stars", org)
    ranking = stars.ranking(org, period["period_kind"], period["year"], period["period"])
    ranked_people = Person.objects.filter(pk__in=[r.person.pk for r in ranking])
    cleaned = validate(NameStarsForm(data, orgs=orgs, people=ranked_people))
    if stars.period_end(period["period_kind"], period["year"], period["period"]) >= dates.today():
        raise Conflict("该周期尚未结束，结束后才能评选学习之星。", {"period": ["该周期尚未结束。"]})
    by_person = {r.person.pk: r for r in ranking}
    made = []
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=org.pk)
        for person in cleaned["people"]:
            row = by_person[person.pk]
            try:
                with transaction.atomic():
                    star = StudyStar.objects.create(
                        org=org,
                        period_kind=period["period_kind"],
                        year=period["year"],
                        period=period["period"],
                        person=person,
                        hours=row.hours,
                        rank=row.rank,
                        note=cleaned["note"],
                        named_by=by,
                    )
            except IntegrityError:
                raise Conflict(
                    f"{person.name}已是该周期的学习之星。", {"people": [f"{person.name}已是该周期的学习之星。"]}
                ) from None
            made.append(star)
            audit.record("learning.star.name", by=by, obj=star, org=org, after=audit.snapshot(star))
    return made


def withdraw_star(star, *, by, reason=""):
    """The naming committee withdraws a 学习之星 title (named by mistake, or the member turned out not to deserve it):
    the row goes (from the list, the person's page and the 表彰 suggestions) and the audit event keeps what it was
    and why."""
    require_verb(by, "learning.withdraw_star", star)
    reason = (reason or "").strip()
    if len(reason) > 200:
        raise Invalid("撤销原因最多200字。", {"reason": ["最多200字。"]})
    with transaction.atomic():
        locked = StudyStar.objects.select_for_update().filter(pk=star.pk).first()
        if locked is None:
            raise NotFound("该学习之星已被撤销。")
        before = audit.snapshot(locked)
        audit.record(
            "learning.star.withdraw",
            by=by,
            obj=locked,
            org=star.org,
            before=before,
            after={"reason": reason} if reason else None,
        )
        locked.delete()
    return star
