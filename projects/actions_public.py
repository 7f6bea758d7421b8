"""The public writes of 四公开 (public page, mass survey), acceptance (结题报告, panel, scores) and awards.

The anonymous survey is validated, rate-limited per client address (a keyed hash of it is kept, never the
address) and limited to one answer per phone number and project (a keyed hash of the number and its masked form
are kept, never the number); it is closed once the project was decided (验收). The organisation's admin enters
paper surveys one by one or as counts with the scanned forms: audited, marked as hers, no abuse limit.
"""

import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from core import audit, crypto, uploads
from core.audit import mask_phone
from core.errors import ActionError, Conflict, Invalid, NotFound
from core.forms import validate
from core.ratelimit import RateLimit
from core.verbs import require_verb

from . import eligibility, rules
from .actions import transition
from .forms_public import (
    ClosingReportForm,
    DisclosureForm,
    EntryForm,
    NominateForm,
    PaperCountsForm,
    ScoreForm,
    ScorerForm,
    SurveyForm,
)
from .locking import lock_project
from .models import (
    Award,
    AwardKind,
    ClosingEvidence,
    ClosingReport,
    Disclosure,
    PaperSurvey,
    PaperSurveyScan,
    Rating,
    Score,
    Scorer,
    SurveyResponse,
    SurveySource,
)
from .workflows_public import AWARD, AWARD_ACTIONS

OPEN_STATES = ("approved", "in_progress", "closing_requested")
DECIDED_STATES = ("accepted", "not_accepted")
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_FILES = 10
ACCEPT = ".pdf,.png,.jpg,.jpeg,.gif,.webp,.doc,.docx,.xls,.xlsx"
# (at most n answers, within seconds) from one client address, over every project.
DEFAULT_SURVEY_LIMITS = ((10, 10 * 60), (30, 24 * 60 * 60))


def new_token():
    """The public page's address: 22 url-safe characters (128 random bits), unguessable."""
    return secrets.token_urlsafe(16)


def now():
    """The rate limit's clock (tests move it instead of sleeping)."""
    return timezone.now()


def _survey_rows():
    return SurveyResponse.objects.all()


# One limit over every project's survey, counted over the answers themselves (core/ratelimit.py).
SURVEY_LIMIT = RateLimit(
    "project-survey-client",
    rows=_survey_rows,
    setting="PROJECT_SURVEY_RATE_LIMITS",
    default=DEFAULT_SURVEY_LIMITS,
    message="提交过于频繁：同一网络{span}内最多提交{n}份测评，请稍后再试。",
    clock=lambda: now(),
)
survey_limits = SURVEY_LIMIT.limits
client_key = SURVEY_LIMIT.client_key


def phone_key(project, phone):
    return crypto.blind_index(f"project-survey-phone:{project.pk}:{phone}")


# ---------------------------------------------------------------- 四公开: the disclosure and its address


def save_disclosure(project, *, by, data):
    """Write progress and effect of the public page (the address is made the first time)."""
    require_verb(by, "projects.disclose", project)
    cleaned = validate(DisclosureForm(data))
    with transaction.atomic():
        d = Disclosure.objects.select_for_update().filter(project=project).first()
        before = audit.snapshot(d, ["progress", "effect"])
        if d is None:
            d = Disclosure(project=project, token=new_token())
        d.progress, d.effect, d.updated_by = cleaned["progress"], cleaned["effect"], by
        d.save()
        audit.record(
            "projects.disclosure.update",
            by=by,
            obj=project,
            org=project.org,
            before=before,
            after=audit.snapshot(d, ["progress", "effect"]),
        )
    return d


def regenerate_token(project, *, by):
    """A new public address: the old one (and its printed QR code) stops working at once."""
    require_verb(by, "projects.disclose", project)
    with transaction.atomic():
        d = Disclosure.objects.select_for_update().filter(project=project).first()
        if d is None:
            d = Disclosure(project=project, token=new_token(), updated_by=by)
        else:
            d.token = new_token()
        d.save()
        audit.record("projects.disclosure.token", by=by, obj=project, org=project.org, after={"regenerated": True})
    return d


def by_token(token):
    """The public page a token names: 404 like any missing object for a wrong token or a project not yet public."""
    token = str(token or "")
    if not 16 <= len(token) <= 40:
        raise NotFound("该项目公开页不存在或地址已更换。")
    d = (
        Disclosure.objects.select_related("project__org", "project__owner", "project__liaison_leader")
        .filter(token=token, project__state__in=rules.SURVEY_STATES)
        .first()
    )
    if d is None:
        raise NotFound("该项目公开页不存在或地址已更换。")
    return d


# ---------------------------------------------------------------- the mass survey


def survey_open(project):
    return project.state in OPEN_STATES


def submit_public_response(token, *, data, client_address):
    """An anonymous answer from the public page: validated, rate-limited, one per phone number, closed when decided."""
    d = by_token(token)
    project = d.project
    cleaned = validate(SurveyForm(data))
    if not survey_open(project):
        raise Conflict("该项目已验收，群众满意度测评已结束。感谢您的关注！")
    key = client_key(client_address)
    phone = cleaned["phone"]
    pkey = phone_key(project, phone) if phone else ""
    duplicate = Conflict("该手机号码已经评价过这个项目，每个号码只能评价一次。", {"phone": ["该号码已评价过。"]})
    try:
        with transaction.atomic():
            # Count and insert under the client's lock, so a burst of parallel answers cannot slip past the limit.
            SURVEY_LIMIT.check(key)
            if pkey and SurveyResponse.objects.filter(project=project, phone_key=pkey).exists():
                raise duplicate
            r = SurveyResponse.objects.create(
                project=project,
                rating=cleaned["rating"],
                comment=cleaned["comment"],
                source=SurveySource.ONLINE,
                phone_masked=mask_phone(phone),
                phone_key=pkey,
                client_key=key,
            )
            audit.record(
                "projects.survey.answer",
                by=None,
                obj=project,
                org=project.org,
                after={"rating": r.rating, "phone": r.phone_masked, "by": "群众（扫码）"},
            )
    except IntegrityError:
        raise duplicate from None
    return r


def enter_response(project, *, by, data):
    """One paper answer entered by the organisation's admin (audited, marked as hers; no abuse limit)."""
    require_verb(by, "projects.enter_survey", project)
    cleaned = validate(EntryForm(data))
    with transaction.atomic():
        r = SurveyResponse.objects.create(
            project=project,
            rating=cleaned["rating"],
            comment=cleaned["comment"],
            source=SurveySource.ENTERED,
            entered_by=by,
        )
        audit.record(
            "projects.survey.enter",
            by=by,
            obj=project,
            org=project.org,
            after={"rating": r.rating, "comment": r.comment},
        )
    return r


def check_files(files, *, required=False, label="附件"):
    """[(name, content type, ext, bytes)] of acceptable uploads, or Invalid naming every refused file."""
    files = list(files or [])
    if required and not files:
        raise Invalid(f"请上传{label}。", {"files": [f"请上传{label}。"]})
    if len(files) > MAX_FILES:
        raise Invalid(f"一次最多上传{MAX_FILES}个文件（这次选了{len(files)}个）。", {"files": ["文件太多。"]})
    checked, errors = [], []
    for f in files:
        try:
            uploads.check_size(f.name, f.size, max_bytes=MAX_FILE_BYTES)
            content = f.read(MAX_FILE_BYTES + 1)
            ext, content_type, _kind = uploads.validate(f.name, content, max_bytes=MAX_FILE_BYTES)
            checked.append((uploads.stored_name(f.name, ext), content_type, ext, content))
        except ActionError as e:
            errors.append(e.detail)
    if errors:
        raise Invalid(errors[0], {"files": errors})
    return checked


def _validate_with_files(form, files, **kwargs):
    """(cleaned data, checked files), or one Invalid naming every refused field and file at once."""
    problems: list[Invalid] = []
    cleaned, checked = None, []
    try:
        cleaned = validate(form)
    except Invalid as e:
        problems.append(e)
    try:
        checked = check_files(files, **kwargs)
    except Invalid as e:
        problems.append(e)
    if problems:
        errors: dict = {}
        for problem in problems:
            errors.update(problem.errors or {})
        raise Invalid(problems[0].detail, errors)
    return cleaned, checked


def _store(model, owner_field, owner, checked, *, by, stored):
    for name, content_type, ext, content in checked:
        row = model(**{owner_field: owner}, name=name, content_type=content_type, size=len(content), uploaded_by=by)
        row.file.save(f"{owner.pk}.{ext}", ContentFile(content), save=False)
        stored.append(row)
        row.save()


def _discard(stored):
    for row in stored:
        row.file.storage.delete(row.file.name)


def enter_paper_counts(project, *, by, data, files):
    """纸质问卷汇总: counts per rating of a paper survey with its scanned forms (all or nothing)."""
    require_verb(by, "projects.enter_survey", project)
    cleaned, checked = _validate_with_files(PaperCountsForm(data), files, required=True, label="测评表扫描件")
    stored: list[Any] = []
    try:
        with transaction.atomic():
            paper = PaperSurvey.objects.create(
                project=project, held_on=cleaned["held_on"], note=cleaned["note"], entered_by=by
            )
            for rating in Rating:
                n = cleaned[rating.value]
                if n:
                    SurveyResponse.objects.create(
                        project=project,
                        rating=rating.value,
                        count=n,
                        source=SurveySource.COUNTED,
                        paper=paper,
                        entered_by=by,
                    )
            _store(PaperSurveyScan, "paper", paper, checked, by=by, stored=stored)
            audit.record(
                "projects.survey.paper",
                by=by,
                obj=project,
                org=project.org,
                after={
                    "held_on": cleaned["held_on"].isoformat(),
                    **{r.value: cleaned[r.value] for r in Rating},
                    "scans": [row.name for row in stored],
                },
            )
    except Exception:
        _discard(stored)
        raise
    return paper


# ---------------------------------------------------------------- acceptance: closing report, panel, scores


def save_closing_report(project, *, by, data, files=(), request_closing=False, comment=""):
    """结题报告 (with evidence), optionally together with the closing request: all or nothing."""
    require_verb(by, "projects.report_closing", project)
    cleaned, checked = _validate_with_files(ClosingReportForm(data), files, label="佐证材料")
    stored: list[Any] = []
    try:
        with transaction.atomic():
            report = ClosingReport.objects.select_for_update().filter(project=project).first()
            before = audit.snapshot(report, ["results", "goal_met"])
            report = report or ClosingReport(project=project)
            report.results, report.goal_met, report.written_by = cleaned["results"], cleaned["goal_met"], by
            report.save()
            _store(ClosingEvidence, "report", report, checked, by=by, stored=stored)
            audit.record(
                "projects.closing_report.save",
                by=by,
                obj=project,
                org=project.org,
                before=before,
                after={**audit.snapshot(report, ["results", "goal_met"]), "evidence": [r.name for r in stored]},
            )
            if request_closing:
                transition(project, "request_closing", by=by, comment=comment or "已提交结题报告，申请结题验收。")
    except Exception:
        _discard(stored)
        raise
    return report


def add_closing_evidence(project, *, by, name, data):
    """One evidence file for the closing report (the API's upload)."""
    require_verb(by, "projects.report_closing", project)
    report = ClosingReport.objects.filter(project=project).first()
    if report is None:
        raise Conflict("请先填写结题报告，再上传佐证材料。")
    ext, content_type, _kind = uploads.validate(name, data, max_bytes=MAX_FILE_BYTES)
    stored: list[Any] = []
    try:
        with transaction.atomic():
            _store(
                ClosingEvidence,
                "report",
                report,
                [(uploads.stored_name(name, ext), content_type, ext, data)],
                by=by,
                stored=stored,
            )
            audit.record(
                "projects.closing_report.evidence", by=by, obj=project, org=project.org, after={"name": stored[0].name}
            )
    except Exception:
        _discard(stored)
        raise
    return stored[0]


def add_scorer(project, *, by, data):
    """The committee puts a person on the project's acceptance panel."""
    require_verb(by, "projects.assign_panel", project)
    cleaned = validate(ScorerForm(data, candidates=rules.panel_candidates(project)))
    person = cleaned["person"]
    try:
        with transaction.atomic():
            scorer = Scorer.objects.create(project=project, person=person, added_by=by)
            audit.record("projects.panel.add", by=by, obj=project, org=project.org, after={"scorer": person.name})
    except IntegrityError:
        raise Invalid(f"{person.name}已在验收评审组中。", {"person": ["已在评审组中。"]}) from None
    return scorer


def remove_scorer(scorer, *, by):
    project = scorer.project
    require_verb(by, "projects.assign_panel", project)
    with transaction.atomic():
        name = scorer.person.name
        scorer.delete()
        audit.record("projects.panel.remove", by=by, obj=project, org=project.org, before={"scorer": name})


def my_seat(project, user):
    if not getattr(user, "person_id", None):
        return None
    return Scorer.objects.filter(project=project, person_id=user.person_id).first()


def submit_scores(project, *, by, data):
    """A panel member scores every criterion (0–100) of the project's assessment mechanism, with a comment; she
    may correct her scores until the committee decides."""
    require_verb(by, "projects.score", project)
    criteria = list(project.criteria.order_by("position", "id"))
    if not criteria:
        raise Conflict("该项目没有考核机制（考核指标），无法评分。")
    form = ScoreForm(data, criteria=criteria)
    validate(form)
    with transaction.atomic():
        seat = Scorer.objects.select_for_update().get(project=project, person_id=by.person_id)
        before = {s.criterion_id: str(s.score) for s in seat.scores.all()}
        seat.scores.all().delete()
        Score.objects.bulk_create(Score(scorer=seat, criterion=c, score=v) for c, v in form.scores())
        seat.comment = (form.cleaned_data.get("comment") or "").strip()
        seat.scored_at = timezone.now()
        seat.save()
        audit.record(
            "projects.panel.score",
            by=by,
            obj=project,
            org=project.org,
            before=before or None,
            after={c.name: str(v) for c, v in form.scores()},
        )
    return seat


# ---------------------------------------------------------------- awards (层层打擂)


def award_year(project):
    done = eligibility.accepted_on(project)
    return (done or project.end or timezone.localdate()).year


def nominate(project, *, by, data):
    """The committee nominates an accepted, eligible project for 十佳 / 精品 / 示范项目 (422 naming every reason it is
    not eligible; 409 when it is not accepted or already nominated for that award)."""
    require_verb(by, "projects.nominate", project)
    cleaned = validate(NominateForm(data))
    if project.state != "accepted":
        raise Conflict(f"项目当前为“{project.state_label}”，验收通过后才能推荐评选。")
    found = eligibility.reasons(project)
    if found:
        raise Invalid("该项目不具备评先评优资格：" + "；".join(found), {"project": found})
    kind = cleaned["kind"]
    label = AwardKind(kind).label
    try:
        with transaction.atomic():
            lock_project(project)
            award = Award.objects.create(
                project=project,
                kind=kind,
                year=award_year(project),
                committee=rules.award_committee(project),
                decider=rules.award_decider(project, kind),
                citation=cleaned["citation"],
                nominated_by=by,
            )
            audit.record(
                "projects.award.nominate",
                by=by,
                obj=award,
                org=award.decider,
                after={"project": project.title, "kind": label, "decider": award.decider.name},
            )
    except IntegrityError:
        raise Conflict(f"该项目已被推荐评选{label}（或已获评）。") from None
    return award


def transition_award(award, action, *, by, data=None):
    """approve | decline | withdraw (422 for another action; 409 from a state that does not allow it)."""
    if action not in AWARD_ACTIONS:
        raise Invalid(
            f"没有“{str(action)[:30]}”这项操作。可用的操作：{'、'.join(AWARD_ACTIONS)}。",
            {"action": ["没有这项操作。"]},
        )
    return AWARD.run(award, action, by=by, data=data or {})
