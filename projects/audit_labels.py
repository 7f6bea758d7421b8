from .workflows import PROJECT
from .workflows_superv import RECTIFICATION

LABELS = {
    "projects.project.create": "创建党建项目",
    "projects.project.update": "修改项目立项表",
    "projects.settings.update": "修改项目化管理设置",
    "projects.category.create": "添加项目类别",
    "projects.entry.create": "添加参考目录条目",
    **PROJECT.audit_labels("项目"),
    # superv: supervision (台账式督查) and mentors (导师帮带)
    "projects.group.create": "添加督导组",
    "projects.group.update": "修改督导组",
    "projects.inspection.create": "登记项目督查",
    "projects.inspection.fill": "填写随机抽查结果",
    "projects.sample.draw": "抽取随机抽查样本",
    "projects.mentor.add": "加入导师库",
    "projects.mentor.remove": "移出导师库",
    "projects.project.assign_mentor": "指派项目导师",
    "projects.comment.create": "发表导师帮带意见",
    **RECTIFICATION.audit_labels("（整改事项）"),
}
