"""Default 组织生活 rules for a 党支部 from 《中国共产党支部工作条例（试行）》 (reversible)."""

from django.db import migrations

from plans.choices import DEFAULT_RULES


def add_defaults(apps, schema_editor):
    Rule = apps.get_model("plans", "ObligationRule")
    for code, frequency, per_group, source in DEFAULT_RULES:
        Rule.objects.get_or_create(org=None, org_kind="branch", obligation=code,
                                   defaults={"frequency": frequency, "per_group": per_group, "source": source})


def remove_defaults(apps, schema_editor):
    Rule = apps.get_model("plans", "ObligationRule")
    Rule.objects.filter(org=None, org_kind="branch", obligation__in=[c for c, *_ in DEFAULT_RULES]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_plans_items_claims_occurrences_rules")]

    operations = [migrations.RunPython(add_defaults, remove_defaults)]
