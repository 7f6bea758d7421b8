"""Demo of 四公开, the mass survey, acceptance and awards on the projects of projects/demo.py.

Every project from 立项 on gets its public page; surveys are answered by scanning (anonymous, from several client
addresses), entered one by one from paper, or as counts with a scanned form. 支部档案数字化 stays at 75%
(7 满意, 2 基本满意, 3 不满意: not eligible). The closing-requested project writes its closing report, a panel of two
(an 优秀书记 of another branch and a member of the committee's office) scores it and the committee accepts it; with the
accepted 统计数据质量“1+N”攻坚 it is awarded (十佳项目 and 精品项目: two cases for 经验交流), and the former is also
nominated to the level above for 示范项目 (申报区级示范项目, left for the decision).
"""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from core.errors import ActionError

from . import actions, actions_public
from .models import ClosingReport, Project, Score, Scorer

# A one-page PDF standing in for a scanned survey form / an evidence file.
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PUBLIC_STATES = ("approved", "in_progress", "closing_requested", "accepted", "not_accepted")
PROGRESS = {
    "approved": "已完成立项，正在组建工作队伍、细化任务分解。",
    "in_progress": "按甘特图推进：调研选题已完成，组织实施阶段完成约60%。",
    "closing_requested": "各项任务已全部完成，已提交结题报告，等待验收。",
    "accepted": "项目已通过验收。",
    "not_accepted": "主要任务未按期完成，正在整改。",
}
# title → (满意, 基本满意, 不满意) answered by scanning or entered from paper
SURVEYS = {
    "统计数据质量“1+N”攻坚": (18, 3, 1),
    "支部档案数字化": (7, 2, 3),  # 75%: below the threshold, not eligible
    "廉洁文化进机关": (5, 3, 6),
    "普查一线党旗红": (4, 1, 0),
    "业务窗口党员示范岗": (3, 1, 1),
}
RESULTS = {
    "统计数据质量“1+N”攻坚": "对照“破解一类难题、形成一项可复制机制”的预期目标：建立“1名党员+N名统计员”质量帮带机制，"
    "全年数据差错率由1.2%降到0.3%，形成《统计数据质量党员攻坚工作法》在全局推广。",
    "支部档案数字化": "完成支部近五年档案的扫描和编目，实现“一档一码、随查随用”；档案电子化率100%。",
    "廉洁文化进机关": "开展廉洁教育4次；原定的廉洁文化长廊和警示教育基地两项任务未按期完成。",
    "在职党员进社区“七彩心桥”": "对照“每名党员全年服务不少于12次”的目标：在职党员全部到社区报到，人均服务14次；"
    "认领居民微心愿86个，办结群众诉求112件，社区“12345”工单下降三成。",
}


def _admin_of(world, project):
    users = world["users"]
    for name in ("secretary1", "secretary2"):
        user = users.get(name)
        if user is not None and user.has_perm("projects.manage", project):
            return user
    return users["committee"]


def _answer(world, project, by, satisfied, basically, dissatisfied, *, token):
    """About half answered by scanning (anonymous, several addresses), the rest entered from paper."""
    answers = ["satisfied"] * satisfied + ["basically_satisfied"] * basically + ["dissatisfied"] * dissatisfied
    for n, rating in enumerate(answers):
        if n % 2 == 0 and project.state not in ("accepted", "not_accepted"):
            actions_public.submit_public_response(
                token, data={"rating": rating, "comment": ""}, client_address=f"10.8.{n // 200}.{n % 200 + 1}"
            )
        else:
            actions_public.enter_response(project, by=by, data={"rating": rating, "comment": ""})


def _report(project, by, results):
    """The closing report of a project decided before this demo ran (written as it would have been)."""
    ClosingReport.objects.update_or_create(project=project, defaults={"results": results, "written_by": by})


def _panel_scores(project, people, scores, committee):
    """The panel of an already decided project (its scores as recorded at the decision)."""
    criteria = list(project.criteria.order_by("position", "id"))
    for person, row in zip(people, scores, strict=False):
        seat = Scorer.objects.create(project=project, person=person, added_by=committee, scored_at=timezone.now())
        Score.objects.bulk_create(Score(scorer=seat, criterion=c, score=v) for c, v in zip(criteria, row, strict=False))


def build(world):
    users = world["users"]
    committee = users["committee"]
    projects = list(Project.objects.filter(state__in=PUBLIC_STATES).select_related("org").order_by("id"))
    by_title = {p.title: p for p in projects}
    for project in projects:
        by = _admin_of(world, project)
        d = actions_public.save_disclosure(
            project,
            by=by,
            data={
                "progress": PROGRESS[project.state],
                "effect": RESULTS.get(project.title, "") if project.state == "accepted" else "",
            },
        )
        counts = SURVEYS.get(project.title)
        if counts:
            _answer(world, project, by, *counts, token=d.token)

    # 在职党员进社区“七彩心桥”: a paper survey at the residents' meeting, the closing report, the panel, acceptance.
    closing = by_title.get("在职党员进社区“七彩心桥”")
    mentor = users.get("mentor1")
    secretary1 = users.get("secretary1")
    if closing is not None and closing.state == "closing_requested":
        by = _admin_of(world, closing)
        actions_public.enter_paper_counts(
            closing,
            by=by,
            data={
                "held_on": (timezone.localdate() - datetime.timedelta(days=3)).isoformat(),
                "satisfied": 20,
                "basically_satisfied": 4,
                "dissatisfied": 1,
                "note": "结题前居民议事会现场测评",
            },
            files=[SimpleUploadedFile("居民满意度测评表（扫描件）.pdf", PDF)],
        )
        actions_public.save_closing_report(
            closing,
            by=by,
            data={"results": RESULTS[closing.title], "goal_met": "met"},
            files=[SimpleUploadedFile("在职党员服务台账.pdf", PDF)],
        )
        panel = [u for u in (secretary1, users.get("reviewer_l1") or committee) if u is not None and u.person_id]
        criteria = list(closing.criteria.order_by("position", "id"))
        for user, row in zip(panel, ((92, 88, 95), (90, 85, 93)), strict=False):
            actions_public.add_scorer(closing, by=committee, data={"person": user.person_id})
            data = {f"c{c.pk}": v for c, v in zip(criteria, row, strict=False)}
            actions_public.submit_scores(closing, by=user, data={**data, "comment": "台账齐全，群众认可度高。"})
        closing = actions.transition(closing, "accept", by=committee, comment="目标达成，台账齐全，同意结题。")

    # The projects accepted (or not) before: their closing reports and recorded panel scores.
    people = [u.person for u in (users.get("secretary2"), secretary1, mentor) if u is not None and u.person_id]
    for title, scores in (
        ("统计数据质量“1+N”攻坚", ((95, 90, 94), (93, 92, 96))),
        ("支部档案数字化", ((85, 80, 70), (82, 78, 72))),
        ("廉洁文化进机关", ((60, 58, 55), (62, 60, 50))),
    ):
        project = by_title.get(title)
        if project is None or project.state not in ("accepted", "not_accepted"):
            continue
        _report(project, _admin_of(world, project), RESULTS[title])
        panel = [p for p in people if not p.org.path.startswith(project.org.path)][:2]
        _panel_scores(project, panel, scores, committee)

    # 层层打擂: 十佳项目 and 精品项目 approved (two cases), and 申报区级示范项目 awaiting the level above.
    awards = (
        (
            "统计数据质量“1+N”攻坚",
            "top10",
            "建立“1+N”质量帮带机制，数据差错率下降四分之三，形成可复制的党员攻坚工作法。",
            True,
        ),
        (
            "在职党员进社区“七彩心桥”",
            "fine",
            "在职党员到社区报到、认领服务岗位，架起党群连心桥，社区工单下降三成。",
            True,
        ),
        ("统计数据质量“1+N”攻坚", "demo", "党建与统计业务深度融合的典型，申报区级党建示范项目。", False),
    )
    for title, kind, citation, approve in awards:
        project = Project.objects.filter(title=title, state="accepted").first()
        if project is None:
            continue
        try:
            award = actions_public.nominate(project, by=committee, data={"kind": kind, "citation": citation})
            if approve:
                actions_public.transition_award(award, "approve", by=committee, data={"comment": "党委会研究通过。"})
        except ActionError:
            continue  # e.g. the demo is loaded after the projects' end dates: not eligible, no award
