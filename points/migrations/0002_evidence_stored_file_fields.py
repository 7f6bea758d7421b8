"""Evidence takes the fields of core.models.StoredFile. No data changes: the varchar columns widen
(file 100 → 300, content_type 100 → 120) and keep every value; the rest are verbose names."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("points", "0001_schemes_declarations_ledger_publicity"),
    ]

    operations = [
        migrations.AlterField(
            model_name="evidence",
            name="content_type",
            field=models.CharField(max_length=120, verbose_name="文件类型"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="file",
            field=models.FileField(max_length=300, upload_to="points/evidence/%Y/%m/", verbose_name="文件"),
        ),
        migrations.AlterField(
            model_name="evidence",
            name="size",
            field=models.PositiveIntegerField(verbose_name="大小（字节）"),
        ),
    ]
