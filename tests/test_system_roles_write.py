"""三员分立: no system role gets a 2xx on any business write, through the API or the pages.

Every write operation (POST/PUT/PATCH/DELETE) of the OpenAPI document must appear in WRITES below, with a
plausible body and the business persona for whom that same call succeeds — so a new endpoint fails this test
until it is listed, and a refusal cannot come from a malformed body. The system roles' own endpoints
(accounts, grants, organisation structure and people for the sysadmin) are listed in SYSTEM_OWN with the
role that may use them; every other system role is refused there too.

The refusals themselves (and the SYSTEM_OWN writes succeeding for their role) are asserted per operation and
role by tests/test_scope_contract.py, which sends these same calls; this file keeps the registry, its
completeness, the control and the page equivalents.
"""

import datetime
import io
from contextlib import suppress
from dataclasses import dataclass

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client

from accounts import actions as account_actions
from accounts.models import ApiToken, RoleAssignment
from assessments.models import Item as AssessmentItem
from assessments.models import Scheme as AssessmentScheme
from conftest import module_transaction, use_suite_settings
from core.dates import today as local_today
from core.testing import ApiClient, build_world, make_person, make_user
from learning.models import HourRule
from orgs.models import Organisation
from plans import actions as plan_actions
from plans.models import Claim, Occurrence, Plan, PlanItem
from points import actions as points_actions
from points import publicity
from points.models import Declaration, LedgerEntry, Publicity, Review, Scheme
from points.models import Item as PointItem
from records.models import Record

SYSTEM_ROLES = ("sysadmin", "secadmin", "auditor")
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n"


def _xlsx(header, *rows):
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@dataclass
class Op:
    """One write: how to fill its path, its body, and who may make it (the control)."""

    params: object  # objects -> {path parameter: value}
    body: object = None  # objects -> JSON body, or {"file": (name, bytes), field: value} for multipart
    actor: str = ""  # the business persona for whom the call succeeds
    multipart: bool = False
    # Writes refused to everyone (the ledger is append-only): the control expects this status instead.
    control_status: int | None = None


class Objects:
    """A small world in which every write has something to act on."""

    def __init__(self, world):
        self.w = world
        u = world.users
        self.users = u
        r1, r2, r3 = (make_user(f"reviewer{n}", roles=[(f"reviewer_l{n}", world.committee)]) for n in (1, 2, 3))
        u.update(reviewer1=r1, reviewer2=r2, reviewer3=r3)
        self.newcomer = make_person(world.branch_a, "赵敏", gender="female", seq=12)
        self.plain_user = make_user("plain", person=self.newcomer)
        self.plain_grant = RoleAssignment.objects.create(user=self.plain_user, role="mentor", org=world.branch_a)
        self.account_request = account_actions.request_account_change(
            u["auditor"], by=u["sysadmin"], data={"action": "deactivate", "reason": "岗位调整"}
        )
        # Points: a scheme of the committee with an org item and a member item.
        admin = u["committee_admin"]
        self.scheme = points_actions.create_scheme(
            by=admin,
            data={
                "org": world.committee.pk,
                "year": 2026,
                "name": "2026年积分办法",
                "full_marks": 100,
                "linkage_every": 10,
                "linkage_mode": "per_person",
            },
        )
        self.org_item = points_actions.add_item(
            self.scheme,
            by=admin,
            data={"dimension": "基础工作", "name": "主题党日", "points": 5, "subject_type": "org"},
        )
        self.member_item = points_actions.add_item(
            self.scheme,
            by=admin,
            data={"dimension": "榜样带动", "name": "志愿服务", "points": 3, "subject_type": "member"},
        )
        secretary, member = u["branch_secretary"], u["branch_member"]
        self.draft = points_actions.create_declaration(
            by=secretary,
            data={
                "item": self.org_item.pk,
                "subject_org": world.branch_a.pk,
                "quantity": "1",
                "occurred_on": "2026-03-01",
            },
        )
        self.pending = self._declare(secretary, "2026-03-02")
        self.awaiting = points_actions.create_declaration(
            by=admin,
            data={
                "item": self.org_item.pk,
                "subject_org": world.branch_a.pk,
                "quantity": "1",
                "occurred_on": "2026-03-03",
            },
        )
        points_actions.submit_declaration(self.awaiting, by=admin)
        approved = self._declare(secretary, "2026-03-04")
        for reviewer in (r1, r2, r3):
            approved.refresh_from_db()
            points_actions.review_declaration(approved, by=reviewer, data={"decision": "approve"})
        self.entry = LedgerEntry.objects.get(declaration=approved)
        self.draft_pub = publicity.freeze(
            self.scheme, by=admin, data={"subject_type": "org", "until": "2026-12-31", "objection_days": 5}
        )
        self.open_pub = publicity.freeze(
            self.scheme, by=admin, data={"subject_type": "org", "until": "2026-06-30", "objection_days": 5}
        )
        publicity.publish(self.open_pub, by=admin)
        self.objection = publicity.raise_objection(self.open_pub, by=member, data={"content": "第3项计分有误"})
        self.closed_pub = publicity.freeze(
            self.scheme, by=admin, data={"subject_type": "member", "until": "2026-06-30", "objection_days": 5}
        )
        publicity.publish(self.closed_pub, by=admin)
        Publicity.objects.filter(pk=self.closed_pub.pk).update(
            objection_deadline=local_today() - datetime.timedelta(days=1)
        )
        # Plans: a branch plan with an item, its occurrence, a member's pending claim, a template, a rule.
        self.plan = plan_actions.create_plan(
            by=secretary,
            data={"org": world.branch_a.pk, "year": 2026, "title": "2026年度党建工作清单"},
            orgs=Organisation.objects.all(),
        )
        self.plan_item = plan_actions.add_item(
            self.plan, by=secretary, data={"category": "三会一课", "title": "召开支委会", "due": "2026-03-15"}
        )
        self.occurrence = Occurrence.objects.filter(item=self.plan_item).first()
        self.claim = plan_actions.claim_item(self.plan_item, by=member)
        self.free_item = plan_actions.add_item(
            self.plan, by=secretary, data={"category": "党员教育", "title": "参观学习", "due": "2026-04-15"}
        )
        self.owned_item = plan_actions.add_item(
            self.plan, by=secretary, data={"category": "党员教育", "title": "专题党课", "due": "2026-05-15"}
        )
        plan_actions.assign_owner(self.owned_item, by=secretary, data={"person": world.people["member"].pk})
        self.binned_item = plan_actions.add_item(
            self.plan, by=secretary, data={"category": "党员教育", "title": "已删除的事项", "due": "2026-06-15"}
        )
        plan_actions.delete_item(self.binned_item, by=secretary)
        # Records: one with an attachment.
        self.record = Record.objects.create(
            org=world.branch_a, type="committee_meeting", title="3月支委会", date=datetime.date(2026, 3, 5)
        )
        from records import actions as record_actions

        self.attachment = record_actions.add_attachment(self.record, by=secretary, name="签到表.pdf", data=PDF)
        # Imports previewed by their business personas, waiting for a confirm.
        from core import importing as core_importing
        from plans import importing as plan_importing
        from points import importing as point_importing

        self.plan_import = core_importing.preview(
            PLAN_ITEMS_XLSX,
            "items.xlsx",
            validate=lambda upload: plan_importing.validate_rows(upload, plan=self.plan),
            by=secretary,
            kind=plan_importing.KIND,
            scope_key=plan_importing.scope_key(self.plan),
        )[2]
        self.point_import = core_importing.preview(
            POINT_ITEMS_XLSX,
            "items.xlsx",
            validate=point_importing.validate_rows,
            by=admin,
            kind=point_importing.KIND,
            scope_key=point_importing.scope_key(self.scheme),
        )[2]

        # 七彩心桥: a suggestion waiting to be accepted, an answered one to rate, a problem of branch A.
        from feedback import actions as feedback_actions

        def suggest(n):
            return feedback_actions.submit_feedback(
                data={"org": world.branch_a.pk, "content": "小区楼道灯坏了两周，请协调维修。"},
                client_address=f"192.0.2.{200 + n}",
            )

        self.feedback = suggest(1)
        self.answered_feedback = suggest(2)
        feedback_actions.transition_feedback(self.answered_feedback, "accept", by=secretary)
        self.answered_feedback.refresh_from_db()
        feedback_actions.transition_feedback(
            self.answered_feedback, "answer", by=secretary, data={"answer": "已协调物业维修。"}
        )
        self.problem = feedback_actions.create_problem(
            by=secretary,
            data={"org": world.branch_a.pk, "title": "物业服务纠纷反复出现", "source": "visit"},
            orgs=Organisation.objects.all(),
        )
        # Projects: a complete draft charter of branch A and a category of its committee.
        from projects.tests.factories import category, charter, make_project

        self.project_category = category(world.committee)
        from projects.models import CatalogueEntry

        self.project_entry = CatalogueEntry.objects.create(
            category=self.project_category, title="困难党员结对关怀", content="结对走访", measures="建立台账"
        )
        self.project = make_project(world)
        self.project_body = {k: v for k, v in charter(world, title="党员示范岗").items() if k != "criteria"}
        self.project_body["entry"] = self.project_entry.pk
        self.project_body["assessment_mechanism"] = [
            {"name": "完成进度", "weight": 60},
            {"name": "满意度", "weight": 40},
        ]
        # ---- budget: a running project of branch A with a funding line and an expense; a record linked
        from projects import actions as project_actions
        from projects import actions_budget

        self.running_project = make_project(world, title="党员先锋岗经费项目")
        for step, by in (("submit", secretary), ("approve", u["committee_admin"]), ("start", secretary)):
            self.running_project = project_actions.transition(self.running_project, step, by=by)
        self.funding = actions_budget.add_funding(
            self.running_project, by=secretary, data={"source": "own", "amount": "3000"}
        )
        self.expense = actions_budget.add_expense(
            self.running_project,
            by=secretary,
            data={"date": "2026-03-05", "item": "印制宣传册", "source": "own", "amount": "500"},
        )
        actions_budget.link_record(self.project, self.record, by=secretary)
        # ---- projects exec: an in-progress project of branch A with two tasks and a progress report
        from projects import actions as project_actions
        from projects import actions_exec

        self.exec_project = make_project(world, title="党员先锋岗")
        self.task = actions_exec.create_task(
            self.exec_project, by=secretary, data={"title": "入户走访", "start": "2026-03-02", "end": "2026-03-10"}
        )
        self.task2 = actions_exec.create_task(
            self.exec_project,
            by=secretary,
            data={"title": "建立台账", "start": "2026-03-11", "end": "2026-03-20", f"pred_{self.task.pk}": True},
        )
        for step, by in (("submit", secretary), ("approve", u["committee_admin"]), ("start", secretary)):
            project_actions.transition(self.exec_project, step, by=by, comment="")
            self.exec_project.refresh_from_db()
        self.progress_report = actions_exec.save_report(
            self.exec_project, by=secretary, data={"month": "2026-03", "summary": "完成入户走访32户。"}
        )
        from projects import importing as project_importing

        self.task_import = core_importing.preview(
            TASKS_XLSX,
            "tasks.xlsx",
            validate=lambda upload: project_importing.validate_rows(upload, project=self.exec_project),
            by=secretary,
            kind=project_importing.KIND,
            scope_key=project_importing.scope_key(self.exec_project),
        )[2]
        self._superv(world)
        self._public(world)
        self._awards(world)
        self._schemes(world)
        self._results(world)
        self._appraisal(world)
        self._rounds(world)
        self._annual(world)
        self._mass(world)
        self._courses(world)
        self._learning_extras(world)
        self._exams(world)
        self._notices(world)
        _warnings_objects(self, world)  # ---- warnings (dashboard)
        # ---- teams
        self.team = _team(self)
        # ---- abbreviations: the committee's 缩略语词典
        self.synonym = _synonym(self)
        self._news(world)

    def _news(self, world):
        """news: 党建动态 of branch A — a draft with a photo, one waiting for review, one published."""
        from notices import actions_news
        from notices.demo_news import make_png

        sec, admin = world.users["branch_secretary"], world.users["committee_admin"]

        def write(title):
            photo = SimpleUploadedFile("照片.png", make_png(16, 12), "image/png")
            data = {"org": world.branch_a.pk, "title": title, "date": "2026-03-01", "body": "正文"}
            return actions_news.create_news(by=sec, data=data, photos=[photo])

        self.news_draft = write("草稿动态")
        self.news_photo = self.news_draft.photos.get()
        self.news_submitted = actions_news.run(write("待审核动态"), "submit", by=sec)
        self.news_published = actions_news.run(
            actions_news.run(write("已发布动态"), "submit", by=sec), "approve", by=admin
        )
        self._reminders(world)

    def _reminders(self, world):
        """reminders: an unread in-app message of the member."""
        from notices import reminders

        for delivery in reminders.notify(world.people["member"], key="srw.1", title="请签收通知"):
            reminders.deliver(delivery.pk)  # whichever task backend this module-wide world was made under
        self.message = __import__("notices.models").models.Message.objects.get(key="srw.1")

    def _schemes(self, world):
        """schemes: the committee's 考核方案 with a 网站汇总 item and a plain one, and a previewed item import."""
        from assessments import actions_schemes
        from assessments import importing_schemes as assessment_importing
        from core import importing as core_importing

        admin = world.users["committee_admin"]
        self.assessment_scheme = actions_schemes.create_scheme(
            by=admin,
            data={"org": world.committee.pk, "year": 2026, "name": "“六考一评”考核方案",
                  "stars": [{"stars": 5, "min": 90}, {"stars": 1, "min": 0}]},
        )  # fmt: skip
        self.assessment_item = actions_schemes.add_item(
            self.assessment_scheme,
            by=admin,
            data={"category": "党建", "name": "三会一课", "max_points": "10", "method": "platform",
                  "source": "plans.compliance"},
        )  # fmt: skip
        self.assessment_plain_item = actions_schemes.add_item(
            self.assessment_scheme,
            by=admin,
            data={"category": "宣传", "name": "新闻宣传", "max_points": "5", "method": "documents"},
        )
        self.assessment_import = core_importing.preview(
            ASSESSMENT_ITEMS_XLSX,
            "items.xlsx",
            validate=lambda upload: assessment_importing.validate_rows(upload, scheme=self.assessment_scheme),
            by=admin,
            kind=assessment_importing.KIND,
            scope_key=assessment_importing.scope_key(self.assessment_scheme),
        )[2]

    def _appraisal(self, world):
        """appraisal: 民主评议 in branch A this year (个人自评) and last year (党员互评); in branch B this year (支部评定)
        and last year (closed, a 不合格 member's 限期改正 open) — the committee's admin runs B's; the member's
        公开承诺 of this year."""
        from assessments import actions_appraisal
        from core.dates import today

        u = world.users
        year = today().year
        deadline = (today() + datetime.timedelta(days=30)).isoformat()
        make_person(world.branch_b, "周红", gender="female", seq=24)

        def opened(org, y, by, *steps):
            a = actions_appraisal.open_appraisal(by=by, data={"org": org.pk, "year": y})
            for step in steps:
                a = actions_appraisal.transition(a, step, by=by)
            return a

        decide = ("start_mutual", "start_appraisal", "start_decision")
        secretary, admin = u["branch_secretary"], u["committee_admin"]
        self.appraisal = opened(world.branch_a, year, secretary)
        self.mutual_appraisal = opened(world.branch_a, year - 1, secretary, "start_mutual")
        self.deciding_appraisal = opened(world.branch_b, year, admin, *decide)
        self.decided_person = self.deciding_appraisal.participants.first().person_id
        closed = opened(world.branch_b, year - 1, admin, *decide)
        grades = [{"person": p.person_id, "grade": "qualified"} for p in closed.participants.all()]
        grades[0].update(grade="unqualified", reason="全年多次无故不参加组织生活。", rectify_by=deadline)
        actions_appraisal.save_grades(closed, by=admin, entries=grades)
        actions_appraisal.transition(closed, "close", by=admin)
        self.followup = closed.participants.get(person_id=grades[0]["person"]).followup
        member = world.people["member"].pk
        self.other_participant = next(
            p.person_id for p in self.mutual_appraisal.participants.all() if p.person_id != member
        )
        self.pledge = actions_appraisal.save_pledge(
            by=u["branch_member"], data={"year": year, "content": "每季度参加一次志愿服务。"}
        )

    def _superv(self, world):
        """superv: an in-progress project of branch A with an inspection (an open rectification), a drawn random
        sample (a pending inspection), a supervision group, and two pool mentors (one mentoring, with a comment)."""
        from projects import actions_superv
        from projects.tests.factories import _person
        from projects.tests.superv_factories import days, inspect, running

        u, admin = world.users, world.users["committee_admin"]
        self.running = running(world, title="党员先锋岗督查")
        self.inspection = inspect(world, self.running, by=admin, findings=[("台账不全", days(10))])
        self.finding = self.inspection.findings.get()
        self.sample = actions_superv.draw_sample(by=admin, data={"committee": world.committee.pk, "size": 1})
        self.pending_inspection = self.sample.inspections.get()
        self.group = actions_superv.create_group(
            world.committee,
            by=admin,
            data={
                "name": "第一片区",
                "kind": "area",
                "leader": world.people["staff"].pk,
                "projects": [self.running.pk],
            },
        )
        profiles = []
        for name in ("周导师", "吴导师"):
            user = make_user(f"mentor_{len(profiles)}", person=_person(world.committee, name))
            profiles.append(
                actions_superv.add_mentor(world.committee, by=admin, data={"person": user.person_id, "kind": "expert"})
            )
            u[user.username] = user
        self.mentor_profile, self.free_profile = profiles
        actions_superv.assign_mentor(self.running, by=admin, data={"profile": self.mentor_profile.pk})
        self.mentor_comment = actions_superv.add_comment(
            self.running, by=u["mentor_0"], data={"kind": "charter", "text": "目标再量化。"}
        )
        self.mentor_candidate = make_user("mentor_new", person=_person(world.committee, "郑导师"))

    def _public(self, world):
        """public: a running project with its public page, one on the acceptance panel of the committee's staff, an
        accepted eligible one with a nomination, and a person of the sibling branch to put on a panel."""
        from projects import actions_public
        from projects.tests.factories_public import enter, project_in

        u, admin = world.users, world.users["committee_admin"]
        self.public_project = project_in(world, "in_progress", title="党员示范岗公开")
        self.public_token = actions_public.save_disclosure(
            self.public_project, by=u["branch_secretary"], data={"progress": "已完成60%", "effect": ""}
        ).token
        self.panel_project = project_in(world, "in_progress", title="支部档案数字化")
        actions_public.save_closing_report(
            self.panel_project,
            by=u["branch_secretary"],
            data={"results": "档案全部数字化，一档一码。", "goal_met": "met"},
            request_closing=True,
        )
        self.panel_project = type(self.panel_project).objects.get(pk=self.panel_project.pk)
        self.scorer = actions_public.add_scorer(self.panel_project, by=admin, data={"person": world.people["staff"].pk})
        self.panel_criteria = list(self.panel_project.criteria.values_list("pk", flat=True))
        self.expert = make_person(world.branch_b, "孙静", gender="female", seq=23)
        make_user("expert", person=self.expert)
        self.accepted_project = project_in(world, "in_progress", title="统计数据质量攻坚")
        enter(world, self.accepted_project, satisfied=9, basically_satisfied=1)
        from projects.tests.factories_public import advance

        self.accepted_project = advance(world, self.accepted_project, "accepted")
        self.award = actions_public.nominate(
            self.accepted_project, by=admin, data={"kind": "top10", "citation": "破解数据质量难题，形成可复制经验。"}
        )
        self.case = actions_public.nominate(
            self.accepted_project, by=admin, data={"kind": "fine", "citation": "数据质量攻坚经验，可在全系统推广。"}
        )
        actions_public.transition_award(self.case, "approve", by=admin, data={"comment": "同意"})

    def _awards(self, world):
        """awards: the committee's common award types, a draft nomination of branch A's member, approved ones of
        branch A in a frozen, an open (with an objection) and a past-deadline publicity, and one not yet in any."""
        from assessments import actions_awards
        from assessments.models_awards import AwardPublicity

        u, admin, secretary = world.users, world.users["committee_admin"], world.users["branch_secretary"]
        types = {t.name: t for t in actions_awards.add_common_types(world.committee, by=admin)}
        self.award_type, self.org_award_type = types["四优共产党员"], types["四强党支部"]
        self.nomination = actions_awards.create_nomination(
            by=secretary,
            data={
                "award_type": self.award_type.pk,
                "year": 2026,
                "person": world.people["member"].pk,
                "reason": "带头攻坚",
            },
        )

        def approved(year):
            n = actions_awards.create_nomination(
                by=secretary,
                data={
                    "award_type": self.org_award_type.pk,
                    "year": year,
                    "org": world.branch_a.pk,
                    "reason": "支部四强",
                },
            )
            n = actions_awards.transition_nomination(n, "submit", by=secretary)
            for reviewer in (u["reviewer1"], u["reviewer2"], u["reviewer3"]):
                n = actions_awards.transition_nomination(n, "approve", by=reviewer)
            return n

        for year in (2023, 2024, 2025, 2026):
            approved(year)
        freeze = lambda year: actions_awards.freeze_publicity(  # noqa: E731
            world.committee, by=admin, data={"year": year, "objection_days": 5}
        )
        self.award_draft_pub = freeze(2026)
        self.award_open_pub = actions_awards.publish_publicity(freeze(2025), by=admin)
        self.award_objection = actions_awards.raise_objection(
            self.award_open_pub, by=u["branch_member"], data={"content": "事迹需核实"}
        )
        self.award_closed_pub = actions_awards.publish_publicity(freeze(2024), by=admin)
        AwardPublicity.objects.filter(pk=self.award_closed_pub.pk).update(
            objection_deadline=local_today() - datetime.timedelta(days=1)
        )

    def _results(self, world):
        """results: a scored round of the committee in review (compute, publicize), one in publicity with an
        objection of branch A's admin (raise, answer), and one whose period is over (announce)."""
        from assessments import actions_results, demo_results
        from assessments.tests import results_world

        admin = world.users["committee_admin"]
        scheme, items = results_world.make_scheme(world, name="2026年六考一评")
        assessors = [make_user(f"results_kaohe{n}", roles=[("assessor", world.committee)]) for n in (1, 2)]
        targets = [world.branch_a, world.branch_b]
        made = {}
        for period, title in (("2026Q1", "第一季度"), ("2026Q2", "第二季度"), ("2026Q3", "第三季度")):
            r = results_world.make_round(scheme, targets, assessors, period=period, title=f"2026年{title}考核")
            for org in targets:
                results_world.grid(r, org, items, assessors, {"A": (40, 38), "B": (30, 30), "C": (25, 27)})
            made[period] = r
        self.results_review = made["2026Q3"]
        self.results_closing = made["2026Q1"]
        with demo_results._on(datetime.date(2026, 4, 13)):
            actions_results.publicize(self.results_closing, by=admin, data={"objection_days": 3})
        self.results_publicity = actions_results.publicize(made["2026Q2"], by=admin, data={"objection_days": 5})
        self.result_objection = actions_results.raise_objection(
            self.results_publicity, by=world.users["branch_secretary"], data={"content": "宣传报道扣分请复核。"}
        )

    def _rounds(self, world):
        """rounds: a complete scheme of the committee, an assessor (考核组成员) on its panel, a round in draft, one
        in its self-check stage with branch A's self-check and an attachment, and one being scored."""
        from assessments import actions_rounds
        from assessments.tests.factories_rounds import make_assessor, make_round, make_scheme

        u, secretary = world.users, world.users["branch_secretary"]
        self.round_scheme = make_scheme(world, name="2026年党建工作季度考核方案")
        self.round_item = self.round_scheme.items.order_by("position").first()
        self.kaohe = make_assessor(world, "kaohe", "何考核", seq=41)
        self.draft_round = make_round(world, self.round_scheme, period="2026Q1", assessors=[self.kaohe])
        self.selfcheck_round = make_round(world, self.round_scheme, state="selfcheck", period="2026Q2")
        actions_rounds.save_selfcheck(
            self.selfcheck_round,
            world.branch_a,
            by=secretary,
            data=None,
            sections={"practices": "每月主题党日。"},
            submit=True,
        )
        self.selfcheck_attachment = actions_rounds.add_selfcheck_attachment(
            self.selfcheck_round, world.branch_a, by=secretary, name="自查佐证.pdf", data=PDF
        )
        self.scoring_round = make_round(
            world, self.round_scheme, state="scoring", period="2026Q3", assessors=[self.kaohe]
        )
        actions_rounds.save_score(
            self.scoring_round,
            by=self.kaohe,
            data={"org": world.branch_a.pk, "item": self.round_item.pk, "points": "38", "reason": "台账不全"},
        )
        u["kaohe"] = self.kaohe

    def _annual(self, world):
        """annual: 年终总评 of the committee in publicity with an objection of branch A's admin (2026), with its
        period over (2025), computed (2024) and in draft (2023); 2022 has a published round and no evaluation."""
        from assessments.tests import annual_world

        made = annual_world.registry_objects(world, world.users["committee_admin"], world.users["branch_secretary"])
        self.annual_rounds = made["rounds"]
        self.annual_scheme = made["scheme"]
        self.annual_draft, self.annual_computed = made["draft"], made["computed"]
        self.annual_publicity, self.annual_objection = made["publicity"], made["objection"]
        self.annual_closing = made["closing"]

    def _mass(self, world):
        """mass: a draft 群众满意度测评 of the committee over its two branches (edit, subjects, open, codes), and an
        open one with a fresh one-time code for the public ballot."""
        from assessments import actions_mass

        admin = world.users["committee_admin"]
        data = {"org": world.committee.pk, "kind": "satisfaction", "opens": "2026-01-01", "closes": "2026-12-31"}
        self.mass_survey = actions_mass.create_survey(by=admin, data={**data, "title": "第四季度群众满意度测评"})
        actions_mass.add_subjects(
            self.mass_survey, by=admin, data={"source": "orgs", "orgs": [world.branch_a.pk, world.branch_b.pk]}
        )
        self.mass_subject = self.mass_survey.subjects.first()
        live = actions_mass.create_survey(by=admin, data={**data, "title": "明星党员群众评议", "kind": "star_member"})
        actions_mass.add_subjects(live, by=admin, data={"source": "people", "people": [world.people["member"].pk]})
        live = actions_mass.transition(live, "open", by=admin)
        self.mass_code = actions_mass.issue_codes(live, by=admin, data={"count": 1})[0].code
        self.mass_live_subject = live.subjects.first().pk

    def _courses(self, world):
        """courses: a published course of the committee (an article and a video lesson) the member has started,
        and a draft with a PDF lesson waiting for its file."""
        from learning import actions_courses
        from learning.models_courses import Lesson
        from learning.tests.factories_courses import make_course, published_course

        admin = world.users["committee_admin"]
        self.course, self.course_article, self.course_video = published_course(admin, world.committee)
        self.course_article = Lesson.objects.get(pk=self.course_article.pk)
        actions_courses.report_progress(self.course_article, by=world.users["branch_member"], data={})
        self.course_draft = make_course(admin, world.committee, title="草稿课程", required=False)
        self.course_pdf = actions_courses.add_lesson(
            self.course_draft,
            by=admin,
            data={"title": "讲义", "kind": "pdf", "hours": "1"},
            require_file=False,
        )

    def _notices(self, world):
        """notices: the committee's published notice (with a receipt form) and a draft."""
        from notices.tests.factories_notices import make_notice

        admin = world.users["committee_admin"]
        self.notice = make_notice(admin, world.committee, receipt_fields=["是否参会"])
        self.notice_draft = make_notice(admin, world.committee, title="通知草稿", draft=True)

    def _learning_extras(self, world):
        """learning extras: 补录 (one waiting, two approved last month: the member is last month's 学习之星, the
        newcomer is not yet), an open needs survey, an open 资料征订 with branch A's order, a waiting 学历."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from core.dates import today
        from learning import actions_extras as extras

        admin, secretary = world.users["committee_admin"], world.users["branch_secretary"]
        last = today().replace(day=1) - datetime.timedelta(days=1)
        self.learning_last_month = last

        def enter(person, title):
            return extras.enter_offline(
                by=secretary,
                data={
                    "person": person.pk,
                    "title": title,
                    "start": last.isoformat(),
                    "end": last.isoformat(),
                    "hours": "4",
                },
                certificate=SimpleUploadedFile("证书.pdf", PDF),
            )

        self.offline_training = enter(world.people["member"], "党校培训")
        for person in (world.people["member"], self.newcomer):
            extras.decide_offline(enter(person, "专题培训班"), "approve", by=admin)
        self.study_star = extras.name_stars(
            by=admin,
            data={
                "org": world.committee.pk,
                "period_kind": "month",
                "year": last.year,
                "period": last.month,
                "people": [world.people["member"].pk],
            },
        )[0]
        closes = (today() + datetime.timedelta(days=30)).isoformat()
        self.needs_survey = extras.create_survey(
            by=admin,
            data={
                "org": world.committee.pk,
                "title": "学习需求调查",
                "topics": "党章\n党史",
                "formats": "讲座\n微课",
                "closes": closes,
            },
        )
        self.material_offer = extras.create_offer(
            by=admin, data={"org": world.committee.pk, "year": 2027, "title": "资料征订", "deadline": closes}
        )
        self.material_item = extras.add_item(
            self.material_offer, by=admin, data={"name": "党章", "kind": "book", "price": "6", "unit": "册"}
        )
        extras.save_orders(
            self.material_offer, by=secretary, org=world.branch_a, quantities={str(self.material_item.pk): 3}
        )
        self.education_record = extras.enter_education(
            by=world.users["branch_member"],
            data={
                "person": world.people["member"].pk,
                "level": "bachelor",
                "school": "山东大学",
                "graduated_on": "2010-06-30",
            },
            certificate=SimpleUploadedFile("毕业证书.pdf", PDF),
        )

    def _exams(self, world):
        """exams: a bank of the committee, a draft exam and an open one (two single choices and a short answer)
        with branch A's member answering, the secretary's attempt waiting for marking, a mistake of the member's,
        and a previewed question import."""
        from core import importing as core_importing
        from learning import actions_exams, imports_exams
        from learning.models import Mistake
        from learning.tests.test_exams_api import exam_body, make_bank
        from learning.tests.xlsx_exams import GOOD, xlsx

        admin = world.users["committee_admin"]
        self.exam_bank = make_bank(world.committee)
        self.exam_question = self.exam_bank[0]
        blueprint = '[{"type": "single", "count": 2, "points": "2"}, {"type": "short", "count": 1, "points": "6"}]'
        body = {**exam_body(world.committee), "blueprint": blueprint, "pass_mark": "5"}
        self.exam_draft = actions_exams.create_exam(by=admin, data={**body, "title": "草稿考试"})
        self.exam = actions_exams.create_exam(by=admin, data=body, publish=True)
        self.exam_attempt, _ = actions_exams.start_attempt(self.exam, by=world.users["branch_member"])
        secretary = world.users["branch_secretary"]
        marking, _ = actions_exams.start_attempt(self.exam, by=secretary)
        self.exam_marking = actions_exams.submit(marking, by=secretary)
        self.exam_short = marking.items.get(question__type="short").question_id
        self.exam_mistake = Mistake.objects.create(
            person=world.people["member"], question=self.exam_question, exam=self.exam, last_wrong_at=self.exam.opens
        )
        self.question_import = core_importing.preview(
            xlsx(GOOD[:2]),
            "试题.xlsx",
            validate=lambda upload: imports_exams.validate_rows(upload, org=world.committee, by=admin),
            by=admin,
            kind=imports_exams.KIND,
            scope_key=imports_exams.scope_key(world.committee),
        )[2]

    def _declare(self, by, occurred_on):
        decl = points_actions.create_declaration(
            by=by,
            data={
                "item": self.org_item.pk,
                "subject_org": self.w.branch_a.pk,
                "quantity": "1",
                "occurred_on": occurred_on,
            },
        )
        return points_actions.submit_declaration(decl, by=by)


def _person_body(o, **extra):
    return {"name": "孙丽", "gender": "female", "org": o.w.branch_a.pk, "category": "full", **extra}


PLAN_ITEMS_XLSX = _xlsx(["分类", "工作事项", "截止日期"], ["党员教育", "观看专题片", "2026-05-20"])
TASKS_XLSX = _xlsx(
    ["任务名称", "开始日期", "结束日期", "前置任务"], ["征求意见", "2026-03-11", "2026-03-18", "入户走访"]
)  # projects exec: a task import
PROJECT_PHOTO = __import__("projects.demo_exec").demo_exec.png(24, 16)  # projects exec: a progress report's photo
POINT_ITEMS_XLSX = _xlsx(["维度", "项目名称", "分值", "积分对象"], ["基础工作", "报送信息", 1, "党组织"])
# schemes: an assessment item import
ASSESSMENT_ITEMS_XLSX = _xlsx(["类别", "考核内容", "分值", "考核方式"], ["工会", "职工之家建设", 2, "实地查看"])

WRITES = {
    # ---- accounts (system roles' own: SYSTEM_OWN)
    ("post", "/api/v1/accounts/users"): Op(lambda o: {}, lambda o: {"username": "newuser", "password": "Zk7#mq2Lp9x!"}),
    ("patch", "/api/v1/accounts/users/{user_id}"): Op(
        lambda o: {"user_id": o.plain_user.pk}, lambda o: {"is_active": False}
    ),
    ("post", "/api/v1/accounts/users/{user_id}/roles"): Op(
        lambda o: {"user_id": o.plain_user.pk}, lambda o: {"role": "member", "org": o.w.branch_a.pk}
    ),
    ("delete", "/api/v1/accounts/users/{user_id}/roles/{role_id}"): Op(
        lambda o: {"user_id": o.plain_user.pk, "role_id": o.plain_grant.pk}
    ),
    ("post", "/api/v1/accounts/member-grants"): Op(lambda o: {}, lambda o: {"org": o.w.branch_a.pk}),
    ("post", "/api/v1/accounts/users/{user_id}/requests"): Op(
        lambda o: {"user_id": o.users["auditor"].pk},
        lambda o: {"action": "reset_password", "reason": "本人忘记密码", "password": "Kx8#Lantern-Moss"},
    ),
    ("post", "/api/v1/accounts/requests/{request_id}/confirm"): Op(lambda o: {"request_id": o.account_request.pk}),
    ("post", "/api/v1/accounts/requests/{request_id}/reject"): Op(lambda o: {"request_id": o.account_request.pk}),
    # ---- organisation structure and people (the sysadmin's; an org admin's within her subtree)
    ("post", "/api/v1/orgs"): Op(
        lambda o: {},
        lambda o: {"name": "新设党支部", "kind": "branch", "parent": o.w.committee.pk, "unit": "某局"},
        "committee_admin",
    ),
    ("patch", "/api/v1/orgs/{org_id}"): Op(
        lambda o: {"org_id": o.w.branch_a.pk}, lambda o: {"unit": "测试区统计局（改）"}, "branch_secretary"
    ),
    ("post", "/api/v1/people"): Op(lambda o: {}, _person_body, "branch_secretary"),
    ("patch", "/api/v1/people/{person_id}"): Op(
        lambda o: {"person_id": o.newcomer.pk}, lambda o: {"phone": "13912345678"}, "branch_secretary"
    ),
    ("post", "/api/v1/people/{person_id}/transfers"): Op(
        lambda o: {"person_id": o.newcomer.pk},
        lambda o: {"to_org": o.w.branch_b.pk, "transferred_on": "2026-03-01", "reason": "工作调动"},
        "committee_admin",
    ),
    ("post", "/api/v1/orgs/{org_id}/positions"): Op(
        lambda o: {"org_id": o.w.branch_a.pk},
        lambda o: {"person": o.newcomer.pk, "title": "组织委员"},
        "branch_secretary",
    ),
    # ---- records
    ("post", "/api/v1/records"): Op(
        lambda o: {},
        lambda o: {"org": o.w.branch_a.pk, "type": "party_lesson", "title": "4月党课", "date": "2026-04-10"},
        "branch_secretary",
    ),
    ("patch", "/api/v1/records/{record_id}"): Op(
        lambda o: {"record_id": o.record.pk}, lambda o: {"place": "三楼会议室"}, "branch_secretary"
    ),
    ("delete", "/api/v1/records/{record_id}"): Op(lambda o: {"record_id": o.record.pk}, None, "branch_secretary"),
    ("post", "/api/v1/records/{record_id}/attachments"): Op(
        lambda o: {"record_id": o.record.pk}, lambda o: {"file": ("纪要.pdf", PDF)}, "branch_secretary", True
    ),
    ("delete", "/api/v1/records/{record_id}/attachments/{attachment_id}"): Op(
        lambda o: {"record_id": o.record.pk, "attachment_id": o.attachment.pk}, None, "branch_secretary"
    ),
    # ---- plans
    ("post", "/api/v1/plans"): Op(
        lambda o: {}, lambda o: {"org": o.w.branch_a.pk, "year": 2027, "title": "2027年度清单"}, "branch_secretary"
    ),
    ("post", "/api/v1/plans/{plan_id}/publish"): Op(lambda o: {"plan_id": o.plan.pk}, None, "branch_secretary"),
    ("post", "/api/v1/plans/{plan_id}/clone"): Op(
        lambda o: {"plan_id": o.plan.pk}, lambda o: {"org": o.w.branch_a.pk, "year": 2027}, "branch_secretary"
    ),
    ("post", "/api/v1/plans/{plan_id}/items"): Op(
        lambda o: {"plan_id": o.plan.pk},
        lambda o: {"category": "党员教育", "title": "专题学习", "when": {"due": "2026-06-10"}},
        "branch_secretary",
    ),
    ("patch", "/api/v1/plan-items/{item_id}"): Op(
        lambda o: {"item_id": o.plan_item.pk}, lambda o: {"place": "党员活动室"}, "branch_secretary"
    ),
    ("delete", "/api/v1/plan-items/{item_id}"): Op(lambda o: {"item_id": o.free_item.pk}, None, "branch_secretary"),
    ("post", "/api/v1/plan-items/{item_id}/claims"): Op(
        lambda o: {"item_id": o.free_item.pk}, lambda o: {"note": "我来负责"}, "branch_member"
    ),
    ("post", "/api/v1/plan-items/{item_id}/owners"): Op(
        lambda o: {"item_id": o.free_item.pk}, lambda o: {"person": o.w.people["member"].pk}, "branch_secretary"
    ),
    ("delete", "/api/v1/plan-items/{item_id}/owners/{person_id}"): Op(
        lambda o: {"item_id": o.owned_item.pk, "person_id": o.w.people["member"].pk}, None, "branch_secretary"
    ),
    ("post", "/api/v1/claims/{claim_id}/confirm"): Op(lambda o: {"claim_id": o.claim.pk}, None, "branch_secretary"),
    ("post", "/api/v1/claims/{claim_id}/reject"): Op(
        lambda o: {"claim_id": o.claim.pk}, lambda o: {"reason": "已有安排"}, "branch_secretary"
    ),
    ("post", "/api/v1/occurrences/{occurrence_id}/complete"): Op(
        lambda o: {"occurrence_id": o.occurrence.pk},
        lambda o: {"note": "已召开", "completed_on": "2026-03-14"},
        "branch_secretary",
    ),
    ("post", "/api/v1/obligation-rules"): Op(
        lambda o: {},
        lambda o: {
            "org": o.w.branch_a.pk,
            "org_kind": "branch",
            "obligation": "party_lesson",
            "frequency": "monthly",
            "source": "支部决定",
        },
        "branch_secretary",
    ),
    ("post", "/api/v1/plans/{plan_id}/import"): Op(
        lambda o: {"plan_id": o.plan.pk}, lambda o: {"file": ("items.xlsx", PLAN_ITEMS_XLSX)}, "branch_secretary", True
    ),
    ("post", "/api/v1/plans/{plan_id}/import/{import_id}/confirm"): Op(
        lambda o: {"plan_id": o.plan.pk, "import_id": o.plan_import.token}, None, "branch_secretary"
    ),
    # ---- points
    # ---- projects
    ("post", "/api/v1/projects"): Op(lambda o: {}, lambda o: o.project_body, "branch_secretary"),
    ("patch", "/api/v1/projects/{project_id}"): Op(
        lambda o: {"project_id": o.project.pk}, lambda o: {"slogan": "一个党员一面旗"}, "branch_secretary"
    ),
    ("post", "/api/v1/projects/{project_id}/transition"): Op(
        lambda o: {"project_id": o.project.pk}, lambda o: {"action": "submit"}, "branch_secretary"
    ),
    # ---- projects: budget, records and citations
    ("post", "/api/v1/projects/{project_id}/expenses"): Op(
        lambda o: {"project_id": o.running_project.pk},
        lambda o: {"date": "2026-03-10", "item": "购买服务用品", "source": "own", "amount": "120.50"},
        "branch_secretary",
    ),
    ("delete", "/api/v1/projects/{project_id}/expenses/{expense_id}"): Op(
        lambda o: {"project_id": o.running_project.pk, "expense_id": o.expense.pk}, None, "branch_secretary"
    ),
    ("post", "/api/v1/projects/{project_id}/expenses/{expense_id}/receipts"): Op(
        lambda o: {"project_id": o.running_project.pk, "expense_id": o.expense.pk},
        lambda o: {"file": ("发票.pdf", PDF)},
        "branch_secretary",
        True,
    ),
    ("post", "/api/v1/projects/{project_id}/fundings"): Op(
        lambda o: {"project_id": o.running_project.pk},
        lambda o: {"source": "own", "amount": "1000", "note": "支部党费补助"},
        "branch_secretary",
    ),
    ("delete", "/api/v1/projects/{project_id}/fundings/{funding_id}"): Op(
        lambda o: {"project_id": o.running_project.pk, "funding_id": o.funding.pk}, None, "branch_secretary"
    ),
    ("post", "/api/v1/projects/{project_id}/records"): Op(
        lambda o: {"project_id": o.running_project.pk}, lambda o: {"record": o.record.pk}, "branch_secretary"
    ),
    ("delete", "/api/v1/projects/{project_id}/records/{record_id}"): Op(
        lambda o: {"project_id": o.project.pk, "record_id": o.record.pk}, None, "branch_secretary"
    ),
    ("post", "/api/v1/projects/{project_id}/citations"): Op(
        lambda o: {"project_id": o.running_project.pk}, lambda o: {"declaration": o.draft.pk}, "branch_secretary"
    ),
    ("post", "/api/v1/project-catalogue"): Op(
        lambda o: {},
        lambda o: {"category": o.project_category.pk, "title": "结对关怀", "content": "结对走访", "measures": "建台账"},
        "committee_admin",
    ),
    ("put", "/api/v1/orgs/{org_id}/project-settings"): Op(
        lambda o: {"org_id": o.w.committee.pk},
        lambda o: {"approval_tiers": ["key"], "approval_levels": 1},
        "committee_admin",
    ),
    # ---- projects exec
    ("post", "/api/v1/projects/{project_id}/tasks"): Op(
        lambda o: {"project_id": o.exec_project.pk},
        lambda o: {"title": "宣传发动", "start": "2026-03-11", "end": "2026-03-15", "depends_on": [o.task.pk]},
        "branch_secretary",
    ),
    ("patch", "/api/v1/tasks/{task_id}"): Op(
        lambda o: {"task_id": o.task.pk}, lambda o: {"title": "入户走访摸底"}, "branch_secretary"
    ),
    ("delete", "/api/v1/tasks/{task_id}"): Op(lambda o: {"task_id": o.task2.pk}, None, "branch_secretary"),
    ("post", "/api/v1/projects/{project_id}/reports"): Op(
        lambda o: {"project_id": o.exec_project.pk},
        lambda o: {"month": "2026-04", "summary": "党员认岗32个。"},
        "branch_secretary",
    ),
    ("patch", "/api/v1/progress-reports/{progress_report_id}"): Op(
        lambda o: {"progress_report_id": o.progress_report.pk},
        lambda o: {"summary": "完成入户走访40户。"},
        "branch_secretary",
    ),
    ("post", "/api/v1/projects/{project_id}/tasks/import"): Op(
        lambda o: {"project_id": o.exec_project.pk},
        lambda o: {"file": ("tasks.xlsx", TASKS_XLSX)},
        "branch_secretary",
        True,
    ),
    ("post", "/api/v1/projects/{project_id}/tasks/import/{import_id}/confirm"): Op(
        lambda o: {"project_id": o.exec_project.pk, "import_id": o.task_import.token}, None, "branch_secretary"
    ),
    ("post", "/api/v1/progress-reports/{progress_report_id}/photos"): Op(
        lambda o: {"progress_report_id": o.progress_report.pk},
        lambda o: {"file": ("现场.png", PROJECT_PHOTO)},
        "branch_secretary",
        True,
    ),
    # ---- projects: supervision (台账式督查) and mentors (导师帮带)
    ("post", "/api/v1/projects/{project_id}/inspections"): Op(
        lambda o: {"project_id": o.running.pk},
        lambda o: {"kind": "phone", "date": "2026-03-02", "summary": "电话调度：进度正常。"},
        "committee_admin",
    ),
    ("patch", "/api/v1/inspections/{inspection_id}"): Op(
        lambda o: {"inspection_id": o.pending_inspection.pk},
        lambda o: {"date": "2026-03-03", "summary": "随机抽查：现场察看。"},
        "committee_admin",
    ),
    ("post", "/api/v1/findings/{finding_id}/transition"): Op(
        lambda o: {"finding_id": o.finding.pk},
        lambda o: {"action": "report", "report": "已补齐台账。"},
        "branch_secretary",
    ),
    ("post", "/api/v1/inspection-samples"): Op(
        lambda o: {}, lambda o: {"committee": o.w.committee.pk, "size": 1}, "committee_admin"
    ),
    ("post", "/api/v1/supervision-groups"): Op(
        lambda o: {},
        lambda o: {
            "committee": o.w.committee.pk,
            "name": "机关联系点",
            "kind": "liaison",
            "leader": o.w.people["staff"].pk,
            "projects": [o.running.pk],
        },
        "committee_admin",
    ),
    ("patch", "/api/v1/supervision-groups/{group_id}"): Op(
        lambda o: {"group_id": o.group.pk}, lambda o: {"kind": "liaison"}, "committee_admin"
    ),
    ("post", "/api/v1/mentor-profiles"): Op(
        lambda o: {},
        lambda o: {"committee": o.w.committee.pk, "person": o.mentor_candidate.person_id, "kind": "leader"},
        "committee_admin",
    ),
    ("delete", "/api/v1/mentor-profiles/{profile_id}"): Op(
        lambda o: {"profile_id": o.free_profile.pk}, None, "committee_admin"
    ),
    ("put", "/api/v1/projects/{project_id}/mentor"): Op(
        lambda o: {"project_id": o.running.pk}, lambda o: {"profile": o.free_profile.pk}, "branch_secretary"
    ),
    ("post", "/api/v1/projects/{project_id}/comments"): Op(
        lambda o: {"project_id": o.running.pk}, lambda o: {"kind": "charter", "text": "口号再凝练。"}, "mentor_0"
    ),
    # ---- projects, public: 四公开, survey, acceptance, awards
    ("post", "/api/v1/projects/{project_id}/survey-responses"): Op(
        lambda o: {"project_id": o.public_project.pk}, lambda o: {"rating": "satisfied"}, "branch_secretary"
    ),
    ("post", "/api/v1/projects/{project_id}/paper-surveys"): Op(
        lambda o: {"project_id": o.public_project.pk},
        lambda o: {"file": ("测评表.pdf", PDF), "held_on": "2026-03-01", "satisfied": 9, "dissatisfied": 1},
        "branch_secretary",
        True,
    ),
    ("put", "/api/v1/projects/{project_id}/disclosure"): Op(
        lambda o: {"project_id": o.public_project.pk}, lambda o: {"progress": "已完成80%"}, "branch_secretary"
    ),
    ("post", "/api/v1/projects/{project_id}/disclosure/token"): Op(
        lambda o: {"project_id": o.public_project.pk}, None, "branch_secretary"
    ),
    ("post", "/api/v1/public/projects/{token}/survey-responses"): Op(
        lambda o: {"token": o.public_token}, lambda o: {"rating": "satisfied"}, "branch_member"
    ),
    ("put", "/api/v1/projects/{project_id}/closing-report"): Op(
        lambda o: {"project_id": o.public_project.pk},
        lambda o: {"results": "对照预期目标，各项任务全部完成。"},
        "branch_secretary",
    ),
    ("post", "/api/v1/projects/{project_id}/closing-report/evidence"): Op(
        lambda o: {"project_id": o.panel_project.pk}, lambda o: {"file": ("台账.pdf", PDF)}, "branch_secretary", True
    ),
    ("post", "/api/v1/projects/{project_id}/scorers"): Op(
        lambda o: {"project_id": o.panel_project.pk}, lambda o: {"person": o.expert.pk}, "committee_admin"
    ),
    ("delete", "/api/v1/projects/{project_id}/scorers/{scorer_id}"): Op(
        lambda o: {"project_id": o.panel_project.pk, "scorer_id": o.scorer.pk}, None, "committee_admin"
    ),
    ("put", "/api/v1/projects/{project_id}/scores"): Op(
        lambda o: {"project_id": o.panel_project.pk},
        lambda o: {"scores": [{"criterion": c, "score": 85} for c in o.panel_criteria]},
        "committee_admin",
    ),
    ("post", "/api/v1/project-awards"): Op(
        lambda o: {},
        lambda o: {"project": o.accepted_project.pk, "kind": "demo", "citation": "形成可复制的工作机制。"},
        "committee_admin",
    ),
    ("post", "/api/v1/project-awards/{award_id}/transition"): Op(
        lambda o: {"award_id": o.award.pk}, lambda o: {"action": "approve"}, "committee_admin"
    ),
    ("post", "/api/v1/points/schemes"): Op(
        lambda o: {}, lambda o: {"org": o.w.committee.pk, "year": 2027, "name": "2027年积分办法"}, "committee_admin"
    ),
    ("post", "/api/v1/points/schemes/{scheme_id}/clone"): Op(
        lambda o: {"scheme_id": o.scheme.pk}, None, "committee_admin"
    ),
    ("post", "/api/v1/points/schemes/{scheme_id}/items"): Op(
        lambda o: {"scheme_id": o.scheme.pk},
        lambda o: {"dimension": "基础工作", "name": "报送信息", "points": 1, "subject_type": "org"},
        "committee_admin",
    ),
    ("post", "/api/v1/points/schemes/{scheme_id}/items/import"): Op(
        lambda o: {"scheme_id": o.scheme.pk},
        lambda o: {"file": ("items.xlsx", POINT_ITEMS_XLSX)},
        "committee_admin",
        True,
    ),
    ("post", "/api/v1/points/schemes/{scheme_id}/items/import/{import_id}/confirm"): Op(
        lambda o: {"scheme_id": o.scheme.pk, "import_id": o.point_import.token}, None, "committee_admin"
    ),
    ("post", "/api/v1/points/declarations"): Op(
        lambda o: {},
        lambda o: {"item": o.member_item.pk, "subject_person": o.w.people["member"].pk, "occurred_on": "2026-03-08"},
        "branch_member",
    ),
    ("patch", "/api/v1/points/declarations/{decl_id}"): Op(
        lambda o: {"decl_id": o.draft.pk}, lambda o: {"description": "补充说明"}, "branch_secretary"
    ),
    ("post", "/api/v1/points/declarations/{decl_id}/evidence"): Op(
        lambda o: {"decl_id": o.draft.pk}, lambda o: {"file": ("佐证.pdf", PDF)}, "branch_secretary", True
    ),
    ("post", "/api/v1/points/declarations/{decl_id}/submit"): Op(
        lambda o: {"decl_id": o.draft.pk}, None, "branch_secretary"
    ),
    ("post", "/api/v1/points/declarations/{decl_id}/confirm"): Op(
        lambda o: {"decl_id": o.awaiting.pk}, lambda o: {"decision": "confirm"}, "branch_secretary"
    ),
    ("post", "/api/v1/points/declarations/{decl_id}/review"): Op(
        lambda o: {"decl_id": o.pending.pk}, lambda o: {"decision": "approve"}, "reviewer1"
    ),
    # A batch answers 200 with a per-declaration result: the control and the refusals read "approved".
    ("post", "/api/v1/points/reviews/batch"): Op(
        lambda o: {}, lambda o: {"declarations": [o.pending.pk], "decision": "approve"}, "reviewer1"
    ),
    ("post", "/api/v1/points/ledger/{entry_id}/reverse"): Op(
        lambda o: {"entry_id": o.entry.pk}, lambda o: {"reason": "重复计分"}, "committee_admin"
    ),
    ("post", "/api/v1/recycle-bin/{kind}/{object_id}/restore"): Op(
        lambda o: {"kind": "plans.planitem", "object_id": o.binned_item.pk}, None, "branch_secretary"
    ),
    ("delete", "/api/v1/points/ledger/{entry_id}"): Op(
        lambda o: {"entry_id": o.entry.pk}, None, "committee_admin", control_status=409
    ),
    ("patch", "/api/v1/points/ledger/{entry_id}"): Op(
        lambda o: {"entry_id": o.entry.pk}, None, "committee_admin", control_status=409
    ),
    ("post", "/api/v1/points/publicities"): Op(
        lambda o: {},
        lambda o: {"scheme": o.scheme.pk, "subject_type": "member", "until": "2026-12-31"},
        "committee_admin",
    ),
    ("post", "/api/v1/points/publicities/{pub_id}/publish"): Op(
        lambda o: {"pub_id": o.draft_pub.pk}, None, "committee_admin"
    ),
    ("post", "/api/v1/points/publicities/{pub_id}/objections"): Op(
        lambda o: {"pub_id": o.open_pub.pk}, lambda o: {"content": "排名有误"}, "branch_member"
    ),
    ("post", "/api/v1/points/objections/{objection_id}/answer"): Op(
        lambda o: {"objection_id": o.objection.pk}, lambda o: {"answer": "已核实，无误"}, "committee_admin"
    ),
    ("post", "/api/v1/points/publicities/{pub_id}/announce"): Op(
        lambda o: {"pub_id": o.closed_pub.pk}, None, "committee_admin"
    ),
    # ---- schemes: 考核方案 and its items
    ("post", "/api/v1/assessments/schemes"): Op(
        lambda o: {},
        lambda o: {"org": o.w.committee.pk, "year": 2027, "name": "2027年考核方案", "stars": [{"stars": 5, "min": 90}]},
        "committee_admin",
    ),
    ("patch", "/api/v1/assessments/schemes/{scheme_id}"): Op(
        lambda o: {"scheme_id": o.assessment_scheme.pk}, lambda o: {"description": "按季度考核"}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/schemes/{scheme_id}/clone"): Op(
        lambda o: {"scheme_id": o.assessment_scheme.pk}, lambda o: {"year": 2027}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/schemes/{scheme_id}/items"): Op(
        lambda o: {"scheme_id": o.assessment_scheme.pk},
        lambda o: {"category": "工会", "name": "职工之家建设", "max_points": 2, "method": "site"},
        "committee_admin",
    ),
    ("patch", "/api/v1/assessments/items/{item_id}"): Op(
        lambda o: {"item_id": o.assessment_plain_item.pk}, lambda o: {"standard": "区级以上媒体"}, "committee_admin"
    ),
    ("delete", "/api/v1/assessments/items/{item_id}"): Op(
        lambda o: {"item_id": o.assessment_plain_item.pk}, None, "committee_admin"
    ),
    ("post", "/api/v1/assessments/schemes/{scheme_id}/items/import"): Op(
        lambda o: {"scheme_id": o.assessment_scheme.pk},
        lambda o: {"file": ("items.xlsx", ASSESSMENT_ITEMS_XLSX)},
        "committee_admin",
        True,
    ),
    ("post", "/api/v1/assessments/schemes/{scheme_id}/items/import/{import_id}/confirm"): Op(
        lambda o: {"scheme_id": o.assessment_scheme.pk, "import_id": o.assessment_import.token},
        None,
        "committee_admin",
    ),
    # ---- assessments: results (compute, publicity, objections, announce)
    ("post", "/api/v1/assessments/rounds/{round_id}/results"): Op(
        lambda o: {"round_id": o.results_review.pk}, None, "committee_admin"
    ),
    ("post", "/api/v1/assessments/rounds/{round_id}/results/publicize"): Op(
        lambda o: {"round_id": o.results_review.pk}, lambda o: {"objection_days": 5}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/rounds/{round_id}/results/announce"): Op(
        lambda o: {"round_id": o.results_closing.pk}, None, "committee_admin"
    ),
    ("post", "/api/v1/assessments/rounds/{round_id}/results/withdraw"): Op(
        lambda o: {"round_id": o.results_publicity.pk}, lambda o: {"reason": "异议成立，更正评分。"}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/rounds/{round_id}/objections"): Op(
        lambda o: {"round_id": o.results_publicity.pk}, lambda o: {"content": "党建一项请复核。"}, "branch_secretary"
    ),
    ("post", "/api/v1/assessments/result-objections/{objection_id}/answer"): Op(
        lambda o: {"objection_id": o.result_objection.pk}, lambda o: {"answer": "经复核维持原结果。"}, "committee_admin"
    ),
    # ---- 七彩心桥 (feedback): the two public writes need no login (tests/test_scope_contract.py PUBLIC)
    ("post", "/api/v1/feedback"): Op(
        lambda o: {}, lambda o: {"org": o.w.branch_a.pk, "content": "建议社区增设老年助餐点。"}, "branch_member"
    ),
    ("post", "/api/v1/feedback/by-code/{code}/rating"): Op(
        lambda o: {"code": o.answered_feedback.code}, lambda o: {"rating": 5, "comment": "很及时"}, "branch_member"
    ),
    ("post", "/api/v1/feedback/{feedback_id}/transition"): Op(
        lambda o: {"feedback_id": o.feedback.pk}, lambda o: {"action": "accept"}, "branch_secretary"
    ),
    ("post", "/api/v1/feedback/{feedback_id}/problem"): Op(
        lambda o: {"feedback_id": o.feedback.pk}, None, "branch_secretary"
    ),
    ("post", "/api/v1/problems"): Op(
        lambda o: {},
        lambda o: {"org": o.w.branch_a.pk, "title": "在职党员作用发挥不明显", "source": "survey"},
        "branch_secretary",
    ),
    ("post", "/api/v1/problems/{problem_id}/claim"): Op(
        lambda o: {"problem_id": o.problem.pk}, lambda o: {"note": "对号认领"}, "branch_secretary"
    ),
    ("post", "/api/v1/problems/{problem_id}/transition"): Op(
        lambda o: {"problem_id": o.problem.pk}, lambda o: {"action": "close", "reason": "已解决"}, "branch_secretary"
    ),
    # ---- assessments awards: 表彰
    ("post", "/api/v1/assessments/award-types"): Op(
        lambda o: {},
        lambda o: {"committee": o.w.committee.pk, "name": "优秀共产党员", "subject": "person", "quota": 10},
        "committee_admin",
    ),
    ("post", "/api/v1/assessments/award-types/common"): Op(
        lambda o: {}, lambda o: {"committee": o.w.committee.pk}, "committee_admin"
    ),
    ("patch", "/api/v1/assessments/award-types/{award_type_id}"): Op(
        lambda o: {"award_type_id": o.award_type.pk}, lambda o: {"quota": 32}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/nominations"): Op(
        lambda o: {},
        lambda o: {
            "award_type": o.award_type.pk,
            "year": 2027,
            "person": o.w.people["member"].pk,
            "reason": "事迹突出",
        },
        "branch_secretary",
    ),
    ("patch", "/api/v1/assessments/nominations/{nomination_id}"): Op(
        lambda o: {"nomination_id": o.nomination.pk}, lambda o: {"reason": "事迹已补充"}, "branch_secretary"
    ),
    ("post", "/api/v1/assessments/nominations/{nomination_id}/transitions/{name}"): Op(
        lambda o: {"nomination_id": o.nomination.pk, "name": "submit"}, lambda o: {}, "branch_secretary"
    ),
    ("post", "/api/v1/assessments/award-publicities"): Op(
        lambda o: {}, lambda o: {"committee": o.w.committee.pk, "year": 2023}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/award-publicities/{publicity_id}/publish"): Op(
        lambda o: {"publicity_id": o.award_draft_pub.pk}, None, "committee_admin"
    ),
    ("post", "/api/v1/assessments/award-publicities/{publicity_id}/objections"): Op(
        lambda o: {"publicity_id": o.award_open_pub.pk}, lambda o: {"content": "有异议"}, "branch_member"
    ),
    ("post", "/api/v1/assessments/award-objections/{objection_id}/answer"): Op(
        lambda o: {"objection_id": o.award_objection.pk}, lambda o: {"answer": "经核实属实"}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/award-publicities/{publicity_id}/announce"): Op(
        lambda o: {"publicity_id": o.award_closed_pub.pk}, None, "committee_admin"
    ),
    # ---- appraisal: 民主评议党员, 公开承诺, 限期改正
    ("post", "/api/v1/assessments/appraisals"): Op(
        lambda o: {}, lambda o: {"org": o.w.branch_a.pk, "year": o.appraisal.year + 1}, "branch_secretary"
    ),
    ("post", "/api/v1/assessments/appraisals/{appraisal_id}/transitions/{name}"): Op(
        lambda o: {"appraisal_id": o.appraisal.pk, "name": "start_mutual"}, None, "branch_secretary"
    ),
    ("put", "/api/v1/assessments/appraisals/{appraisal_id}/self"): Op(
        lambda o: {"appraisal_id": o.appraisal.pk},
        lambda o: {"self_text": "按时参加组织生活，带头完成学习。", "self_grade": "qualified"},
        "branch_member",
    ),
    ("put", "/api/v1/assessments/appraisals/{appraisal_id}/mutual"): Op(
        lambda o: {"appraisal_id": o.mutual_appraisal.pk},
        lambda o: {"grades": {str(o.other_participant): "excellent"}},
        "branch_member",
    ),
    ("put", "/api/v1/assessments/appraisals/{appraisal_id}/grades"): Op(
        lambda o: {"appraisal_id": o.deciding_appraisal.pk},
        lambda o: {"grades": [{"person": o.decided_person, "grade": "qualified"}]},
        "committee_admin",
    ),
    ("post", "/api/v1/assessments/pledges"): Op(
        lambda o: {}, lambda o: {"year": o.appraisal.year + 1, "content": "带头完成32学时学习。"}, "branch_member"
    ),
    ("patch", "/api/v1/assessments/pledges/{pledge_id}"): Op(
        lambda o: {"pledge_id": o.pledge.pk}, lambda o: {"content": "每月参加一次志愿服务。"}, "branch_member"
    ),
    ("post", "/api/v1/assessments/followups/{followup_id}/transitions/{name}"): Op(
        lambda o: {"followup_id": o.followup.pk, "name": "rectify"},
        lambda o: {"outcome": "已按时参加组织生活。"},
        "committee_admin",
    ),
    # ---- 考核评星 rounds: rounds and their stages, self-checks by the target's admin, the assessors' scores
    ("post", "/api/v1/assessments/rounds"): Op(
        lambda o: {},
        lambda o: {"scheme": o.round_scheme.pk, "kind": "quarter", "period": "2026Q4", "targets": [o.w.branch_a.pk]},
        "committee_admin",
    ),
    ("patch", "/api/v1/assessments/rounds/{round_id}"): Op(
        lambda o: {"round_id": o.draft_round.pk}, lambda o: {"title": "2026年一季度党建考核"}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/rounds/{round_id}/transitions/{name}"): Op(
        lambda o: {"round_id": o.draft_round.pk, "name": "open"}, None, "committee_admin"
    ),
    ("put", "/api/v1/assessments/rounds/{round_id}/selfchecks/{org_id}"): Op(
        lambda o: {"round_id": o.selfcheck_round.pk, "org_id": o.w.branch_a.pk},
        lambda o: {"sections": {"practices": "坚持“三会一课”。"}, "scores": {str(o.round_item.pk): "38"}},
        "branch_secretary",
    ),
    ("post", "/api/v1/assessments/rounds/{round_id}/selfchecks/{org_id}/attachments"): Op(
        lambda o: {"round_id": o.selfcheck_round.pk, "org_id": o.w.branch_a.pk},
        lambda o: {"file": ("学习记录.pdf", PDF)},
        "branch_secretary",
        multipart=True,
    ),
    ("delete", "/api/v1/assessments/selfcheck-attachments/{attachment_id}"): Op(
        lambda o: {"attachment_id": o.selfcheck_attachment.pk}, None, "branch_secretary"
    ),
    ("put", "/api/v1/assessments/rounds/{round_id}/scores"): Op(
        lambda o: {"round_id": o.scoring_round.pk},
        lambda o: {"org": o.w.branch_a.pk, "item": o.round_item.pk, "points": "40", "reason": ""},
        "kaohe",
    ),
    # ---- mass: 群众满意度测评 and 双评 (the ballot needs no login: tests/test_scope_contract.py PUBLIC)
    ("post", "/api/v1/assessments/mass-surveys"): Op(
        lambda o: {},
        lambda o: {
            "org": o.w.committee.pk,
            "kind": "star_org",
            "title": "星级党支部群众评议",
            "opens": "2026-11-01",
            "closes": "2026-11-30",
        },
        "committee_admin",
    ),
    ("patch", "/api/v1/assessments/mass-surveys/{survey_id}"): Op(
        lambda o: {"survey_id": o.mass_survey.pk}, lambda o: {"title": "四季度群众满意度测评"}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/mass-surveys/{survey_id}/transitions/{name}"): Op(
        lambda o: {"survey_id": o.mass_survey.pk, "name": "open"}, None, "committee_admin"
    ),
    ("post", "/api/v1/assessments/mass-surveys/{survey_id}/subjects"): Op(
        lambda o: {"survey_id": o.mass_survey.pk},
        lambda o: {"source": "orgs", "orgs": [o.w.branch_a.pk]},
        "committee_admin",
    ),
    ("delete", "/api/v1/assessments/mass-subjects/{subject_id}"): Op(
        lambda o: {"subject_id": o.mass_subject.pk}, None, "committee_admin"
    ),
    ("post", "/api/v1/assessments/mass-surveys/{survey_id}/codes"): Op(
        lambda o: {"survey_id": o.mass_survey.pk}, lambda o: {"count": 3}, "committee_admin"
    ),
    ("post", "/api/v1/assessments/mass/{mass_code}"): Op(
        lambda o: {"mass_code": o.mass_code},
        lambda o: {"votes": [{"subject": o.mass_live_subject, "rating": "good"}]},
        "branch_member",
    ),
    # ---- learning
    ("put", "/api/v1/learning/rules"): Op(
        lambda o: {},
        lambda o: {"org": o.w.committee.pk, "year": 2026, "required": {"member": "36", "cadre": "60"}},
        "committee_admin",
    ),
}

# ---- courses: 在线学习 (courses, lessons and their files, position reports, ratings)
WRITES.update(
    {
        ("post", "/api/v1/learning/courses"): Op(
            lambda o: {},
            lambda o: {"org": o.w.committee.pk, "title": "学习党章", "audience": ["full"], "required": False},
            "committee_admin",
        ),
        ("patch", "/api/v1/learning/courses/{course_id}"): Op(
            lambda o: {"course_id": o.course.pk}, lambda o: {"title": "学习贯彻新党章"}, "committee_admin"
        ),
        ("post", "/api/v1/learning/courses/{course_id}/transitions/{name}"): Op(
            lambda o: {"course_id": o.course.pk, "name": "withdraw"}, None, "committee_admin"
        ),
        ("post", "/api/v1/learning/courses/{course_id}/lessons"): Op(
            lambda o: {"course_id": o.course_draft.pk},
            lambda o: {"title": "导读", "kind": "article", "hours": "1", "body": "正文"},
            "committee_admin",
        ),
        ("post", "/api/v1/learning/lessons/{lesson_id}/material"): Op(
            lambda o: {"lesson_id": o.course_pdf.pk},
            lambda o: {"file": ("讲义.pdf", PDF)},
            "committee_admin",
            multipart=True,
        ),
        ("delete", "/api/v1/learning/lessons/{lesson_id}"): Op(
            lambda o: {"lesson_id": o.course_pdf.pk}, None, "committee_admin"
        ),
        ("post", "/api/v1/learning/lessons/{lesson_id}/progress"): Op(
            lambda o: {"lesson_id": o.course_article.pk}, lambda o: {}, "branch_member"
        ),
        ("put", "/api/v1/learning/courses/{course_id}/rating"): Op(
            lambda o: {"course_id": o.course.pk}, lambda o: {"stars": 5, "comment": "很实用"}, "branch_member"
        ),
    }
)

# ---- exams: the bank, its import, exams, attempts, marking and the 错题本
_EXAM_QUESTION = {"type": "truefalse", "topic": "党章", "difficulty": 1, "stem": "新判断题", "answer": [True]}
WRITES.update(
    {
        ("post", "/api/v1/learning/questions"): Op(
            lambda o: {}, lambda o: {"org": o.w.committee.pk, **_EXAM_QUESTION}, "committee_admin"
        ),
        ("put", "/api/v1/learning/questions/{question_id}"): Op(
            lambda o: {"question_id": o.exam_question.pk},
            lambda o: {"org": o.w.committee.pk, **_EXAM_QUESTION},
            "committee_admin",
        ),
        ("post", "/api/v1/learning/orgs/{org_id}/questions/import"): Op(
            lambda o: {"org_id": o.w.committee.pk},
            lambda o: {
                "file": (
                    "试题.xlsx",
                    __import__("learning.tests.xlsx_exams").tests.xlsx_exams.xlsx(
                        [["判断题", "党章", 1, "导入的判断题", "", "", "", "", "", "", "对", ""]]
                    ),
                )
            },
            "committee_admin",
            multipart=True,
        ),
        ("post", "/api/v1/learning/orgs/{org_id}/questions/import/{import_id}/confirm"): Op(
            lambda o: {"org_id": o.w.committee.pk, "import_id": o.question_import.token}, None, "committee_admin"
        ),
        ("post", "/api/v1/learning/exams"): Op(
            lambda o: {},
            lambda o: {
                **__import__("learning.tests.test_exams_api").tests.test_exams_api.exam_body(o.w.committee),
                "blueprint": [{"type": "single", "count": 2, "points": "5"}],
            },
            "committee_admin",
        ),
        ("post", "/api/v1/learning/exams/{exam_id}/transition"): Op(
            lambda o: {"exam_id": o.exam_draft.pk}, lambda o: {"action": "publish"}, "committee_admin"
        ),
        ("post", "/api/v1/learning/exams/{exam_id}/attempts"): Op(
            lambda o: {"exam_id": o.exam.pk}, None, "branch_member"
        ),
        ("put", "/api/v1/learning/attempts/{attempt_id}/answers"): Op(
            lambda o: {"attempt_id": o.exam_attempt.pk}, lambda o: {"answers": {}}, "branch_member"
        ),
        ("post", "/api/v1/learning/attempts/{attempt_id}/submit"): Op(
            lambda o: {"attempt_id": o.exam_attempt.pk}, None, "branch_member"
        ),
        ("post", "/api/v1/learning/attempts/{attempt_id}/marks"): Op(
            lambda o: {"attempt_id": o.exam_marking.pk},
            lambda o: {"scores": {str(o.exam_short): "3"}},
            "committee_admin",
        ),
        ("post", "/api/v1/learning/mistakes/{mistake_id}/practice"): Op(
            lambda o: {"mistake_id": o.exam_mistake.pk}, lambda o: {"answer": ["A"]}, "branch_member"
        ),
    }
)

# ---- assessments annual: 年终总评 (create, edit, its stages, objections)
WRITES.update(
    {
        ("post", "/api/v1/assessments/annual"): Op(
            lambda o: {},
            lambda o: {
                "org": o.w.committee.pk,
                "year": 2022,
                "scheme": o.annual_scheme.pk,
                "components": [{"kind": "round", "round": o.annual_rounds[2022].pk, "weight": "100"}],
            },
            "committee_admin",
        ),
        ("patch", "/api/v1/assessments/annual/{annual_id}"): Op(
            lambda o: {"annual_id": o.annual_draft.pk}, lambda o: {"title": "2026年度总评"}, "committee_admin"
        ),
        ("post", "/api/v1/assessments/annual/{annual_id}/transitions/{name}"): Op(
            lambda o: {"annual_id": o.annual_draft.pk, "name": "compute"}, lambda o: {}, "committee_admin"
        ),
        ("post", "/api/v1/assessments/annual/{annual_id}/objections"): Op(
            lambda o: {"annual_id": o.annual_publicity.pk}, lambda o: {"content": "请复核积分。"}, "branch_secretary"
        ),
        ("post", "/api/v1/assessments/annual-objections/{annual_objection_id}/answer"): Op(
            lambda o: {"annual_objection_id": o.annual_objection.pk},
            lambda o: {"answer": "经复核维持原结果。"},
            "committee_admin",
        ),
    }
)


# ---- warnings (dashboard): the committee's rule settings and the monthly report
def _warnings_objects(o, world):
    """A draft monthly report of last month (the committee's)."""
    from core.dates import today
    from dashboard import actions_warnings
    from orgs.models import Organisation

    last = today().replace(day=1) - datetime.timedelta(days=1)
    o.report_month = f"{last.year}-{last.month:02d}"
    o.report = actions_warnings.generate_report(
        by=world.users["committee_admin"],
        data={"org": world.committee.pk, "month": o.report_month},
        orgs=Organisation.objects.filter(pk=world.committee.pk),
        today=today(),
    )


WRITES.update(
    {
        ("post", "/api/v1/cockpit/warnings/settings"): Op(
            lambda o: {},
            lambda o: {"org": o.w.committee.pk, "code": "plans.general_meeting", "enabled": False},
            "committee_admin",
        ),
        ("post", "/api/v1/cockpit/reports"): Op(
            lambda o: {}, lambda o: {"org": o.w.committee.pk, "month": o.report_month}, "committee_admin"
        ),
        ("post", "/api/v1/cockpit/reports/{report_id}/comments"): Op(
            lambda o: {"report_id": o.report.pk}, lambda o: {"section": "late", "text": "评语"}, "committee_admin"
        ),
        ("post", "/api/v1/cockpit/reports/{report_id}/publish"): Op(
            lambda o: {"report_id": o.report.pk}, lambda o: {}, "committee_admin"
        ),
    }
)

# ---- news: 党建动态
NEWS_PNG = __import__("notices.demo_news").demo_news.make_png(16, 12)
WRITES.update(
    {
        ("post", "/api/v1/news"): Op(
            lambda o: {},
            lambda o: {"org": o.w.branch_a.pk, "title": "新动态", "date": "2026-03-02", "body": "正文"},
            "branch_secretary",
        ),
        ("patch", "/api/v1/news/{news_id}"): Op(
            lambda o: {"news_id": o.news_draft.pk}, lambda o: {"title": "改过的标题"}, "branch_secretary"
        ),
        ("post", "/api/v1/news/{news_id}/photos"): Op(
            lambda o: {"news_id": o.news_draft.pk},
            lambda o: {"file": ("照片.png", NEWS_PNG)},
            "branch_secretary",
            multipart=True,
        ),
        ("delete", "/api/v1/news/{news_id}/photos/{photo_id}"): Op(
            lambda o: {"news_id": o.news_draft.pk, "photo_id": o.news_photo.pk}, None, "branch_secretary"
        ),
        ("post", "/api/v1/news/{news_id}/submit"): Op(lambda o: {"news_id": o.news_draft.pk}, None, "branch_secretary"),
        ("post", "/api/v1/news/{news_id}/approve"): Op(
            lambda o: {"news_id": o.news_submitted.pk}, lambda o: {"comment": "同意"}, "committee_admin"
        ),
        ("post", "/api/v1/news/{news_id}/return"): Op(
            lambda o: {"news_id": o.news_submitted.pk}, lambda o: {"reason": "补充照片"}, "committee_admin"
        ),
        ("post", "/api/v1/news/{news_id}/withdraw"): Op(
            lambda o: {"news_id": o.news_published.pk}, lambda o: {"reason": "有误"}, "committee_admin"
        ),
    }
)

# ---- learning extras: 补录, 需求调查, 资料征订, 学历认证, 学习之星
WRITES.update(
    {
        ("post", "/api/v1/learning/offline-trainings"): Op(
            lambda o: {},
            lambda o: {
                "file": ("证书.pdf", PDF),
                "person": o.w.people["member"].pk,
                "title": "线下培训",
                "start": o.learning_last_month.isoformat(),
                "end": o.learning_last_month.isoformat(),
                "hours": "2",
            },
            "branch_secretary",
            multipart=True,
        ),
        ("post", "/api/v1/learning/offline-trainings/{offline_training_id}/transitions/{name}"): Op(
            lambda o: {"offline_training_id": o.offline_training.pk, "name": "approve"}, lambda o: {}, "committee_admin"
        ),
        ("post", "/api/v1/learning/needs-surveys"): Op(
            lambda o: {},
            lambda o: {
                "org": o.w.committee.pk,
                "title": "需求调查",
                "topics": ["党章", "党史"],
                "formats": ["讲座", "微课"],
                "closes": (o.learning_last_month + datetime.timedelta(days=60)).isoformat(),
            },
            "committee_admin",
        ),
        ("post", "/api/v1/learning/needs-surveys/{needs_survey_id}/answers"): Op(
            lambda o: {"needs_survey_id": o.needs_survey.pk},
            lambda o: {"topics": ["党章"], "formats": ["微课"]},
            "branch_member",
        ),
        ("post", "/api/v1/learning/needs-surveys/{needs_survey_id}/transitions/{name}"): Op(
            lambda o: {"needs_survey_id": o.needs_survey.pk, "name": "close"}, None, "committee_admin"
        ),
        ("post", "/api/v1/learning/material-offers"): Op(
            lambda o: {},
            lambda o: {
                "org": o.w.committee.pk,
                "year": 2027,
                "title": "征订",
                "deadline": (o.learning_last_month + datetime.timedelta(days=60)).isoformat(),
            },
            "committee_admin",
        ),
        ("post", "/api/v1/learning/material-offers/{material_offer_id}/items"): Op(
            lambda o: {"material_offer_id": o.material_offer.pk},
            lambda o: {"name": "求是", "price": "15"},
            "committee_admin",
        ),
        ("put", "/api/v1/learning/material-offers/{material_offer_id}/orders"): Op(
            lambda o: {"material_offer_id": o.material_offer.pk},
            lambda o: {"org": o.w.branch_a.pk, "quantities": {str(o.material_item.pk): 5}},
            "branch_secretary",
        ),
        ("post", "/api/v1/learning/education-records"): Op(
            lambda o: {},
            lambda o: {
                "file": ("毕业证书.pdf", PDF),
                "person": o.w.people["member"].pk,
                "level": "master",
                "school": "山东大学",
                "graduated_on": "2015-06-30",
            },
            "branch_member",
            multipart=True,
        ),
        ("post", "/api/v1/learning/education-records/{education_record_id}/transitions/{name}"): Op(
            lambda o: {"education_record_id": o.education_record.pk, "name": "verify"},
            lambda o: {},
            "branch_secretary",
        ),
        ("post", "/api/v1/learning/study-stars"): Op(
            lambda o: {},
            lambda o: {
                "org": o.w.committee.pk,
                "period_kind": "month",
                "year": o.learning_last_month.year,
                "period": o.learning_last_month.month,
                "people": [o.newcomer.pk],
            },
            "committee_admin",
        ),
        # ---- gaps: withdrawing a named 学习之星
        ("post", "/api/v1/learning/study-stars/{study_star_id}/withdraw"): Op(
            lambda o: {"study_star_id": o.study_star.pk}, lambda o: {"reason": "评选有误"}, "committee_admin"
        ),
    }
)

# ---- notices: 通知公告 (publish, drafts, attachments, archive, 签收)
WRITES.update(
    {
        ("post", "/api/v1/notices"): Op(
            lambda o: {}, lambda o: {"org": o.w.committee.pk, "title": "通知", "body": "正文"}, "committee_admin"
        ),
        ("patch", "/api/v1/notices/{notice_id}"): Op(
            lambda o: {"notice_id": o.notice_draft.pk}, lambda o: {"title": "通知（修订）"}, "committee_admin"
        ),
        ("post", "/api/v1/notices/{notice_id}/attachments"): Op(
            lambda o: {"notice_id": o.notice_draft.pk},
            lambda o: {"file": ("议程.pdf", PDF)},
            "committee_admin",
            multipart=True,
        ),
        ("post", "/api/v1/notices/{notice_id}/publish"): Op(
            lambda o: {"notice_id": o.notice_draft.pk}, None, "committee_admin"
        ),
        ("post", "/api/v1/notices/{notice_id}/archive"): Op(
            lambda o: {"notice_id": o.notice.pk}, None, "committee_admin"
        ),
        ("post", "/api/v1/notices/{notice_id}/sign"): Op(
            lambda o: {"notice_id": o.notice.pk}, lambda o: {"receipt": {"是否参会": "参会"}}, "branch_member"
        ),
    }
)

# The system roles' own writes: which system role may make each (every other system role is refused).
# ---- teams: 班组/科室 (orgs/api_teams.py)


def _team(o):
    """A team of branch_a, made on first use (inside the call's savepoint when the call is undone)."""
    from orgs.models import Team

    return Team.objects.get_or_create(org=o.w.branch_a, name="普查一组", defaults={"front_line": True})[0]


WRITES.update(
    {
        ("post", "/api/v1/teams"): Op(
            lambda o: {}, lambda o: {"org": o.w.branch_a.pk, "name": "质控组", "kind": "team"}, "branch_secretary"
        ),
        ("patch", "/api/v1/teams/{team_id}"): Op(
            lambda o: {"team_id": _team(o).pk}, lambda o: {"name": "普查二组"}, "branch_secretary"
        ),
        ("post", "/api/v1/teams/{team_id}/people"): Op(
            lambda o: {"team_id": _team(o).pk}, lambda o: {"people": [o.w.people["member"].pk]}, "branch_secretary"
        ),
        ("put", "/api/v1/teams/{team_id}/groups"): Op(
            lambda o: {"team_id": _team(o).pk}, lambda o: {"groups": [o.w.group_a1.pk]}, "branch_secretary"
        ),
    }
)

SYSTEM_OWN = {
    ("post", "/api/v1/accounts/users"): {"sysadmin"},
    ("patch", "/api/v1/accounts/users/{user_id}"): {"sysadmin"},
    ("post", "/api/v1/accounts/users/{user_id}/roles"): {"secadmin"},
    ("delete", "/api/v1/accounts/users/{user_id}/roles/{role_id}"): {"secadmin"},
    ("post", "/api/v1/accounts/member-grants"): {"secadmin"},
    ("post", "/api/v1/accounts/users/{user_id}/requests"): {"sysadmin"},
    ("post", "/api/v1/accounts/requests/{request_id}/confirm"): {"secadmin"},
    # The secadmin rejects; the requesting sysadmin withdraws.
    ("post", "/api/v1/accounts/requests/{request_id}/reject"): {"secadmin", "sysadmin"},
    ("post", "/api/v1/orgs"): {"sysadmin"},
    ("patch", "/api/v1/orgs/{org_id}"): {"sysadmin"},
    ("post", "/api/v1/people"): {"sysadmin"},
    ("patch", "/api/v1/people/{person_id}"): {"sysadmin"},
    ("post", "/api/v1/people/{person_id}/transfers"): {"sysadmin"},
    ("post", "/api/v1/orgs/{org_id}/positions"): {"sysadmin"},
}
# Writes on the caller's own login, open to everyone (they touch no business or structure data).
OWN_LOGIN = {
    ("post", "/api/v1/auth/token"),
    ("post", "/api/v1/auth/password"),
    ("post", "/api/v1/auth/logout"),
    ("delete", "/api/v1/auth/tokens/{token_id}"),
}


def _write_operations():
    from dangjian.api import api

    doc = api.get_openapi_schema()
    return {
        (method, path)
        for path, ops in doc["paths"].items()
        for method in ops
        if method in ("post", "put", "patch", "delete")
    }


def _call(user, method, path, op, objects):
    url = path.format(**op.params(objects))
    body = op.body(objects) if op.body else None
    token = ApiToken.issue(user)
    if op.multipart:
        data = dict(body)
        name, content = data.pop("file")
        data["file"] = SimpleUploadedFile(name, content)
        client = Client(REMOTE_ADDR="127.0.0.1")
        return client.post(url, data, HTTP_AUTHORIZATION=f"Bearer {token}")
    return ApiClient(token=token).call(method, url, body if body is not None else ({} if method == "post" else None))


class _Rollback(Exception):
    pass


def _call_and_undo(user, method, path, op, objects):
    """Make the call inside a savepoint that is rolled back, so every call sees the same world."""
    response = None
    with suppress(_Rollback), transaction.atomic():
        response = _call(user, method, path, op, objects)
        raise _Rollback
    return response


def _succeeded(path, response):
    if not 200 <= response.status_code < 300:
        return False
    if path.endswith("/reviews/batch"):
        return response.json()["approved"] > 0
    return True


@pytest.fixture(scope="module")
def shared_objects(django_db_setup, django_db_blocker, tmp_path_factory):
    """One world and its objects for the module, rolled back at its end: every call here runs in a savepoint
    that is rolled back (`_call_and_undo`, `_page_call`), so the tests cannot see each other's writes."""
    where = tmp_path_factory.mktemp("system-roles")
    with module_transaction(django_db_blocker, where):
        yield Objects(build_world()), where


@pytest.fixture
def objects(shared_objects, db, settings):
    found, where = shared_objects
    use_suite_settings(settings, where)  # the files made with the objects, not this test's tmp_path
    return found


def test_every_write_operation_is_listed():
    listed = set(WRITES) | OWN_LOGIN
    assert _write_operations() - listed == set(), "add the new write operations to WRITES (or OWN_LOGIN)"
    assert listed - _write_operations() == set(), "WRITES lists operations the API no longer has"
    assert set(SYSTEM_OWN) <= set(WRITES)


def test_the_bodies_are_plausible_their_business_persona_succeeds(objects):
    """The control: the same calls succeed for the persona they belong to, so the refusals above are real."""
    failures = []
    for (method, path), op in WRITES.items():
        if not op.actor:
            continue
        r = _call_and_undo(objects.users[op.actor], method, path, op, objects)
        ok = r.status_code == op.control_status if op.control_status else _succeeded(path, r)
        if not ok:
            failures.append((method, path, op.actor, r.status_code, r.content[:200].decode(errors="replace")))
    assert not failures, failures


# ---- the page equivalents of the main business forms: (url, form data, model that gains a row, persona)
PAGE_WRITES = {
    "record_create": (
        lambda o: "/records/new/",
        lambda o: {
            "op": "save",
            "org": o.w.branch_a.pk,
            "type": "party_lesson",
            "title": "4月党课",
            "date": "2026-04-10",
        },
        Record,
        "branch_secretary",
    ),
    "plan_create": (
        lambda o: "/plans/new/",
        lambda o: {"org": o.w.branch_a.pk, "year": 2027, "title": "2027年度清单"},
        Plan,
        "branch_secretary",
    ),
    "plan_item_create": (
        lambda o: f"/plans/{o.plan.pk}/items/new/",
        lambda o: {"category": "党员教育", "title": "专题学习", "due": "2026-06-10"},
        PlanItem,
        "branch_secretary",
    ),
    "item_claim": (lambda o: f"/plans/items/{o.free_item.pk}/claim/", lambda o: {}, Claim, "branch_member"),
    "scheme_create": (
        lambda o: "/points/schemes/new/",
        lambda o: {
            "org": o.w.committee.pk,
            "year": 2027,
            "name": "2027年积分办法",
            "full_marks": 100,
            "linkage_every": 10,
            "linkage_mode": "per_person",
        },
        Scheme,
        "committee_admin",
    ),
    "scheme_item_add": (
        lambda o: f"/points/schemes/{o.scheme.pk}/",
        lambda o: {"dimension": "基础工作", "name": "报送信息", "points": 1, "subject_type": "org"},
        PointItem,
        "committee_admin",
    ),
    "declaration_create": (
        lambda o: f"/points/declarations/new/?scheme={o.scheme.pk}",
        lambda o: {
            "item": o.member_item.pk,
            "subject_person": o.w.people["member"].pk,
            "quantity": 1,
            "occurred_on": "2026-03-08",
        },
        Declaration,
        "branch_member",
    ),
    "declaration_review": (
        lambda o: f"/points/declarations/{o.pending.pk}/review/",
        lambda o: {"decision": "approve"},
        Review,
        "reviewer1",
    ),
    "ledger_reverse": (
        lambda o: f"/points/ledger/{o.entry.pk}/reverse/",
        lambda o: {"reason": "重复计分"},
        LedgerEntry,
        "committee_admin",
    ),
    "publicity_create": (
        lambda o: f"/points/publicity/new/?scheme={o.scheme.pk}",
        lambda o: {"subject_type": "member", "until": "2026-12-31", "objection_days": 5},
        Publicity,
        "committee_admin",
    ),
    # ---- assessments awards
    "award_type_create": (
        lambda o: f"/assessments/awards/types/{o.w.committee.pk}/new/",
        lambda o: {"name": "优秀共产党员", "subject": "person", "quota": "10", "position": "9"},
        __import__("assessments.models_awards").models_awards.AwardType,
        "committee_admin",
    ),
    "nomination_create": (
        lambda o: "/assessments/awards/nominations/new/",
        lambda o: {
            "award_type": o.award_type.pk,
            "year": "2027",
            "person": o.w.people["member"].pk,
            "reason": "事迹突出",
            "source": "manual",
        },
        __import__("assessments.models_awards").models_awards.Nomination,
        "branch_secretary",
    ),
    "award_publicity_create": (
        lambda o: f"/assessments/awards/publicities/new/{o.w.committee.pk}/",
        lambda o: {"year": "2023", "objection_days": "5"},
        __import__("assessments.models_awards").models_awards.AwardPublicity,
        "committee_admin",
    ),
    # ---- schemes
    "assessment_scheme_create": (
        lambda o: "/assessments/schemes/new/",
        lambda o: {
            "org": o.w.committee.pk,
            "year": 2027,
            "name": "2027年考核方案",
            "star_5": 90,
            "sections": "主要做法",
        },
        AssessmentScheme,
        "committee_admin",
    ),
    "assessment_item_create": (
        lambda o: f"/assessments/schemes/{o.assessment_scheme.pk}/items/new/",
        lambda o: {"category": "工会", "name": "职工之家建设", "max_points": 2, "method": "site"},
        AssessmentItem,
        "committee_admin",
    ),
    # ---- mass
    "mass_survey_create": (
        lambda o: "/assessments/mass/new/",
        lambda o: {
            "org": o.w.committee.pk,
            "kind": "satisfaction",
            "title": "群众满意度测评",
            "opens": "2026-11-01",
            "closes": "2026-11-30",
        },
        __import__("assessments.models_mass").models_mass.MassSurvey,
        "committee_admin",
    ),
    "learning_rule_set": (
        lambda o: f"/learning/rules/?org={o.w.committee.pk}&year=2026",
        lambda o: {"org": o.w.committee.pk, "year": 2026, "member_hours": "36", "cadre_hours": "60"},
        HourRule,
        "committee_admin",
    ),
}

# ---- exams: 新建考试, 新增试题
PAGE_WRITES.update(
    {
        "learning_exam_create": (
            lambda o: "/learning/exams/new/",
            lambda o: {
                "org": o.w.committee.pk,
                "title": "页面新建的考试",
                "opens": "2026-12-01T09:00",
                "closes": "2026-12-31T18:00",
                "minutes": "20",
                "attempts": "1",
                "pass_mark": "6",
                "review": "after_submit",
                "blueprint": "单选题|||2|5",
            },
            __import__("learning.models").models.Exam,
            "committee_admin",
        ),
        "learning_question_create": (
            lambda o: f"/learning/questions/new/?org={o.w.committee.pk}",
            lambda o: {
                "org": o.w.committee.pk,
                "type": "truefalse",
                "topic": "党章",
                "difficulty": "1",
                "stem": "页面新增的判断题",
                "answer": "对",
            },
            __import__("learning.models").models.Question,
            "committee_admin",
        ),
    }
)

# ---- annual: 年终总评
PAGE_WRITES.update(
    {
        "annual_create": (
            lambda o: "/assessments/annual/new/",
            lambda o: {
                "org": o.w.committee.pk,
                "year": 2022,
                "scheme": o.annual_scheme.pk,
                f"round_{o.annual_rounds[2022].pk}": "100",
            },
            __import__("assessments.models_annual").models_annual.AnnualEvaluation,
            "committee_admin",
        ),
    }
)


# ---- news: 写动态
PAGE_WRITES.update(
    {
        "news_create": (
            lambda o: "/news/new/",
            lambda o: {"org": o.w.branch_a.pk, "title": "页面写的动态", "date": "2026-03-02", "body": "正文"},
            __import__("notices.models_news").models_news.NewsItem,
            "branch_secretary",
        ),
    }
)

# ---- courses: 新建课程, 添加课时
PAGE_WRITES.update(
    {
        "course_create": (
            lambda o: "/learning/courses/new/",
            lambda o: {"org": o.w.committee.pk, "title": "学习党章", "audience": ["full", "probationary"]},
            __import__("learning.models_courses").models_courses.Course,
            "committee_admin",
        ),
        "lesson_create": (
            lambda o: f"/learning/courses/{o.course_draft.pk}/lessons/new/",
            lambda o: {"title": "导读", "kind": "article", "hours": "1", "body": "正文", "min_seconds": "60"},
            __import__("learning.models_courses").models_courses.Lesson,
            "committee_admin",
        ),
    }
)

# ---- learning extras: 发起学习需求调查, 发起资料征订
PAGE_WRITES.update(
    {
        "learning_needs_create": (
            lambda o: "/learning/needs/new/",
            lambda o: {
                "org": o.w.committee.pk,
                "title": "学习需求调查",
                "topics": "党章\n党史",
                "formats": "讲座\n微课",
                "closes": (o.learning_last_month + datetime.timedelta(days=60)).isoformat(),
            },
            __import__("learning.models_extras").models_extras.NeedsSurvey,
            "committee_admin",
        ),
        "learning_offer_create": (
            lambda o: "/learning/materials/new/",
            lambda o: {
                "org": o.w.committee.pk,
                "year": 2027,
                "title": "资料征订",
                "deadline": (o.learning_last_month + datetime.timedelta(days=60)).isoformat(),
            },
            __import__("learning.models_extras").models_extras.MaterialOffer,
            "committee_admin",
        ),
    }
)


# ---- notices: 发布通知
PAGE_WRITES.update(
    {
        "notice_create": (
            lambda o: "/notices/new/",
            lambda o: {"org": o.w.committee.pk, "title": "通知", "body": "正文", "audience": "all", "remind_days": "3"},
            __import__("notices.models_notices").models_notices.Notice,
            "committee_admin",
        ),
    }
)


# ---- teams
PAGE_WRITES.update(
    {
        "team_create": (
            lambda o: "/teams/new/",
            lambda o: {"org": o.w.branch_a.pk, "name": "页面新建班组", "kind": "team", "front_line": "on"},
            __import__("orgs.models").models.Team,
            "branch_secretary",
        ),
    }
)


# ---- abbreviations: 添加缩略语
PAGE_WRITES.update(
    {
        "synonym_create": (
            lambda o: "/search/synonyms/new/",
            lambda o: {"org": o.w.committee.pk, "term": "页普", "expansions": "页面普查"},
            __import__("search.models").models.Synonym,
            "committee_admin",
        ),
    }
)


def _page_call(user, name, objects):
    url, data, model, _actor = PAGE_WRITES[name]
    client = Client(REMOTE_ADDR="127.0.0.1")
    client.force_login(user)
    with suppress(_Rollback), transaction.atomic():
        before = model.objects.count()
        response = client.post(url(objects), data(objects))
        gained = model.objects.count() - before
        raise _Rollback
    return response, gained


@pytest.mark.parametrize("name", sorted(PAGE_WRITES))
def test_business_pages_refuse_the_system_roles_and_serve_their_persona(objects, name):
    for role in SYSTEM_ROLES:
        r, gained = _page_call(objects.users[role], name, objects)
        assert gained == 0, (role, name)
        assert r.status_code in (403, 404), (role, name, r.status_code)
    r, gained = _page_call(objects.users[PAGE_WRITES[name][3]], name, objects)
    assert r.status_code == 302 and gained == 1, (name, r.status_code, r.content[:300])


# ---- reminders: 我的消息, 提醒设置, 群机器人设置
WRITES.update(
    {
        ("post", "/api/v1/messages/{message_id}/read"): Op(
            lambda o: {"message_id": o.message.pk}, None, "branch_member"
        ),
        ("post", "/api/v1/messages/read"): Op(lambda o: {}, None, "branch_member"),
        ("put", "/api/v1/reminders/preferences"): Op(
            lambda o: {}, lambda o: {"email": True, "email_address": "lina@example.test"}, "branch_member"
        ),
        ("put", "/api/v1/reminders/robots/{org_id}"): Op(
            lambda o: {"org_id": o.w.branch_a.pk},
            lambda o: {"wecom_webhook": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef0123456789"},
            "branch_secretary",
        ),
    }
)


# ---- abbreviations: 缩略语词典 (search/api_synonyms.py)


def _synonym(o):
    """An abbreviation of the committee, made on first use (inside the call's savepoint when the call is undone)."""
    from search.models import Synonym

    entry, _made = Synonym.objects.get_or_create(
        org=o.w.committee, term="统普", defaults={"expansions": "统计普查\n统计调查"}
    )
    return entry


WRITES.update(
    {
        ("post", "/api/v1/search/synonyms"): Op(
            lambda o: {},
            lambda o: {"org": o.w.committee.pk, "term": "经调", "expansions": ["经济调查"]},
            "committee_admin",
        ),
        ("patch", "/api/v1/search/synonyms/{synonym_id}"): Op(
            lambda o: {"synonym_id": _synonym(o).pk}, lambda o: {"note": "统计系统常用"}, "committee_admin"
        ),
        ("delete", "/api/v1/search/synonyms/{synonym_id}"): Op(
            lambda o: {"synonym_id": _synonym(o).pk}, None, "committee_admin"
        ),
    }
)
