"""The extras' declared workflows are consistent: `run()` succeeds exactly when `available()` lists a transition,
and the list pages show exactly those buttons (补录, 学历认证, 需求调查)."""

import datetime

import pytest

from core import dates
from core.testing import make_user, workflow_mismatches
from learning import actions_extras as extras
from learning.choices import EducationState, NeedsState, OfflineState
from learning.models import EducationRecord, NeedsSurvey, OfflineTraining
from learning.workflows_extras import EDUCATION, NEEDS, OFFLINE

from .extras_helpers import PDF, offline_body, page_client

pytestmark = pytest.mark.django_db


def _personas(world):
    u = world.users
    return {
        "committee_admin": u["committee_admin"],
        "branch_admin": u["branch_secretary"],
        "member": u["branch_member"],
        "outsider": u["outsider"],
        "stranger": make_user("stranger"),
        "sysadmin": u["sysadmin"],
    }


def _data(name, obj):
    return {"reason": "材料不全", "comment": "同意"}


def _page(url):
    def page(obj, user):
        r = page_client(user).get(url)
        return r.content.decode() if r.status_code == 200 else ""

    return page


def _file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("证书.pdf", PDF)


def test_the_offline_workflow_is_consistent_with_its_list(world):
    u = world.users

    def make(state):
        t = extras.enter_offline(
            by=u["branch_secretary"], data=offline_body(world.people["member"]), certificate=_file()
        )
        if state != OfflineState.SUBMITTED:
            extras.decide_offline(
                t, "return" if state == OfflineState.RETURNED else "approve", by=u["committee_admin"], data=_data("", t)
            )
            t.refresh_from_db()
        if state == OfflineState.REVOKED:
            extras.decide_offline(t, "revoke", by=u["committee_admin"], data=_data("", t))
        return OfflineTraining.objects.get(pk=t.pk)

    problems = workflow_mismatches(
        OFFLINE,
        states=list(OfflineState),
        make=make,
        personas=_personas(world),
        data=_data,
        page=_page("/learning/offline/"),
    )
    assert problems == []


def test_the_education_workflow_is_consistent_with_its_list(world):
    u = world.users

    def make(state):
        r = extras.enter_education(
            by=u["branch_member"],
            data={
                "person": world.people["member"].pk,
                "level": "bachelor",
                "school": "山东大学",
                "graduated_on": "2010-06-30",
            },
            certificate=_file(),
        )
        if state == EducationState.VERIFIED:
            extras.decide_education(r, "verify", by=u["branch_secretary"])
        elif state == EducationState.REJECTED:
            extras.decide_education(r, "reject", by=u["branch_secretary"], data={"reason": "不清晰"})
        return EducationRecord.objects.get(pk=r.pk)

    problems = workflow_mismatches(
        EDUCATION,
        states=list(EducationState),
        make=make,
        personas=_personas(world),
        data=_data,
        page=_page("/learning/education/"),
    )
    assert problems == []


def test_the_needs_survey_workflow_is_consistent(world):
    u = world.users
    closes = (dates.today() + datetime.timedelta(days=5)).isoformat()

    def make(state):
        s = extras.create_survey(
            by=u["committee_admin"],
            data={"org": world.committee.pk, "title": "调查", "topics": "a\nb", "formats": "c\nd", "closes": closes},
        )
        if state == NeedsState.CLOSED:
            extras.close_survey(s, by=u["committee_admin"])
        return NeedsSurvey.objects.get(pk=s.pk)

    def page(obj, user):
        r = page_client(user).get(f"/learning/needs/{obj.pk}/results/")
        return r.content.decode() if r.status_code == 200 else ""

    problems = workflow_mismatches(
        NEEDS, states=list(NeedsState), make=make, personas=_personas(world), data=_data, page=page
    )
    assert problems == []
