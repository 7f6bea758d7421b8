LABELS = {"learning.rule.set": "设置学时要求"}

# ---- exams ----
LABELS.update(
    {
        "learning.question.create": "新增试题",
        "learning.question.update": "修改试题",
        "learning.question.retire": "停用试题",
        "learning.question.import": "导入试题",
        "learning.exam.create": "新建考试",
        "learning.exam.update": "修改考试设置",
        "learning.exam.publish": "发布考试",
        "learning.exam.withdraw": "撤回考试",
        "learning.attempt.start": "开始答卷",
        "learning.attempt.answer": "保存答案",
        "learning.attempt.submit": "交卷",
        "learning.attempt.expire": "超时自动交卷",
        "learning.attempt.mark": "阅卷",
        "learning.mistake.practise": "错题练习",
    }
)
