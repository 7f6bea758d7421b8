"""Demo of the warnings and the monthly report: the working committee remembers 30 days for the 支委会's amber
warning; last month's report is published with a comment, this month's is a draft. The colours of the table come
from the plans and records demos (the meeting records they file)."""

from core import dates, workflow

from . import actions_warnings as actions


def build(world):
    committee, admin = world["committee"], world["users"]["committee"]
    actions.save_setting(committee, "plans.committee_meeting", by=admin, data={"enabled": "on", "amber_days": "30"})
    today = dates.today()
    first = today.replace(day=1)
    last = first.replace(year=first.year - (first.month == 1), month=(first.month - 2) % 12 + 1)
    from orgs.models import Organisation

    orgs = Organisation.objects.filter(pk=committee.pk)
    published = actions.generate_report(
        by=admin, data={"org": committee.pk, "month": f"{last.year}-{last.month:02d}"}, orgs=orgs, today=today
    )
    actions.comment_report(
        published,
        by=admin,
        data={"section": "late", "text": "请有红色预警的党支部在本月内补开会议，并在系统中补登记录。"},
    )
    workflow.run(published, "publish", by=admin)
    actions.generate_report(
        by=admin, data={"org": committee.pk, "month": f"{today.year}-{today.month:02d}"}, orgs=orgs, today=today
    )
