"""Pages of 网络学院's study hours: 我的学时 (or a person's), the gap list of a subtree, and the yearly rule."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse

from core import dates
from core.errors import NotFound
from core.pages import form_page
from core.scoping import get_object_for_user
from core.verbs import require_verb
from orgs.models import Organisation, Person

from . import actions, hours, rules
from .api import person_for
from .forms import HourRuleForm


def _year(request):
    try:
        year = int(request.GET.get("year") or dates.today().year)
    except ValueError:
        year = dates.today().year
    return year if 2000 <= year <= 2100 else dates.today().year


def _years():
    this = dates.today().year
    return list(range(this, this - 4, -1))


@login_required
def my_hours(request):
    """我的学时, or the hours of `?person=` for someone who reads that person (404 otherwise)."""
    user = request.user
    require_verb(user, "core.do_business")
    pk = request.GET.get("person") or user.person_id
    if not pk:
        raise NotFound()
    try:
        person = person_for(int(pk), user)
    except ValueError:
        raise NotFound() from None
    require_verb(user, "learning.read_hours", person)
    year = _year(request)
    h = hours.of_person(person, year)
    percent = min(100, int(h.earned * 100 / h.required)) if h.required else 100
    return render(
        request,
        "learning/hours.html",
        {
            "h": h,
            "percent": percent,
            "own": person.pk == user.person_id,
            "year": year,
            "years": _years(),
            "months_left": hours.months_left(year, dates.today()),
        },
    )


@login_required
def gaps(request):
    """学时缺口: the members of a subtree below their requirement, the most missing first."""
    user = request.user
    orgs = list(
        Organisation.objects.visible_to(user).filter(
            kind__in=("committee", "working_committee", "general_branch", "branch")
        )
    )
    orgs = [o for o in orgs if user.has_perm("learning.read_gaps", o)]
    if not orgs:
        require_verb(user, "learning.read_gaps", None)
    try:
        chosen = int(request.GET.get("org") or orgs[0].pk)
    except ValueError:
        raise NotFound() from None
    org = next((o for o in orgs if o.pk == chosen), None)
    if org is None:
        org = get_object_for_user(Organisation, chosen, user)
        require_verb(user, "learning.read_gaps", org)
    year = _year(request)
    people = Person.objects.visible_to(user).filter(org__path__startswith=org.path)
    rows = hours.gaps(people, year)
    for g in rows:
        g.percent = min(100, int(g.earned * 100 / g.required)) if g.required else 100
    return render(
        request,
        "learning/gaps.html",
        {
            "org": org,
            "orgs": orgs,
            "rows": rows,
            "year": year,
            "years": _years(),
            "months_left": hours.months_left(year, dates.today()),
            "req": hours.requirement(org, year),
        },
    )


@login_required
def rule_edit(request):
    """学时要求: the committee's yearly requirement and what each learning record credits."""
    user = request.user
    orgs = rules.rule_orgs(user)
    require_verb(user, "learning.set_rules", orgs.first())
    try:
        org = orgs.get(pk=int(request.GET.get("org") or orgs.first().pk))
    except (ValueError, Organisation.DoesNotExist):
        raise NotFound() from None
    year = _year(request)
    initial = HourRuleForm.initial_for(hours.requirement(org, year), org)
    initial["year"] = year
    form = HourRuleForm(request.POST or None, initial=initial, orgs=orgs)
    return form_page(
        request,
        form,
        action=lambda: actions.set_rule(by=user, data=request.POST),
        success=lambda r: f"已保存{r.org.name}{r.year}年学时要求。",
        redirect_to=lambda r: f"{reverse('learning:rules_edit')}?org={r.org_id}&year={r.year}",
        template="learning/rule_form.html",
        title="学时要求",
        org=org,
        year=year,
        years=_years(),
        orgs=orgs,
        testid="hour-rule-form",
    )


def hours_panels(user, person):
    """学时 on the person's page: this year's hours against the requirement (for those who read them)."""
    if not user.has_perm("learning.read_hours", person):
        return []
    year = dates.today().year
    h = hours.of_person(person, year)
    url = f"{reverse('learning:hours')}?person={person.pk}&year={year}"
    text = f"{year}年已获 {h.earned} 学时 / 应达 {h.required} 学时"
    note = "已达标" if not h.missing else f"还差 {h.missing} 学时"
    return [{"title": "学习学时", "rows": [{"text": text, "url": url, "note": note}], "more_url": url}]


def may_read_gaps(user):
    return rules.may_read_gaps(user)


def has_person(user):
    return bool(user.person_id) and rules.is_business_user(user)
