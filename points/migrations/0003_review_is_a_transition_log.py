"""A review becomes a row of the declaration workflow's transition log (core.models.TransitionLog).

decision → action, reviewer → by, created_at → at are renamed in place (no row is rewritten); from_state and
to_state are added and filled from what each past decision did, so old rows read like new ones."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

# (level, action) → (from, to) as the review workflow moved declarations: level 0 is the unit's confirmation.
NEXT = {1: "pending_l2", 2: "pending_l3", 3: "approved"}


def states_of(level, action):
    source = "awaiting_confirmation" if level == 0 else f"pending_l{level}"
    if action == "confirm":
        return source, "pending_l1"
    if action == "approve":
        return source, NEXT.get(level, "approved")
    return source, "rejected" if action == "reject" else "returned"


def fill_states(apps, schema_editor):
    Review = apps.get_model("points", "Review")
    for review in Review.objects.filter(from_state="").only("pk", "level", "action").iterator():
        review.from_state, review.to_state = states_of(review.level, review.action)
        review.save(update_fields=["from_state", "to_state"])


class Migration(migrations.Migration):
    dependencies = [
        ("points", "0002_evidence_stored_file_fields"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField("review", "decision", "action"),
        migrations.RenameField("review", "reviewer", "by"),
        migrations.RenameField("review", "created_at", "at"),
        migrations.AlterField(
            model_name="review",
            name="action",
            field=models.CharField(
                choices=[("approve", "通过"), ("return", "退回修改"), ("reject", "不予通过"), ("confirm", "确认")],
                max_length=32,
                verbose_name="结论",
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="操作人",
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="时间"),
        ),
        migrations.AlterField(
            model_name="review",
            name="comment",
            field=models.TextField(blank=True, default="", verbose_name="意见"),
        ),
        migrations.AddField(
            model_name="review",
            name="from_state",
            field=models.CharField(blank=True, default="", max_length=32, verbose_name="原状态"),
        ),
        migrations.AddField(
            model_name="review",
            name="to_state",
            field=models.CharField(blank=True, default="", max_length=32, verbose_name="新状态"),
        ),
        migrations.RunPython(fill_states, migrations.RunPython.noop, elidable=True),
    ]
