from django.db import migrations, models

# Stored files are named <uuid>.<ext> where ext is the type detected from the content at upload
# (core.uploads.detect); copied here so this migration never changes with that module.
TYPES = {
    "jpg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "doc": "application/msword",
    "xls": "application/vnd.ms-excel",
    "ppt": "application/vnd.ms-powerpoint",
}


def fill_from_stored_names(apps, schema_editor):
    OccurrenceAttachment = apps.get_model("plans", "OccurrenceAttachment")
    for att in OccurrenceAttachment.objects.only("pk", "file").iterator():
        ext = att.file.name.rsplit(".", 1)[-1].lower() if "." in att.file.name else ""
        if ext in TYPES:
            OccurrenceAttachment.objects.filter(pk=att.pk).update(content_type=TYPES[ext])


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_plan_item_soft_delete")]

    operations = [
        migrations.AddField(
            model_name="occurrenceattachment",
            name="content_type",
            field=models.CharField(default="application/octet-stream", max_length=120, verbose_name="文件类型"),
        ),
        migrations.RunPython(fill_from_stored_names, migrations.RunPython.noop),
    ]
