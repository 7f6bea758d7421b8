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
