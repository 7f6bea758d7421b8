"""Filing a record completes the plan occurrences it fulfils, without anyone linking it by hand."""

import pytest
from django.apps import apps

from plans.models import Occurrence

pytestmark = pytest.mark.skipif(not apps.is_installed("records"), reason="records app not installed")


def _plan_with_monthly_committee_meeting(client, world):
    plan = client.post("plans", {"org": world.branch_a.id, "year": 2026, "title": "2026年度党建工作清单"}).json()
    r = client.post(
        f"plans/{plan['id']}/items",
        {
            "category": "三会一课",
            "title": "召开支部委员会会议",
            "when": {"recurrence": "monthly", "day": 25},
            "record_type": "committee_meeting",
            "method": "书记主持",
            "standard": "有记录",
        },
    )
    assert r.status_code == 201, r.content
    return r.json()


def test_filing_a_committee_meeting_completes_that_months_occurrence(world, branch_secretary, api):
    client = api(branch_secretary)
    item = _plan_with_monthly_committee_meeting(client, world)
    r = client.post(
        "records",
        {
            "org": world.branch_a.id,
            "type": "committee_meeting",
            "title": "3月支委会",
            "date": "2026-03-20",
            "content": "研究发展党员工作",
        },
    )
    assert r.status_code == 201, r.content
    march = Occurrence.objects.get(item_id=item["id"], period="2026-03")
    assert march.record_id == r.json()["id"]
    assert march.completed_on.isoformat() == "2026-03-20"
    assert Occurrence.objects.filter(item_id=item["id"], completed_on__isnull=False).count() == 1


def test_a_record_of_another_type_or_branch_completes_nothing(world, branch_secretary, outsider, api):
    item = _plan_with_monthly_committee_meeting(api(branch_secretary), world)
    api(branch_secretary).post(
        "records", {"org": world.branch_a.id, "type": "theme_day", "title": "主题党日", "date": "2026-03-20"}
    )
    api(outsider).post(
        "records", {"org": world.branch_b.id, "type": "committee_meeting", "title": "B支委会", "date": "2026-03-20"}
    )
    assert not Occurrence.objects.filter(item_id=item["id"], completed_on__isnull=False).exists()
