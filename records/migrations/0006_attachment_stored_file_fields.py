"""Attachments take the fields of core.models.StoredFile: the upload time is called `uploaded_at` (its column
stays `created_at`), and file name, type and size share one definition with the other attachments.

No data changes: the rename is state-only (same column), the verbose names change no SQL, and the widened
varchar columns (file 200 → 300, content_type 100 → 120) keep every value."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("records", "0005_records_and_attachments_soft_delete"),
    ]

    operations = [
        migrations.AlterField(
            model_name="attachment",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, db_column="created_at", verbose_name="上传时间"),
        ),
        migrations.RenameField(model_name="attachment", old_name="created_at", new_name="uploaded_at"),
        migrations.AlterField(
            model_name="attachment",
            name="content_type",
            field=models.CharField(max_length=120, verbose_name="文件类型"),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="file",
            field=models.FileField(max_length=300, upload_to="", verbose_name="文件"),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="name",
            field=models.CharField(max_length=200, verbose_name="文件名"),
        ),
        migrations.AlterField(
            model_name="attachment",
            name="size",
            field=models.PositiveIntegerField(verbose_name="大小（字节）"),
        ),
    ]
