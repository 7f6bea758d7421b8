"""Chinese labels of the audit action codes written by records (shown on the audit page)."""

LABELS = {
    "record.create": "登记活动记录",
    "record.update": "修改活动记录",
    "record.delete": "删除活动记录",
    "record.attachment_add": "上传活动附件",
    "record.attachment_delete": "删除活动附件",
}
