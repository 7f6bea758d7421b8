"""The writes of 网络学院: each checks its verb, validates, runs in one transaction and is audited."""

from decimal import Decimal

from django.db import transaction

from core import audit
from core.forms import validate
from core.verbs import require_verb
from orgs.models import Organisation

from . import hours, rules
from .forms import HourRuleForm
from .models import HourRule


def _one_place(value):
    return f"{Decimal(str(value)):.1f}"


def _snapshot(rule):
    """What the rule says, with every figure to one decimal place (32 and 32.0 are the same requirement)."""
    return {
        "member_hours": _one_place(rule.member_hours),
        "cadre_hours": _one_place(rule.cadre_hours),
        "record_hours": {k: _one_place(v) for k, v in sorted((rule.record_hours or {}).items())},
    }


def set_rule(*, by, data):
    """学时要求 of a committee for a year (created or changed); the year's record credits of its subtree follow."""
    cleaned = validate(HourRuleForm(data, orgs=rules.rule_orgs(by)))
    org = cleaned["org"]
    require_verb(by, "learning.set_rules", org)
    with transaction.atomic():
        Organisation.objects.select_for_update().get(pk=org.pk)
        rule = HourRule.objects.filter(org=org, year=cleaned["year"]).first()
        before = _snapshot(rule) if rule else None
        if rule is None:
            rule = HourRule(org=org, year=cleaned["year"])
        rule.member_hours, rule.cadre_hours = cleaned["member_hours"], cleaned["cadre_hours"]
        rule.record_hours, rule.updated_by = cleaned["record_hours"], by
        after = _snapshot(rule)
        if before == after:
            return rule  # posted back unchanged: nothing changes, nothing is logged
        rule.save()
        hours.recredit(org, rule.year)
        audit.record("learning.rule.set", by=by, obj=rule, org=org, before=before, after=after)
    return rule
