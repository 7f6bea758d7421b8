LABELS: dict = {}

# ---- notices ----
from .workflows_notices import NOTICE  # noqa: E402

LABELS.update(
    {
        "notices.notice.create": "起草通知",
        "notices.notice.update": "修改通知",
        **NOTICE.audit_labels("通知"),
        "notices.attachment.delete": "删除通知附件",
        "notices.recipient.sign": "签收通知",
    }
)
# ---- news ----
from .audit_labels_news import LABELS as _NEWS  # noqa: E402

LABELS.update(_NEWS)
# ---- reminders ----
LABELS.update(
    {
        "notices.reminderpreference.update": "修改提醒设置",
        "notices.robotsetting.update": "设置群机器人",
        "notices.message.read": "标记消息已读",
        "notices.message.read_all": "全部消息标为已读",
    }
)
