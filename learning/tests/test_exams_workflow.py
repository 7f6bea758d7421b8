"""The exam workflow is consistent: `run()` succeeds exactly when `available()` lists a transition, and the exam
page shows exactly those buttons — for each state and persona."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from core.testing import workflow_mismatches
from learning import actions_exams
from learning.choices import ExamState
from learning.models import Exam
from learning.tests.test_exams_api import exam_body, make_bank
from learning.workflows_exams import EXAM

pytestmark = pytest.mark.django_db


def test_the_exam_workflow_matches_its_page(world):
    make_bank(world.committee)
    admin = world.users["committee_admin"]

    def make(state):
        body = exam_body(world.committee)
        body["blueprint"] = json.dumps(body["blueprint"])
        exam = actions_exams.create_exam(by=admin, data=body)
        Exam.objects.filter(pk=exam.pk).update(state=state)
        return Exam.objects.select_related("org").get(pk=exam.pk)

    def page(exam, user):
        client = Client()
        client.force_login(user)
        r = client.get(reverse("learning:exam_detail", args=[exam.pk]))
        return r.content.decode() if r.status_code == 200 else ""

    personas = {k: world.users[k] for k in ("committee_admin", "branch_secretary", "branch_member", "sysadmin")}
    assert workflow_mismatches(EXAM, states=list(ExamState), make=make, personas=personas, page=page) == []
