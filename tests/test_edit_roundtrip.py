"""Saving an unchanged edit form changes nothing — on every edit page of the project.

The pages come from the URL conf: every URL whose name ends in "edit" (person_edit, plans:item_edit …) or
whose route ends in "edit/", plus the names an app registers with core.forms.register_edit_page for an edit
page named otherwise. Each needs a builder below that makes an object worth editing (every field filled,
dates, times, multi-line text, several people); a new edit page without one fails
`test_every_edit_page_has_a_builder`, so a new module's edit pages cannot be left out.

The form is read as a browser reads it and posted back as a browser would submit it: the form that posts to
the page itself, its enabled controls only, checked boxes and selected options only, the first submit button
("保存" / "保存草稿"), textarea line breaks as CRLF, and a date/time input whose value is not ISO submitted
empty — which is how `1983/06/20` in a `type=date` input erased dates.
"""

import datetime
import re
from html.parser import HTMLParser

import pytest
from django.forms.models import model_to_dict
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from core.forms import EDIT_PAGES
from core.testing import make_person

# ---------------------------------------------------------------------------------------- the browser


ISO = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "week": re.compile(r"^\d{4}-W\d{2}$"),
}
NOT_SUBMITTED = {"submit", "button", "reset", "image", "file"}


def browser_value(input_type, value):
    """What a browser submits for a value attribute: date-like inputs sanitise a non-ISO value to ""."""
    if input_type in ISO:
        if not ISO[input_type].match(value):
            return ""
        if input_type == "date":
            try:
                datetime.date.fromisoformat(value)
            except ValueError:
                return ""
    if input_type == "number":
        try:
            float(value)
        except ValueError:
            return ""
    return value


class FormReader(HTMLParser):
    """Collects every <form> with its successful controls (HTML's form submission algorithm, simplified to
    what our templates use)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self.select = None
        self.option = None
        self.textarea = None

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.form = {"attrs": a, "fields": [], "buttons": []}
            self.forms.append(self.form)
            return
        if self.form is None:
            return
        disabled = "disabled" in a
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "image"):
                if not disabled:
                    self.form["buttons"].append((a.get("name"), a.get("value", "")))
                return
            if disabled or not a.get("name") or kind in NOT_SUBMITTED:
                return
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self.form["fields"].append((a["name"], a.get("value", "on")))
                return
            self.form["fields"].append((a["name"], browser_value(kind, a.get("value", ""))))
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit" and not disabled:
                self.form["buttons"].append((a.get("name"), a.get("value", "")))
        elif tag == "select":
            self.select = {"name": a.get("name"), "multiple": "multiple" in a, "disabled": disabled, "options": []}
        elif tag == "option" and self.select is not None:
            self.option = {"value": a.get("value"), "selected": "selected" in a, "disabled": disabled, "text": ""}
            self.select["options"].append(self.option)
        elif tag == "textarea":
            self.textarea = {"name": a.get("name"), "disabled": disabled, "text": ""}

    def handle_data(self, data):
        if self.option is not None:
            self.option["text"] += data
        if self.textarea is not None:
            self.textarea["text"] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "option":
            self.option = None
        elif tag == "select" and self.select is not None:
            self._close_select()
        elif tag == "textarea" and self.textarea is not None:
            t = self.textarea
            if self.form is not None and t["name"] and not t["disabled"]:
                text = t["text"][1:] if t["text"].startswith("\n") else t["text"]  # the parser drops one
                self.form["fields"].append((t["name"], text.replace("\r\n", "\n").replace("\n", "\r\n")))
            self.textarea = None

    def _close_select(self):
        s, self.select = self.select, None
        if self.form is None or not s["name"] or s["disabled"]:
            return
        options = s["options"]
        chosen = [o for o in options if o["selected"]]
        if not s["multiple"]:
            # Without a selected option a drop-down shows (and submits) its first option.
            chosen = chosen[-1:] or [o for o in options if not o["disabled"]][:1]
        for o in chosen:
            if not o["disabled"]:
                value = o["value"] if o["value"] is not None else " ".join(o["text"].split())
                self.form["fields"].append((s["name"], value))


def submit_unchanged(client, url):
    """GET the edit page and POST its form back untouched; return the response."""
    page = client.get(url)
    assert page.status_code == 200, f"{url}: GET answered {page.status_code}"
    reader = FormReader()
    reader.feed(page.content.decode())
    own = [
        f
        for f in reader.forms
        if f["attrs"].get("method", "get").lower() == "post" and f["attrs"].get("action", "") in ("", url)
    ]
    assert own, f"{url}: no form posts to the page itself"
    form = max(own, key=lambda f: len(f["fields"]))
    data = {}
    for name, value in form["fields"]:
        data.setdefault(name, []).append(value)
    if form["buttons"]:
        name, value = form["buttons"][0]
        if name:
            data.setdefault(name, []).append(value)
    return client.post(url, data)


# ---------------------------------------------------------------------------------------- what "unchanged" is


def snapshot(obj):
    """The object's editable fields and every row that points to it (without their ids, so a delete and
    re-create of identical rows still counts as unchanged)."""
    obj = type(obj).objects.get(pk=obj.pk)
    state = {"fields": model_to_dict(obj)}
    for rel in obj._meta.related_objects:
        if rel.many_to_many or rel.related_model._meta.app_label in ("core", "contenttypes"):
            continue  # many-to-many fields are in model_to_dict; audit events are expected to be added
        accessor = rel.get_accessor_name()
        if rel.one_to_one:
            related = getattr(obj, accessor, None) if hasattr(obj, accessor) else None
            rows = [related] if related is not None else []
        else:
            rows = list(getattr(obj, accessor).order_by("pk"))
        state[accessor] = [{k: v for k, v in model_to_dict(r).items() if k != "id"} for r in rows]
    return state


def _differences(before, after):
    """{"fields.birth_date": (before, after), "ownerships": (before, after)} for what changed."""
    out = {}
    for key in before["fields"].keys() | after["fields"].keys():
        if before["fields"].get(key) != after["fields"].get(key):
            out[f"fields.{key}"] = (before["fields"].get(key), after["fields"].get(key))
    for key in (before.keys() | after.keys()) - {"fields"}:
        if before.get(key) != after.get(key):
            out[key] = (before.get(key), after.get(key))
    return out


# ---------------------------------------------------------------------------------------- builders
# Each returns [(case label, user, url, object)] for one URL name.


def _person(world):
    from orgs import actions

    person = world.people["member"]
    actions.update_person(
        person,
        by=world.users["branch_secretary"],
        data={
            "birth_date": "1985-01-03",
            "joined_on": "2010-07-01",
            "full_member_on": "2011-07-01",
            "phone": "0531-88886666",
            "education": "bachelor",
            "ethnicity": "回族",
            "group": world.group_a1.pk,
        },
        orgs=type(world.branch_a).objects.structure_editable_by(world.users["branch_secretary"]),
    )
    return [("党员", world.users["branch_secretary"], reverse("person_edit", args=[person.pk]), person)]


def _org(world):
    return [
        ("党支部", world.users["committee_admin"], reverse("org_edit", args=[world.branch_a.pk]), world.branch_a),
        ("党小组", world.users["branch_secretary"], reverse("org_edit", args=[world.group_a1.pk]), world.group_a1),
    ]


def _plan_items(world):
    from plans import actions
    from plans.models import Claim
    from plans.tests.factories import add_item, make_plan

    secretary, member = world.users["branch_secretary"], world.users["branch_member"]
    plan = make_plan(secretary, world.branch_a)
    dated = add_item(
        secretary,
        plan,
        title="开展“七一”主题党日活动",
        category="主题党日",
        due=datetime.date(2026, 6, 30),
        start_time="09:30",
        place="机关三楼会议室",
        method="重温入党誓词\n参观红色教育基地",
        standard="有方案、有记录、有照片",
        owners=[world.people["secretary"].pk],
    )
    actions.claim_item(dated, by=member, data={"note": "我来组织"})
    actions.confirm_claim(Claim.objects.get(item=dated, person=world.people["member"]), by=secretary)
    monthly = add_item(
        secretary,
        plan,
        title="召开支部委员会会议",
        recurrence="monthly",
        day=15,
        start_time="14:30",
        record_type="committee_meeting",
    )
    by_month = add_item(secretary, plan, title="报送半年工作总结", category="工作报告", month=6)
    url = lambda item: reverse("plans:item_edit", args=[item.pk])  # noqa: E731
    return [
        ("有截止日期和开始时间的事项", secretary, url(dated), dated),
        ("每月事项", secretary, url(monthly), monthly),
        ("只定月份的事项", secretary, url(by_month), by_month),
    ]


def _declarations(world):
    from points import actions
    from records.tests.factories import make_record

    admin, secretary, member = (world.users[k] for k in ("committee_admin", "branch_secretary", "branch_member"))
    scheme = actions.create_scheme(
        by=admin, data={"org": world.committee.pk, "year": 2026, "name": "2026年积分制管理办法", "full_marks": "100",
                        "linkage_every": "10", "linkage_mode": "per_person"},
    )  # fmt: skip
    org_item = actions.add_item(
        scheme, by=admin, data={"dimension": "基础工作", "name": "主题党日", "points": "5", "subject_type": "org"}
    )
    member_item = actions.add_item(
        scheme,
        by=admin,
        data={"dimension": "榜样带动", "name": "志愿服务", "points": "0.5", "subject_type": "member",
              "allow_fraction": "on"},
    )  # fmt: skip
    record = make_record(world.branch_a, "3月主题党日", date="2026-03-18", type="theme_day")
    for_org = actions.create_declaration(
        by=secretary,
        data={"item": org_item.pk, "subject_org": world.branch_a.pk, "quantity": "2", "occurred_on": "2026-03-18",
              "description": "重温入党誓词\n参观党史馆"},
        records=[record.pk],
    )  # fmt: skip
    for_self = actions.create_declaration(
        by=member,
        data={"item": member_item.pk, "subject_person": world.people["member"].pk, "quantity": "1.5",
              "occurred_on": "2026-04-02", "description": "社区志愿服务"},
    )  # fmt: skip
    url = lambda d: reverse("points:declaration_edit", args=[d.pk])  # noqa: E731
    return [("为党组织申报", secretary, url(for_org), for_org), ("本人申报", member, url(for_self), for_self)]


def _records(world):
    from records import actions

    secretary = world.users["branch_secretary"]
    extra = make_person(world.branch_a, "赵磊", seq=9)
    people = (world.people["secretary"], world.people["member"], extra)
    record = actions.create_record(
        by=secretary,
        data={
            "org": world.branch_a.pk,
            "type": "general_meeting",
            "also_counts_as": ["party_lesson"],
            "title": "一季度支部党员大会暨党课",
            "date": "2026-03-20",
            "start_time": "15:00",
            "place": "局机关会议室",
            "host": people[0].pk,
            "recorder": people[1].pk,
            "attendees": [people[0].pk, people[1].pk],
            "agenda": "一、学习传达\n二、专题党课",
            "content": "会议由王秀英主持。\n\n书记讲专题党课。",
            "decisions": "通过季度工作安排",
        },
        absentees=[{"person": extra.pk, "reason": "出差"}],
        orgs=type(world.branch_a).objects.all(),
    )
    return [("会议记录", secretary, reverse("records:record_edit", args=[record.pk]), record)]


def _problems(world):
    from feedback import actions

    secretary = world.users["branch_secretary"]
    problem = actions.create_problem(
        by=secretary,
        data={
            "org": world.branch_a.pk,
            "title": "物业服务纠纷反复出现",
            "description": "入户走访41次，居民反映集中。\n\n同类问题反复出现。",
            "source": "visit",
            "found_on": "2026-03-02",
            "shared": "on",
        },
        orgs=type(world.branch_a).objects.all(),
    )
    return [("问题清单", secretary, reverse("feedback:problem_edit", args=[problem.pk]), problem)]


def _feedback_limits(world):
    from feedback import actions

    admin = world.users["committee_admin"]
    limits = actions.save_limits(world.committee, by=admin, data={"accept_days": 3, "answer_days": 15})
    url = reverse("feedback:limits_edit") + f"?org={world.committee.pk}"
    return [("办理时限", admin, url, limits)]


def _projects(world):
    from projects.tests.factories import make_project, mentor

    her = mentor(world)
    project = make_project(world, mentors=[her.person_id], problem="居民诉求回应慢\n服务力量不足", budget="5000.50")
    url = reverse("projects:project_edit", args=[project.pk])
    return [("立项表", world.users["branch_secretary"], url, project)]


def _project_tasks(world):
    """A task under a summary, with an owner, two predecessors (one with a lag) and progress."""
    from projects import actions_exec
    from projects.tests.factories import make_project

    secretary = world.users["branch_secretary"]
    project = make_project(world)
    add = lambda **d: actions_exec.create_task(project, by=secretary, data=d)  # noqa: E731
    a = add(title="入户走访", start="2026-03-02", end="2026-03-06")
    b = add(title="征求意见", start="2026-03-02", end="2026-03-04")
    summary = add(title="组织实施", start="2026-03-01", end="2026-06-30")
    task = add(
        title="集中攻坚（第一阶段）",
        parent=summary.pk,
        owner=world.people["secretary"].pk,
        start="2026-03-10",
        end="2026-04-30",
        progress=35,
        **{f"pred_{a.pk}": True, f"lag_{a.pk}": 3, f"pred_{b.pk}": True},
    )
    return [("项目任务", secretary, reverse("projects:task_edit", args=[task.pk]), task)]


def _progress_reports(world):
    from projects import actions, actions_exec
    from projects.tests.factories import make_project

    secretary = world.users["branch_secretary"]
    project = make_project(world)
    for step, by in (("submit", secretary), ("approve", world.users["committee_admin"])):
        project = actions.transition(project, step, by=by)
    report = actions_exec.save_report(
        project,
        by=secretary,
        data={
            "month": "2026-03",
            "summary": "走访32户\n认领岗位12个",
            "problems": "个别党员参与少",
            "next_steps": "集中攻坚",
        },
    )
    return [("进度报告", secretary, reverse("projects:report_edit", args=[report.pk]), report)]


def _supervision_groups(world):
    from projects import actions_superv
    from projects.tests.superv_factories import running

    project = running(world)
    admin = world.users["committee_admin"]
    data = {"name": "第一片区", "kind": "area", "leader": world.people["staff"].pk, "projects": [project.pk]}
    group = actions_superv.create_group(world.committee, by=admin, data=data)
    return [("督导组", admin, reverse("projects:group_edit", args=[group.pk]), group)]


def _public_disclosure(world):
    """public: the 四公开 page's progress and effect (multi-line), and the closing report."""
    from projects import actions_public
    from projects.tests.factories_public import project_in

    secretary = world.users["branch_secretary"]
    project = project_in(world, "in_progress")
    d = actions_public.save_disclosure(
        project, by=secretary, data={"progress": "入户走访41次\n建立台账3本", "effect": "诉求办结提速\n满意率上升"}
    )
    return [("四公开", secretary, reverse("projects:disclosure_edit", args=[project.pk]), d)]


def _public_closing_report(world):
    from projects import actions_public
    from projects.tests.factories_public import project_in

    secretary = world.users["branch_secretary"]
    project = project_in(world, "in_progress")
    report = actions_public.save_closing_report(
        project, by=secretary, data={"results": "对照预期目标：\n人均服务14次，超过目标。", "goal_met": "mostly"}
    )
    return [("结题报告", secretary, reverse("projects:closing_report_edit", args=[project.pk]), report)]


def _award_types(world):
    """awards: a committee's award type with a quota and its conditions."""
    from assessments import actions_awards

    admin = world.users["committee_admin"]
    t = actions_awards.create_type(
        world.committee,
        by=admin,
        data={
            "name": "优秀共产党员",
            "subject": "person",
            "quota": 32,
            "description": "先锋模范作用突出",
            "position": 3,
        },
    )
    return [("表彰类型", admin, reverse("assessments:award_type_edit", args=[t.pk]), t)]


def _nominations(world):
    """awards: a draft nomination of a member, with multi-line 主要事迹 and a source note."""
    from assessments import actions_awards

    admin, secretary = world.users["committee_admin"], world.users["branch_secretary"]
    t = actions_awards.create_type(world.committee, by=admin, data={"name": "四优共产党员", "subject": "person"})
    n = actions_awards.create_nomination(
        by=secretary,
        data={
            "award_type": t.pk,
            "year": 2026,
            "person": world.people["member"].pk,
            "reason": "带头开展入户走访\n帮办实事12件",
            "source": "points",
            "source_note": "2026年党员积分排名第1名",
        },
    )
    return [("表彰提名", secretary, reverse("assessments:nomination_edit", args=[n.pk]), n)]


def _assessment_schemes(world):
    """schemes: a scheme with every field filled (description on two lines, thresholds, sections of its own)."""
    from assessments import actions_schemes as actions

    admin = world.users["committee_admin"]
    scheme = actions.create_scheme(
        by=admin,
        data={"org": world.committee.pk, "year": 2026, "name": "“六考一评”考核方案", "description": "六考一评\n按季度考核",
              "stars": [{"stars": 5, "min": 90}, {"stars": 4, "min": 80.5}, {"stars": 1, "min": 0}],
              "selfcheck_sections": [{"key": "practices", "label": "主要做法"}, {"key": "s1", "label": "工作成效"}]},
    )  # fmt: skip
    return [("考核方案", admin, reverse("assessments:scheme_edit", args=[scheme.pk]), scheme)]


def _assessment_items(world):
    """schemes: a 网站汇总 item with its source and formula, a veto item, a plain one."""
    from assessments import actions_schemes as actions

    admin = world.users["committee_admin"]
    scheme = actions.create_scheme(
        by=admin, data={"org": world.committee.pk, "year": 2026, "name": "考核方案", "stars": []}
    )
    platform = actions.add_item(
        scheme,
        by=admin,
        data={"category": "党建", "name": "三会一课", "standard": "按时召开\n按完成率计分", "max_points": "2.5",
              "method": "platform", "source": "plans.compliance", "formula_zero": "60", "formula_full": "100"},
    )  # fmt: skip
    veto = actions.add_item(
        scheme,
        by=admin,
        data={"category": "社会治安", "name": "安全生产", "max_points": "2", "method": "site", "veto": True,
              "veto_cap": "2"},
    )  # fmt: skip
    plain = actions.add_item(
        scheme, by=admin, data={"category": "宣传", "name": "新闻宣传", "max_points": "1", "method": "documents"}
    )
    url = lambda item: reverse("assessments:item_edit", args=[item.pk])  # noqa: E731
    return [("网站汇总项目", admin, url(platform), platform), ("一票否决项目", admin, url(veto), veto),
            ("普通项目", admin, url(plain), plain)]  # fmt: skip


def _appraisal_pledges(world):
    """appraisal: a member's 公开承诺 (multi-line), edited by herself and by her branch's admin."""
    from assessments import actions_appraisal

    member = world.users["branch_member"]
    pledge = actions_appraisal.save_pledge(
        by=member, data={"year": 2026, "content": "带头完成32学时学习；\n每季度参加一次志愿服务。"}
    )
    url = reverse("assessments:pledge_edit", args=[pledge.pk])
    return [("本人", member, url, pledge), ("支部", world.users["branch_secretary"], url, pledge)]


def _assessment_rounds(world):
    """rounds: a draft round with every field filled, and one already in its self-check stage (its targets and
    period are fixed then: an unchanged save must still pass)."""
    import datetime

    from assessments import actions_rounds
    from assessments.tests.factories_rounds import make_assessor, make_round, make_scheme

    admin = world.users["committee_admin"]
    scheme = make_scheme(world)
    kaohe = make_assessor(world, "kaohe_edit", "何考核", seq=43)
    draft = make_round(world, scheme, period="2026Q2", assessors=[kaohe])
    draft = actions_rounds.update_round(
        draft, by=admin, data={"selfcheck_due": "2026-06-20", "methods": ["documents", "site"]}
    )
    started = make_round(world, scheme, state="selfcheck", period="2026Q3", assessors=[kaohe])
    assert draft.selfcheck_due == datetime.date(2026, 6, 20)
    return [
        ("考核轮次（草稿）", admin, reverse("assessments:round_edit", args=[draft.pk]), draft),
        ("考核轮次（自查中）", admin, reverse("assessments:round_edit", args=[started.pk]), started),
    ]


def _mass_surveys(world):
    """mass: a 群众满意度测评 with a round, a multi-line explanation and its dates, in draft and once open."""
    from assessments import actions_mass
    from assessments.tests.factories_rounds import make_round, make_scheme
    from assessments.tests.mass_world import make_survey

    round_ = make_round(world, make_scheme(world, name="满意度测评方案"), period="2026Q3")
    draft, _ = make_survey(world, open_=False, round=round_.pk, intro="请如实评价。\n不了解的可以不评。")
    started, _ = make_survey(world, title="明星党员群众评议", kind="star_member", people=[world.people["member"]])
    assert actions_mass.rules.manages_mass_survey(world.users["committee_admin"], started)
    admin = world.users["committee_admin"]
    return [
        ("群众测评（草稿）", admin, reverse("assessments:mass_edit", args=[draft.pk]), draft),
        ("群众测评（测评中）", admin, reverse("assessments:mass_edit", args=[started.pk]), started),
    ]


def _hour_rules(world):
    from learning import actions

    admin = world.users["committee_admin"]
    data = {
        "org": world.committee.pk,
        "year": 2026,
        "member_hours": "36",
        "cadre_hours": "60",
        "record_party_lesson": "2.5",
        "record_theme_day": "4",
    }
    rule = actions.set_rule(by=admin, data=data)
    url = reverse("learning:rules_edit") + f"?org={world.committee.pk}&year=2026"
    return [("学时要求", admin, url, rule)]


def _exams(world):
    """exams: an exam with every setting filled (a two-line description, partial credit, rows with topic and
    difficulty) and a choice question with a two-line 解析."""
    from learning import actions_exams
    from learning.tests.test_exams_api import exam_body, make_bank

    admin = world.users["committee_admin"]
    make_bank(world.committee)
    body = exam_body(
        world.committee,
        description="闭卷。\n请独立完成。",
        partial_credit=True,
        review="after_close",
        hours="1.5",
        blueprint='[{"type": "single", "topic": "党章", "difficulty": 1, "count": 2, "points": "1.5"}, '
        '{"type": "multiple", "count": 1, "points": "2"}]',
        pass_mark="3",
    )
    exam = actions_exams.create_exam(by=admin, data=body)
    q = actions_exams.create_question(
        by=admin,
        data={
            "org": world.committee.pk,
            "type": "multiple",
            "topic": "支部工作条例",
            "difficulty": 4,
            "stem": "党支部的基本任务包括（ ）。",
            "options": "宣传和执行党的路线\n组织党员学习\n发展党员\n管理监督党员",
            "answer": "ABCD",
            "explanation": "《支部工作条例》第九条。\n逐项对照。",
        },
    )
    return [
        ("考试设置", admin, reverse("learning:exam_edit", args=[exam.pk]), exam),
        ("试题", admin, reverse("learning:question_edit", args=[q.pk]), q),
    ]


BUILDERS = {
    "learning:exam_edit": _exams,  # exams
    "learning:question_edit": _exams,  # exams
    "learning:rules_edit": _hour_rules,
    "assessments:mass_edit": _mass_surveys,  # mass
    "assessments:award_type_edit": _award_types,
    "assessments:nomination_edit": _nominations,
    "assessments:round_edit": _assessment_rounds,
    "org_edit": _org,
    "person_edit": _person,
    "plans:item_edit": _plan_items,
    "points:declaration_edit": _declarations,
    "records:record_edit": _records,
    "feedback:problem_edit": _problems,
    "feedback:limits_edit": _feedback_limits,
    "projects:project_edit": _projects,
    "projects:task_edit": _project_tasks,
    "projects:report_edit": _progress_reports,
    "projects:group_edit": _supervision_groups,
    "projects:disclosure_edit": _public_disclosure,
    "projects:closing_report_edit": _public_closing_report,
    # ---- schemes
    "assessments:scheme_edit": _assessment_schemes,
    "assessments:item_edit": _assessment_items,
    "assessments:pledge_edit": _appraisal_pledges,  # appraisal
}


# ---- annual: 年终总评 in draft, with three rounds and the points ranking weighted (one weight with decimals)
def _annual(world):
    from assessments import actions_annual
    from assessments.tests import annual_world

    aw = annual_world.build(world)
    admin = world.users["committee_admin"]
    weights = {"Q1": "30.5", "Q2": "29.5", "Q3": "20", "points": "20"}
    ev = actions_annual.create_annual(
        by=admin, data=annual_world.payload(aw, world, weights=weights, title="2026年度党支部年终总评")
    )
    return [("年终总评（草稿）", admin, reverse("assessments:annual_edit", args=[ev.pk]), ev)]


BUILDERS["assessments:annual_edit"] = _annual


# ---- courses: a required course with a description of several lines, three audiences and a deadline
def _course(world):
    import datetime

    from learning.tests.factories_courses import make_course, published_course

    admin = world.users["committee_admin"]
    draft = make_course(admin, world.committee, audience=("full", "cadre", "candidate"), due=datetime.date(2099, 6, 30))
    draft.description = "第一行\n第二行\n\n第四行"
    draft.save()
    published, _article, _video = published_course(admin, world.committee, title="已发布课程", required=False)
    return [
        ("课程（草稿）", admin, reverse("learning:course_edit", args=[draft.pk]), draft),
        ("课程（已发布，选修）", admin, reverse("learning:course_edit", args=[published.pk]), published),
    ]


BUILDERS["learning:course_edit"] = _course


# ---- notices: a draft with a body of several lines, chosen categories and a receipt form
def _notice(world):
    from notices.tests.factories_notices import make_notice

    admin = world.users["committee_admin"]
    draft = make_notice(
        admin,
        world.committee,
        draft=True,
        body="第一行\n第二行\n\n第四行",
        audience="categories",
        categories=["full", "activist"],
        receipt_fields=["是否参会", "联系电话"],
        remind_days=5,
    )
    return [("通知（草稿）", admin, reverse("notices:notice_edit", args=[draft.pk]), draft)]


BUILDERS["notices:notice_edit"] = _notice


# ---- teams: 班组/科室 (a front-line team covered by two groups, and an office covered by none)
def _teams(world):
    from orgs.models import Team

    world.branch_a.refresh_from_db()
    group_a2 = world.branch_a.add_child(name="统计局第二党小组", kind="group")
    front = Team.objects.create(org=world.branch_a, name="普查一组", kind="team", front_line=True)
    front.groups.set([world.group_a1, group_a2])
    office = Team.objects.create(org=world.branch_a, name="综合科", kind="section", front_line=False)
    admin = world.users["branch_secretary"]
    return [
        ("班组（一线）", admin, reverse("team_edit", args=[front.pk]), front),
        ("科室", admin, reverse("team_edit", args=[office.pk]), office),
        ("党小组覆盖", admin, reverse("team_groups", args=[front.pk]), front),
        ("党小组覆盖（无）", admin, reverse("team_groups", args=[office.pk]), office),
    ]


BUILDERS["team_edit"] = _teams
BUILDERS["team_groups"] = _teams


# ---- news: a returned 党建动态 with a body of several lines, a photo and the 宣传报道 node it completes
def _news(world):
    from core import dates
    from notices import actions_news
    from notices.tests.news_helpers import png
    from plans.tests.factories import add_item, make_plan

    sec, admin = world.users["branch_secretary"], world.users["committee_admin"]
    plan = make_plan(sec, world.branch_a, year=dates.today().year)
    node = add_item(sec, plan, title="报送信息", category="宣传报道", recurrence="monthly", day=28).occurrences.last()
    data = {
        "org": world.branch_a.pk,
        "title": "支部开展“统计为民”主题党日",
        "date": dates.today().isoformat(),
        "body": "第一段\n第二段\n\n第四段",
        "occurrence": node.pk,
    }
    item = actions_news.create_news(by=sec, data=data, photos=[png()])
    item = actions_news.run(actions_news.run(item, "submit", by=sec), "return", by=admin, data={"reason": "补充"})
    draft = actions_news.create_news(by=sec, data={**data, "occurrence": ""})
    return [
        ("党建动态（已退回）", sec, reverse("notices:news_edit", args=[item.pk]), item),
        ("党建动态（草稿）", sec, reverse("notices:news_edit", args=[draft.pk]), draft),
    ]


BUILDERS["notices:news_edit"] = _news


def _reminder_settings(world):
    """reminders: the member chose e-mail (with her address) and her organisation's 企业微信 robot."""
    from notices import actions_reminders as actions
    from notices.models import ReminderPreference

    url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef0123456789"
    actions.set_robots(world.branch_a.pk, by=world.users["branch_secretary"], data={"wecom_webhook": url})
    member = world.users["branch_member"]
    actions.set_preferences(by=member, data={"email": "on", "email_address": "lina@example.test", "wecom": "on"})
    pref = ReminderPreference.objects.get(person=world.people["member"])
    return [("提醒设置", member, reverse("notices:reminder_settings_edit"), pref)]


def _robots(world):
    """reminders: a branch with both robots set (shown masked; the unchanged form posts them empty)."""
    from notices import actions_reminders as actions

    data = {
        "wecom_webhook": "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abcdef0123456789",
        "dingtalk_webhook": "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef",
    }
    robot = actions.set_robots(world.branch_a.pk, by=world.users["branch_secretary"], data=data)
    admin = world.users["branch_secretary"]
    return [("群机器人", admin, reverse("notices:robot_edit", args=[world.branch_a.pk]), robot)]


BUILDERS["notices:reminder_settings_edit"] = _reminder_settings
BUILDERS["notices:robot_edit"] = _robots


# ---- abbreviations: a committee's 缩略语 with two full forms, one of several parts, and a note
def _synonyms(world):
    from search import actions

    admin = world.users["committee_admin"]
    entry = actions.create_synonym(
        by=admin,
        data={
            "org": world.committee.pk,
            "term": "两优一先",
            "expansions": "优秀共产党员、优秀党务工作者、先进基层党组织\n两优一先表彰",
            "note": "七一表彰",
        },
    )
    return [("缩略语", admin, reverse("search:synonym_edit", args=[entry.pk]), entry)]


BUILDERS["search:synonym_edit"] = _synonyms


# ---------------------------------------------------------------------------------------- discovery


def _walk(patterns, namespace="", route=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from _walk(p.url_patterns, ns, route + str(p.pattern))
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", route + str(p.pattern)


def edit_pages():
    """URL names of every page that edits an existing object, as the URL conf has them today."""
    found = {
        name for name, route in _walk(get_resolver().url_patterns) if name.endswith("edit") or route.endswith("edit/")
    }
    return sorted(found | set(EDIT_PAGES))


def test_every_edit_page_has_a_builder():
    missing = [name for name in edit_pages() if name not in BUILDERS]
    assert not missing, (
        f"Edit pages without a round-trip builder: {missing}. Add one to BUILDERS in tests/test_edit_roundtrip.py "
        "(an object with every field filled, and a user allowed to edit it)."
    )
    assert "person_edit" in edit_pages() and "plans:item_edit" in edit_pages()  # discovery itself works


@pytest.mark.parametrize("url_name", edit_pages())
def test_saving_an_unchanged_edit_form_changes_nothing(world, client, url_name):
    if url_name not in BUILDERS:
        pytest.fail(f"{url_name}: no builder (see test_every_edit_page_has_a_builder)")
    cases = BUILDERS[url_name](world)
    assert cases, f"{url_name}: the builder made no object"
    for label, user, url, obj in cases:
        before = snapshot(obj)
        client.force_login(user)
        response = submit_unchanged(client, url)
        assert response.status_code == 302, f"{url_name} ({label}): the unchanged form was refused:\n" + "\n".join(
            re.findall(
                r'class="(?:invalid-feedback|alert alert-danger)[^"]*"[^>]*>(.*?)</div>',
                response.content.decode(),
                re.S,
            )
        )
        after = snapshot(obj)
        changed = _differences(before, after)
        assert not changed, f"{url_name} ({label}): saving the unchanged form changed {changed}"


def test_the_browser_emulation_drops_a_localised_date_as_chromium_does():
    """The emulation must fail the way the bug did, or the round trip above proves nothing."""
    reader = FormReader()
    reader.feed(
        '<form method="post"><input type="date" name="a" value="1983/06/20"><input type="date" name="b" '
        'value="1983-06-20"><input type="time" name="c" value="9:30"><textarea name="d">\nx\ny</textarea>'
        '<select name="e"><option value="1">一</option><option value="2" selected>二</option></select>'
        '<select name="f"><option value="">—</option><option value="3">三</option></select>'
        '<input type="checkbox" name="g" value="1"><input name="h" value="v" disabled></form>'
    )
    assert reader.forms[0]["fields"] == [
        ("a", ""),
        ("b", "1983-06-20"),
        ("c", ""),
        ("d", "x\r\ny"),
        ("e", "2"),
        ("f", ""),
    ]
