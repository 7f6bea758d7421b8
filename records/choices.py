RECORD_TYPES = [
    ("general_meeting", "支部党员大会"),
    ("committee_meeting", "支委会"),
    ("group_meeting", "党小组会"),
    ("party_lesson", "党课"),
    ("theme_day", "主题党日"),
    ("org_life_meeting", "组织生活会"),
    ("democratic_life_meeting", "民主生活会"),
    ("democratic_review", "民主评议党员"),
    ("education", "党员教育"),
    ("study", "专题学习"),
    ("talk", "谈心谈话"),
    ("visit", "调研走访"),
    ("symposium", "座谈会"),
    ("volunteer", "志愿服务"),
    ("other", "其他"),
]
RECORD_TYPE_LABELS = dict(RECORD_TYPES)
# Yearly duties a record may be held for another year than its date: the branches of the seeds hold the
# previous year's 组织生活会 and 民主评议党员 in the first quarter (民主生活会 of leadership teams likewise).
ANNUAL_TYPES = frozenset({"org_life_meeting", "democratic_review", "democratic_life_meeting"})


def default_for_year(date):
    """所属年度 when none is given: a meeting in the first quarter is last year's, otherwise this year's."""
    return date.year - 1 if date.month <= 3 else date.year
