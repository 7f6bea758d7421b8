LABELS: dict = {}

# ---- notices ----
# ---- news ----
# ---- reminders ----
LABELS.update(
    {
        "notices.reminderpreference.update": "修改提醒设置",
        "notices.robotsetting.update": "设置群机器人",
        "notices.message.read": "标记消息已读",
        "notices.message.read_all": "全部消息标为已读",
    }
)
