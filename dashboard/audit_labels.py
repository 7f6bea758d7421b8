LABELS: dict = {}

# ---- cockpit ----
# ---- warnings ----
LABELS.update(
    {
        "dashboard.warning_setting.update": "修改预警规则设置",
        "dashboard.monthly_report.generate": "生成党建工作月报",
        "dashboard.monthly_report.comment": "批注党建工作月报",
        "dashboard.monthly_report.publish": "发布党建工作月报",
    }
)
