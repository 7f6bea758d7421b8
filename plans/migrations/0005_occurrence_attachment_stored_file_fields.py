"""Occurrence attachments take the fields of core.models.StoredFile: the upload time is called `uploaded_at`
(its column stays `created_at`). No data changes: the rename is state-only (same column); the rest are
verbose names and model-level defaults dropped."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("plans", "0004_occurrence_attachment_content_type"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="occurrenceattachment",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_column="created_at", verbose_name="上传时间"),
        ),
        migrations.RenameField(model_name="occurrenceattachment", old_name="created_at", new_name="uploaded_at"),
        # Every upload states its type and size (found from the content): the model defaults go, the
        # columns keep their values (a default lives only in Django, not in the table).
        migrations.AlterField(
            model_name="occurrenceattachment",
            name="content_type",
            field=models.CharField(max_length=120, verbose_name="文件类型"),
        ),
        migrations.AlterField(
            model_name="occurrenceattachment",
            name="size",
            field=models.PositiveIntegerField(verbose_name="大小（字节）"),
        ),
        migrations.AlterField(
            model_name="occurrenceattachment",
            name="uploaded_by",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="上传人",
            ),
        ),
    ]
