"""Browser flows of the closed 网络学院 gaps at 1280 and 375 px: the committee withdraws a named 学习之星 after the
page asks first, and the member's exam result shows on her page."""

import datetime

import pytest
from django.utils import timezone

from core.testing import make_person


def _shot(page, name):
    import pathlib

    shots = pathlib.Path("/tmp/gaps/shots")
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / f"{name}.png"), full_page=True)


def _star_and_result(w):
    from learning import actions_extras, hours
    from learning.models import Attempt, Exam

    admin = w.users["committee_admin"]
    star = make_person(w.branch_a, "周敏", seq=90)
    hours.credit(star, source="lesson", ref=1, hours=6, date=datetime.date(2026, 3, 10), note="在线学习")
    actions_extras.name_stars(
        by=admin,
        data={"org": w.committee.pk, "period_kind": "month", "year": 2026, "period": 3, "people": [star.pk]},
    )
    now = timezone.now()
    exam = Exam.objects.create(
        org=w.committee,
        title="党章知识测试",
        state="published",
        opens=now - datetime.timedelta(days=1),
        closes=now + datetime.timedelta(days=1),
        minutes=30,
        pass_mark=6,
        blueprint=[{"type": "single", "count": 10, "points": "1"}],
    )
    Attempt.objects.create(
        exam=exam,
        person=w.people["member"],
        number=1,
        state="done",
        started_at=now,
        deadline=now,
        submitted_at=now,
        score=8,
        passed=True,
    )
    return star


@pytest.mark.parametrize("width", [1280, 375])
def test_the_committee_withdraws_a_star_after_confirming(e2e_world, page, login, nav, width):
    page.set_viewport_size({"width": width, "height": 900})
    _star_and_result(e2e_world)
    login("member_a")
    page.goto(f"{page.base}/people/{e2e_world.people['member'].pk}/")
    panel = page.get_by_text("党章知识测试")
    assert panel.count() == 1 and "8.0分（满分10分）· 通过" in page.content()
    _shot(page, f"person-exams-{width}")

    page.context.clear_cookies()
    login("committee")
    nav("学习之星")
    card = page.locator("[data-star]").first
    assert "周敏" in card.inner_text()
    _shot(page, f"star-list-{width}")
    card.locator("[data-testid=star-withdraw]").click()
    modal = page.locator("#confirm-modal")
    modal.wait_for()
    assert "确定撤销吗" in modal.inner_text()
    _shot(page, f"star-withdraw-confirm-{width}")
    modal.locator("[data-confirm-accept]").click()
    page.wait_for_load_state("domcontentloaded")
    assert "已撤销周敏的2026年3月学习之星。" in page.content()
    assert page.locator("[data-star]").count() == 0
