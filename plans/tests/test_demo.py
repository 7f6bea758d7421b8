import datetime
import importlib

from plans import compliance
from plans.models import Claim, ItemOwner, Occurrence, Plan


def test_demo_builds_the_statistics_branch_plan_with_claims_and_a_template(db):
    world = {"password": "Dangjian@2026x"}
    for app in ("orgs", "records", "plans"):
        try:
            module = importlib.import_module(f"{app}.demo")
        except ModuleNotFoundError:
            continue
        module.build(world)
    plan = Plan.objects.get(org=world["stats_branch"], year=2026)
    assert plan.is_template and "主体责任清单" in plan.source
    titles = set(plan.items.values_list("title", flat=True))
    assert "赴章丘区三涧溪村开展党员教育" in titles
    assert set(plan.items.values_list("category", flat=True)) >= {
        "会务安排",
        "三会一课",
        "主题党日",
        "党员教育",
        "宣传报道",
        "廉政建设",
        "组织建设",
        "档案管理",
    }
    assert {c.state for c in Claim.objects.filter(item__plan=plan)} == {"pending", "confirmed"}
    assert ItemOwner.objects.filter(item__plan=plan, source="claim").count() == 2
    assert plan.items.filter(ownerships__isnull=True).exists()  # the division table has something to show
    assert Plan.objects.filter(cloned_from=plan).count() == 4
    assert Occurrence.objects.filter(item__plan=plan, completed_on__isnull=False).exists()
    cells = compliance.compute(world["committee"], 2026, today=datetime.date(2026, 11, 22))
    assert len({c.branch.id for c in cells}) == len(world["branches"])
