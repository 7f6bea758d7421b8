LABELS = {"learning.rule.set": "设置学时要求"}

# ---- courses ----
from .workflows_courses import COURSE  # noqa: E402

LABELS.update(
    {
        "learning.course.create": "创建课程",
        "learning.course.update": "修改课程",
        **COURSE.audit_labels("课程"),
        "learning.lesson.create": "添加课时",
        "learning.lesson.material": "上传课时材料",
        "learning.lesson.delete": "删除课时",
        "learning.lesson.complete": "完成课时学习",
        "learning.courserating.rate": "评价课程",
    }
)

# ---- extras ----
from .workflows_extras import EDUCATION, OFFLINE  # noqa: E402

LABELS.update(
    {
        "learning.offline.create": "补录线下培训",
        **OFFLINE.audit_labels("线下培训补录"),
        "learning.needs_survey.create": "发起学习需求调查",
        "learning.needs_survey.close": "结束学习需求调查",
        "learning.needs_answer.save": "填写学习需求调查",
        "learning.material_offer.create": "发起资料征订",
        "learning.material_item.create": "添加征订资料",
        "learning.material_order.save": "填报资料征订数量",
        "learning.education.create": "填报学历",
        **EDUCATION.audit_labels("学历"),
        "learning.star.name": "评选学习之星",
        "learning.star.withdraw": "撤销学习之星",
    }
)

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
