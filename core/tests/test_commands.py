import re
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from accounts.models import RoleAssignment, User
from orgs.models import Organisation, Person


@pytest.mark.django_db
def test_loaddemo_builds_the_world_and_its_accounts_see_their_scope(client):
    call_command("loaddemo", password="Demo-Pass-2026")
    assert Organisation.objects.filter(kind="branch").count() >= 20
    assert 250 <= Person.objects.count() <= 400
    for username in [
        "sysadmin",
        "secadmin",
        "auditor",
        "committee",
        "secretary1",
        "secretary2",
        "member1",
        "member2",
        "reviewer_l1",
        "reviewer_l2",
        "reviewer_l3",
    ]:
        r = client.post("/accounts/login/", {"username": username, "password": "Demo-Pass-2026"})
        assert r.status_code == 302 and r["Location"] == "/", username
        assert client.get("/").status_code == 200
        client.post("/accounts/logout/")
    secretary = User.objects.get(username="secretary1")
    client.force_login(secretary)
    other = Person.objects.exclude(org=secretary.person.org).first()
    assert client.get(f"/people/{other.pk}/").status_code == 404
    assert client.get(f"/people/{secretary.person.pk}/").status_code == 200
    # Every demo person's ID number passes the check-digit validation.
    from orgs import idnumber

    for p in Person.objects.all()[:50]:
        idnumber.parse(p.get_id_number())
    _readme_tells_the_demo_as_it_is()


def _readme_tells_the_demo_as_it_is():
    """The README's demo paragraph and account table state the loaded world's real figures and accounts."""
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    demo = readme[readme.index("`make run` loads the demo world") : readme.index("Production:")]
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    categories = Counter(Person.objects.values_list("category", flat=True))

    def stated(label):
        pattern = r"\s+".join(re.escape(word) for word in label.split())  # the README wraps lines anywhere
        return int(re.search(rf"(\d+)\s+{pattern}", demo).group(1))

    assert stated("unit Party committees") == kinds["committee"]
    assert stated("general branches") == kinds["general_branch"]
    assert stated("branches and") == kinds["branch"]
    assert stated("party groups") == kinds["group"]
    assert stated("people") == Person.objects.count()
    from feedback.models import Feedback, Problem
    from projects.models import Award, Expense, Inspection, Project, SurveyResponse, Task

    assert stated("suggestions") == Feedback.objects.count()
    assert stated("problems of the problem list") == Problem.objects.count()
    from projects.choices import LEVEL_STATES, ProjectState

    assert stated("projects in every state") == Project.objects.count()
    one_level = {s.value for s in ProjectState} - {LEVEL_STATES[2], LEVEL_STATES[3]}
    assert set(Project.objects.values_list("state", flat=True)) == one_level
    assert stated("tasks") == Task.objects.count()
    assert stated("inspections") == Inspection.objects.count()
    assert stated("survey answers") == SurveyResponse.objects.count()
    assert stated("expenses") == Expense.objects.count()
    assert stated("awards") == Award.objects.filter(state="approved").count()
    from assessments.models import Item, Nomination, Pledge, Round, Score

    assert stated("items in 6 categories") == Item.objects.count()
    assert stated("quarterly rounds published") == Round.objects.filter(state="published").count()
    assert stated("scores)") == Score.objects.count()
    assert stated("pledges") == Pledge.objects.count()
    assert stated("recognitions of last year") == Nomination.objects.filter(state="awarded").count()
    from assessments.models import AnnualResult, MassCode, MassSurvey, MassVote
    from learning.models import Attempt, Course, Exam, HourEntry, Question, StudyStar

    assert stated("organisations ranked") == AnnualResult.objects.count()
    assert stated("群众测评") == MassSurvey.objects.count()
    assert stated("one-time codes") == MassCode.objects.count()
    assert stated("votes;") == MassVote.objects.count()
    assert stated("study-hour credits") == HourEntry.objects.count()
    assert stated("online courses") == Course.objects.count()
    assert stated("exam questions") == Question.objects.count()
    assert stated("exams (one") == Exam.objects.count()
    assert stated("attempts, one") == Attempt.objects.count()
    assert stated("学习之星") == StudyStar.objects.count()
    for label, code in [
        ("正式党员", "full"),
        ("预备党员", "probationary"),
        ("发展对象", "candidate"),
        ("入党积极分子", "activist"),
    ]:
        assert stated(label) == categories[code], label
    table = demo[demo.index("| account |") :].split("\n\n")[0]
    rows = table.splitlines()[2:]
    named = {u for row in rows for u in re.findall(r"`([a-z_0-9]+)`", row.split("|")[1])}
    first, last = re.search(r"`branch(\d+)` … `branch(\d+)`", table).groups()
    skipped = {f"branch{n}" for pair in re.findall(r"branch(\d+) and branch(\d+) are", table) for n in pair}
    ranged = {f"branch{n:02d}" for n in range(int(first), int(last) + 1)} - skipped
    assert (
        set(User.objects.values_list("username", flat=True)) == (named - {f"branch{first}", f"branch{last}"}) | ranged
    )
    others = {u for u in named | ranged if u.startswith("branch")}
    assert int(re.search(r"other (\d+) branches", table).group(1)) == len(others)


@pytest.mark.django_db
def test_loaddemo_refuses_a_non_empty_database_and_weak_passwords():
    with pytest.raises(CommandError):
        call_command("loaddemo", password="weak")
    Organisation.add_root(name="已有", kind="committee")
    with pytest.raises(CommandError):
        call_command("loaddemo")
    call_command("loaddemo", if_empty=True)  # silently skipped
    assert Organisation.objects.count() == 1


@pytest.mark.django_db
def test_createadmins_makes_the_three_system_accounts(monkeypatch):
    for name in ("SYSADMIN", "SECADMIN", "AUDITOR"):
        monkeypatch.setenv(f"DJ_{name}_PASSWORD", f"Harbor-Lotus-{name[:2]}-2026")  # not containing the username
    call_command("createadmins")
    for role in ("sysadmin", "secadmin", "auditor"):
        assert RoleAssignment.objects.filter(user__username=role, role=role, org=None).exists()
    call_command("createadmins")  # idempotent
    assert User.objects.count() == 3


@pytest.mark.django_db
def test_createadmins_refuses_a_weak_password(monkeypatch):
    monkeypatch.setenv("DJ_SYSADMIN_PASSWORD", "sysadmin")
    with pytest.raises(CommandError):
        call_command("createadmins")
    assert not User.objects.exists()


def test_deploy_check_refuses_the_development_secret_key(settings):
    from core.checks import keys_are_set

    ids = [p.id for p in keys_are_set(None)]
    assert "dangjian.E001" in ids
    settings.SECRET_KEY = "a-real-production-secret-0123456789-abcdefghijklmnopqrstuvwxyz"
    settings.FIELD_ENCRYPTION_KEY = "another-long-secret"
    settings.AUDIT_HMAC_KEY = "a-third-long-secret-for-the-audit-chain"
    assert keys_are_set(None) == []
